// The size of a shard thread's young generation, which sets how long its scavenges pause.
//
// V8 grows the young generation while many young objects survive, up to 16 MB per semi-space on
// 64-bit Node 20. Filling a keyspace was exactly that case while keys were JS objects (a key
// string and an entry each, until records in the slab, src/store/records.ts); filling
// collections still is (their members are JS values). A scavenge copies the survivors, so its
// pause grows with the semi-space: 7-15 ms while a run created 100k keys, and up to 25 ms at 1M,
// stalling every client (BENCHMARKS.md history). With semi-spaces capped at 4 MB the longest
// pause was 4-7 ms, for the same total GC.
import * as v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

/** The largest semi-space a shard thread's heap grows to. */
export const SHARD_SEMI_SPACE_MB = 4;

/**
 * resourceLimits.maxYoungGenerationSizeMb for a shard worker: V8 sizes the young generation as
 * two semi-spaces plus a new large-object space of the same size.
 */
export const SHARD_YOUNG_GENERATION_MB = 3 * SHARD_SEMI_SPACE_MB;

/**
 * Caps this thread's semi-spaces at SHARD_SEMI_SPACE_MB, for a shard running on the main thread,
 * whose heap limits Node fixes at start-up (`--max-semi-space-size`). V8 reads
 * `--semi-space-growth-factor` each time it grows new space, so after every GC this turns growth
 * off at the cap, and back on below it (V8 shrinks new space again when allocation slows).
 * Process-wide flag: only for a process that is a server, never an embedding application's.
 */
export function capYoungGeneration(semiSpaceMb = SHARD_SEMI_SPACE_MB): void {
  const capBytes = 2 * semiSpaceMb * 1024 * 1024; // new_space's size counts both semi-spaces
  let growthOff = false;
  const check = (): void => {
    const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (newSpace === undefined) return;
    const atCap = newSpace.space_size >= capBytes;
    if (atCap === growthOff) return;
    growthOff = atCap;
    v8.setFlagsFromString(`--semi-space-growth-factor=${atCap ? 1 : 2}`);
  };
  new PerformanceObserver(check).observe({ entryTypes: ['gc'] });
}
