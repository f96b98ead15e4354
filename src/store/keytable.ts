// A db's keys: an open-addressing hash table of records (records.ts), found by key string (a
// db's keys; for its expiry times, the records of the keys with a TTL: expiry-times.ts).
//
// It replaces a JS Map on the hottest path of every command (measured in BENCHMARKS.md history:
// Map.get with a fresh key string was ~35% of a shard thread's time at -P 16). The table is one
// Int32Array of (hash, record) pairs, probed linearly, so a probe sequence stays in one or two
// cache lines and holds nothing the garbage collector visits; a record's key is compared only
// when its full 32-bit hash matches, and the record's header and key share a cache line. V8's
// Map walks bucket chains and loads every candidate key to compare.
//
// Deleted slots become tombstones (nothing ever moves except on a rehash), and SCAN walks *home
// buckets* (hash & mask) in Redis's reverse-binary cursor order, so Redis's SCAN guarantee holds
// across resizes exactly as in Redis's dict: every key present for the whole iteration is
// returned at least once.
//
// A resize is incremental, as Redis's dict rehash is: the old arrays stay beside the new ones
// and every write moves the next few old slots across (plus a timed step from the shard's
// housekeeping), so no single command pays for moving the whole table. Moving all at once
// stalled every client for 8 ms at 98k keys and 30 ms at 393k (BENCHMARKS.md history).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { recordKey, recordKeyIs } from './records';

const EMPTY = 0;
const TOMBSTONE = 1;
const MIN_CAPACITY = 16;
/** Rehash when live + deleted slots pass this share of the table. */
const MAX_FILL = 0.75;
/** Shrink when live keys fall under this share of the table. */
const MIN_LOAD = 0.125;
/** Old slots moved across by each write while a resize is under way. */
const REHASH_SLOTS_PER_WRITE = 16;
/** Old slots moved between two clock reads of a timed rehash. */
const REHASH_SLOTS_PER_BATCH = 1024;

/** Per-process seed, so colliding keys cannot be precomputed (Redis seeds its SipHash likewise). */
const SEED = randomBytes(4).readInt32LE(0);

/** FNV-1a over the key's bytes (one char per byte), seeded, with murmur3's finaliser. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // 0 and 1 mark empty and deleted slots.
  return h === EMPTY || h === TOMBSTONE ? 2 : h;
}

function reverseBits(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

function isFree(h: number): boolean {
  return h === EMPTY || h === TOMBSTONE;
}

/** One table: slots[2i] = the key's full hash (EMPTY or TOMBSTONE when free), slots[2i + 1] = its record. */
class Table {
  readonly slots: Int32Array;
  readonly mask: number;

  constructor(capacity: number) {
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
  }

  get capacity(): number { return this.mask + 1; }

  hashAt(i: number): number { return this.slots[2 * i]; }

  recordAt(i: number): number { return this.slots[2 * i + 1]; }

  /** The slot holding `key`, or -1. */
  find(key: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = slots[2 * i];
      if (x === EMPTY) return -1;
      if (x === h && recordKeyIs(slots[2 * i + 1], key)) return i;
    }
  }

  put(i: number, h: number, rec: number): void {
    this.slots[2 * i] = h;
    this.slots[2 * i + 1] = rec;
  }

  /** Frees slot i: a tombstone, so probe chains through it stay whole. */
  vacate(i: number): void {
    this.slots[2 * i] = TOMBSTONE;
  }

  /** Calls `visit` for every record whose home bucket is `bucket`. */
  visitBucket(bucket: number, visit: (rec: number) => void): void {
    const mask = this.mask;
    for (let i = bucket; this.slots[2 * i] !== EMPTY; i = (i + 1) & mask) {
      const h = this.slots[2 * i];
      if (h !== TOMBSTONE && (h & mask) === bucket) visit(this.slots[2 * i + 1]);
    }
  }

  forEach(visit: (rec: number) => void): void {
    for (let i = 0; i <= this.mask; i++) if (!isFree(this.slots[2 * i])) visit(this.slots[2 * i + 1]);
  }
}

export class KeyTable {
  private table = new Table(MIN_CAPACITY);
  /** Keys in both tables. */
  private live = 0;
  /** Tombstones in the current table. */
  private deleted = 0;
  // While a resize is under way: the table being emptied into the current one. Every key is in
  // exactly one of the two; a slot moved across becomes a tombstone, so probe chains stay whole.
  private old: Table | null = null;
  /** Keys still in the old table. */
  private oldLive = 0;
  /** The next old slot to move. */
  private moved = 0;

  get size(): number { return this.live; }

  /** Slots in the (current) table, for memory estimates and tests. */
  get capacity(): number { return this.table.capacity; }

  /** True while a resize is moving keys from the old table. */
  get rehashing(): boolean { return this.old !== null; }

  /** The record of `key`, or -1. */
  get(key: string): number {
    const h = keyHash(key);
    const i = this.table.find(key, h);
    if (i >= 0) return this.table.recordAt(i);
    if (this.old === null) return -1;
    const j = this.old.find(key, h);
    return j < 0 ? -1 : this.old.recordAt(j);
  }

  has(key: string): boolean {
    return this.get(key) >= 0;
  }

  /** Inserts the record of `key`, or puts it in the place of the one there. */
  set(key: string, rec: number): void {
    const h = keyHash(key);
    const j = this.writeStep(key, h);
    if (j >= 0) {
      this.old!.put(j, h, rec);
      return;
    }
    const t = this.table;
    const slots = t.slots;
    const mask = t.mask;
    let free = -1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = slots[2 * i];
      if (x === EMPTY) {
        if (free < 0) free = i;
        break;
      }
      if (x === TOMBSTONE) {
        if (free < 0) free = i;
      } else if (x === h && recordKeyIs(slots[2 * i + 1], key)) {
        slots[2 * i + 1] = rec;
        return;
      }
    }
    if (slots[2 * free] === TOMBSTONE) this.deleted--;
    t.put(free, h, rec);
    this.live++;
    if (this.live + this.deleted > (mask + 1) * MAX_FILL) this.resize();
  }

  /** Removes `key`; true if it was there. The record itself is the caller's to free. */
  delete(key: string): boolean {
    const h = keyHash(key);
    const j = this.writeStep(key, h);
    if (j >= 0) {
      this.old!.vacate(j);
      this.oldLive--;
      this.live--;
      return true;
    }
    const i = this.table.find(key, h);
    if (i < 0) return false;
    this.table.vacate(i);
    this.live--;
    this.deleted++;
    if (this.capacity > MIN_CAPACITY && this.live < this.capacity * MIN_LOAD) this.resize();
    return true;
  }

  /** Empties the table (its records are the caller's to free). */
  clear(): void {
    this.table = new Table(MIN_CAPACITY);
    this.live = 0;
    this.deleted = 0;
    this.dropOld();
  }

  /**
   * Every key: the old table's, then the current one's, in slot order. Safe while the table
   * changes (each step reads the arrays afresh), but a key moved or rehashed meanwhile may be
   * visited twice or not at all.
   */
  *keys(): IterableIterator<string> {
    for (let i = 0; this.old !== null && i <= this.old.mask; i++) {
      if (!isFree(this.old.hashAt(i))) yield recordKey(this.old.recordAt(i));
    }
    for (let i = 0; i <= this.table.mask; i++) {
      if (!isFree(this.table.hashAt(i))) yield recordKey(this.table.recordAt(i));
    }
  }

  /** Calls `visit` for every record; the table must not change meanwhile. */
  forEach(visit: (rec: number) => void): void {
    this.old?.forEach(visit);
    this.table.forEach(visit);
  }

  /**
   * A random key, or undefined when empty: a table chosen in proportion to the keys it holds,
   * then a uniform slot in it and the next live one.
   */
  randomKey(): string | undefined {
    if (this.live === 0) return undefined;
    const t = Math.random() * this.live < this.oldLive ? this.old! : this.table;
    for (let i = Math.floor(Math.random() * t.capacity); ; i = (i + 1) & t.mask) {
      if (!isFree(t.hashAt(i))) return recordKey(t.recordAt(i));
    }
  }

  /**
   * One SCAN step: visits the home bucket `cursor` (every key whose hash & mask is it) and calls
   * `visit` for each record found; returns the next cursor in reverse-binary order, 0 when done.
   * During a resize it visits, as Redis's dictScan does, the bucket in the smaller table and
   * every bucket of the larger one that it expands to, and steps the cursor by the smaller mask.
   */
  scanBucket(cursor: number, visit: (rec: number) => void): number {
    let small = this.table.mask;
    if (this.old === null) {
      this.table.visitBucket(cursor & small, visit);
    } else {
      const [smallTable, largeTable] = this.old.mask < this.table.mask ? [this.old, this.table] : [this.table, this.old];
      small = smallTable.mask;
      const large = largeTable.mask;
      smallTable.visitBucket(cursor & small, visit);
      // Every bucket of the larger table whose low bits are this cursor's.
      let v = cursor & large;
      do {
        largeTable.visitBucket(v & large, visit);
        v = (((v | small) + 1) & ~small) | (v & small);
      } while ((v & (small ^ large)) !== 0);
    }
    // Redis's dictScan cursor: increment the reversed cursor, so a resize between calls neither
    // skips buckets (growing) nor misses keys (shrinking).
    let v = (cursor | ~small) >>> 0;
    v = reverseBits(v);
    v = (v + 1) >>> 0;
    v = reverseBits(v);
    return v & small;
  }

  /**
   * Moves old slots across for about `ms` milliseconds (the shard's housekeeping, as Redis's
   * activerehashing); true if a resize is still under way.
   */
  rehashFor(ms: number): boolean {
    const deadline = performance.now() + ms;
    while (this.old !== null) {
      this.rehashStep(REHASH_SLOTS_PER_BATCH);
      if (performance.now() >= deadline) break;
    }
    return this.old !== null;
  }

  /**
   * A write's share of a resize under way: moves the next old slots across, then returns the
   * key's slot in the old table if it is still there, else -1.
   */
  private writeStep(key: string, h: number): number {
    if (this.old === null) return -1;
    this.rehashStep(REHASH_SLOTS_PER_WRITE);
    if (this.old === null) return -1;
    return this.old.find(key, h);
  }

  /** Moves the next `n` old slots into the current table; drops the old table once empty. */
  private rehashStep(n: number): void {
    const old = this.old!;
    const t = this.table;
    const slots = t.slots;
    const mask = t.mask;
    const end = Math.min(this.moved + n, old.capacity);
    for (let j = this.moved; j < end; j++) {
      const h = old.hashAt(j);
      if (isFree(h)) continue;
      let i = h & mask;
      while (!isFree(slots[2 * i])) i = (i + 1) & mask;
      if (slots[2 * i] === TOMBSTONE) this.deleted--;
      t.put(i, h, old.recordAt(j));
      old.vacate(j);
      this.oldLive--;
    }
    this.moved = end;
    if (end === old.capacity || this.oldLive === 0) this.dropOld();
  }

  private dropOld(): void {
    this.old = null;
    this.oldLive = 0;
    this.moved = 0;
  }

  /**
   * Starts a resize to where the live keys fill between a quarter and half of the table: the
   * current table becomes the old one, emptied a few slots per write. A resize still under way
   * is finished first.
   */
  private resize(): void {
    while (this.old !== null) this.rehashStep(REHASH_SLOTS_PER_BATCH);
    let capacity = MIN_CAPACITY;
    while (capacity * 0.5 < this.live + 1) capacity *= 2;
    this.old = this.table;
    this.oldLive = this.live;
    this.moved = 0;
    this.table = new Table(capacity);
    this.deleted = 0;
    if (this.live === 0) this.dropOld();
  }
}
