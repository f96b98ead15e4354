// A db's keys: an open-addressing hash table from key strings to their entries.
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
import { randomBytes } from 'node:crypto';
import type { Entry } from './keyspace';

const EMPTY = 0;
const TOMBSTONE = 1;
const MIN_CAPACITY = 16;
/** Rehash when live + deleted slots pass this share of the table. */
const MAX_FILL = 0.75;
/** Shrink when live keys fall under this share of the table. */
const MIN_LOAD = 0.125;

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

export class KeyTable {
  /** Full hash per slot; EMPTY or TOMBSTONE for free slots. */
  private hashes = new Int32Array(MIN_CAPACITY);
  /** slots[2i] = key, slots[2i + 1] = entry: a key and its entry share a cache line. */
  private slots: Array<string | Entry | undefined> = new Array(MIN_CAPACITY * 2).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  private live = 0;
  private deleted = 0;

  get size(): number { return this.live; }

  /** Slots in the table (for memory estimates and tests). */
  get capacity(): number { return this.mask + 1; }

  get(key: string): Entry | undefined {
    const i = this.find(key, keyHash(key));
    return i < 0 ? undefined : this.slots[2 * i + 1] as Entry;
  }

  has(key: string): boolean {
    return this.find(key, keyHash(key)) >= 0;
  }

  /** Inserts or replaces. */
  set(key: string, entry: Entry): void {
    const h = keyHash(key);
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
        slots[2 * i + 1] = entry;
        return;
      }
    }
    if (hashes[free] === TOMBSTONE) this.deleted--;
    hashes[free] = h;
    slots[2 * free] = key;
    slots[2 * free + 1] = entry;
    this.live++;
    if (this.live + this.deleted > (mask + 1) * MAX_FILL) this.rehash();
  }

  delete(key: string): boolean {
    const i = this.find(key, keyHash(key));
    if (i < 0) return false;
    this.hashes[i] = TOMBSTONE;
    this.slots[2 * i] = undefined;
    this.slots[2 * i + 1] = undefined;
    this.live--;
    this.deleted++;
    if (this.mask + 1 > MIN_CAPACITY && this.live < (this.mask + 1) * MIN_LOAD) this.rehash();
    return true;
  }

  clear(): void {
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.slots = new Array(MIN_CAPACITY * 2).fill(undefined);
    this.mask = MIN_CAPACITY - 1;
    this.live = 0;
    this.deleted = 0;
  }

  /**
   * Every key, in slot order. Safe while the table changes (a walk over the current arrays at
   * each step): keys present throughout are visited unless a rehash reorders the table.
   */
  *keys(): IterableIterator<string> {
    for (let i = 0; i <= this.mask; i++) {
      if (this.isLive(i)) yield this.slots[2 * i] as string;
    }
  }

  /** Calls `visit` for every key and its entry, in slot order; the table must not change meanwhile. */
  forEach(visit: (key: string, entry: Entry) => void): void {
    const slots = this.slots;
    for (let i = 0; i <= this.mask; i++) {
      if (this.isLive(i)) visit(slots[2 * i] as string, slots[2 * i + 1] as Entry);
    }
  }

  /** A random key (uniform over slots, then the next live one), or undefined when empty. */
  randomKey(): string | undefined {
    if (this.live === 0) return undefined;
    const mask = this.mask;
    for (let i = Math.floor(Math.random() * (mask + 1)); ; i = (i + 1) & mask) {
      if (this.isLive(i)) return this.slots[2 * i] as string;
    }
  }

  /**
   * One SCAN step: visits the home bucket `cursor` (every key whose hash & mask is it) and calls
   * `visit` for each key found; returns the next cursor in reverse-binary order, 0 when done.
   */
  scanBucket(cursor: number, visit: (key: string, entry: Entry) => void): number {
    const mask = this.mask;
    const bucket = cursor & mask;
    for (let i = bucket; this.hashes[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.isLive(i) && (this.hashes[i] & mask) === bucket) visit(this.slots[2 * i] as string, this.slots[2 * i + 1] as Entry);
    }
    // Redis's dictScan cursor: increment the reversed cursor, so a resize between calls neither
    // skips buckets (growing) nor misses keys (shrinking).
    let v = (cursor | ~mask) >>> 0;
    v = reverseBits(v);
    v = (v + 1) >>> 0;
    v = reverseBits(v);
    return v & mask;
  }

  private isLive(i: number): boolean {
    const x = this.hashes[i];
    return x !== EMPTY && x !== TOMBSTONE;
  }

  private find(key: string, h: number): number {
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = hashes[i];
      if (x === EMPTY) return -1;
      if (x === h && this.slots[2 * i] === key) return i;
    }
  }

  /** Rebuilds the table at a size where the live keys fill between a quarter and half of it. */
  private rehash(): void {
    let capacity = MIN_CAPACITY;
    while (capacity * 0.5 < this.live + 1) capacity *= 2;
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    const hashes = new Int32Array(capacity);
    const slots: Array<string | Entry | undefined> = new Array(capacity * 2).fill(undefined);
    const mask = capacity - 1;
    for (let j = 0; j < oldHashes.length; j++) {
      const h = oldHashes[j];
      if (h === EMPTY || h === TOMBSTONE) continue;
      let i = h & mask;
      while (hashes[i] !== EMPTY) i = (i + 1) & mask;
      hashes[i] = h;
      slots[2 * i] = oldSlots[2 * j];
      slots[2 * i + 1] = oldSlots[2 * j + 1];
    }
    this.hashes = hashes;
    this.slots = slots;
    this.mask = mask;
    this.deleted = 0;
  }
}
