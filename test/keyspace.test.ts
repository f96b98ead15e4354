// A db's keys as records in the slab (src/store/records.ts, src/store/keyspace.ts): a record
// keeps its key, metadata and short value together, a value that outgrows it moves out and back,
// freed records go back to the slab, and filling a keyspace puts nothing on the JS heap.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Db, type Value } from '../src/store/keyspace';
import { valueInSlab } from '../src/store/records';
import { SLAB_MAX, strings } from '../src/store/slab';
import { ListValue } from '../src/store/list';
import { ShardStats } from '../src/engine/stats';
import { commandsById } from '../src/commands/table';

const newDb = (): Db => new Db(0, new ShardStats(1, commandsById.length));

test('a record keeps its key and value through every kind of new value', () => {
  const db = newDb();
  const keys = ['k', 'key:000000000001', '', '\0\xff', 'x'.repeat(SLAB_MAX - 24), 'y'.repeat(SLAB_MAX)];
  const list = new ListValue();
  // Around a small record's room, long strings, the empty string and a collection.
  const values: Value[] = ['v', '', 'a'.repeat(7), 'b'.repeat(30), list, 'c'.repeat(SLAB_MAX - 3), 'd'.repeat(SLAB_MAX + 10), 'e'.repeat(100), '1'];
  const now = Date.now();
  // Test files share one process and its slab: count chunks from here.
  const chunksBefore = strings.live;
  for (const key of keys) {
    for (let start = 0; start < values.length; start++) {
      db.set(key, values[start], 7);
      for (let i = 1; i <= values.length; i++) {
        const v = values[(start + i) % values.length];
        const e = db.set(key, v, i, i % 2 === 0);
        const again = db.lookup(key, now)!;
        assert.is(again.rec, e.rec, 'a record never moves');
        assert.is(again.value, v, `${key.length}-byte key, value ${typeof v === 'string' ? v.length : 'list'}`);
        assert.is(again.size, typeof v === 'string' ? v.length : -1);
        assert.is(again.meta, i);
        assert.is(again.key, key);
      }
      assert.is(db.size, 1);
      db.delete(key, now);
    }
  }
  assert.is(strings.live, chunksBefore, 'every chunk went back to the slab');
});

test('a value that outgrows its record goes to a chunk of its own, and comes back when it fits', () => {
  const db = newDb();
  const chunksBefore = strings.live;
  const e = db.set('key', 'abc', 0);
  db.set('key', 'z'.repeat(500), 0, false, e);
  assert.ok(valueInSlab(e.rec));
  assert.is(e.value, 'z'.repeat(500));
  assert.is(strings.live - chunksBefore, 2, 'the record and the value chunk');
  db.set('key', 'xy', 0, false, e);
  assert.is(e.value, 'xy');
  assert.is(strings.live - chunksBefore, 1, 'the value is back in the record');
  db.flush();
});

test('DEL and FLUSHALL give records back to the slab', () => {
  const db = newDb();
  const chunksBefore = strings.live;
  for (let i = 0; i < 5000; i++) {
    db.set(`key:${i}`, i % 3 === 0 ? 'v'.repeat(i % 600) : new ListValue(), 0);
    if (i % 5 === 0) db.setExpire(`key:${i}`, Date.now() + 60_000);
  }
  for (let i = 0; i < 5000; i += 2) assert.ok(db.delete(`key:${i}`, Date.now()));
  assert.is(db.size, 2500);
  db.flush();
  assert.is(db.size, 0);
  assert.is(db.expires.size, 0);
  assert.is(strings.live, chunksBefore);
});

test('filling a keyspace puts (almost) nothing on the JS heap', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const db = newDb();
  const n = 200_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) db.set(`key:${String(i).padStart(12, '0')}`, 'value', 0);
  gc();
  const perKey = (process.memoryUsage().heapUsed - before) / n;
  // A key string and an entry object were ~120 bytes per key (BENCHMARKS.md history).
  assert.ok(perKey < 8, `${perKey.toFixed(1)} heap bytes per key`);
  assert.is(db.size, n);
  db.flush();
});

test.run();
