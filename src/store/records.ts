// A key's record: one chunk of this thread's slab (slab.ts) holding the key's metadata, its
// bytes and, when it fits, its string value: a 24-byte header of six ints, then the key, then
// the value.
//
// Why: a key kept as JS objects (a key string and an entry object, referenced from the key
// table) is what V8's scavenger must copy and track when a keyspace fills, at a random slot of a
// large old table each time: that was most of a fill's pause time, SET's `-P 16` p99 (twelfth
// and thirteenth sessions, BENCHMARKS.md history). A record is a small integer in the key table:
// nothing for the garbage collector to visit. And one lookup touches one cache line for the
// key's test, its TTL and access stamp, and a short value, where the key string, the entry and
// the value's bytes were three places (keeping the key apart from the entry cost every lookup a
// cache miss, measured in the same history).
//
// What does not fit stays a JS value, held in `objects` by index: collections, strings too long
// for the slab, and keys too long for a record. A record never moves once made (a value that
// outgrows it goes to a chunk of its own), so its address is the key's identity while it lives.
import { SLAB_MAX, capacityOf, fits, strings } from './slab';
import type { ReplyWriter } from '../protocol/writer';

/** Header ints. */
export const F_META = 0;
export const F_TTL = 1;
/** A string value's length; -1 for a collection. */
export const F_SIZE = 2;
/** The key's length, or -(i + 1) for a key held in objects[i]. */
const F_KEY = 3;
/** Where the value is: -1 after the key, a chunk address (>= 0), or -(i + 2) for objects[i]. */
const F_VALUE = 4;
/** The byte count the record was allocated for (it fixes the chunk's size class). */
const F_BYTES = 5;
const HEADER = 24;
const IN_RECORD = -1;

/** JS values of this thread's records (collections, long strings, long keys), by index. */
const objects: unknown[] = [];
const freeObjects: number[] = [];

function hold(v: unknown): number {
  const i = freeObjects.length !== 0 ? freeObjects.pop()! : objects.length;
  objects[i] = v;
  return i;
}

function drop(i: number): void {
  objects[i] = undefined;
  freeObjects.push(i);
}

/** Bytes of the key stored in the record itself. */
function keyBytes(rec: number): number {
  const k = strings.int(rec, F_KEY);
  return k >= 0 ? k : 0;
}

/** A new record for `key` with `value`. */
export function createRecord(key: string, value: unknown, meta: number): number {
  const keyInRecord = HEADER + key.length <= SLAB_MAX;
  const valueInRecord = keyInRecord && typeof value === 'string' && HEADER + key.length + value.length <= SLAB_MAX;
  const bytes = HEADER + (keyInRecord ? key.length : 0) + (valueInRecord ? (value as string).length : 0);
  const rec = strings.alloc(bytes);
  // 8 GB of records on one thread (slab.ts): the command fails, and nothing has changed.
  if (rec < 0) throw new Error('OOM this shard has no room left for keys');
  strings.setInt(rec, F_META, meta);
  strings.setInt(rec, F_TTL, -1);
  strings.setInt(rec, F_BYTES, bytes);
  if (keyInRecord) {
    strings.setInt(rec, F_KEY, key.length);
    strings.write(rec, HEADER, key);
  } else {
    strings.setInt(rec, F_KEY, -hold(key) - 1);
  }
  placeValue(rec, value);
  return rec;
}

/** Whether the record's key is `key`. */
export function recordKeyIs(rec: number, key: string): boolean {
  const k = strings.int(rec, F_KEY);
  return k >= 0 ? k === key.length && strings.bytesEqual(rec, HEADER, key) : objects[-k - 1] === key;
}

/** The record's key, as a new JS string when it is in the record. */
export function recordKey(rec: number): string {
  const k = strings.int(rec, F_KEY);
  return k >= 0 ? strings.read(rec, HEADER, k) : objects[-k - 1] as string;
}

/** The record's value; a string in the slab comes back as a new JS string. */
export function recordValue(rec: number): unknown {
  const v = strings.int(rec, F_VALUE);
  if (v === IN_RECORD) return strings.read(rec, HEADER + keyBytes(rec), strings.int(rec, F_SIZE));
  if (v >= 0) return strings.read(v, 0, strings.int(rec, F_SIZE));
  return objects[-v - 2];
}

/** Gives the record a new value. */
export function assignValue(rec: number, value: unknown): void {
  releaseValue(rec);
  placeValue(rec, value);
}

/** Whether the record's value is a string in the slab, not a JS value (tests check where it went). */
export function valueInSlab(rec: number): boolean {
  return strings.int(rec, F_VALUE) >= IN_RECORD;
}

/**
 * Writes a string value as a bulk reply, its bytes copied straight from the slab when they are
 * there (GET's path: each header int is read once).
 */
export function replyStringValue(rec: number, w: ReplyWriter): void {
  const v = strings.int(rec, F_VALUE);
  if (v < IN_RECORD) { w.bulk(objects[-v - 2] as string); return; }
  const n = strings.int(rec, F_SIZE);
  w.bulkHeader(n);
  if (v === IN_RECORD) strings.copy(rec, HEADER + keyBytes(rec), n, w.buf, w.pos);
  else strings.copy(v, 0, n, w.buf, w.pos);
  w.pos += n;
  w.crlf();
}

/** Frees the record and what it holds. */
export function releaseRecord(rec: number): void {
  releaseValue(rec);
  const k = strings.int(rec, F_KEY);
  if (k < 0) drop(-k - 1);
  strings.release(rec, strings.int(rec, F_BYTES));
}

/**
 * Writes a value where it fits: after the key, in a chunk of its own, or as a JS value (a
 * collection, a long string, or any string once the slab is full).
 */
function placeValue(rec: number, value: unknown): void {
  strings.setInt(rec, F_SIZE, typeof value === 'string' ? value.length : -1);
  if (typeof value === 'string') {
    const at = HEADER + keyBytes(rec);
    if (at + value.length <= capacityOf(strings.int(rec, F_BYTES))) {
      strings.write(rec, at, value);
      strings.setInt(rec, F_VALUE, IN_RECORD);
      return;
    }
    const a = fits(value.length) ? strings.alloc(value.length) : -1;
    if (a >= 0) {
      strings.write(a, 0, value);
      strings.setInt(rec, F_VALUE, a);
      return;
    }
  }
  strings.setInt(rec, F_VALUE, -hold(value) - 2);
}

function releaseValue(rec: number): void {
  const v = strings.int(rec, F_VALUE);
  if (v >= 0) strings.release(v, strings.int(rec, F_SIZE));
  else if (v !== IN_RECORD) drop(-v - 2);
}
