// The keyspace's hash table: Map semantics, tombstones, incremental resizing, and Redis's SCAN
// guarantee across resizes (every key present for the whole scan is returned at least once).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyTable } from '../src/store/keytable';
import { createRecord, recordKey, recordValue } from '../src/store/records';
import { Shard } from '../src/store/shard';
import { ShardStats } from '../src/engine/stats';
import { commandsById } from '../src/commands/table';

/** Sets `key` to a new record of value `v`; returns the record. */
const put = (t: KeyTable, key: string, v: string): number => {
  const rec = createRecord(key, v, 0);
  t.set(key, rec);
  return rec;
};

function scanAll(t: KeyTable, between?: (step: number) => void): string[] {
  const out: string[] = [];
  let cursor = 0;
  let step = 0;
  do {
    cursor = t.scanBucket(cursor, (rec) => out.push(recordKey(rec)));
    between?.(step++);
  } while (cursor !== 0);
  return out;
}

test('behaves as a Map under random inserts, overwrites and deletes', () => {
  const t = new KeyTable();
  const m = new Map<string, number>();
  let seed = 12345;
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  for (let i = 0; i < 200000; i++) {
    const key = `k${rnd(5000)}`;
    const op = rnd(10);
    if (op < 6) m.set(key, put(t, key, String(i)));
    else if (op < 9) assert.is(t.delete(key), m.delete(key));
    else assert.is(t.get(key), m.get(key) ?? -1);
    assert.is(t.size, m.size);
  }
  for (const [k, rec] of m) { assert.is(t.get(k), rec); assert.ok(t.has(k)); }
  assert.equal([...t.keys()].sort(), [...m.keys()].sort());
  assert.is(t.get('absent'), -1);
  assert.not.ok(t.has('absent'));
});

test('binary-safe keys: empty, NUL bytes, high bytes, long keys', () => {
  const t = new KeyTable();
  const keys = ['', '\0', '\0\0', '\xff', 'a\0b', 'x'.repeat(100000), '\x80\x81'];
  keys.forEach((k, i) => put(t, k, String(i)));
  keys.forEach((k, i) => assert.is(recordValue(t.get(k)), String(i)));
  keys.forEach((k) => assert.is(recordKey(t.get(k)), k));
  assert.is(t.size, keys.length);
});

test('grows and shrinks; clear empties', () => {
  const t = new KeyTable();
  for (let i = 0; i < 10000; i++) put(t, `key:${i}`, 'v');
  assert.ok(t.capacity >= 10000 / 0.75, `capacity ${t.capacity}`);
  for (let i = 0; i < 9990; i++) t.delete(`key:${i}`);
  assert.is(t.size, 10);
  assert.ok(t.capacity <= 128, `capacity after deletes ${t.capacity}`);
  for (let i = 9990; i < 10000; i++) assert.ok(t.has(`key:${i}`));
  t.clear();
  assert.is(t.size, 0);
  assert.is(t.randomKey(), undefined);
});

test('a full scan returns every key exactly once when nothing changes', () => {
  const t = new KeyTable();
  for (let i = 0; i < 5000; i++) put(t, `key:${i}`, 'v');
  const seen = scanAll(t);
  assert.is(seen.length, 5000);
  assert.is(new Set(seen).size, 5000);
});

test('scan returns every key present throughout, while the table grows and shrinks', () => {
  for (const mode of ['grow', 'shrink', 'churn'] as const) {
    const t = new KeyTable();
    const stable: string[] = [];
    for (let i = 0; i < 3000; i++) { put(t, `stable:${i}`, 'v'); stable.push(`stable:${i}`); }
    if (mode === 'shrink') for (let i = 0; i < 60000; i++) put(t, `gone:${i}`, 'v');
    let extra = 0;
    const seen = new Set(scanAll(t, (step) => {
      // One insert per bucket visited keeps the table doubling during the scan (a scan over a table
      // that grows faster than it is walked would never end, in Redis too).
      if (mode === 'grow') put(t, `new:${extra++}`, 'v');
      else if (mode === 'shrink') for (let j = 0; j < 100 && extra < 60000; j++) t.delete(`gone:${extra++}`);
      else if (step % 3 === 0) { for (let j = 0; j < 200; j++) put(t, `tmp:${extra + j}`, 'v'); }
      else for (let j = 0; j < 200; j++) t.delete(`tmp:${extra + j - 200}`);
      if (mode === 'churn' && step % 3 === 2) extra += 200;
    }));
    for (const k of stable) assert.ok(seen.has(k), `${mode}: ${k} missed`);
    if (mode === 'grow') assert.ok(t.capacity >= 4 * 8192, `grew to ${t.capacity}`);
  }
});

test('randomKey returns live keys and reaches all of them', () => {
  const t = new KeyTable();
  for (let i = 0; i < 20; i++) put(t, `k${i}`, 'v');
  for (let i = 0; i < 10; i++) t.delete(`k${i}`);
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) seen.add(t.randomKey()!);
  assert.equal([...seen].sort(), Array.from({ length: 10 }, (_, i) => `k${i + 10}`).sort());
});

test('a resize moves keys a few slots per write, and every operation sees both tables meanwhile', () => {
  const t = new KeyTable();
  const m = new Map<string, number>();
  let seed = 777;
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  let resizingOps = 0;
  // Phases that grow to 40k keys and shrink back, so resizes in both directions are under way
  // while keys are set, replaced, deleted, looked up, scanned and sampled.
  for (let phase = 0; phase < 6; phase++) {
    const grow = phase % 2 === 0;
    for (let i = 0; i < 60000; i++) {
      const key = `k${rnd(grow ? 40000 : 400)}`;
      if (grow || rnd(3) === 0) m.set(key, put(t, key, String(i)));
      else { const victim = `k${i % 40000}`; assert.is(t.delete(victim), m.delete(victim)); }
      if (t.rehashing) {
        resizingOps++;
        if (i % 97 === 0) assert.is(t.get(key), m.get(key) ?? -1);
        if (i % 997 === 0) assert.ok(m.has(t.randomKey()!));
      }
      assert.is(t.size, m.size);
    }
    for (const [k, rec] of m) assert.is(t.get(k), rec);
  }
  assert.ok(resizingOps > 1000, `operations during a resize: ${resizingOps}`);
});

test('a resize is not done in one write: the old table empties over the following writes', () => {
  const t = new KeyTable();
  let n = 0;
  while ((n < 1000 || !t.rehashing) && n < 100000) put(t, `key:${n++}`, 'v');
  assert.ok(t.rehashing, 'a resize under way');
  // The old table held 0.75 of its capacity (1536 of 2048 slots) when the resize started.
  let writes = 0;
  while (t.rehashing) { put(t, `key:${n++}`, 'v'); writes++; }
  assert.ok(writes > 1, `resize finished after ${writes} writes`);
  for (let i = 0; i < n; i++) assert.ok(t.has(`key:${i}`), `key:${i}`);
});

test('forEach and keys visit each key once during a resize; rehashFor finishes it', () => {
  const t = new KeyTable();
  let n = 0;
  while ((n < 5000 || !t.rehashing) && n < 100000) put(t, `key:${n++}`, 'v');
  assert.ok(t.rehashing, 'a resize under way');
  const visited: string[] = [];
  t.forEach((rec) => visited.push(recordKey(rec)));
  assert.is(visited.length, n);
  assert.is(new Set(visited).size, n);
  assert.is(new Set(t.keys()).size, n);
  assert.is(t.rehashFor(1000), false);
  assert.not.ok(t.rehashing);
  assert.is([...t.keys()].length, n);
});

test('scan during a resize (growing and shrinking) returns every key present throughout', () => {
  for (const mode of ['grow', 'shrink'] as const) {
    const t = new KeyTable();
    const stable: string[] = [];
    for (let i = 0; i < 3000; i++) { put(t, `stable:${i}`, 'v'); stable.push(`stable:${i}`); }
    let gone = 0;
    if (mode === 'shrink') { for (let i = 0; i < 60000; i++) put(t, `gone:${i}`, 'v'); t.rehashFor(1000); }
    let extra = 0;
    let scannedWhileResizing = 0;
    const seen = new Set(scanAll(t, () => {
      if (t.rehashing) scannedWhileResizing++;
      if (mode === 'grow') put(t, `new:${extra++}`, 'v');
      else for (let j = 0; j < 100 && gone < 60000; j++) t.delete(`gone:${gone++}`);
    }));
    for (const k of stable) assert.ok(seen.has(k), `${mode}: ${k} missed`);
    assert.ok(scannedWhileResizing > 100, `${mode}: scan steps during a resize: ${scannedWhileResizing}`);
  }
});

test("the shard's housekeeping finishes a resize when activerehashing is yes, and leaves it when no", () => {
  for (const setting of ['yes', 'no']) {
    const shard = new Shard(0, 2, new ShardStats(2, commandsById.length));
    shard.settings.apply('activerehashing', setting, 1);
    const dict = shard.dbs[1].dict;
    let n = 0;
    while ((n < 3000 || !dict.rehashing) && n < 100000) put(dict, `key:${n++}`, 'v');
    assert.ok(dict.rehashing, 'a resize under way');
    // Each due tick gives the resize 1 ms; a loaded machine may need several.
    for (let tick = 1; tick <= 100 && dict.rehashing; tick++) shard.tick(Date.now() + tick * 1000);
    assert.is(dict.rehashing, setting === 'no', `activerehashing ${setting}`);
  }
});

test("a db's expiry times resize a few slots per write too, and the housekeeping tick moves that along", () => {
  const shard = new Shard(0, 1, new ShardStats(1, commandsById.length));
  const db = shard.dbs[0];
  const at = Date.now() + 3_600_000;
  let n = 0;
  while ((n < 3000 || !db.expires.rehashing) && n < 100000) {
    db.set(`key:${n}`, 'v', 0);
    db.setExpire(`key:${n++}`, at);
  }
  assert.ok(db.expires.rehashing, 'a resize of the expiry times under way');
  for (let i = 0; i < n; i++) assert.is(db.expires.get(`key:${i}`), at, `key:${i}`);
  // A new time for a key that has one is not counted again in the memory estimate.
  const bytes = db.bytes;
  for (let i = 0; i < n; i += 7) db.setExpire(`key:${i}`, at + 1);
  assert.is(db.bytes, bytes);
  for (let i = 0; i < n; i += 7) assert.is(db.expires.get(`key:${i}`), at + 1, `key:${i}`);
  for (let tick = 1; tick <= 100 && db.expires.rehashing; tick++) shard.tick(Date.now() + tick * 1000);
  assert.not.ok(db.expires.rehashing);
  assert.is(db.expires.size, n);
});

test('expireAll deletes every due key, also when its deletions shrink the tables it walks', () => {
  const shard = new Shard(0, 1, new ShardStats(1, commandsById.length));
  const db = shard.dbs[0];
  const now = Date.now();
  for (let i = 0; i < 20000; i++) {
    db.set(`key:${i}`, 'v', 0);
    db.setExpire(`key:${i}`, i < 19000 ? now + 1000 : now + 3_600_000);
  }
  shard.expireAll(db, now + 2000);
  assert.is(db.size, 1000);
  assert.is(db.expires.size, 1000);
  for (let i = 19000; i < 20000; i++) assert.ok(db.dict.has(`key:${i}`), `key:${i}`);
});

test.run();
