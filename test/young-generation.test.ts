// The cap on a shard thread's young generation (src/engine/young-generation.ts): V8 must stop
// growing new space at the cap while objects keep surviving, and grow past it without the cap.
// Each case runs in a fresh Node process: new space, once grown by earlier suites, stays grown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const MODULE = path.join(__dirname, '..', 'src', 'engine', 'young-generation.js');

/** new_space's size (MB) after keeping ~64 MB of small objects alive, in chunks with event-loop turns between. */
function newSpaceAfterFill(capMb: number | null): number {
  const script = `
    const v8 = require('node:v8');
    const { capYoungGeneration } = require(${JSON.stringify(MODULE)});
    if (${capMb} !== null) capYoungGeneration(${capMb});
    const kept = [];
    (async () => {
      for (let chunk = 0; chunk < 256; chunk++) {
        for (let i = 0; i < 4096; i++) kept.push({ key: 'key:' + chunk + ':' + i, at: i });
        await new Promise((resolve) => setImmediate(resolve));
      }
      const size = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      process.stdout.write(String(size / 1048576));
      process.exit(0);
    })();`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 }));
}

test('with the cap, new space stops growing at two semi-spaces of the cap', () => {
  const mb = newSpaceAfterFill(2);
  assert.ok(mb <= 4, `new space ${mb} MB`);
});

test('without it, the same survivors grow new space past the cap', () => {
  const mb = newSpaceAfterFill(null);
  assert.ok(mb > 4, `new space ${mb} MB`);
});

test.run();
