// Micro-benchmark behind the router's hashing choice: xxhash32 in plain JS vs xxhash-wasm's
// h32Raw, on keys of 5 to 256 bytes (median of 5 rounds, million hashes per second).
// Run: npm run build && node dist/native-bench/hash-micro.js
import xxhash from 'xxhash-wasm';
import { xxh32 } from '../src/engine/hash';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const wasm = await xxhash();
  const lengths = [5, 10, 20, 40, 64, 96, 128, 256];
  console.log('| key bytes | JS Mhash/s | WASM Mhash/s | JS/WASM |');
  console.log('|---|---|---|---|');
  for (const len of lengths) {
    const keys: Buffer[] = [];
    for (let i = 0; i < 1024; i++) keys.push(Buffer.from(`key:${i}:`.padEnd(len, 'x').slice(0, len)));
    // One big buffer with the keys back to back, as keys sit in the parser's input.
    const buf = Buffer.concat(keys);
    const n = 2_000_000;
    const js: number[] = [];
    const wa: number[] = [];
    let sink = 0;
    for (let round = 0; round < 5; round++) {
      let t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const off = (i & 1023) * len;
        sink ^= xxh32(buf, off, off + len);
      }
      js.push(n / (Number(process.hrtime.bigint() - t) / 1e9) / 1e6);
      t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const off = (i & 1023) * len;
        sink ^= wasm.h32Raw(buf.subarray(off, off + len), 0);
      }
      wa.push(n / (Number(process.hrtime.bigint() - t) / 1e9) / 1e6);
    }
    const j = median(js);
    const w = median(wa);
    console.log(`| ${len} | ${j.toFixed(1)} | ${w.toFixed(1)} | ${(j / w).toFixed(2)} |`);
    if (sink === 0.5) console.log(sink);
  }
}

void main();
