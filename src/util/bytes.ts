// Byte copies on the hot paths (replies into a client's output, arguments into a shard's ring).

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
