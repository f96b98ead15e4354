// Micro-benchmark of the longest single write to a db's expiry times: N keys get a TTL one by
// one (the table grows), then expire one by one (it shrinks). A table that rehashes all at once
// stalls every client of the shard for that write; an incremental one spreads the work.
// Prints the longest write each way and every write over 2 ms (index: ms). GC pauses land in it
// too, as they would in a server.
// Run: npm run build && node dist/native-bench/ttl-stall-micro.js [keys, default 2100000]
import { performance } from 'node:perf_hooks';
import { Db } from '../src/store/keyspace';
import { ShardStats } from '../src/engine/stats';
import { commandsById } from '../src/commands/table';

function main(): void {
  const n = Number(process.argv[2] ?? 2_100_000);
  const db = new Db(0, new ShardStats(1, commandsById.length));
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(`key:${String(i).padStart(12, '0')}`);
  for (const k of keys) db.set(k, 'v', 0);
  const now = Date.now();
  const longest = (write: (i: number) => void): string => {
    let max = 0;
    const slow: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      write(i);
      const ms = performance.now() - t;
      if (ms > max) max = ms;
      if (ms > 2) slow.push(`${i}: ${ms.toFixed(1)}`);
    }
    return `longest ${max.toFixed(1)} ms; over 2 ms at ${slow.join(', ') || 'none'}`;
  };
  console.log(`${n} keys get a TTL:  ${longest((i) => db.setExpire(keys[i], now + 1000 + i))}`);
  console.log(`${n} keys expire:     ${longest((i) => db.expireIfDue(keys[i], now + 1e10))}`);
}

main();
