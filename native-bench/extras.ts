// Side-by-side numbers redis-benchmark cannot produce: a MULTI with 4 SETs and EXEC per round
// trip, and PUBLISH to 1 and to 50 subscribers (deliveries counted). Servers are interleaved run
// by run; medians and min–max of N runs. Usage (after npm run build):
//   node dist/native-bench/extras.js [--runs 3] [--seconds 3] [--shards 1,0] [--no-write]
// It rewrites the section between <!-- bench:extras:start --> and <!-- bench:extras:end --> of
// BENCHMARKS.md.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipReply } from '../src/protocol/reply-reader';
import { startServer, stopServer, type ServerSpec } from './servers';

const ROOT = path.join(__dirname, '..', '..');

function encode(args: string[]): Buffer {
  return Buffer.from(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
}

/** A connection that sends a batch and counts complete replies. */
class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private want = 0;
  private done: (() => void) | null = null;
  replies = 0;
  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      let pos = 0;
      for (;;) {
        const end = skipReply(this.buf, pos, this.buf.length);
        if (end < 0) break;
        pos = end;
        this.replies++;
      }
      this.buf = this.buf.subarray(pos);
      if (this.done !== null && this.replies >= this.want) { const f = this.done; this.done = null; f(); }
    });
  }
  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }
  /** Sends a batch and resolves when `count` more replies have arrived. */
  roundTrip(batch: Buffer, count: number): Promise<void> {
    this.want = this.replies + count;
    return new Promise((resolve) => {
      this.done = resolve;
      this.socket.write(batch);
    });
  }
  close(): void { this.socket.destroy(); }
}

/** Transactions per second: `clients` connections each looping MULTI, 4 SETs, EXEC for `ms`. */
async function multiExec(port: number, clients: number, ms: number): Promise<number> {
  const conns = await Promise.all(Array.from({ length: clients }, () => Conn.open(port)));
  let transactions = 0;
  const deadline = Date.now() + ms;
  await Promise.all(conns.map(async (c, i) => {
    let n = 0;
    while (Date.now() < deadline) {
      const k = `tx:${i}:${n++ % 1000}`;
      const batch = Buffer.concat([encode(['MULTI']), encode(['SET', `${k}:a`, 'v']), encode(['SET', `${k}:b`, 'v']),
        encode(['SET', `${k}:c`, 'v']), encode(['SET', `${k}:d`, 'v']), encode(['EXEC'])]);
      await c.roundTrip(batch, 6);
      transactions++;
    }
  }));
  for (const c of conns) c.close();
  return transactions / (ms / 1000);
}

/** Messages delivered per second with `subscribers` subscribed and 4 publishers pipelining 16. */
async function publish(port: number, subscribers: number, ms: number): Promise<{ published: number; delivered: number }> {
  const subs = await Promise.all(Array.from({ length: subscribers }, () => Conn.open(port)));
  await Promise.all(subs.map((s) => s.roundTrip(encode(['SUBSCRIBE', 'bench']), 1)));
  const base = subs.map((s) => s.replies);
  const pubs = await Promise.all(Array.from({ length: 4 }, () => Conn.open(port)));
  const batch = Buffer.concat(Array.from({ length: 16 }, () => encode(['PUBLISH', 'bench', 'hello world'])));
  let published = 0;
  const deadline = Date.now() + ms;
  await Promise.all(pubs.map(async (p) => {
    while (Date.now() < deadline) {
      await p.roundTrip(batch, 16);
      published += 16;
    }
  }));
  await new Promise((r) => setTimeout(r, 200));
  const delivered = subs.reduce((t, s, i) => t + s.replies - base[i], 0);
  for (const c of [...subs, ...pubs]) c.close();
  return { published: published / (ms / 1000), delivered: delivered / (ms / 1000) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const runs = Number(opt('--runs', '3'));
  const ms = Number(opt('--seconds', '3')) * 1000;
  const shards = opt('--shards', '1,0').split(',');
  const servers: ServerSpec[] = [
    { id: 'redis', label: 'redis', argv: ['redis-server'], extraArgs: [] },
    ...shards.map((s) => ({ id: `kunyu-s${s}`, label: `kunyu --shards ${s}`, argv: [process.execPath, path.join(ROOT, 'bin', 'kunyu-server.js')], extraArgs: ['--shards', s] })),
  ];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kunyu-extras-'));
  const rows = [
    { name: 'MULTI + 4×SET + EXEC, 50 clients (transactions/s)', run: async (port: number) => multiExec(port, 50, ms) },
    { name: 'PUBLISH, 1 subscriber (messages delivered/s)', run: async (port: number) => (await publish(port, 1, ms)).delivered },
    { name: 'PUBLISH, 50 subscribers (messages delivered/s)', run: async (port: number) => (await publish(port, 50, ms)).delivered },
  ];
  const results = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? servers : [...servers].reverse();
    for (const spec of order) {
      const server = await startServer(spec, work);
      try {
        for (const row of rows) {
          const v = await row.run(server.port);
          const key = `${row.name}|${spec.id}`;
          results.set(key, [...(results.get(key) ?? []), v]);
          process.stderr.write(`[${r + 1}/${runs}] ${spec.label} ${row.name}: ${fmt(v)}\n`);
        }
      } finally {
        await stopServer(server);
      }
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  const lines = ['| benchmark | ' + servers.map((s) => s.label).join(' | ') + ' | ' + servers.slice(1).map((s) => `${s.label}/redis`).join(' | ') + ' |',
    '|---|' + servers.map(() => '---:|').join('') + servers.slice(1).map(() => '---:|').join('')];
  for (const row of rows) {
    const med = servers.map((s) => median(results.get(`${row.name}|${s.id}`)!));
    const spread = servers.map((s) => { const v = results.get(`${row.name}|${s.id}`)!; return `${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`; });
    lines.push(`| ${row.name} | ${med.map((m, i) => `${fmt(m)} (${spread[i]})`).join(' | ')} | ${med.slice(1).map((m) => `${(m / med[0]).toFixed(2)}×`).join(' | ')} |`);
  }
  const section = [`Command: \`node dist/native-bench/extras.js --runs ${runs} --seconds ${ms / 1000} --shards ${shards.join(',')}\`,`,
    `${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}. Median (min–max) of ${runs} runs.`,
    '', ...lines].join('\n');
  process.stdout.write(section + '\n');
  if (!args.includes('--no-write')) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const text = fs.readFileSync(file, 'utf8');
    const start = '<!-- bench:extras:start -->';
    const end = '<!-- bench:extras:end -->';
    const block = `${start}\n${section}\n${end}`;
    fs.writeFileSync(file, text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${text}\n## Transactions and Pub/Sub\n\n${block}\n`);
  }
}

void main();
