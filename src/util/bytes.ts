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
