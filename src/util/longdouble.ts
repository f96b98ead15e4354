// INCRBYFLOAT and HINCRBYFLOAT compute in C's `long double` (x87 80-bit: a 64-bit significand)
// and print with "%.17Lf", trailing zeros removed. JS doubles give different digits (10.5 + 0.1
// prints 10.6 in Redis but 10.599999999999999 in doubles; 1e30 prints 1000000000000000000024696061952),
// so this module emulates that arithmetic exactly with BigInt: a value is m × 2^e, m < 2^64.

const SIG_BITS = 64n;
const TWO64 = 1n << SIG_BITS;
// x87 extended range: values beyond this overflow to infinity (strtold sets ERANGE).
const MAX_EXP2 = 16384;
const MIN_EXP2 = -16445;

export interface LongDouble {
  /** Sign and significand: |m| < 2^64 (0 for zero). */
  m: bigint;
  /** Binary exponent: value = m × 2^e. */
  e: number;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds num / den (num, den > 0) to a 64-bit significand, nearest-even, times 2^shift. */
function roundRatio(num: bigint, den: bigint, shift: number): LongDouble | null {
  // Scale so that 2^63 <= num / den < 2^64.
  let k = 64 - (bitLength(num) - bitLength(den));
  let q: bigint;
  let r: bigint;
  let d: bigint;
  for (;;) {
    const n = k >= 0 ? num << BigInt(k) : num;
    d = k >= 0 ? den : den << BigInt(-k);
    q = n / d;
    r = n - q * d;
    if (q >= TWO64) { k--; continue; }
    if (q < TWO64 >> 1n) { k++; continue; }
    break;
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  let e = shift - k;
  if (q === TWO64) { q >>= 1n; e += 1; }
  if (e + 64 > MAX_EXP2 || e < MIN_EXP2) return null;
  return { m: q, e };
}

function fromRational(negative: boolean, num: bigint, den: bigint): LongDouble | null {
  if (num === 0n) return { m: 0n, e: 0 };
  const v = roundRatio(num, den, 0);
  if (v === null) return null;
  if (negative) v.m = -v.m;
  return v;
}

/**
 * Parses like Redis's string2ld (strtold, no leading space, whole string consumed, no NaN).
 * Returns null for invalid input or overflow; 'inf' values come back as Infinity markers.
 */
export function parseLongDouble(s: string): LongDouble | number | null {
  if (s.length === 0 || /^\s/.test(s)) return null;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(s);
  if (hex && (hex[2] + (hex[3] ?? '')).length > 0) {
    const digits = hex[2] + (hex[3] ?? '');
    const mant = BigInt('0x' + digits);
    const exp2 = Number(hex[4] ?? 0) - 4 * (hex[3] ?? '').length;
    return exp2 >= 0 ? fromRational(hex[1] === '-', mant << BigInt(exp2), 1n) : fromRational(hex[1] === '-', mant, 1n << BigInt(-exp2));
  }
  const dec = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!dec || (dec[2] + (dec[3] ?? '')).length === 0) return null;
  const frac = dec[3] ?? '';
  const mant = BigInt(dec[2] + frac);
  const exp10 = Number(dec[4] ?? 0) - frac.length;
  if (mant === 0n) return { m: 0n, e: 0 };
  if (exp10 > 5000) return null;
  if (exp10 < -5500) return null;
  return exp10 >= 0 ? fromRational(dec[1] === '-', mant * 10n ** BigInt(exp10), 1n) : fromRational(dec[1] === '-', mant, 10n ** BigInt(-exp10));
}

/** a + b rounded to a long double; null on overflow. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const sum = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  if (sum === 0n) return { m: 0n, e: 0 };
  const neg = sum < 0n;
  const mag = neg ? -sum : sum;
  const v = roundRatio(mag, 1n, e);
  if (v === null) return null;
  if (neg) v.m = -v.m;
  return v;
}

/** "%.17Lf" with trailing zeros (and a trailing '.') removed, and "-0" printed as "0". */
export function formatLongDouble(v: LongDouble): string {
  const neg = v.m < 0n;
  const mag = neg ? -v.m : v.m;
  const scale = 10n ** 17n;
  let fixed: bigint; // value × 10^17, rounded to nearest even
  if (v.e >= 0) {
    fixed = (mag << BigInt(v.e)) * scale;
  } else {
    const den = 1n << BigInt(-v.e);
    const num = mag * scale;
    let q = num / den;
    const r = num - q * den;
    if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q += 1n;
    fixed = q;
  }
  let digits = fixed.toString().padStart(18, '0');
  let out = digits.slice(0, -17) + '.' + digits.slice(-17);
  out = out.replace(/0+$/, '').replace(/\.$/, '');
  digits = out;
  if (neg && digits !== '0') return '-' + digits;
  return digits;
}
