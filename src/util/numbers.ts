// Number parsing with Redis's rules (string2ll / string2ld): strict, no spaces, no '+'.

/**
 * Parses a decimal integer the way Redis's string2ll does: optional '-', digits, no leading
 * zeros, no '+', no spaces, within the signed 64-bit range. Returns null otherwise. Values
 * beyond 2^53 come back rounded; use parseInt64 where the exact value matters.
 */
export function parseInteger(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 0x2d) {
    if (n === 1) return null;
    neg = true;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 0x30) return n === 1 ? 0 : null;
  if (first < 0x31 || first > 0x39) return null;
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  if (n >= 19 && parseInt64(s) === null) return null;
  return neg ? -v : v;
}

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/** Like parseInteger, exact over the whole signed 64-bit range. */
export function parseInt64(s: string): bigint | null {
  if (!/^(-?[1-9][0-9]*|0)$/.test(s)) return null;
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}
