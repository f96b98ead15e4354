// A db's expiry times (src/store/expiry-times.ts): Map semantics over a key table and an array of
// times whose slots are reused, across resizes of both.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExpiryTimes } from '../src/store/expiry-times';

test('behaves as a Map of times under random sets, overwrites and deletes, reusing freed slots', () => {
  const t = new ExpiryTimes();
  const m = new Map<string, number>();
  let seed = 4242;
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  // Times beyond 2^31 ms, as real ones are; the key range grows then shrinks, so both the
  // table and the array of times grow, and freed slots are handed out again.
  for (let i = 0; i < 150000; i++) {
    const key = `k${rnd(i < 100000 ? 20000 : 500)}`;
    const op = rnd(10);
    const at = 1_700_000_000_000 + i;
    if (op < 5 || (i < 100000 && op < 7)) { assert.is(t.set(key, at), !m.has(key)); m.set(key, at); }
    else if (op < 9) assert.is(t.delete(key), m.delete(key));
    else { assert.is(t.get(key), m.get(key)); assert.is(t.has(key), m.has(key)); }
    assert.is(t.size, m.size);
  }
  for (const [k, at] of m) assert.is(t.get(k), at, k);
  const seen = new Map<string, number>();
  t.forEach((k, at) => seen.set(k, at));
  assert.equal([...seen.entries()].sort(), [...m.entries()].sort());
  assert.equal([...t.keys()].sort(), [...m.keys()].sort());
  t.clear();
  assert.is(t.size, 0);
  assert.is(t.get('k1'), undefined);
  assert.ok(t.set('k1', 5));
  assert.is(t.get('k1'), 5);
});

test.run();
