// Micro-benchmark of what filling a keyspace costs the scavenger: N new keys (plus ~200 bytes of
// garbage per insert, as a SET leaves) stored several ways, with the minor-GC time summed for
// each. A new object referenced from a slot of a large old-space array is copied twice (within
// new space, then to old space), and the scavenger updates that slot each time; slots at random
// positions (a hash table's) cost far more than the same number in a row (twelfth session,
// BENCHMARKS.md history). The keyspace's layout until the thirteenth session was a key string
// and an entry object at random slots; since, a record in the slab (src/store/records.ts).
// Run: npm run build && node --max-semi-space-size=4 dist/native-bench/fill-scavenge-micro.js [keys, default 400000]
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Db } from '../src/store/keyspace';
import { ShardStats } from '../src/engine/stats';
import { commandsById } from '../src/commands/table';

class Item {
  constructor(public key: string, public n: number, public meta = 0, public slot = -1) {}
}

type Store = (i: number, key: string, item: Item) => void;

let sink: unknown[] = [];

/** Minor GCs seen since the last reset: their count and summed pause. */
const minor = { count: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if ((e as unknown as { detail: { kind: number } }).detail.kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
    minor.ms += e.duration;
    minor.count++;
  }
}).observe({ entryTypes: ['gc'] });

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

function fill(n: number, store: Store): void {
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const key = `key:${String(i).padStart(12, '0')}`;
    store(seed, key, new Item(key, i));
    for (let g = 0; g < 5; g++) sink[g & 3] = [i, g, key, 1, 2, 3];
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 400_000);
  const slotsFor = (): Array<Item | undefined> => new Array(4 * n).fill(undefined);
  const ways: Array<[string, () => Store]> = [
    ['no table (garbage only)', () => () => {}],
    ['key string + object, random slots', () => {
      const a: unknown[] = new Array(4 * n).fill(undefined);
      return (r, key, item) => { const j = 2 * (r % (2 * n)); a[j] = key; a[j + 1] = item; };
    }],
    ['array of 4N, random slots', () => { const a = slotsFor(); return (r, _k, item) => { a[r % a.length] = item; }; }],
    ['array of 4N, slots in a row', () => { const a = slotsFor(); let i = 0; return (_r, _k, item) => { a[i++] = item; }; }],
    ['Db.set (records in the slab)', () => {
      const db = new Db(0, new ShardStats(1, commandsById.length));
      return (_r, key) => { db.set(key, 'xyz', 0); };
    }],
  ];
  for (const [name, make] of ways) {
    const store = make();
    await settle();
    minor.count = 0;
    minor.ms = 0;
    fill(n, store);
    await settle(); // the observer hears of GCs asynchronously
    console.log(`${name.padEnd(36)} ${minor.count} scavenges, ${minor.ms.toFixed(1)} ms`);
    sink = [];
  }
}

void main();
