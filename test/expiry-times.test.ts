// A db's expiry times (src/store/expiry-times.ts): Map semantics over a key table and an array of
// times whose slots are reused, across resizes of both.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExpiryTimes } from '../src/store/expiry-times';
import { Entry } from '../src/store/keyspace';
import { createRecord, recordKey } from '../src/store/records';

/** A key's record with its TTL slot set, as Db keeps it. */
function withTime(t: ExpiryTimes, key: string, at: number): number {
  const e = new Entry(createRecord(key, 'v', 0));
  e.ttlSlot = t.add(key, e.rec, at);
  return e.ttlSlot;
}
import { Shard } from '../src/store/shard';
import { ShardStats } from '../src/engine/stats';
import { commandsById } from '../src/commands/table';

test('behaves as a Map of times under random sets, overwrites and deletes, reusing freed slots', () => {
  const t = new ExpiryTimes();
  const m = new Map<string, number>();
  // What each key's Entry.ttlSlot would hold.
  const slotOf = new Map<string, number>();
  let seed = 4242;
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  // Times beyond 2^31 ms, as real ones are; the key range grows then shrinks, so both the
  // table and the array of times grow, and freed slots are handed out again.
  let reused = 0;
  let handedOut = 0;
  for (let i = 0; i < 150000; i++) {
    const key = `k${rnd(i < 100000 ? 20000 : 500)}`;
    const op = rnd(10);
    const at = 1_700_000_000_000 + i;
    if (op < 5 || (i < 100000 && op < 7)) {
      const slot = slotOf.get(key);
      if (slot !== undefined) t.setAt(slot, at);
      else {
        const fresh = withTime(t, key, at);
        if (fresh < handedOut) reused++;
        else handedOut = fresh + 1;
        slotOf.set(key, fresh);
      }
      m.set(key, at);
    } else if (op < 9) {
      // A key's time is deleted through its slot, as Db does with Entry.ttlSlot.
      const had = m.delete(key);
      assert.is(t.has(key), had);
      const slot = slotOf.get(key);
      if (slot !== undefined) t.delete(key, slot);
      assert.is(t.has(key), false);
      slotOf.delete(key);
    } else { assert.is(t.get(key), m.get(key)); assert.is(t.has(key), m.has(key)); }
    assert.is(t.size, m.size);
  }
  assert.ok(reused > 0, 'freed slots are handed out again');
  assert.is(new Set(slotOf.values()).size, slotOf.size, 'no two keys share a slot');
  for (const [k, at] of m) {
    assert.is(t.get(k), at, k);
    assert.is(t.timeAt(slotOf.get(k)!), at, k);
  }
  const seen = new Map<string, number>();
  t.forEach((rec, at) => seen.set(recordKey(rec), at));
  assert.equal([...seen.entries()].sort(), [...m.entries()].sort());
  assert.equal([...t.keys()].sort(), [...m.keys()].sort());
  t.clear();
  assert.is(t.size, 0);
  assert.is(t.get('k1'), undefined);
  assert.is(t.timeAt(withTime(t, 'k1', 5)), 5);
  assert.is(t.get('k1'), 5);
});

test("a db keeps each entry's slot (Entry.ttlSlot) in step with its expiry times", () => {
  const db = new Shard(0, 1, new ShardStats(1, commandsById.length)).dbs[0];
  // The model: each existing key and its time (undefined: no TTL).
  const model = new Map<string, number | undefined>();
  const now = 1_800_000_000_000;
  let seed = 99;
  // The high bits: an LCG's low bits repeat with a short period.
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
  for (let i = 0; i < 60000; i++) {
    const key = `key:${rnd(3000)}`;
    const op = rnd(8);
    if (op === 0) { db.set(key, 'v', 0); model.set(key, undefined); }
    else if (op === 1) { db.set(key, 'w', 0, true); model.set(key, model.get(key)); }
    else if (op <= 3 && model.has(key)) {
      // A few times already past, so lookups below expire keys.
      const at = rnd(10) === 0 ? now - 1 : now + 1000 + i;
      db.setExpire(key, at);
      model.set(key, at);
    } else if (op === 4) { assert.is(db.persist(key), model.has(key) && model.get(key) !== undefined); if (model.has(key)) model.set(key, undefined); }
    else if (op === 5) {
      const live = model.has(key) && !(model.get(key)! <= now);
      assert.is(db.delete(key, now), live, key);
      model.delete(key);
    } else {
      const e = db.lookup(key, now);
      const at = model.get(key);
      if (at !== undefined && at <= now) model.delete(key);
      assert.is(e !== undefined, model.has(key), key);
    }
    const e = db.entry(key);
    assert.is(e !== undefined, model.has(key), key);
    if (e !== undefined) {
      assert.is(e.ttlSlot >= 0, model.get(key) !== undefined, key);
      assert.is(db.expireAt(e), model.get(key), key);
    }
    assert.is(db.expires.get(key), model.get(key), key);
  }
  let withTtl = 0;
  for (const [key, at] of model) {
    if (at === undefined) continue;
    withTtl++;
    assert.is(db.expireAt(db.entry(key)!), at, key);
  }
  assert.is(db.expires.size, withTtl);
  assert.is(db.size, model.size);
});

test('a key expires once the time is past its TTL, not at it, as in Redis (now > when)', () => {
  const shard = new Shard(0, 1, new ShardStats(1, commandsById.length));
  const db = shard.dbs[0];
  const now = 1_800_000_000_000;
  for (const key of ['lazy', 'active', 'all']) {
    db.set(key, 'v', 0);
    db.setExpire(key, now);
  }
  assert.ok(db.lookup('lazy', now) !== undefined, 'lookup at the TTL');
  assert.not.ok(db.expireIfDue('active', now), 'active expiry at the TTL');
  shard.expireAll(db, now);
  assert.is(db.size, 3, 'expireAll at the TTL');
  assert.is(db.lookup('lazy', now + 1), undefined, 'lookup past the TTL');
  assert.ok(db.expireIfDue('active', now + 1), 'active expiry past the TTL');
  shard.expireAll(db, now + 1);
  assert.is(db.size, 0);
});

test.run();
