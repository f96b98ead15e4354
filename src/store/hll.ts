// HyperLogLog values in Redis's own string format (Redis 7.0 hyperloglog.c), so that the bytes
// GET returns, and the counts, are the ones Redis would give after the same commands.
//
// Layout: a 16-byte header "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | 8 bytes of
// cached cardinality, little endian, whose top bit set means "stale". Then 16384 registers:
//  * dense: 6 bits each, packed from the low bits of each byte upwards (12288 bytes);
//  * sparse: run-length opcodes. ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy
//    (1..16384 zero registers), VAL 1vvvvvxx (1..4 registers of value 1..32).
// Elements are hashed with MurmurHash64A (seed 0xadc83b19): the low 14 bits pick the register,
// the run of zeros above them (plus one) is the value it is raised to.
// Sparse updates follow Redis's algorithm step by step (split the opcode covering the register,
// then merge equal neighbours), because the resulting bytes are visible to clients.

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8;
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;

// ---- MurmurHash64A on 32-bit halves (no BigInt): a 64-bit product is built from 16-bit limbs.

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO0 = M_LO & 0xffff;
const M_LO1 = M_LO >>> 16;
const SEED = 0xadc83b19;

/** Result of mulM: the 64-bit product's halves. */
let mulHi = 0;
let mulLo = 0;

/** (hi:lo) * 0xc6a4a7935bd1e995 mod 2^64 into mulHi:mulLo. */
function mulM(hi: number, lo: number): void {
  const l0 = lo & 0xffff;
  const l1 = lo >>> 16;
  const p00 = l0 * M_LO0;
  const p01 = l0 * M_LO1;
  const p10 = l1 * M_LO0;
  const p11 = l1 * M_LO1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mulLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  mulHi = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(lo, M_HI) + Math.imul(hi, M_LO)) >>> 0;
}

/** Halves of the last hash computed by murmur64a. */
export let hashHi = 0;
export let hashLo = 0;

/** MurmurHash64A of a latin1 string (one char per byte), as Redis computes it; result in hashHi:hashLo. */
export function murmur64a(s: string, seed = SEED): void {
  const len = s.length;
  mulM(0, len);
  let hh = mulHi;
  let hl = (mulLo ^ seed) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kl = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const kh = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mulM(kh, kl);
    const k2h = mulHi;
    const k2l = (mulLo ^ (mulHi >>> 15)) >>> 0;
    mulM(k2h, k2l);
    hh = (hh ^ mulHi) >>> 0;
    hl = (hl ^ mulLo) >>> 0;
    mulM(hh, hl);
    hh = mulHi;
    hl = mulLo;
  }
  const rest = len & 7;
  if (rest > 0) {
    if (rest >= 7) hh ^= s.charCodeAt(i + 6) << 16;
    if (rest >= 6) hh ^= s.charCodeAt(i + 5) << 8;
    if (rest >= 5) hh ^= s.charCodeAt(i + 4);
    if (rest >= 4) hl ^= s.charCodeAt(i + 3) << 24;
    if (rest >= 3) hl ^= s.charCodeAt(i + 2) << 16;
    if (rest >= 2) hl ^= s.charCodeAt(i + 1) << 8;
    hl ^= s.charCodeAt(i);
    mulM(hh >>> 0, hl >>> 0);
    hh = mulHi;
    hl = mulLo;
  }
  hl = (hl ^ (hh >>> 15)) >>> 0;
  mulM(hh, hl);
  hh = mulHi;
  hl = (mulLo ^ (mulHi >>> 15)) >>> 0;
  hashHi = hh;
  hashLo = hl;
}

/**
 * The register an element goes to and the value it proposes (Redis's hllPatLen), packed as
 * index * 64 + count: count is 1 + the zeros above the 14 index bits (at most 51).
 */
export function hllPattern(element: string): number {
  murmur64a(element);
  const index = hashLo & (HLL_REGISTERS - 1);
  const low = ((hashLo >>> HLL_P) | (hashHi << (32 - HLL_P))) >>> 0;
  let count: number;
  if (low !== 0) {
    count = 32 - Math.clz32(low & -low);
  } else {
    const high = (hashHi >>> HLL_P) | (1 << (HLL_Q - 32));
    count = 32 + 32 - Math.clz32(high & -high);
  }
  return index * 64 + count;
}

// ---- validation

/** Redis's isHLLObjectOrReply test on a string value: header, encoding, dense length. */
export function isHllString(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 0x48 || s.charCodeAt(1) !== 0x59 || s.charCodeAt(2) !== 0x4c || s.charCodeAt(3) !== 0x4c) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_SPARSE) return false;
  return enc !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

/** The cached cardinality when valid (top bit clear), as a bigint; null when stale. */
export function cachedCardinality(s: string): bigint | null {
  if (s.charCodeAt(15) & 0x80) return null;
  let v = 0n;
  for (let i = 15; i >= 8; i--) v = (v << 8n) | BigInt(s.charCodeAt(i));
  return v;
}

// ---- a mutable HLL: the value's bytes in a growable buffer

export class Hll {
  buf: Buffer;
  len: number;

  private constructor(buf: Buffer, len: number) {
    this.buf = buf;
    this.len = len;
  }

  /** An empty HLL as Redis creates it: sparse, one XZERO opcode covering every register. */
  static empty(): Hll {
    const buf = Buffer.alloc(64);
    buf.latin1Write('HYLL', 0);
    buf[4] = HLL_SPARSE;
    buf[HLL_HDR_SIZE] = 0x40 | ((HLL_REGISTERS - 1) >> 8);
    buf[HLL_HDR_SIZE + 1] = (HLL_REGISTERS - 1) & 0xff;
    return new Hll(buf, HLL_HDR_SIZE + 2);
  }

  /** A copy of a (validated) HLL string that can be changed. */
  static from(s: string): Hll {
    // Room for a few sparse splits before the buffer has to grow; dense values never grow.
    const buf = Buffer.alloc(s.length + (s.charCodeAt(4) === HLL_SPARSE ? 64 : 1));
    buf.latin1Write(s, 0);
    return new Hll(buf, s.length);
  }

  get encoding(): number {
    return this.buf[4];
  }

  toString(): string {
    return this.buf.latin1Slice(0, this.len);
  }

  invalidateCache(): void {
    this.buf[15] |= 0x80;
  }

  setCache(card: bigint): void {
    let v = card;
    for (let i = 8; i < 16; i++) {
      this.buf[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  /** Adds an element: 1 if a register changed, 0 if not, -1 for a corrupted sparse value. */
  add(element: string): number {
    const p = hllPattern(element);
    return this.set(p >>> 6, p & 63);
  }

  /** Raises register `index` to `count` (Redis's hllDenseSet/hllSparseSet): 1, 0, or -1. */
  set(index: number, count: number): number {
    if (this.buf[4] === HLL_DENSE) return denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return this.sparseSet(index, count);
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const grown = Buffer.alloc(Math.max(this.len + extra, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }

  /** Converts a sparse value to dense; false if the sparse data is corrupted (value unchanged). */
  toDense(): boolean {
    if (this.buf[4] === HLL_DENSE) return true;
    const src = this.buf;
    const end = this.len;
    // One spare byte: setting the last register reads the byte after the registers.
    const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
    src.copy(dense, 0, 0, HLL_HDR_SIZE);
    dense[4] = HLL_DENSE;
    let idx = 0;
    let p = HLL_HDR_SIZE;
    while (p < end) {
      const op = src[p];
      if ((op & 0xc0) === 0) {
        idx += (op & 0x3f) + 1;
        p++;
      } else if ((op & 0xc0) === 0x40) {
        idx += (((op & 0x3f) << 8) | (p + 1 < end ? src[p + 1] : 0)) + 1;
        p += 2;
      } else {
        let runlen = (op & 3) + 1;
        const value = ((op >> 2) & 0x1f) + 1;
        // A run past the last register: corrupted (Redis 7.0.15 rejects it, even right at the end).
        if (runlen + idx > HLL_REGISTERS) return false;
        while (runlen-- > 0) denseWrite(dense, HLL_HDR_SIZE, idx++, value);
        p++;
      }
    }
    if (idx !== HLL_REGISTERS) return false;
    this.buf = dense;
    this.len = HLL_DENSE_SIZE;
    return true;
  }

  /** Redis's hllSparseSet, byte for byte (including its promotion to dense). */
  private sparseSet(index: number, count: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    // Room for the worst split (XZERO into XZERO-VAL-XZERO), as Redis makes before looking.
    this.ensure(4);
    const b = this.buf;
    const sparse = HLL_HDR_SIZE;
    let end = this.len;
    // Step 1: find the opcode covering the register.
    let p = sparse;
    let first = 0;
    let prev = -1;
    let span = 0;
    while (p < end) {
      const op = b[p];
      let oplen = 1;
      if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
      else if (op & 0x80) span = (op & 3) + 1;
      else {
        span = (((op & 0x3f) << 8) | b[p + 1]) + 1;
        oplen = 2;
      }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (span === 0 || p >= end) return -1;
    const op = b[p];
    const isXzero = (op & 0xc0) === 0x40;
    const isZero = (op & 0xc0) === 0;
    const isVal = (op & 0x80) !== 0;
    let next = isXzero ? p + 2 : p + 1;
    if (next >= end) next = -1;
    const runlen = isZero ? (op & 0x3f) + 1 : isVal ? (op & 3) + 1 : (((op & 0x3f) << 8) | b[p + 1]) + 1;

    // Step 2: the cases that change the opcode in place.
    let updated = false;
    if (isVal) {
      const old = ((op >> 2) & 0x1f) + 1;
      if (old >= count) return 0;
      if (runlen === 1) {
        b[p] = valOpcode(count, 1);
        updated = true;
      }
    }
    if (!updated && isZero && runlen === 1) {
      b[p] = valOpcode(count, 1);
      updated = true;
    }
    if (!updated) {
      // General case: split the opcode into up to three (at most 5 bytes).
      const seq: number[] = [];
      const last = first + span - 1;
      if (isZero || isXzero) {
        if (index !== first) pushZeros(seq, index - first);
        seq.push(valOpcode(count, 1));
        if (index !== last) pushZeros(seq, last - index);
      } else {
        const cur = ((op >> 2) & 0x1f) + 1;
        if (index !== first) seq.push(valOpcode(cur, index - first));
        seq.push(valOpcode(count, 1));
        if (index !== last) seq.push(valOpcode(cur, last - index));
      }
      // Step 3: put the new sequence in place of the old opcode.
      const oldlen = isXzero ? 2 : 1;
      const delta = seq.length - oldlen;
      if (delta > 0 && this.len + delta > sparseMaxBytes) return this.promote(index, count);
      if (delta !== 0 && next >= 0) b.copyWithin(next + delta, next, end);
      this.len += delta;
      for (let i = 0; i < seq.length; i++) b[p + i] = seq[i];
      end += delta;
    }

    // Step 4: merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from prev.
    let q = prev >= 0 ? prev : sparse;
    let scan = 5;
    while (q < end && scan-- > 0) {
      const o = b[q];
      if ((o & 0xc0) === 0x40) { q += 2; continue; }
      if ((o & 0xc0) === 0) { q++; continue; }
      if (q + 1 < end && (b[q + 1] & 0x80) !== 0) {
        const v1 = ((o >> 2) & 0x1f) + 1;
        const o2 = b[q + 1];
        const v2 = ((o2 >> 2) & 0x1f) + 1;
        if (v1 === v2) {
          const len = (o & 3) + 1 + (o2 & 3) + 1;
          if (len <= SPARSE_VAL_MAX_LEN) {
            b[q + 1] = valOpcode(v1, len);
            b.copyWithin(q, q + 1, end);
            this.len--;
            end--;
            continue;
          }
        }
      }
      q++;
    }
    this.invalidateCache();
    return 1;
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    return denseSet(this.buf, HLL_HDR_SIZE, index, count);
  }
}

function valOpcode(value: number, len: number): number {
  return 0x80 | ((value - 1) << 2) | (len - 1);
}

function pushZeros(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) {
    seq.push(0x40 | ((len - 1) >> 8), (len - 1) & 0xff);
  } else {
    seq.push(len - 1);
  }
}

/** hll-sparse-max-bytes: set by the command module from the shard's settings before each use. */
let sparseMaxBytes = 3000;

export function setSparseMaxBytes(n: number): void {
  sparseMaxBytes = n;
}

// ---- dense registers (6 bits each, starting at byte `base`)

export function denseGet(b: Uint8Array, base: number, index: number): number {
  const bit = index * 6;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  const b1 = byte + 1 < b.length ? b[byte + 1] : 0;
  return ((b[byte] >> fb) | (b1 << (8 - fb))) & 63;
}

function denseWrite(b: Uint8Array, base: number, index: number, value: number): void {
  const bit = index * 6;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  b[byte] = (b[byte] & ~(63 << fb)) | (value << fb);
  const fb8 = 8 - fb;
  if (63 >> fb8) b[byte + 1] = (b[byte + 1] & ~(63 >> fb8)) | (value >> fb8);
}

function denseSet(b: Uint8Array, base: number, index: number, count: number): number {
  if (count <= denseGet(b, base, index)) return 0;
  denseWrite(b, base, index, count);
  return 1;
}

/** Register `index` of a dense HLL string, read in place. */
export function denseGetString(s: string, index: number): number {
  const bit = index * 6;
  const byte = HLL_HDR_SIZE + (bit >> 3);
  const fb = bit & 7;
  const b1 = byte + 1 < s.length ? s.charCodeAt(byte + 1) : 0;
  return ((s.charCodeAt(byte) >> fb) | (b1 << (8 - fb))) & 63;
}

// ---- counting

/**
 * Adds an HLL string's registers into `max` (max[i] = MAX(max[i], register i)), Redis's hllMerge.
 * False if a sparse value is corrupted.
 */
export function mergeInto(max: Uint8Array, s: string): boolean {
  if (s.charCodeAt(4) === HLL_DENSE) {
    const b = Buffer.from(s, 'latin1');
    // Three bytes hold four registers.
    for (let p = HLL_HDR_SIZE, i = 0; i < HLL_REGISTERS; p += 3, i += 4) {
      const v = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
      const r0 = v & 63;
      const r1 = (v >> 6) & 63;
      const r2 = (v >> 12) & 63;
      const r3 = (v >> 18) & 63;
      if (r0 > max[i]) max[i] = r0;
      if (r1 > max[i + 1]) max[i + 1] = r1;
      if (r2 > max[i + 2]) max[i + 2] = r2;
      if (r3 > max[i + 3]) max[i + 3] = r3;
    }
    return true;
  }
  const end = s.length;
  let i = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      i += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      i += (((op & 0x3f) << 8) | (p + 1 < end ? s.charCodeAt(p + 1) : 0)) + 1;
      p += 2;
    } else {
      let runlen = (op & 3) + 1;
      const value = ((op >> 2) & 0x1f) + 1;
      if (runlen + i > HLL_REGISTERS) return false;
      while (runlen-- > 0) {
        if (value > max[i]) max[i] = value;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

/**
 * The register histogram of an HLL string (Redis's hllDenseRegHisto / hllSparseRegHisto);
 * null when a sparse value does not cover exactly 16384 registers.
 */
export function histogramOf(s: string): Float64Array | null {
  const histo = new Float64Array(64);
  if (s.charCodeAt(4) === HLL_DENSE) {
    denseHistogram(Buffer.from(s, 'latin1'), histo);
    return histo;
  }
  const end = s.length;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      idx += run;
      histo[0] += run;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      const run = (((op & 0x3f) << 8) | (p + 1 < end ? s.charCodeAt(p + 1) : 0)) + 1;
      idx += run;
      histo[0] += run;
      p += 2;
    } else {
      const run = (op & 3) + 1;
      idx += run;
      histo[((op >> 2) & 0x1f) + 1] += run;
      p++;
    }
  }
  return idx === HLL_REGISTERS ? histo : null;
}

/** Counts dense registers by value: 16 registers from every 12 bytes, as Redis unrolls it. */
function denseHistogram(b: Buffer, histo: Float64Array): void {
  const counts = new Int32Array(64);
  for (let p = HLL_HDR_SIZE, end = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8; p < end; p += 3) {
    // Three bytes hold four registers.
    const v = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
    counts[v & 63]++;
    counts[(v >> 6) & 63]++;
    counts[(v >> 12) & 63]++;
    counts[(v >> 18) & 63]++;
  }
  for (let i = 0; i < 64; i++) histo[i] = counts[i];
}

/** The histogram of raw 8-bit registers (the union PFCOUNT builds). */
export function histogramOfRaw(max: Uint8Array): Float64Array {
  const histo = new Float64Array(256);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[max[i]]++;
  return histo;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

const ALPHA_INF = 0.721347520444481703680;
const TWO_63 = 2 ** 63;

/**
 * The cardinality estimate from a register histogram (Ertl's estimator, as Redis computes it),
 * as the unsigned 64-bit value Redis gets from llroundl (2^63 when the estimate overflows).
 */
export function estimate(histo: Float64Array): bigint {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  const e = Math.round(ALPHA_INF * m * m / z);
  if (!(e < TWO_63)) return 1n << 63n;
  return BigInt(e);
}
