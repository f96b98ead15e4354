// Correctly rounded sin, cos and asin for the small arguments geo distances use.
//
// Redis computes distances with glibc's libm. V8's Math.sin/cos/asin (fdlibm) differ from it in
// the last bit for about 2% of arguments, which shows in GEORADIUS ... STOREDIST scores and in the
// order of nearly equal distances. These evaluate in double-double arithmetic and round once, so
// the result is the correctly rounded one; glibc 2.36's (x86-64, FMA variants) is too except in
// about 0.1-0.4% of calls in some ranges (its table-driven paths stop at ~0.52 ulp), so a rare
// last-bit difference remains. Matching those would mean reproducing glibc's tables and FMA
// contractions, which also differ between CPUs. Arguments are expected within a few radians
// (|x| <= 8); larger ones fall back to Math (Redis only uses those where the value does not
// matter: the bounding box of a search so wide that it covers every cell).

// ---------------------------------------------------------------- double-double primitives

/** Results of the primitives: a normalized pair hi + lo. */
let H = 0;
let L = 0;

const SPLIT = 134217729; // 2^27 + 1

/** (ah + al) × (bh + bl). */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let c = SPLIT * ah;
  const a1 = c - (c - ah);
  const a2 = ah - a1;
  c = SPLIT * bh;
  const b1 = c - (c - bh);
  const b2 = bh - b1;
  let e = ((a1 * b1 - p) + a1 * b2 + a2 * b1) + a2 * b2;
  e += ah * bl + al * bh;
  H = p + e;
  L = e - (H - p);
}

/** (ah + al) + (bh + bl), the accurate (two two-sums) variant. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const v = s - ah;
  let e = (ah - (s - v)) + (bh - v);
  const t = al + bl;
  const w = t - al;
  const f = (al - (t - w)) + (bl - w);
  e += t;
  const h = s + e;
  e = e - (h - s);
  e += f;
  H = h + e;
  L = e - (H - h);
}

// ---------------------------------------------------------------- constants, derived exactly

const PI_DIGITS = '3141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117068';

/** num/den as an unevaluated sum of `parts` doubles, each the correctly rounded remainder. */
function ratioParts(num: bigint, den: bigint, parts: number): number[] {
  // The ratio scaled by 2^400 is far more precise than the parts need.
  let q = (num << 400n) / den;
  const out: number[] = [];
  for (let i = 0; i < parts; i++) {
    const d = Number(q); // integer to double: correctly rounded
    out.push(d * 2 ** -400);
    q -= BigInt(d);
  }
  return out;
}

const PI_NUM = BigInt(PI_DIGITS);
const PI_DEN = 10n ** BigInt(PI_DIGITS.length - 1);
const [PIO2_1, PIO2_2, PIO2_3] = ratioParts(PI_NUM, 2n * PI_DEN, 3);
const TWO_OVER_PI = 2 / Math.PI;

/** (-1)^k / (2k+1)! and (-1)^k / (2k)! as double-double pairs, k = 0..14. */
const SIN_H: number[] = [];
const SIN_L: number[] = [];
const COS_H: number[] = [];
const COS_L: number[] = [];
{
  let fact = 1n;
  for (let n = 0; n <= 29; n++) {
    if (n > 0) fact *= BigInt(n);
    const sign = (n >> 1) % 2 === 0 ? 1n : -1n;
    const [h, l] = ratioParts(sign, fact, 2);
    if (n % 2 === 1) { SIN_H.push(h); SIN_L.push(l); } else { COS_H.push(h); COS_L.push(l); }
  }
}

// ---------------------------------------------------------------- sin and cos

/** Terms from this index on are small enough to sum in plain doubles (below 2^-33 relative). */
const DD_TERMS = 6;

/** sin (odd = true) or cos of rh + rl, |r| <= ~pi/4, into H/L (relative error about 2^-80). */
function kernel(rh: number, rl: number, odd: boolean): void {
  mul(rh, rl, rh, rl);
  const zh = H;
  const zl = L;
  // z's halves for the exact products, split once for the whole evaluation.
  const c = SPLIT * zh;
  const z1 = c - (c - zh);
  const z2 = zh - z1;
  const ch = odd ? SIN_H : COS_H;
  const cl = odd ? SIN_L : COS_L;
  let t = ch[ch.length - 1];
  for (let k = ch.length - 2; k >= DD_TERMS; k--) t = t * zh + ch[k];
  let ah = t;
  let al = 0;
  for (let k = DD_TERMS - 1; k >= 0; k--) {
    // (ah + al) * z + c[k], in double-double.
    const p = ah * zh;
    const d = SPLIT * ah;
    const a1 = d - (d - ah);
    const a2 = ah - a1;
    let e = ((a1 * z1 - p) + a1 * z2 + a2 * z1) + a2 * z2;
    e += ah * zl + al * zh;
    const ph = p + e;
    const pl = e - (ph - p);
    add(ph, pl, ch[k], cl[k]);
    ah = H;
    al = L;
  }
  if (odd) mul(ah, al, rh, rl);
  else { H = ah; L = al; }
}

/** Reduces x by the nearest multiple of pi/2: returns the quadrant, the remainder in H/L. */
function reduce(x: number): number {
  const k = Math.round(x * TWO_OVER_PI);
  if (k === 0) { H = x; L = 0; return 0; }
  // x - k*(P1 + P2 + P3), each product exact as a double-double.
  mul(k, 0, PIO2_1, 0);
  add(x, 0, -H, -L);
  const rh = H;
  const rl = L;
  mul(k, 0, PIO2_2, 0);
  add(rh, rl, -H, -L);
  add(H, L, -k * PIO2_3, 0);
  return ((k % 4) + 4) % 4;
}

const LIMIT = 8;

export function sin(x: number): number {
  if (!(Math.abs(x) <= LIMIT)) return Math.sin(x);
  if (x === 0) return x;
  const q = reduce(x);
  kernel(H, L, (q & 1) === 0);
  return q >= 2 ? -H : H;
}

export function cos(x: number): number {
  if (!(Math.abs(x) <= LIMIT)) return Math.cos(x);
  const q = reduce(x);
  kernel(H, L, (q & 1) === 1);
  return q === 1 || q === 2 ? -H : H;
}

/** asin by one Newton step (with its second-order term) from Math.asin, sin in double-double. */
export function asin(y: number): number {
  if (!(Math.abs(y) < 1) || y === 0) return Math.asin(y);
  const t0 = Math.asin(y);
  const q = reduce(t0);
  kernel(H, L, (q & 1) === 0);
  const sh = q >= 2 ? -H : H;
  const sl = q >= 2 ? -L : L;
  // The correction is ~1e-16 of the result: its own few-ulp error does not matter.
  const c = Math.cos(t0);
  add(y, 0, -sh, -sl);
  const d0 = (H + L) / c;
  return t0 + (d0 + ((sh / (2 * c)) * d0) * d0);
}
