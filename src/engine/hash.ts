// Key → slot → shard. Slots follow Redis Cluster's rule (only the {hashtag} part is hashed when
// present, so hashtags co-locate keys exactly as in a Redis Cluster); the in-node hash is
// xxhash32. Short keys hash in plain JS (no WASM call overhead), long keys in xxhash-wasm: the
// same function both ways, so a key's shard never depends on which path hashed it.
// native-bench/hash.ts measures the crossover; see docs/ARCHITECTURE.md for the numbers.
import xxhash from 'xxhash-wasm';

export const SLOTS = 16384;

/** Keys at least this long are hashed by xxhash-wasm (measured crossover, see native-bench/hash). */
export const WASM_MIN_KEY_LEN = 64;

const P1 = 2654435761 | 0;
const P2 = 2246822519 | 0;
const P3 = 3266489917 | 0;
const P4 = 668265263;
const P5 = 374761393;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function read32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** xxhash32 of b[from, to) with seed 0, in plain JS. */
export function xxh32(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  let i = from;
  let h: number;
  if (len >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    const limit = to - 16;
    while (i <= limit) {
      v1 = Math.imul(rotl((v1 + Math.imul(read32(b, i), P2)) | 0, 13), P1);
      v2 = Math.imul(rotl((v2 + Math.imul(read32(b, i + 4), P2)) | 0, 13), P1);
      v3 = Math.imul(rotl((v3 + Math.imul(read32(b, i + 8), P2)) | 0, 13), P1);
      v4 = Math.imul(rotl((v4 + Math.imul(read32(b, i + 12), P2)) | 0, 13), P1);
      i += 16;
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = P5;
  }
  h = (h + len) | 0;
  while (i + 4 <= to) {
    h = Math.imul(rotl((h + Math.imul(read32(b, i), P3)) | 0, 17), P4);
    i += 4;
  }
  while (i < to) {
    h = Math.imul(rotl((h + Math.imul(b[i], P5)) | 0, 11), P1);
    i++;
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

let wasmH32: ((b: Uint8Array, seed?: number) => number) | null = null;

/** Loads xxhash-wasm; until it is loaded every key is hashed in JS (same results). */
export async function initHashing(): Promise<void> {
  const api = await xxhash();
  wasmH32 = api.h32Raw;
}

/** The slot of the key b[from, to), with Redis Cluster's hashtag rule. */
export function keySlot(b: Uint8Array, from: number, to: number): number {
  // Hash only what is between the first '{' and the next '}', when that is non-empty.
  for (let i = from; i < to; i++) {
    if (b[i] === 0x7b) {
      for (let j = i + 1; j < to; j++) {
        if (b[j] === 0x7d) {
          if (j > i + 1) { from = i + 1; to = j; }
          break;
        }
      }
      break;
    }
  }
  if (to - from >= WASM_MIN_KEY_LEN && wasmH32 !== null) return wasmH32(b.subarray(from, to), 0) & (SLOTS - 1);
  return xxh32(b, from, to) & (SLOTS - 1);
}

const scratch = Buffer.allocUnsafe(1024);

/** The slot of a key given as a latin1 string (keys that reach code as strings: scripts, tx steps). */
export function keySlotOfString(key: string): number {
  const b = key.length <= scratch.length ? scratch : Buffer.allocUnsafe(key.length);
  const n = b.latin1Write(key, 0);
  return keySlot(b, 0, n);
}

/** Slot → shard table: contiguous slot ranges, so a cluster mode can map ranges to nodes. */
export function slotTable(shards: number): Uint16Array {
  const t = new Uint16Array(SLOTS);
  const n = Math.max(1, shards);
  for (let s = 0; s < SLOTS; s++) t[s] = Math.floor((s * n) / SLOTS);
  return t;
}
