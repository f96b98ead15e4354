// A db's keys: an open-addressing hash table from key strings to values (a db's entries; for its
// expiry times, slots of an array of times: expiry-times.ts).
//
// It replaces a JS Map on the hottest path of every command (measured in BENCHMARKS.md history:
// Map.get with a fresh key string was ~35% of a shard thread's time at -P 16). A lookup reads
// one Int32Array of hashes (linear probing, so a probe sequence stays in one or two cache
// lines), and touches a key string only when its full 32-bit hash matches; V8's Map walks
// bucket chains and loads every candidate key to compare.
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

type Slots<V> = Array<string | V | undefined>;

const NO_SLOTS: Slots<never> = [];

function isFree(h: number): boolean {
  return h === EMPTY || h === TOMBSTONE;
}

/** The slot holding `key` in one table's arrays, or -1. */
function findIn<V>(hashes: Int32Array, slots: Slots<V>, mask: number, key: string, h: number): number {
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const x = hashes[i];
    if (x === EMPTY) return -1;
    if (x === h && slots[2 * i] === key) return i;
  }
}

/** Frees slot i of one table's arrays: a tombstone, so probe chains through it stay whole. */
function vacate<V>(hashes: Int32Array, slots: Slots<V>, i: number): void {
  hashes[i] = TOMBSTONE;
  slots[2 * i] = undefined;
  slots[2 * i + 1] = undefined;
}

/** Calls `visit` for every live key whose home bucket is `bucket` in one table's arrays. */
function visitBucket<V>(hashes: Int32Array, slots: Slots<V>, mask: number, bucket: number, visit: (key: string, value: V) => void): void {
  for (let i = bucket; hashes[i] !== EMPTY; i = (i + 1) & mask) {
    const h = hashes[i];
    if (h !== TOMBSTONE && (h & mask) === bucket) visit(slots[2 * i] as string, slots[2 * i + 1] as V);
  }
}

export class KeyTable<V> {
  /** Full hash per slot; EMPTY or TOMBSTONE for free slots. */
  private hashes = new Int32Array(MIN_CAPACITY);
  /** slots[2i] = key, slots[2i + 1] = its value: a key and its value share a cache line. */
  private slots: Slots<V> = new Array(MIN_CAPACITY * 2).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  /** Keys in both tables. */
  private live = 0;
  /** Tombstones in the current table. */
  private deleted = 0;
  // While a resize is under way: the table being emptied into the current one. Every key is in
  // exactly one of the two; a slot moved across becomes a tombstone, so probe chains stay whole.
  private oldHashes: Int32Array | null = null;
  private oldSlots: Slots<V> = NO_SLOTS;
  private oldMask = 0;
  /** Keys still in the old table. */
  private oldLive = 0;
  /** The next old slot to move. */
  private moved = 0;

  get size(): number { return this.live; }

  /** Slots in the (current) table, for memory estimates and tests. */
  get capacity(): number { return this.mask + 1; }

  /** True while a resize is moving keys from the old table. */
  get rehashing(): boolean { return this.oldHashes !== null; }

  get(key: string): V | undefined {
    const h = keyHash(key);
    const i = findIn(this.hashes, this.slots, this.mask, key, h);
    if (i >= 0) return this.slots[2 * i + 1] as V;
    if (this.oldHashes === null) return undefined;
    const j = findIn(this.oldHashes, this.oldSlots, this.oldMask, key, h);
    return j < 0 ? undefined : this.oldSlots[2 * j + 1] as V;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces. */
  set(key: string, value: V): void {
    const h = keyHash(key);
    const j = this.writeStep(key, h);
    if (j >= 0) {
      this.oldSlots[2 * j + 1] = value;
      return;
    }
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    let free = -1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = hashes[i];
      if (x === EMPTY) {
        if (free < 0) free = i;
        break;
      }
      if (x === TOMBSTONE) {
        if (free < 0) free = i;
      } else if (x === h && slots[2 * i] === key) {
        slots[2 * i + 1] = value;
        return;
      }
    }
    if (hashes[free] === TOMBSTONE) this.deleted--;
    hashes[free] = h;
    slots[2 * free] = key;
    slots[2 * free + 1] = value;
    this.live++;
    if (this.live + this.deleted > (mask + 1) * MAX_FILL) this.resize();
  }

  delete(key: string): boolean {
    const h = keyHash(key);
    const j = this.writeStep(key, h);
    if (j >= 0) {
      vacate(this.oldHashes!, this.oldSlots, j);
      this.oldLive--;
      this.live--;
      return true;
    }
    const i = findIn(this.hashes, this.slots, this.mask, key, h);
    if (i < 0) return false;
    vacate(this.hashes, this.slots, i);
    this.live--;
    this.deleted++;
    if (this.mask + 1 > MIN_CAPACITY && this.live < (this.mask + 1) * MIN_LOAD) this.resize();
    return true;
  }

  clear(): void {
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.slots = new Array(MIN_CAPACITY * 2).fill(undefined);
    this.mask = MIN_CAPACITY - 1;
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
    for (let i = 0; this.oldHashes !== null && i <= this.oldMask; i++) {
      if (!isFree(this.oldHashes[i])) yield this.oldSlots[2 * i] as string;
    }
    for (let i = 0; i <= this.mask; i++) {
      if (!isFree(this.hashes[i])) yield this.slots[2 * i] as string;
    }
  }

  /** Calls `visit` for every key and its value; the table must not change meanwhile. */
  forEach(visit: (key: string, value: V) => void): void {
    if (this.oldHashes !== null) forEachIn(this.oldHashes, this.oldSlots, visit);
    forEachIn(this.hashes, this.slots, visit);
  }

  /**
   * A random key, or undefined when empty: a table chosen in proportion to the keys it holds,
   * then a uniform slot in it and the next live one.
   */
  randomKey(): string | undefined {
    if (this.live === 0) return undefined;
    const fromOld = Math.random() * this.live < this.oldLive;
    const hashes = fromOld ? this.oldHashes! : this.hashes;
    const mask = fromOld ? this.oldMask : this.mask;
    for (let i = Math.floor(Math.random() * (mask + 1)); ; i = (i + 1) & mask) {
      if (!isFree(hashes[i])) return (fromOld ? this.oldSlots : this.slots)[2 * i] as string;
    }
  }

  /**
   * One SCAN step: visits the home bucket `cursor` (every key whose hash & mask is it) and calls
   * `visit` for each key found; returns the next cursor in reverse-binary order, 0 when done.
   * During a resize it visits, as Redis's dictScan does, the bucket in the smaller table and
   * every bucket of the larger one that it expands to, and steps the cursor by the smaller mask.
   */
  scanBucket(cursor: number, visit: (key: string, value: V) => void): number {
    let small = this.mask;
    if (this.oldHashes === null) {
      visitBucket(this.hashes, this.slots, small, cursor & small, visit);
    } else {
      const oldIsSmall = this.oldMask < this.mask;
      const [smallHashes, smallSlots, largeHashes, largeSlots] = oldIsSmall
        ? [this.oldHashes, this.oldSlots, this.hashes, this.slots]
        : [this.hashes, this.slots, this.oldHashes, this.oldSlots];
      small = Math.min(this.oldMask, this.mask);
      const large = Math.max(this.oldMask, this.mask);
      visitBucket(smallHashes, smallSlots, small, cursor & small, visit);
      // Every bucket of the larger table whose low bits are this cursor's.
      let v = cursor & large;
      do {
        visitBucket(largeHashes, largeSlots, large, v & large, visit);
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
    while (this.oldHashes !== null) {
      this.rehashStep(REHASH_SLOTS_PER_BATCH);
      if (performance.now() >= deadline) break;
    }
    return this.oldHashes !== null;
  }

  /**
   * A write's share of a resize under way: moves the next old slots across, then returns the
   * key's slot in the old table if it is still there, else -1.
   */
  private writeStep(key: string, h: number): number {
    if (this.oldHashes === null) return -1;
    this.rehashStep(REHASH_SLOTS_PER_WRITE);
    if (this.oldHashes === null) return -1;
    return findIn(this.oldHashes, this.oldSlots, this.oldMask, key, h);
  }

  /** Moves the next `n` old slots into the current table; drops the old table once empty. */
  private rehashStep(n: number): void {
    const oldHashes = this.oldHashes!;
    const oldSlots = this.oldSlots;
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    const end = Math.min(this.moved + n, oldHashes.length);
    for (let j = this.moved; j < end; j++) {
      const h = oldHashes[j];
      if (isFree(h)) continue;
      let i = h & mask;
      while (!isFree(hashes[i])) i = (i + 1) & mask;
      if (hashes[i] === TOMBSTONE) this.deleted--;
      hashes[i] = h;
      slots[2 * i] = oldSlots[2 * j];
      slots[2 * i + 1] = oldSlots[2 * j + 1];
      vacate(oldHashes, oldSlots, j);
      this.oldLive--;
    }
    this.moved = end;
    if (end === oldHashes.length || this.oldLive === 0) this.dropOld();
  }

  private dropOld(): void {
    this.oldHashes = null;
    this.oldSlots = NO_SLOTS;
    this.oldMask = 0;
    this.oldLive = 0;
    this.moved = 0;
  }

  /**
   * Starts a resize to where the live keys fill between a quarter and half of the table: the
   * current arrays become the old table, emptied a few slots per write. A resize still under way
   * is finished first.
   */
  private resize(): void {
    while (this.oldHashes !== null) this.rehashStep(REHASH_SLOTS_PER_BATCH);
    let capacity = MIN_CAPACITY;
    while (capacity * 0.5 < this.live + 1) capacity *= 2;
    this.oldHashes = this.hashes;
    this.oldSlots = this.slots;
    this.oldMask = this.mask;
    this.oldLive = this.live;
    this.moved = 0;
    this.hashes = new Int32Array(capacity);
    this.slots = new Array(capacity * 2).fill(undefined);
    this.mask = capacity - 1;
    this.deleted = 0;
    if (this.live === 0) this.dropOld();
  }
}

function forEachIn<V>(hashes: Int32Array, slots: Slots<V>, visit: (key: string, value: V) => void): void {
  for (let i = 0; i < hashes.length; i++) {
    if (!isFree(hashes[i])) visit(slots[2 * i] as string, slots[2 * i + 1] as V);
  }
}
