// Byte copies on the hot paths (replies into a client's output, arguments into a shard's ring,
// string values into and out of the string slab).
import type { Buffer } from 'node:buffer';

/**
 * Copies src[from, to) into dst at `at`. Runs under 64 bytes go by a byte loop, which beats a
 * native copy call (TypedArray#set, Buffer#copy) for a few bytes; longer ones by TypedArray#set.
 */
export function copyBytes(src: Uint8Array, from: number, to: number, dst: Uint8Array, at: number): void {
  const n = to - from;
  if (n < 64) {
    for (let i = 0; i < n; i++) dst[at + i] = src[from + i];
  } else {
    dst.set(src.subarray(from, to), at);
  }
}

/**
 * Writes a latin1 string (one byte per char) into dst at `at`; returns its length. Under 64
 * chars by a byte loop, which beats Buffer#latin1Write's call into C++ for a few bytes.
 */
export function writeLatin1(s: string, dst: Buffer, at: number): number {
  const n = s.length;
  if (n < 64) {
    for (let i = 0; i < n; i++) dst[at + i] = s.charCodeAt(i);
    return n;
  }
  return dst.latin1Write(s, at);
}

/** Longest run that latin1String makes in JS; longer ones go by Buffer#latin1Slice. */
export const SHORT_STRING_MAX = 32;

/**
 * SHORT_MAKERS[n](b, s) returns b[s, s + n) as a string by one String.fromCharCode call with n
 * arguments: a builtin that allocates the flat one-byte string directly, where latin1Slice
 * crosses into C++ (measured: 35-80 ns against 95-120 ns for 8-32 bytes; they break even near
 * 48). Generated because a fixed-arity call is what makes it fast: apply() or a loop of `+=`
 * measured slower than latin1Slice.
 */
const SHORT_MAKERS: Array<(b: Uint8Array, s: number) => string> = [() => ''];
for (let n = 1; n <= SHORT_STRING_MAX; n++) {
  const bytes = Array.from({ length: n }, (_, i) => `b[s + ${i}]`).join(', ');
  SHORT_MAKERS.push(new Function('fromCharCode', `return (b, s) => fromCharCode(${bytes});`)(String.fromCharCode));
}

/** b[from, to) as a latin1 string (one char per byte): command arguments on the hot path. */
export function latin1String(b: Buffer, from: number, to: number): string {
  const n = to - from;
  return n <= SHORT_STRING_MAX ? SHORT_MAKERS[n](b, from) : b.latin1Slice(from, to);
}
