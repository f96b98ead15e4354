// Small string values' bytes, kept outside the JS heap.
//
// Why: a SET that stores a new JS string into an old entry leaves an old object pointing at a
// young one. Every scavenge then copies each such string and walks the old-to-new slots: at
// -P 16 SET that was ~7 ms every ~180 ms, the source of SET's p99 (BENCHMARKS.md history). Here
// a value's bytes live in large Buffers and an entry holds a small integer address, which the
// garbage collector never visits; an overwrite that fits the same size class rewrites the bytes
// in place, so a SET of an existing key leaves nothing behind that survives.
//
// Chunks come in size classes (multiples of 8 bytes up to 64, then four steps per power of two,
// as jemalloc does), are carved from 1 MiB pages and go back to a free list per class. One slab
// per thread: an entry is read only on the thread that owns its db.
import { Buffer } from 'node:buffer';
import { copyBytes, latin1String, writeLatin1 } from '../util/bytes';

/** Longest string kept in the slab; longer ones stay JS strings (few, and large per object). */
export const SLAB_MAX = 4096;

const PAGE_BITS = 20;
const PAGE_BYTES = 1 << PAGE_BITS;
/** Addresses count 8-byte units, so 2^30 of them (a small integer in every V8 build) reach 8 GiB. */
const UNIT_SHIFT = 3;
const PAGE_UNIT_BITS = PAGE_BITS - UNIT_SHIFT;
const UNIT_IN_PAGE = (1 << PAGE_UNIT_BITS) - 1;
const MAX_PAGES = 1 << (30 - PAGE_UNIT_BITS);

/** Chunk sizes in bytes, smallest first. */
const CLASS_BYTES: number[] = [];
for (let n = 8; n <= 64; n += 8) CLASS_BYTES.push(n);
for (let p = 64; p < SLAB_MAX; p *= 2) for (let q = 1; q <= 4; q++) CLASS_BYTES.push(p + (p * q) / 4);

/** CLASS_OF[ceil(length / 8)]: the smallest class that holds a string of that length. */
const CLASS_OF = new Uint8Array((SLAB_MAX >>> UNIT_SHIFT) + 1);
for (let u = 0, c = 0; u < CLASS_OF.length; u++) {
  while (CLASS_BYTES[c] < u << UNIT_SHIFT) c++;
  CLASS_OF[u] = c;
}

const classOf = (length: number): number => CLASS_OF[(length + 7) >>> UNIT_SHIFT];
/** Whether a string of this length is kept in the slab (the empty one needs no bytes). */
const fits = (length: number): boolean => length !== 0 && length <= SLAB_MAX;

export class StringSlab {
  private pages: Buffer[] = [];
  /** Free chunk addresses, one stack per class. */
  private free: number[][] = CLASS_BYTES.map(() => []);
  /** Next unused address in the newest page, and where that page ends. */
  private top = 0;
  private pageEnd = 0;
  /** Chunks in use, and their bytes. */
  live = 0;
  usedBytes = 0;

  constructor(private readonly maxPages = MAX_PAGES) {}

  /** Bytes of pages taken from the system. */
  get reservedBytes(): number { return this.pages.length * PAGE_BYTES; }

  /**
   * Stores a string (one byte per char): its address, or -1 when it is to stay a JS string
   * (empty, longer than SLAB_MAX, or the slab is full).
   */
  store(s: string): number {
    if (!fits(s.length)) return -1;
    const c = classOf(s.length);
    const list = this.free[c];
    const a = list.length !== 0 ? list.pop()! : this.carve(CLASS_BYTES[c] >>> UNIT_SHIFT);
    if (a < 0) return -1;
    this.live++;
    this.usedBytes += CLASS_BYTES[c];
    this.write(a, s);
    return a;
  }

  /**
   * Replaces the string at `a` (`length` chars) with `s`: in place when both fit the same class,
   * else in a new chunk. The new address, or -1 (and `a` freed) as store() says.
   */
  replace(a: number, length: number, s: string): number {
    if (fits(s.length) && classOf(s.length) === classOf(length)) {
      this.write(a, s);
      return a;
    }
    this.release(a, length);
    return this.store(s);
  }

  release(a: number, length: number): void {
    const c = classOf(length);
    this.free[c].push(a);
    this.live--;
    this.usedBytes -= CLASS_BYTES[c];
  }

  /** The string at `a`, `length` chars long. */
  read(a: number, length: number): string {
    const off = (a & UNIT_IN_PAGE) << UNIT_SHIFT;
    return latin1String(this.pages[a >>> PAGE_UNIT_BITS], off, off + length);
  }

  /** Copies the `length` bytes at `a` into `dst` at `at`. */
  copy(a: number, length: number, dst: Uint8Array, at: number): void {
    const off = (a & UNIT_IN_PAGE) << UNIT_SHIFT;
    copyBytes(this.pages[a >>> PAGE_UNIT_BITS], off, off + length, dst, at);
  }

  /** Gives every page back once no chunk is in use (after a flush); false if some still are. */
  trim(): boolean {
    if (this.live !== 0) return false;
    this.pages = [];
    this.free = CLASS_BYTES.map(() => []);
    this.top = this.pageEnd = 0;
    return true;
  }

  private write(a: number, s: string): void {
    writeLatin1(s, this.pages[a >>> PAGE_UNIT_BITS], (a & UNIT_IN_PAGE) << UNIT_SHIFT);
  }

  /** Takes `units` from the newest page, starting a page when it has too few left. */
  private carve(units: number): number {
    if (this.top + units > this.pageEnd) {
      if (this.pages.length >= this.maxPages) return -1;
      this.pages.push(Buffer.allocUnsafeSlow(PAGE_BYTES));
      this.top = (this.pages.length - 1) << PAGE_UNIT_BITS;
      this.pageEnd = this.top + (1 << PAGE_UNIT_BITS);
    }
    const a = this.top;
    this.top += units;
    return a;
  }
}

/** This thread's slab. */
export const strings = new StringSlab();
