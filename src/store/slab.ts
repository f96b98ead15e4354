// The keyspace's memory outside the JS heap: each key's record (records.ts: its header, its
// bytes and a short string value) and string values that outgrow their record, up to 4 KiB.
//
// Why: a SET that stored a new JS string into an old entry left an old object pointing at a
// young one. Every scavenge then copied each such string and walked the old-to-new slots: at
// -P 16 SET that was ~7 ms every ~180 ms, the source of SET's p99 (BENCHMARKS.md history, fifth
// session). Here bytes live in large Buffers and the key table holds small integer addresses,
// which the garbage collector never visits; records since the thirteenth session.
//
// Chunks come in size classes (multiples of 8 bytes up to 64, then four steps per power of two,
// as jemalloc does), 8-byte aligned, are carved from 1 MiB pages and go back to a free list per
// class. One slab per thread: a record is read only on the thread that owns its db.
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
/** The bytes a chunk allocated for `bytes` bytes has room for (its class's size). */
export const capacityOf = (bytes: number): number => CLASS_BYTES[classOf(bytes)];
/** Whether this many bytes are kept in the slab (nothing is kept for none). */
export const fits = (length: number): boolean => length !== 0 && length <= SLAB_MAX;

export class StringSlab {
  private pages: Buffer[] = [];
  /** The same pages as 32-bit ints, for records' headers (records.ts); chunks are 8-byte aligned. */
  private intPages: Int32Array[] = [];
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

  /** A chunk for `bytes` bytes (1 to SLAB_MAX): its address, or -1 when the slab is full. */
  alloc(bytes: number): number {
    const c = classOf(bytes);
    const list = this.free[c];
    const a = list.length !== 0 ? list.pop()! : this.carve(CLASS_BYTES[c] >>> UNIT_SHIFT);
    if (a < 0) return -1;
    this.live++;
    this.usedBytes += CLASS_BYTES[c];
    return a;
  }

  /** Gives back the chunk at `a`, allocated for `bytes` bytes. */
  release(a: number, bytes: number): void {
    const c = classOf(bytes);
    this.free[c].push(a);
    this.live--;
    this.usedBytes -= CLASS_BYTES[c];
  }

  /** Writes a string (one byte per char) into the chunk at `a`, from byte `at`. */
  write(a: number, at: number, s: string): void {
    writeLatin1(s, this.pages[a >>> PAGE_UNIT_BITS], ((a & UNIT_IN_PAGE) << UNIT_SHIFT) + at);
  }

  /** The `length` bytes at byte `at` of the chunk at `a`, as a string. */
  read(a: number, at: number, length: number): string {
    const off = ((a & UNIT_IN_PAGE) << UNIT_SHIFT) + at;
    return latin1String(this.pages[a >>> PAGE_UNIT_BITS], off, off + length);
  }

  /** Whether the bytes from byte `at` of the chunk at `a` are those of `s`. */
  bytesEqual(a: number, at: number, s: string): boolean {
    const page = this.pages[a >>> PAGE_UNIT_BITS];
    const off = ((a & UNIT_IN_PAGE) << UNIT_SHIFT) + at;
    for (let i = 0; i < s.length; i++) if (page[off + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** Copies the `length` bytes at byte `at` of the chunk at `a` into `dst` at `dstAt`. */
  copy(a: number, at: number, length: number, dst: Uint8Array, dstAt: number): void {
    const off = ((a & UNIT_IN_PAGE) << UNIT_SHIFT) + at;
    copyBytes(this.pages[a >>> PAGE_UNIT_BITS], off, off + length, dst, dstAt);
  }

  /** The 32-bit int `field` (counted in ints) of the chunk at `a`. */
  int(a: number, field: number): number {
    return this.intPages[a >>> PAGE_UNIT_BITS][((a & UNIT_IN_PAGE) << 1) + field];
  }

  setInt(a: number, field: number, v: number): void {
    this.intPages[a >>> PAGE_UNIT_BITS][((a & UNIT_IN_PAGE) << 1) + field] = v;
  }

  /** Gives every page back once no chunk is in use (after a flush); false if some still are. */
  trim(): boolean {
    if (this.live !== 0) return false;
    this.pages = [];
    this.intPages = [];
    this.free = CLASS_BYTES.map(() => []);
    this.top = this.pageEnd = 0;
    return true;
  }

  /** Takes `units` from the newest page, starting a page when it has too few left. */
  private carve(units: number): number {
    if (this.top + units > this.pageEnd) {
      if (this.pages.length >= this.maxPages) return -1;
      const page = Buffer.allocUnsafeSlow(PAGE_BYTES);
      this.pages.push(page);
      this.intPages.push(new Int32Array(page.buffer, page.byteOffset, PAGE_BYTES >>> 2));
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
