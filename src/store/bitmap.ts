// Bitmaps are plain string values (latin1, one char per byte), so GET, APPEND, SETRANGE and every
// other string command see exactly the bytes Redis would have. What this module adds is how bit
// commands read and edit those strings.
//
// Editing one bit of a flat JS string means copying the whole string: at 10M bits (1.25 MB) that
// measured ~1,900 SETBIT/s through a one-shard server. So a string of MIRROR_MIN bytes or more
// that a bit command edits gets a mirror: its bytes cut into 4 KiB leaf strings, joined by a
// balanced tree of concatenations whose root IS the stored value (V8 keeps `a + b` as a rope node,
// O(1), without copying). An edit re-creates one 4 KiB leaf and the ~log2(leaves) rope nodes above
// it, so SETBIT costs O(4 KiB) at any size: ~75-85k SETBIT/s at 10M bits through the same server
// (Redis: ~190k/s on the same machine). Leaves that are all zeros share one string, so SETBIT at a
// far offset costs almost no memory until something reads the whole value. Reading the value as a
// whole (GET, APPEND, ...) makes V8 flatten the rope in place once: the copy Redis's GET makes
// anyway, but the flat copy and the leaves then both live until the next bit write (2x memory).
// Bit commands (GETBIT, BITCOUNT, BITPOS, BITFIELD, BITOP) read the leaves directly.
//
// A mirror belongs to a key's record (dropped when the record is freed) and is valid only while
// the value is still its root (any other command that sets the value makes it stale).
import { constants } from 'node:buffer';
import type { Entry } from './keyspace';

const LEAF_SHIFT = 12;
const LEAF = 1 << LEAF_SHIFT;
/** Strings at least this long are edited through a mirror (below it a copy is as cheap). */
export const MIRROR_MIN = 16 * 1024;
/** The longest string V8 can hold (a little under 512 MB, Redis's default proto-max-bulk-len). */
export const MAX_JS_STRING = constants.MAX_STRING_LENGTH;

const ZERO_BUF = Buffer.alloc(LEAF);
const ZERO_LEAF = ZERO_BUF.latin1Slice(0, LEAF);

class Mirror {
  /** The value as stored: tree[1]. */
  root = '';
  leaves: string[] = [];
  /** Rope nodes of a complete binary tree over `cap` leaf slots (1-based, leaves at cap + i). */
  tree: string[] = [];
  cap = 1;
  length = 0;

  static of(value: string): Mirror {
    const m = new Mirror();
    const n = value.length;
    const buf = Buffer.from(value, 'latin1');
    for (let from = 0; from < n; from += LEAF) {
      const to = Math.min(n, from + LEAF);
      const zero = to - from === LEAF && buf.compare(ZERO_BUF, 0, LEAF, from, to) === 0;
      m.leaves.push(zero ? ZERO_LEAF : buf.latin1Slice(from, to));
    }
    m.length = n;
    m.rebuild();
    return m;
  }

  /** Rebuilds every rope node (after the number of leaves changed). */
  rebuild(): void {
    let cap = 1;
    while (cap < this.leaves.length) cap <<= 1;
    this.cap = cap;
    const tree: string[] = new Array(2 * cap).fill('');
    for (let i = 0; i < this.leaves.length; i++) tree[cap + i] = this.leaves[i];
    for (let i = cap - 1; i >= 1; i--) tree[i] = tree[2 * i] + tree[2 * i + 1];
    this.tree = tree;
    this.root = tree[1];
  }

  /** Puts a new leaf in place and re-creates the rope nodes above it. */
  replaceLeaf(i: number, leaf: string): void {
    this.leaves[i] = leaf;
    const tree = this.tree;
    let node = this.cap + i;
    tree[node] = leaf;
    for (node >>= 1; node >= 1; node >>= 1) tree[node] = tree[2 * node] + tree[2 * node + 1];
    this.root = tree[1];
  }
}

/** Mirrors by the record of their key (records.ts); a record's is dropped when it is freed. */
const mirrors = new Map<number, Mirror>();

/** Forgets the mirror of a record being freed (its address may be a new key's next). */
export function dropMirror(rec: number): void {
  if (mirrors.size !== 0) mirrors.delete(rec);
}

function liveMirror(e: Entry | undefined): Mirror | undefined {
  if (e === undefined) return undefined;
  const m = mirrors.get(e.rec);
  if (m === undefined) return undefined;
  if (m.root === e.value) return m;
  mirrors.delete(e.rec);
  return undefined;
}

// ---- reading

/** fn(s, from, to, at): bytes s[from..to) of a value, the first of them at byte `at`. Return true to stop. */
export type PieceFn = (s: string, from: number, to: number, at: number) => boolean | void;

/** Byte access to a string value, through its mirror when it has one. */
export interface ByteReader {
  readonly length: number;
  at(i: number): number;
  /** Visits flat pieces covering bytes [start, end) in order. */
  pieces(start: number, end: number, fn: PieceFn): void;
}

class FlatReader implements ByteReader {
  constructor(private readonly s: string) {}
  get length(): number { return this.s.length; }
  at(i: number): number { return this.s.charCodeAt(i); }
  pieces(start: number, end: number, fn: PieceFn): void {
    if (start < end) fn(this.s, start, end, start);
  }
}

class MirrorReader implements ByteReader {
  constructor(private readonly m: Mirror) {}
  get length(): number { return this.m.length; }
  at(i: number): number { return this.m.leaves[i >> LEAF_SHIFT].charCodeAt(i & (LEAF - 1)); }
  pieces(start: number, end: number, fn: PieceFn): void {
    const leaves = this.m.leaves;
    for (let i = start; i < end;) {
      const leaf = i >> LEAF_SHIFT;
      const base = leaf << LEAF_SHIFT;
      const to = Math.min(end, base + LEAF);
      if (fn(leaves[leaf], i - base, to - base, i) === true) return;
      i = to;
    }
  }
}

/** A reader of a string value; `e` (the value's entry, when local) lets it use a mirror. */
export function byteReader(value: string, e?: Entry): ByteReader {
  const m = liveMirror(e);
  return m !== undefined && m.root === value ? new MirrorReader(m) : new FlatReader(value);
}

/** The bytes [start, end) of a value as a Buffer (a copy). */
export function readBytes(r: ByteReader, start: number, end: number): Buffer {
  const out = Buffer.alloc(Math.max(0, end - start));
  r.pieces(start, end, (s, from, to, at) => {
    if (s !== ZERO_LEAF) out.latin1Write(from === 0 && to === s.length ? s : s.slice(from, to), at - start);
  });
  return out;
}

// ---- counting and searching

const BITS_IN_BYTE = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS_IN_BYTE[i] = (i & 1) + BITS_IN_BYTE[i >> 1];

const SCRATCH_SIZE = 64 * 1024;
const scratch = Buffer.allocUnsafeSlow(SCRATCH_SIZE);
const scratch16 = new Uint16Array(scratch.buffer, scratch.byteOffset, SCRATCH_SIZE / 2);
/** Set bits of every 16-bit value (64 KiB): two lookups count four bytes. */
const BITS_IN_U16 = new Uint8Array(65536);
for (let i = 1; i < 65536; i++) BITS_IN_U16[i] = (i & 1) + BITS_IN_U16[i >> 1];

/** Set bits in s[from..to). */
function popcountPiece(s: string, from: number, to: number): number {
  if (s === ZERO_LEAF) return 0;
  let count = 0;
  if (to - from < 64) {
    for (let i = from; i < to; i++) count += BITS_IN_BYTE[s.charCodeAt(i)];
    return count;
  }
  for (let at = from; at < to; at += SCRATCH_SIZE) {
    const n = Math.min(SCRATCH_SIZE, to - at);
    scratch.latin1Write(at === 0 && n === s.length ? s : s.slice(at, at + n), 0);
    const halves = n >> 1;
    for (let i = 0; i < halves; i++) count += BITS_IN_U16[scratch16[i]];
    if (n & 1) count += BITS_IN_BYTE[scratch[n - 1]];
  }
  return count;
}

/** Set bits in bytes [start, end]. */
export function popcount(r: ByteReader, start: number, end: number): number {
  let count = 0;
  r.pieces(start, end + 1, (s, from, to) => { count += popcountPiece(s, from, to); });
  return count;
}

const NOT_ZERO = /[^\x00]/;
const NOT_FF = /[^\xff]/;

/** The first byte in [start, end) that is not all zeros (bit 1) or not all ones (bit 0), or -1. */
function firstInteresting(r: ByteReader, bit: number, start: number, end: number): number {
  const re = bit === 1 ? NOT_ZERO : NOT_FF;
  let found = -1;
  r.pieces(start, end, (s, from, to, at) => {
    if (bit === 1 && s === ZERO_LEAF) return false;
    if (to - from < 16) {
      const skip = bit === 1 ? 0 : 0xff;
      for (let i = from; i < to; i++) {
        if (s.charCodeAt(i) !== skip) { found = at + i - from; return true; }
      }
      return false;
    }
    const m = re.exec(from === 0 && to === s.length ? s : s.slice(from, to));
    if (m === null) return false;
    found = at + m.index;
    return true;
  });
  return found;
}

/** The first bit equal to `bit` among bits [startBit, endBit] (inclusive), or -1. */
export function findBit(r: ByteReader, bit: number, startBit: number, endBit: number): number {
  const first = Math.floor(startBit / 8);
  const last = Math.floor(endBit / 8);
  const headMask = 0xff >> (startBit % 8);
  const tailMask = (0xff << (7 - (endBit % 8))) & 0xff;
  const probe = (i: number): number => {
    let v = r.at(i);
    if (bit === 0) v = ~v & 0xff;
    if (i === first) v &= headMask;
    if (i === last) v &= tailMask;
    return v === 0 ? -1 : i * 8 + Math.clz32(v) - 24;
  };
  const pos = probe(first);
  if (pos >= 0 || first === last) return pos;
  if (last - first > 1) {
    const i = firstInteresting(r, bit, first + 1, last);
    if (i >= 0) return probe(i);
  }
  return probe(last);
}

// ---- editing

/**
 * An edit of a string value's bytes (SETBIT, BITFIELD): the value grown with zero bytes to at
 * least `length`, changed byte by byte, then turned back into the value to store.
 */
export class BitmapEdit {
  readonly length: number;
  /** True once the contents differ from the value it started from (growth included). */
  changed: boolean;
  private readonly old: string;
  private flat: Buffer | null = null;
  private mirror: Mirror | null = null;
  /** Mirror leaves being edited, as buffers. */
  private readonly open = new Map<number, Buffer>();
  /** Leaves were added: the rope is rebuilt whole. */
  private regrown = false;

  /** `value` is the current string ('' when the key is missing); `e` its entry when it has one. */
  constructor(value: string, e: Entry | undefined, minLength: number) {
    this.old = value;
    this.length = Math.max(value.length, minLength);
    this.changed = this.length !== value.length;
    if (this.length >= MIRROR_MIN) {
      const live = liveMirror(e);
      // The mirror is detached while it is being edited (attach() puts it back), so an edit that
      // is never stored cannot leave a half-changed mirror behind.
      if (live !== undefined) mirrors.delete(e!.rec);
      this.mirror = live !== undefined && live.root === value ? live : Mirror.of(value);
      if (this.length > value.length) this.grow();
    }
  }

  private grow(): void {
    const m = this.mirror!;
    const oldCount = m.leaves.length;
    if (oldCount > 0 && m.length & (LEAF - 1)) {
      // The partial last leaf will be rewritten at its new size.
      this.leafBuffer(oldCount - 1);
    }
    const newCount = Math.ceil(this.length / LEAF);
    if (newCount > oldCount) this.regrown = true;
    for (let i = oldCount; i < newCount; i++) {
      const size = Math.min(LEAF, this.length - i * LEAF);
      if (size === LEAF) m.leaves.push(ZERO_LEAF);
      else {
        m.leaves.push('');
        this.open.set(i, Buffer.alloc(size));
      }
    }
    m.length = this.length;
  }

  private leafBuffer(i: number): Buffer {
    let b = this.open.get(i);
    if (b !== undefined) return b;
    const m = this.mirror!;
    const size = Math.min(LEAF, this.length - i * LEAF);
    b = Buffer.alloc(size);
    const leaf = m.leaves[i];
    if (leaf !== ZERO_LEAF) b.latin1Write(leaf, 0);
    this.open.set(i, b);
    return b;
  }

  at(i: number): number {
    const m = this.mirror;
    if (m !== null) {
      const b = this.open.get(i >> LEAF_SHIFT);
      return b !== undefined ? b[i & (LEAF - 1)] : m.leaves[i >> LEAF_SHIFT].charCodeAt(i & (LEAF - 1));
    }
    if (this.flat !== null) return this.flat[i];
    return i < this.old.length ? this.old.charCodeAt(i) : 0;
  }

  put(i: number, byte: number): void {
    if (this.at(i) === byte) return;
    this.changed = true;
    if (this.mirror !== null) {
      this.leafBuffer(i >> LEAF_SHIFT)[i & (LEAF - 1)] = byte;
      return;
    }
    if (this.flat === null) {
      this.flat = Buffer.alloc(this.length);
      this.flat.latin1Write(this.old, 0);
    }
    this.flat[i] = byte;
  }

  /** The new value (call only when `changed`). */
  result(): string {
    const m = this.mirror;
    if (m === null) {
      if (this.flat !== null) return this.flat.latin1Slice(0, this.length);
      return this.old + '\0'.repeat(this.length - this.old.length);
    }
    for (const [i, b] of this.open) {
      const leaf = b.length === LEAF && b.equals(ZERO_BUF) ? ZERO_LEAF : b.latin1Slice(0, b.length);
      if (this.regrown) m.leaves[i] = leaf;
      else m.replaceLeaf(i, leaf);
    }
    this.open.clear();
    if (this.regrown) m.rebuild();
    this.regrown = false;
    return m.root;
  }

  /** Once the result is stored in entry `e` (or nothing changed): keeps the mirror for the next edit. */
  attach(e: Entry | undefined): void {
    if (e !== undefined && this.mirror !== null) mirrors.set(e.rec, this.mirror);
  }
}
