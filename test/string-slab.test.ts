// Keys and small string values live in a slab outside the JS heap (src/store/slab.ts). The slab
// alone: size classes, a key and value in one chunk, reuse of freed chunks, a full slab. Then
// the server against real redis-server, with values of every length around the class boundaries
// rewritten by every string command, moved between keys, dbs and shards, and flushed.
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { SLAB_MAX, StringSlab, capacityOf, fits } from '../src/store/slab';
import { SHARD_MODES, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, rng, pick, type Cmd } from './support/differential';

/** Every byte value, repeated to `n` chars, shifted by `seed` so neighbours differ. */
const bytes = (n: number, seed: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode((i * 7 + seed) & 0xff);
  return s;
};

const LENGTHS = [1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 79, 80, 81, 127, 128, 129, 1000, 1024, 1025, 4095, SLAB_MAX];

test('chunks of every class hold their bytes, and freed chunks are reused', () => {
  const slab = new StringSlab();
  const stored = LENGTHS.map((n, i) => {
    const s = bytes(n, i);
    const a = slab.alloc(n);
    slab.write(a, 0, s);
    return { s, a };
  });
  for (const { s, a } of stored) {
    assert.is(slab.read(a, 0, s.length), s);
    assert.ok(slab.bytesEqual(a, 0, s));
    assert.ok(slab.bytesEqual(a, 1, s.slice(1)));
    assert.not.ok(slab.bytesEqual(a, 0, s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) ^ 1)));
  }
  const out = new Uint8Array(SLAB_MAX + 2);
  for (const { s, a } of stored) {
    slab.copy(a, 0, s.length, out, 1);
    assert.is(Buffer.from(out.subarray(1, 1 + s.length)).toString('latin1'), s, `copy of ${s.length}`);
  }
  assert.is(slab.live, LENGTHS.length);
  assert.is(slab.usedBytes, 8 + 8 + 8 + 8 + 16 + 16 + 16 + 24 + 64 + 64 + 80 + 80 + 80 + 96 + 128 + 128 + 160 + 1024 + 1024 + 1280 + 4096 + 4096);
  const freed = stored[3];
  slab.release(freed.a, freed.s.length);
  assert.is(slab.alloc(5), freed.a, 'a freed 8-byte chunk is the next one of its class');
  assert.is(slab.live, LENGTHS.length);
});

test("a record's header ints, key and value share a chunk without spilling into the next", () => {
  const slab = new StringSlab();
  const a = slab.alloc(40);
  const neighbour = slab.alloc(10);
  slab.write(neighbour, 0, 'neighbour!');
  for (let f = 0; f < 6; f++) slab.setInt(a, f, f === 2 ? -1 : 1000 * f + 7);
  slab.write(a, 24, 'key:1');
  slab.write(a, 29, 'x'.repeat(11));
  assert.equal([0, 1, 2, 3, 4, 5].map((f) => slab.int(a, f)), [7, 1007, -1, 3007, 4007, 5007]);
  assert.is(slab.read(a, 24, 5), 'key:1');
  assert.ok(slab.bytesEqual(a, 24, 'key:1'));
  assert.is(slab.read(a, 29, 11), 'x'.repeat(11));
  assert.is(slab.read(neighbour, 0, 10), 'neighbour!');
  assert.equal([1, 8, 9, 65, 80, 81, 4000].map(capacityOf), [8, 8, 16, 80, 80, 96, 4096]);
  assert.ok(fits(SLAB_MAX) && !fits(SLAB_MAX + 1) && !fits(0));
});

test('a full slab says so, and trim gives its pages back only when nothing is in use', () => {
  const slab = new StringSlab(1);
  const held: number[] = [];
  for (let a = slab.alloc(SLAB_MAX); a >= 0; a = slab.alloc(SLAB_MAX)) held.push(a);
  assert.is(held.length, (1 << 20) / SLAB_MAX);
  assert.is(slab.alloc(1), -1);
  assert.is(slab.reservedBytes, 1 << 20);
  assert.not.ok(slab.trim());
  for (const a of held) slab.release(a, SLAB_MAX);
  assert.ok(slab.trim());
  assert.is(slab.reservedBytes, 0);
  const a = slab.alloc(5);
  slab.write(a, 0, 'after');
  assert.is(slab.read(a, 0, 5), 'after');
});

test.run();

/** A workload over values of every class, binary, rewritten by each string command. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['a', 'b', '{t}c', '{t}d', 'e', 'n'];
  const k = (): string => pick(r, keys);
  const val = (): string => bytes(pick(r, [0, ...LENGTHS, SLAB_MAX + 1, 6000]), Math.floor(r() * 256));
  const out: Cmd[] = [];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 16)) {
      case 0: case 1: out.push(['SET', k(), val()]); break;
      case 2: out.push(['SET', k(), val(), 'GET']); break;
      case 3: out.push(['APPEND', k(), val()]); break;
      case 4: out.push(['SETRANGE', k(), String(Math.floor(r() * 200)), val()]); break;
      case 5: out.push(['GETRANGE', k(), String(Math.floor(r() * 100) - 50), String(Math.floor(r() * 5000) - 50)]); break;
      case 6: out.push(['STRLEN', k()]); break;
      case 7: out.push(['MGET', k(), k(), k()]); break;
      case 8: out.push(['MSET', k(), val(), k(), val()]); break;
      case 9: out.push(['SET', 'n', String(Math.floor(r() * 1e6))], ['INCRBY', 'n', String(Math.floor(r() * 1e12))]); break;
      case 10: out.push(['RENAME', k(), k()]); break;
      case 11: out.push(['COPY', k(), k(), 'REPLACE']); break;
      case 12: out.push(['MOVE', k(), '1'], ['SELECT', '1'], ['GET', k()], ['SELECT', '0']); break;
      case 13: out.push(['DEL', k()]); break;
      case 14: out.push(['GETDEL', k()]); break;
      default: out.push(['GET', k()]);
    }
  }
  for (const key of keys) out.push(['GET', key], ['STRLEN', key]);
  return out;
}

for (const shards of SHARD_MODES) {
  const t = suite(`string values in the slab (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });

  t('generated rewrites across size classes match Redis byte for byte', async () => {
    for (let seed = 1; seed <= 4; seed++) await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 6151 + Number(shards), 300)]);
  });

  t('values survive FLUSHDB of another db and SWAPDB; FLUSHALL then fresh values', async () => {
    const v = (n: number, s: number): string => bytes(n, s);
    await runBoth(redis, kunyu, [
      ['FLUSHALL'], ['SET', 'a', v(9, 1)], ['SELECT', '1'], ['SET', 'a', v(70, 2)], ['SET', 'b', v(3000, 3)], ['SELECT', '0'],
      ['FLUSHDB'], ['SELECT', '1'], ['GET', 'a'], ['GET', 'b'], ['SWAPDB', '0', '1'], ['SELECT', '0'], ['GET', 'a'], ['GET', 'b'],
      ['FLUSHALL'], ['SET', 'a', v(9, 4)], ['SET', 'c', v(9, 5)], ['GET', 'a'], ['GET', 'c'], ['APPEND', 'a', 'x'], ['GET', 'a'],
    ]);
  });

  t.run();
}
