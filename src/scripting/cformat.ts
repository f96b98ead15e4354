// C printf conversions of doubles and integers, as glibc prints them (the Lua 5.1 that Redis
// embeds formats numbers with "%.14g", string.format hands its specs to sprintf, and Redis
// converts numbers to command arguments with "%.17g"). Rounding is on the exact binary value,
// ties to even, like glibc.

import { compareExact } from '../util/double';

/** Digits of |d| rounded to `sig` significant digits, and the decimal exponent of the first. */
interface Rounded { digits: string; exp: number }

/** True if the decimal d.ddd…e±X string `e` equals |d|'s binary value exactly. */
function isExact(d: number, e: string): boolean {
  const ePos = e.indexOf('e');
  const mantissa = e.slice(0, ePos).replace('-', '');
  const fracLen = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  return compareExact(d, BigInt(mantissa.replace('.', '')), Number(e.slice(ePos + 1)) - fracLen) === 0;
}

/** The decimal exponent of |d|'s first significant digit (d finite, non-zero). */
function decimalExponent(a: number): number {
  let mag = Math.floor(Math.log10(a));
  if (compareExact(a, 1n, mag) < 0) mag--;
  else if (compareExact(a, 1n, mag + 1) >= 0) mag++;
  return mag;
}

/** |d| (finite, non-zero) rounded to sig (1..100) significant digits, ties to even. */
function roundSig(d: number, sig: number): Rounded {
  const a = Math.abs(d);
  let e = a.toExponential(sig - 1);
  if (sig < 100) {
    // JS rounds exact ties away from zero; glibc rounds them to even.
    const longer = a.toExponential(sig);
    const ePos = longer.indexOf('e');
    if (longer.charCodeAt(ePos - 1) === 0x35 && isExact(a, longer)) {
      const prev = longer.charCodeAt(ePos - 2);
      const prevDigit = prev === 0x2e ? longer.charCodeAt(ePos - 3) - 0x30 : prev - 0x30;
      if ((prevDigit & 1) === 0) {
        // Truncate instead of rounding up.
        const kept = longer.slice(0, ePos - 1);
        e = (kept.endsWith('.') ? kept.slice(0, -1) : kept) + longer.slice(ePos);
      }
    }
  }
  const ePos = e.indexOf('e');
  return { digits: e.slice(0, ePos).replace('.', ''), exp: Number(e.slice(ePos + 1)) };
}

function expSuffix(x: number, upper: boolean): string {
  const ax = Math.abs(x);
  return (upper ? 'E' : 'e') + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
}

function nonFinite(d: number, upper: boolean): string {
  const s = d !== d ? '-nan' : d > 0 ? 'inf' : '-inf';
  return upper ? s.toUpperCase() : s;
}

/** The body of %e (no sign handling beyond '-'): precision p. */
export function formatE(d: number, p: number, upper = false, alt = false): string {
  if (!Number.isFinite(d)) return nonFinite(d, upper);
  const neg = d < 0 || Object.is(d, -0);
  let digits: string;
  let exp: number;
  if (d === 0) { digits = '0'.repeat(p + 1); exp = 0; } else ({ digits, exp } = roundSig(d, p + 1));
  let out = digits[0];
  if (p > 0 || alt) out += '.';
  out += digits.slice(1);
  return (neg ? '-' : '') + out + expSuffix(exp, upper);
}

/** The body of %f: precision p. */
export function formatF(d: number, p: number, upper = false, alt = false): string {
  if (!Number.isFinite(d)) return nonFinite(d, upper);
  const neg = d < 0 || Object.is(d, -0);
  const a = Math.abs(d);
  const zeros = (n: number): string => '0'.repeat(n);
  let out: string;
  if (a === 0) {
    out = '0' + (p > 0 ? '.' + zeros(p) : '');
  } else {
    const mag = decimalExponent(a);
    const sig = mag + 1 + p;
    let digits: string;
    let exp: number;
    if (sig <= 0) {
      // Rounds to 0 or to one unit of the last decimal: compare with half a unit, ties to even (0).
      const up = sig === 0 && compareExact(a, 5n, -p - 1) > 0;
      digits = up ? '1' : '0';
      exp = up ? -p : -p;
    } else {
      ({ digits, exp } = roundSig(a, Math.min(sig, 100)));
    }
    // digits × 10^(exp - digits.length + 1): lay them out with p decimals.
    const intLen = exp + 1;
    const all = intLen > 0 ? digits.padEnd(intLen + p, '0') : zeros(-intLen) + digits;
    const whole = intLen > 0 ? all.slice(0, intLen) : '0';
    const frac = (intLen > 0 ? all.slice(intLen) : all).padEnd(p, '0').slice(0, p);
    out = whole + (p > 0 ? '.' + frac : '');
    if (digits === '0') out = '0' + (p > 0 ? '.' + zeros(p) : '');
    if (alt && p === 0) out += '.';
  }
  return (neg ? '-' : '') + out;
}

/** The body of %g: precision p (0 means 1). */
export function formatG(d: number, p: number, upper = false, alt = false): string {
  if (!Number.isFinite(d)) return nonFinite(d, upper);
  if (p === 0) p = 1;
  const neg = d < 0 || Object.is(d, -0);
  if (d === 0) {
    const z = alt ? '0.' + '0'.repeat(p - 1) : '0';
    return (neg ? '-' : '') + z;
  }
  const { digits, exp } = roundSig(d, p);
  let out: string;
  if (exp < -4 || exp >= p) {
    let mant = digits[0];
    let rest = digits.slice(1);
    if (!alt) rest = rest.replace(/0+$/, '');
    if (rest.length > 0 || alt) mant += '.' + rest;
    out = mant + expSuffix(exp, upper);
  } else if (exp >= 0) {
    const int = digits.slice(0, exp + 1);
    let frac = digits.slice(exp + 1);
    if (!alt) frac = frac.replace(/0+$/, '');
    out = frac.length > 0 || alt ? int + '.' + frac : int;
  } else {
    let frac = '0'.repeat(-exp - 1) + digits;
    if (!alt) frac = frac.replace(/0+$/, '');
    out = '0.' + frac;
  }
  return (neg ? '-' : '') + out;
}

/** "%.14g": how Lua 5.1 prints a number (tostring, concatenation). */
export function luaNumberToString(d: number): string {
  if (Number.isInteger(d) && d < 1e14 && d > -1e14) return d === 0 && Object.is(d, -0) ? '-0' : String(d);
  return formatG(d, 14);
}

/** "%.17g": how Redis turns a Lua number into a command argument. */
export function format17g(d: number): string {
  if (Number.isSafeInteger(d) && !Object.is(d, -0)) return String(d);
  return formatG(d, 17);
}

/** A double as Redis 7.0's addReplyDouble prints it ("%.17g"; inf, -inf; NaN as glibc's -nan). */
export function replyDouble(d: number): string {
  if (d !== d) return '-nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  return format17g(d);
}

/** C's (long long) conversion of a double, as x86-64 does it (out of range and NaN: INT64_MIN). */
export function toLongLong(d: number): bigint {
  if (d !== d || d >= 9223372036854775808 || d < -9223372036854775808) return -9223372036854775808n;
  return BigInt(Math.trunc(d));
}

/** Pads a converted field to `width` as printf does ('-' left-justifies, '0' pads numbers). */
export function pad(body: string, width: number, left: boolean, zero: boolean): string {
  if (body.length >= width) return body;
  if (left) return body + ' '.repeat(width - body.length);
  if (zero) {
    const signLen = body[0] === '-' || body[0] === '+' || body[0] === ' ' ? 1 : 0;
    const prefixLen = body.startsWith('0x', signLen) || body.startsWith('0X', signLen) ? signLen + 2 : signLen;
    return body.slice(0, prefixLen) + '0'.repeat(width - body.length) + body.slice(prefixLen);
  }
  return ' '.repeat(width - body.length) + body;
}
