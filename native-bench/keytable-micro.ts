// Micro-benchmark behind the keyspace's table: JS Map vs KeyTable (src/store/keytable.ts) for
// GET-like lookups: 100k keys of 16 bytes, each lookup with a fresh key string made from a
// request buffer, keys drawn at random (cache misses included, as in a server), plus the cost of
// making the key string alone. Median of 5 rounds, ns per lookup.
// Run: npm run build && node dist/native-bench/keytable-micro.js
import { KeyTable } from '../src/store/keytable';
import { createRecord, F_META } from '../src/store/records';
import { strings } from '../src/store/slab';

const KEYS = 100_000;
const LOOKUPS = 2_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const names: string[] = [];
  for (let i = 0; i < KEYS; i++) names.push(`key:${String(i).padStart(12, '0')}`);
  const map = new Map<string, number>();
  const table = new KeyTable();
  for (const k of names) {
    const rec = createRecord(k, `v${k.slice(-9)}`, 0);
    map.set(k, rec);
    table.set(k, rec);
  }
  // Requests: random keys back to back in one buffer, as in a socket read.
  const order = Array.from({ length: 1 << 18 }, () => Math.floor(Math.random() * KEYS));
  const req = Buffer.from(order.map((i) => names[i]).join(''), 'latin1');
  const len = 16;
  const mask = order.length - 1;
  let sink = 0;
  const time = (lookup: ((k: string) => number | undefined) | null): number => {
    const t = process.hrtime.bigint();
    for (let q = 0; q < LOOKUPS; q++) {
      const at = (q & mask) * len;
      const key = req.latin1Slice(at, at + len);
      if (lookup === null) sink += key.length;
      else sink += strings.int(lookup(key)!, F_META);
    }
    return Number(process.hrtime.bigint() - t) / LOOKUPS;
  };
  const rows: Record<string, number[]> = { 'key string only': [], 'Map.get': [], 'KeyTable.get': [] };
  for (let round = 0; round < 5; round++) {
    rows['key string only'].push(time(null));
    rows['Map.get'].push(time((k) => map.get(k)));
    rows['KeyTable.get'].push(time((k) => table.get(k)));
  }
  console.log(`| ${KEYS} keys, random lookups | ns per lookup (median of 5) |`);
  console.log('|---|---:|');
  for (const [name, xs] of Object.entries(rows)) console.log(`| ${name} | ${median(xs).toFixed(0)} |`);
  if (sink === 42) console.log('');
}

main();
