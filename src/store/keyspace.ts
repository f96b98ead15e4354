// One database of one shard: the keys it owns, their values and their expiry times.
//
// Keys are latin1 strings (one char per byte: binary-safe). Each key is a record in this
// thread's slab (records.ts): its metadata, its bytes and a short string value in one chunk, so
// the key table holds small integers and a new key leaves nothing for the garbage collector to
// copy; other values are JS values the record refers to. An Entry is a handle to a record, made
// by each lookup.
// Expiry times live in a second table, as in Redis, so keys without a TTL pay only a slot field
// in their record (-1); a KeyTable too (expiry-times.ts), so it also grows and shrinks a few
// slots per write (a Map rehashes all at once: 105-124 ms at 1M keys with TTLs, BENCHMARKS.md
// history).
// `bytes` estimates the memory the db's data takes (for used_memory and maxmemory), kept up to
// date on every change; every removal goes through remove() so the estimate stays right.
import { Stat, type ShardStats } from '../engine/stats';
import { KeyspaceEvents } from '../server/config';
import type { Collection } from './types';
import { KeyTable } from './keytable';
import { ExpiryTimes } from './expiry-times';
import { strings } from './slab';
import { F_META, F_SIZE, F_TTL, assignValue, createRecord, recordKey, recordValue, releaseRecord, replyStringValue } from './records';
import { dropMirror } from './bitmap';
import type { ReplyWriter } from '../protocol/writer';

export type Value = string | Collection;

/** Entry.meta bit: a string built in place (APPEND, SETRANGE), which Redis encodes as raw. */
export const META_RAW = 1 << 24;
/**
 * Entry.meta bit: a string Redis makes as text and never int-encodes (INCRBYFLOAT's result is
 * embstr even when it reads "2").
 */
export const META_NO_INT = 1 << 25;
/** Entry.meta bit: a value COPY duplicated; Redis's duplicate of a shared integer is not shared. */
export const META_UNSHARED = 1 << 26;
/** Entry.meta bits that say how Redis would encode the string (kept when an access is stamped). */
export const META_ENCODING = META_RAW | META_NO_INT | META_UNSHARED;
/** Entry.meta bits holding the access stamp. */
export const META_STAMP = 0xffffff;

export class Entry {
  /** A key's record (records.ts): this handle is made by each lookup and read through. */
  constructor(readonly rec: number) {}

  /**
   * Low 24 bits: the LRU clock (seconds) of the last access, or LFU data (Redis's layout);
   * bits 24-26: META_ENCODING.
   */
  get meta(): number { return strings.int(this.rec, F_META); }
  set meta(v: number) { strings.setInt(this.rec, F_META, v); }

  /**
   * The key's slot in its db's expiry times, or -1 without a TTL (kept by Db): reading or
   * rewriting the TTL of a key just looked up is one array access, not a probe of a second table.
   */
  get ttlSlot(): number { return strings.int(this.rec, F_TTL); }
  set ttlSlot(v: number) { strings.setInt(this.rec, F_TTL, v); }

  /** A string value's length, -1 for a collection; read without reading the value. */
  get size(): number { return strings.int(this.rec, F_SIZE); }

  /** Whether the value is a string (else a collection); reads no value. */
  get holdsString(): boolean { return this.size >= 0; }

  get key(): string { return recordKey(this.rec); }

  /** The value; a string kept in the slab comes back as a new JS string. */
  get value(): Value { return recordValue(this.rec) as Value; }

  /** Gives the entry a new value. */
  assign(value: Value): void {
    assignValue(this.rec, value);
  }

  /** Writes a string value as a bulk reply, straight from the slab when it is there. */
  replyString(w: ReplyWriter): void {
    replyStringValue(this.rec, w);
  }
}

/** The bytes an entry's value takes (valueBytes without reading a string value). */
function entryBytes(e: Entry): number {
  return e.holdsString ? e.size : (e.value as Collection).bytes;
}

/**
 * Estimated bytes per key beyond its key and value characters: the record's 24-byte header and
 * its size class's rounding, and the key table's 8-byte slot with its spare capacity (2 to 4
 * slots per key). Measured for 1M keys of 16 chars with 10-byte values: 56 slab bytes per key
 * and 0.1 of heap, plus the table's 16 (thirteenth session; 138 bytes per key before, with a key
 * string and an entry object on the heap).
 */
export const ENTRY_OVERHEAD = 52;
/** Estimated bytes of one key's expiry time: its slot in the table and its 8 bytes of time. */
export const EXPIRE_OVERHEAD = 32;

/** Whether an entry holds a stream (without reading a string value out of the slab). */
const holdsStream = (e: Entry): boolean => !e.holdsString && (e.value as Collection).type === 'stream';

export function valueBytes(v: Value): number {
  return typeof v === 'string' ? v.length : v.bytes;
}

/** Frees a record that has left its db, with its bitmap mirror if it has one. */
function freeRecord(rec: number): void {
  dropMirror(rec);
  releaseRecord(rec);
}

/** Whether a TTL of `at` has run out at `now`: Redis expires a key once now > at (keyIsExpired). */
export function ttlPassed(at: number, now: number): boolean {
  return at < now;
}

export class Db {
  /** The db's keys: their records (records.ts). */
  readonly dict = new KeyTable();
  /** Absolute expiry time in ms, for keys that have one. */
  readonly expires = new ExpiryTimes();
  /** Estimated bytes held by this db's keys and values. */
  bytes = 0;
  /**
   * Told when a key gets a new collection value, or loses its stream (blocked clients may be
   * waiting for it: a blocked XREADGROUP must learn its stream is gone, Redis's signalDeletedKeyAsReady).
   */
  onNewCollection: ((db: Db, key: string) => void) | null = null;
  /** Keyspace notifications of the db itself: a key added ("new"), expired ("expired"). */
  onEvent: ((db: Db, kind: number, event: string, key: string) => void) | null = null;
  /** Set while WATCHed keys exist in this db: told about every change to a key (Redis's signalModifiedKey). */
  onModified: ((db: Db, key: string) => void) | null = null;

  /** The database number; changes when SWAPDB swaps two Db objects. */
  constructor(public id: number, private readonly stats: ShardStats) {}

  get size(): number { return this.dict.size; }

  /** The entry for a key, live or not: for walks that check expiry themselves. */
  entry(key: string): Entry | undefined {
    const rec = this.dict.get(key);
    return rec < 0 ? undefined : new Entry(rec);
  }

  /** The live entry for a key, deleting it first if its TTL has passed. */
  lookup(key: string, now: number): Entry | undefined {
    const rec = this.dict.get(key);
    if (rec < 0) return undefined;
    const e = new Entry(rec);
    if (e.ttlSlot >= 0 && ttlPassed(this.expires.timeAt(e.ttlSlot), now)) {
      this.deleteExpired(key, e);
      return undefined;
    }
    return e;
  }

  /** A live entry's absolute expiry time in ms, or undefined if it has no TTL. */
  expireAt(e: Entry): number | undefined {
    return e.ttlSlot < 0 ? undefined : this.expires.timeAt(e.ttlSlot);
  }

  /**
   * Sets a key's value. SET semantics drop the TTL; in-place updates (APPEND, INCR) keep it.
   * `current`: the key's live entry, or null if it has none, when the caller has just looked it
   * up (saves a second hash probe, the biggest cost of SET measured in BENCHMARKS.md history).
   * Returns the key's entry.
   */
  set(key: string, value: Value, meta: number, keepTtl = false, current?: Entry | null): Entry {
    if (this.onModified !== null) this.onModified(this, key);
    const e = current === undefined ? this.entry(key) : current ?? undefined;
    // A new collection, or a stream replaced by a string: blocked clients may care.
    const fresh = typeof value !== 'string' ? e === undefined || e.value !== value : e !== undefined && holdsStream(e);
    let entry = e;
    if (entry !== undefined) {
      this.bytes += valueBytes(value) - entryBytes(entry);
      entry.assign(value);
      entry.meta = meta;
      if (!keepTtl && entry.ttlSlot >= 0) this.dropTtl(key, entry);
    } else {
      entry = new Entry(createRecord(key, value, meta));
      this.bytes += ENTRY_OVERHEAD + key.length + valueBytes(value);
      this.dict.set(key, entry.rec);
      if (this.onEvent !== null) this.onEvent(this, KeyspaceEvents.NEW, 'new', key);
    }
    if (fresh && this.onNewCollection !== null) this.onNewCollection(this, key);
    return entry;
  }

  /**
   * Replaces a string value in place, keeping its entry's stamp and TTL and signalling nothing:
   * for re-encodings that leave what the value means unchanged (PFDEBUG's conversions to dense).
   */
  reencodeString(e: Entry, value: string): void {
    this.bytes += value.length - e.size;
    e.assign(value);
  }

  /**
   * Sets the TTL of a key that exists (a TTL set on a missing key is a no-op). `current`: the
   * key's entry when the caller has it (Db.set returns it).
   */
  setExpire(key: string, at: number, current?: Entry): void {
    const e = current ?? this.entry(key);
    if (e === undefined) return;
    if (this.onModified !== null) this.onModified(this, key);
    if (e.ttlSlot >= 0) {
      this.expires.setAt(e.ttlSlot, at);
    } else {
      e.ttlSlot = this.expires.add(key, e.rec, at);
      this.bytes += EXPIRE_OVERHEAD;
    }
  }

  /** Removes a key's TTL; true if it had one. */
  persist(key: string): boolean {
    const e = this.entry(key);
    if (e === undefined || e.ttlSlot < 0) return false;
    if (this.onModified !== null) this.onModified(this, key);
    this.dropTtl(key, e);
    return true;
  }

  private dropTtl(key: string, e: Entry): void {
    this.expires.delete(key, e.ttlSlot);
    e.ttlSlot = -1;
    this.bytes -= EXPIRE_OVERHEAD;
  }

  /** Removes a key known to exist (e is its entry). */
  remove(key: string, e: Entry): void {
    if (this.onModified !== null) this.onModified(this, key);
    this.dict.delete(key);
    this.bytes -= ENTRY_OVERHEAD + key.length + entryBytes(e);
    if (e.ttlSlot >= 0) this.dropTtl(key, e);
    if (this.onNewCollection !== null && holdsStream(e)) this.onNewCollection(this, key);
    freeRecord(e.rec);
  }

  /** Deletes a key if it exists and is live. */
  delete(key: string, now: number): boolean {
    const e = this.lookup(key, now);
    if (e === undefined) return false;
    this.remove(key, e);
    return true;
  }

  /** Deletes a key if its TTL has passed (active expiry); true if it did. */
  expireIfDue(key: string, now: number): boolean {
    const e = this.entry(key);
    if (e === undefined || e.ttlSlot < 0 || !ttlPassed(this.expires.timeAt(e.ttlSlot), now)) return false;
    this.deleteExpired(key, e);
    return true;
  }

  /** Deletes a key whose TTL has passed, counted and notified as expired. */
  private deleteExpired(key: string, e: Entry): void {
    this.remove(key, e);
    this.stats.add(Stat.ExpiredKeys, 1);
    if (this.onEvent !== null) this.onEvent(this, KeyspaceEvents.EXPIRED, 'expired', key);
  }

  flush(): void {
    this.dict.forEach(freeRecord);
    this.dict.clear();
    this.expires.clear();
    strings.trim();
    this.bytes = 0;
  }
}
