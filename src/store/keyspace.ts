// One database of one shard: the keys it owns, their values and their expiry times.
//
// Keys are latin1 strings (one char per byte: binary-safe, compact one-byte strings in V8, hashed
// once and cached by V8). String values are latin1 too, their bytes kept in this thread's string
// slab up to 4 KiB (slab.ts: no young string survives a SET); other types are objects.
// Expiry times live in a second table, as in Redis, so keys without a TTL pay only a slot field
// in their Entry (-1); a KeyTable too (expiry-times.ts), so it also grows and shrinks a few
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
  /** The value: a collection, a JS string, or a small string's address in this thread's slab. */
  private stored: Value | number;
  /**
   * A string value's length, -1 for a collection. Overwriting or deleting a string reads this
   * instead of the old value, which is seldom in cache (measured: the old value's first read
   * was ~6-8% of SET's time at -P 16).
   */
  size: number;
  /**
   * The key's slot in its db's expiry times, or -1 without a TTL (kept by Db). Reading the TTL
   * of a key just looked up was a second hash probe, in a second table: ~450 ns of cache misses
   * per SET with EX at -P 16 (perf samples, eleventh session).
   */
  ttlSlot = -1;

  /** Whether the value is a string (else a collection); reads no value. */
  get holdsString(): boolean { return this.size >= 0; }

  constructor(
    value: Value,
    /**
     * Low 24 bits: the LRU clock (seconds) of the last access, or LFU data (Redis's layout);
     * bits 24-26: META_ENCODING. A small integer, so V8 never boxes it.
     */
    public meta: number,
  ) {
    if (typeof value === 'string') {
      this.stored = storedString(value);
      this.size = value.length;
    } else {
      this.stored = value;
      this.size = -1;
    }
  }

  /** The value; a string kept in the slab comes back as a new JS string. */
  get value(): Value {
    const v = this.stored;
    return typeof v === 'number' ? strings.read(v, this.size) : v;
  }

  /** Gives the entry a new value, rewriting its slab chunk in place when the new string fits it. */
  assign(value: Value): void {
    const old = this.stored;
    if (typeof value === 'string') {
      if (typeof old !== 'number') this.stored = storedString(value);
      else {
        const a = strings.replace(old, this.size, value);
        this.stored = a < 0 ? value : a;
      }
      this.size = value.length;
    } else {
      if (typeof old === 'number') strings.release(old, this.size);
      this.stored = value;
      this.size = -1;
    }
  }

  /** Frees the entry's slab chunk: the entry has left its db and is read no more. */
  release(): void {
    const v = this.stored;
    if (typeof v === 'number') {
      strings.release(v, this.size);
      this.stored = '';
      this.size = 0;
    }
  }

  /** Writes a string value as a bulk reply, straight from the slab when it is there. */
  replyString(w: ReplyWriter): void {
    const v = this.stored;
    if (typeof v !== 'number') { w.bulk(v as string); return; }
    const n = this.size;
    w.bulkHeader(n);
    strings.copy(v, n, w.buf, w.pos);
    w.pos += n;
    w.crlf();
  }
}

/** How an entry holds a string: its slab address, or the string itself (empty, long, or slab full). */
function storedString(s: string): string | number {
  const a = strings.store(s);
  return a < 0 ? s : a;
}

/** The bytes an entry's value takes (valueBytes without reading a string value). */
function entryBytes(e: Entry): number {
  return e.holdsString ? e.size : (e.value as Collection).bytes;
}

/**
 * Estimated heap bytes per key beyond its key and value characters: the key table's slot (with
 * its spare capacity), the Entry object and two string headers. Measured: V8 heap growth for 1M
 * keys of 16 chars was 133.5 B/key with 10-byte values and 221.4 B/key with 100-byte values
 * (Node 20, Map), i.e. about 106 bytes plus the characters; with KeyTable, 137.5 B/key at 1M
 * keys (just past a doubling) and 128 at 700k: the same on average. Entry.size added 4 bytes,
 * Entry.ttlSlot 8 (heap growth for 1M keys, eleventh session: 114.3 -> 122.1 B/key).
 */
export const ENTRY_OVERHEAD = 118;
/** Estimated bytes of one key's expiry time: its slot in the table and its 8 bytes of time. */
export const EXPIRE_OVERHEAD = 32;

/** Whether an entry holds a stream (without reading a string value out of the slab). */
const holdsStream = (e: Entry): boolean => !e.holdsString && (e.value as Collection).type === 'stream';

export function valueBytes(v: Value): number {
  return typeof v === 'string' ? v.length : v.bytes;
}

const releaseEntry = (_key: string, e: Entry): void => e.release();

/** Whether a TTL of `at` has run out at `now`: Redis expires a key once now > at (keyIsExpired). */
export function ttlPassed(at: number, now: number): boolean {
  return at < now;
}

export class Db {
  readonly dict = new KeyTable<Entry>();
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

  /** The live entry for a key, deleting it first if its TTL has passed. */
  lookup(key: string, now: number): Entry | undefined {
    const e = this.dict.get(key);
    if (e === undefined) return undefined;
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
    const e = current === undefined ? this.dict.get(key) : current ?? undefined;
    // A new collection, or a stream replaced by a string: blocked clients may care.
    const fresh = typeof value !== 'string' ? e === undefined || e.value !== value : e !== undefined && holdsStream(e);
    let entry = e;
    if (entry !== undefined) {
      this.bytes += valueBytes(value) - entryBytes(entry);
      entry.assign(value);
      entry.meta = meta;
      if (!keepTtl && entry.ttlSlot >= 0) this.dropTtl(key, entry);
    } else {
      this.bytes += ENTRY_OVERHEAD + key.length + valueBytes(value);
      entry = new Entry(value, meta);
      this.dict.set(key, entry);
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
    const e = current ?? this.dict.get(key);
    if (e === undefined) return;
    if (this.onModified !== null) this.onModified(this, key);
    if (e.ttlSlot >= 0) {
      this.expires.setAt(e.ttlSlot, at);
    } else {
      e.ttlSlot = this.expires.add(key, at);
      this.bytes += EXPIRE_OVERHEAD;
    }
  }

  /** Removes a key's TTL; true if it had one. */
  persist(key: string): boolean {
    const e = this.dict.get(key);
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
    e.release();
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
    const e = this.dict.get(key);
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
    this.dict.forEach(releaseEntry);
    strings.trim();
    this.dict.clear();
    this.expires.clear();
    this.bytes = 0;
  }
}
