// Doubles read and printed as Redis does: C's strtod for parsing (decimal, hex floats, inf;
// correctly rounded) and printf("%.17g") for replies (Redis 7.0's addReplyDouble).

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF = /^[+-]?inf(?:inity)?$/i;
const ZERO_DIGITS = /^[+-]?[0.]*(?:[eE]|$)/;

/** strtod's result for a whole string, or NaN when strtod would not consume all of it. */
function strtodWhole(s: string): number {
  if (DECIMAL.test(s)) return Number(s);
  const c = s.charCodeAt(0) === 0x2b || s.charCodeAt(0) === 0x2d ? s.charCodeAt(1) : s.charCodeAt(0);
  if (c === 0x69 || c === 0x49) { // i / I
    if (INF.test(s)) return s.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
    return NaN;
  }
  const hex = HEX.exec(s);
  if (hex !== null) {
    const int = hex[2];
    const frac = hex[3] ?? '';
    if (int.length + frac.length === 0) return NaN; // "0x" alone: strtod stops after the 0
    const exp = hex[4] === undefined ? 0 : Number(hex[4]);
    const mant = BigInt('0x' + int + frac);
    const v = mant === 0n ? 0 : scaleBig(mant, exp - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  return NaN;
}

/** mant × 2^exp2 rounded to the nearest double (ties to even), subnormals included. */
function scaleBig(mant: bigint, exp2: number): number {
  if (exp2 > 2000) return Infinity;
  if (exp2 < -3000 && mant.toString(2).length + exp2 < -1100) return 0;
  const bits = mant.toString(2).length;
  // The exponent of the last bit kept: 53 significant bits, never below 2^-1074.
  const lsb = Math.max(bits + exp2 - 53, -1074);
  const shift = lsb - exp2;
  let q: bigint;
  if (shift <= 0) {
    q = mant << BigInt(-shift);
  } else {
    q = mant >> BigInt(shift);
    const rem = mant - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  if (lsb > 1023) return Infinity;
  return Number(q) * 2 ** lsb;
}

/**
 * A float argument with Redis's string2d rules (ZADD scores, ZINCRBY, WEIGHTS): the whole
 * string, no leading space, no NaN, no overflow and no underflow to zero. Null if invalid.
 */
export function parseDoubleArg(s: string): number | null {
  if (s.length === 0) return null;
  const v = strtodWhole(s);
  if (v !== v) return null;
  if (v === Infinity || v === -Infinity) {
    // Only a literal infinity is accepted: an overflowing number is ERANGE.
    const c = s.charCodeAt(0) === 0x2b || s.charCodeAt(0) === 0x2d ? s.charCodeAt(1) : s.charCodeAt(0);
    return c === 0x69 || c === 0x49 ? v : null;
  }
  if (v === 0 && !isLiteralZero(s)) return null; // underflow (ERANGE with a zero result)
  return v;
}

function isLiteralZero(s: string): boolean {
  if (ZERO_DIGITS.test(s)) return true;
  const hex = HEX.exec(s);
  return hex !== null && /^0*$/.test(hex[2] + (hex[3] ?? ''));
}

const SPACE = /^[ \t\n\v\f\r]+/;

/**
 * A bound as zslParseRange reads it: plain strtod on the C string, so leading spaces are
 * skipped, an empty string is 0 and out-of-range values saturate. Null if invalid (or NaN).
 */
export function parseStrtod(s: string): number | null {
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  const t = s.replace(SPACE, '');
  // strtod converts nothing in "" or "  ": the end pointer stays at the start, which is the
  // terminator only for the empty string.
  if (t.length === 0) return s.length === 0 ? 0 : null;
  const v = strtodWhole(t);
  return v !== v ? null : v;
}

/** printf("%.17g", d) for a finite d, with glibc's rounding (exact value, ties to even). */
function format17g(d: number): string {
  let exp = d.toExponential(16);
  // JS rounds exact ties away from zero; glibc rounds them to even. A tie needs an exact
  // 18-digit decimal expansion ending in 5.
  const e17 = d.toExponential(17);
  let ePos = e17.indexOf('e');
  if (e17.charCodeAt(ePos - 1) === 0x35 && isExact(d, e17, ePos)) {
    const prev = e17.charCodeAt(ePos - 2) - 0x30;
    if ((prev & 1) === 0) exp = e17.slice(0, ePos - 1) + e17.slice(ePos);
  }
  ePos = exp.indexOf('e');
  const x = Number(exp.slice(ePos + 1));
  const neg = exp.charCodeAt(0) === 0x2d;
  const digits = exp.slice(neg ? 1 : 0, ePos).replace('.', '');
  let out: string;
  if (x < -4 || x >= 17) {
    let mant = digits[0];
    const rest = digits.slice(1).replace(/0+$/, '');
    if (rest.length > 0) mant += '.' + rest;
    const ax = Math.abs(x);
    out = mant + (x < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' + ax : String(ax));
  } else if (x >= 0) {
    const int = digits.slice(0, x + 1);
    const frac = digits.slice(x + 1).replace(/0+$/, '');
    out = frac.length > 0 ? int + '.' + frac : int;
  } else {
    const frac = ('0'.repeat(-x - 1) + digits).replace(/0+$/, '');
    out = '0.' + frac;
  }
  return neg ? '-' + out : out;
}

/** True if the decimal d.ddd…e±X string equals d's binary value exactly. */
function isExact(d: number, e: string, ePos: number): boolean {
  const digits = BigInt(e.slice(0, ePos).replace('-', '').replace('.', ''));
  const p = Number(e.slice(ePos + 1)) - (ePos - (e.charCodeAt(0) === 0x2d ? 3 : 2));
  return compareExact(d, digits, p) === 0;
}

/** Compares |d|'s exact binary value with digits × 10^p10: -1, 0 or 1 (BigInt, no rounding). */
export function compareExact(d: number, digits: bigint, p10: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else { mant |= 1n << 52n; e2 = bexp - 1075; }
  let left = mant;
  let right = digits;
  if (e2 >= 0) left <<= BigInt(e2); else right <<= BigInt(-e2);
  if (p10 >= 0) right *= 10n ** BigInt(p10); else left *= 10n ** BigInt(-p10);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A score as Redis 7.0 replies with it: "%.17g", with inf and -inf spelled out. */
export function formatDouble(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isSafeInteger(d)) return String(d);
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d !== d) return 'nan';
  return format17g(d);
}
