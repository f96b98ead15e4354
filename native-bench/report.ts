// Aggregating runs (median, min-max) and rendering/updating BENCHMARKS.md.
import * as fs from 'fs';
import { BenchResult } from './benchmark';
import { MachineInfo } from './machine';
import { CpuUsage } from './processes';

export interface Cell {
  test: string;
  clients: number;
  pipeline: number;
  dataSize: number;
  requests: number;
}

export interface RunRecord {
  cell: Cell;
  server: string;
  run: number;
  ok: boolean;
  error?: string;
  result?: BenchResult;
  cpu?: CpuUsage;
  wallMs: number;
}

export interface MemoryRecord {
  server: string;
  valueSize: number;
  keys: number;
  rssBeforeBytes?: number;
  rssAfterBytes?: number;
  usedMemoryBefore?: number | null;
  usedMemoryAfter?: number | null;
  error?: string;
}

export interface ServerInfo {
  id: string;
  label: string;
  commandLine: string;
}

export interface ReportInput {
  date: Date;
  commandLine: string;
  /** How the options were chosen: "quick preset", or "full preset with overrides" when flags changed it. */
  preset: string;
  machine: MachineInfo;
  servers: ServerInfo[];
  standIn: string | null;
  runs: number;
  keyspace: number;
  timeoutSec: number;
  records: RunRecord[];
  memory: MemoryRecord[];
  elapsedSec: number;
}

export const LATEST_START = '<!-- bench:latest:start -->';
export const LATEST_END = '<!-- bench:latest:end -->';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Summary {
  okRuns: number;
  totalRuns: number;
  errors: string[];
  rps?: { median: number; min: number; max: number };
  p50Ms?: number;
  p99Ms?: number;
  cpuUsPerReq?: { total: number; main: number; other: number };
}

function summarize(records: RunRecord[]): Summary {
  const ok = records.filter((r) => r.ok && r.result);
  const errors = [...new Set(records.filter((r) => !r.ok).map((r) => r.error ?? 'failed'))];
  const summary: Summary = { okRuns: ok.length, totalRuns: records.length, errors };
  if (ok.length === 0) return summary;
  const results = ok.map((r) => r.result as BenchResult);
  const rps = results.map((r) => r.rps);
  summary.rps = { median: median(rps), min: Math.min(...rps), max: Math.max(...rps) };
  summary.p50Ms = median(results.map((r) => r.p50Ms));
  summary.p99Ms = median(results.map((r) => r.p99Ms));
  const withCpu = ok.filter((r) => r.cpu);
  if (withCpu.length > 0) {
    const perReq = (pick: (c: CpuUsage) => number): number =>
      median(withCpu.map((r) => pick(r.cpu as CpuUsage) / 1000 / r.cell.requests));
    summary.cpuUsPerReq = { total: perReq((c) => c.totalNs), main: perReq((c) => c.mainNs), other: perReq((c) => c.otherNs) };
  }
  return summary;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const kilo = (n: number): string => (n >= 10000 ? `${(n / 1000).toFixed(0)}k` : `${(n / 1000).toFixed(1)}k`);
const ms = (n: number | undefined): string => (n === undefined ? '' : n.toFixed(3));
const us = (n: number | undefined): string => (n === undefined ? '' : n.toFixed(2));
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

function shapeKey(c: Cell): string {
  return `${c.clients}/${c.pipeline}/${c.dataSize}/${c.requests}`;
}

function shapeTitle(c: Cell): string {
  return `-c ${c.clients} -P ${c.pipeline} -d ${c.dataSize} -n ${c.requests}`;
}

function shapeShort(c: Cell): string {
  return `c${c.clients} P${c.pipeline} d${c.dataSize}`;
}

function naText(s: Summary): string {
  return `n/a (${s.errors.join('; ') || 'no runs'})`;
}

export function renderLatest(input: ReportInput): string {
  const out: string[] = [];
  const { machine } = input;
  const redisId = input.servers[0].id;
  const kunyuServers = input.servers.slice(1);
  out.push(`Generated ${input.date.toISOString()} by \`${input.commandLine}\` (${input.preset}, ${Math.round(input.elapsedSec)} s).`);
  out.push('');
  if (input.standIn) {
    out.push(`> **Stand-in:** the kunyu slot ran \`${input.standIn}\`, not Kunyu. These numbers only exercise the harness.`);
    out.push('');
  }
  out.push('| machine | |');
  out.push('|---|---|');
  out.push(`| CPU | ${machine.cpuModel}, ${machine.cores} cores |`);
  out.push(`| OS | ${machine.os} |`);
  out.push(`| Node | ${machine.node} |`);
  out.push(`| redis-server | ${machine.redisServer} |`);
  out.push(`| redis-benchmark | ${machine.redisBenchmark} |`);
  out.push(`| Kunyu | ${machine.kunyu} |`);
  out.push('');
  out.push(`Servers (each also gets \`--port <free port> --save '' --appendonly no\`):`);
  out.push('');
  for (const s of input.servers) out.push(`- **${s.label}**: \`${s.commandLine}\``);
  out.push('');
  out.push(
    `${input.runs} run(s) per cell and server, interleaved in alternating order; \`-r ${input.keyspace}\`; ` +
      `runs killed after ${input.timeoutSec} s.`,
  );
  out.push('');

  // Group records: shape -> test -> server -> runs.
  const shapes = new Map<string, Cell>();
  const groups = new Map<string, RunRecord[]>();
  const tests: string[] = [];
  for (const r of input.records) {
    shapes.set(shapeKey(r.cell), r.cell);
    if (!tests.includes(r.cell.test)) tests.push(r.cell.test);
    const key = `${shapeKey(r.cell)}|${r.cell.test}|${r.server}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const summaryOf = (shape: Cell, test: string, server: string): Summary =>
    summarize(groups.get(`${shapeKey(shape)}|${test}|${server}`) ?? []);
  const ratio = (shape: Cell, test: string, server: string): string => {
    const redis = summaryOf(shape, test, redisId).rps;
    const kunyu = summaryOf(shape, test, server).rps;
    return redis && kunyu ? `${(kunyu.median / redis.median).toFixed(2)}×` : 'n/a';
  };

  if (shapes.size > 0) {
    out.push('### kunyu/redis (median ops/s ratio; > 1 means Kunyu is faster)');
    out.push('');
    const shapeList = [...shapes.values()];
    out.push(`| test | kunyu | ${shapeList.map(shapeShort).join(' | ')} |`);
    out.push(`|---|---|${shapeList.map(() => '---:').join('|')}|`);
    for (const test of tests) {
      for (const k of kunyuServers) {
        out.push(`| ${test} | ${k.label} | ${shapeList.map((shape) => ratio(shape, test, k.id)).join(' | ')} |`);
      }
    }
    out.push('');

    for (const shape of shapeList) {
      out.push(`### \`${shapeTitle(shape)}\``);
      out.push('');
      out.push('| test | server | ops/s (median) | min–max | kunyu/redis | p50 ms | p99 ms | CPU µs/req | main thread µs/req | other threads µs/req |');
      out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
      for (const test of tests) {
        for (const server of input.servers) {
          const s = summaryOf(shape, test, server.id);
          if (s.totalRuns === 0) continue;
          const runsNote = s.okRuns < s.totalRuns ? ` (${s.okRuns}/${s.totalRuns} runs)` : '';
          if (!s.rps) {
            out.push(`| ${test} | ${server.label} | ${naText(s)} | | | | | | | |`);
            continue;
          }
          const vsRedis = server.id === redisId ? '' : ratio(shape, test, server.id);
          const cpu = s.cpuUsPerReq;
          out.push(
            `| ${test} | ${server.label} | ${int(s.rps.median)}${runsNote} | ${kilo(s.rps.min)}–${kilo(s.rps.max)} | ${vsRedis} | ` +
              `${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${us(cpu?.total)} | ${us(cpu?.main)} | ${us(cpu?.other)} |`,
          );
        }
      }
      out.push('');
    }
  }

  if (input.memory.length > 0) {
    out.push('### Memory after loading keys (`SET key:<i> <value>`, fresh server each row)');
    out.push('');
    out.push('| value bytes | server | keys | RSS | RSS bytes/key | used_memory | used_memory bytes/key |');
    out.push('|---:|---|---:|---:|---:|---:|---:|');
    for (const m of input.memory) {
      const label = input.servers.find((s) => s.id === m.server)?.label ?? m.server;
      if (m.error !== undefined || m.rssAfterBytes === undefined || m.rssBeforeBytes === undefined) {
        out.push(`| ${m.valueSize} | ${label} | ${int(m.keys)} | n/a (${m.error ?? 'failed'}) | | | |`);
        continue;
      }
      const rssPerKey = (m.rssAfterBytes - m.rssBeforeBytes) / m.keys;
      const used =
        m.usedMemoryAfter != null && m.usedMemoryBefore != null
          ? [mib(m.usedMemoryAfter), ((m.usedMemoryAfter - m.usedMemoryBefore) / m.keys).toFixed(1)]
          : ['n/a', 'n/a'];
      out.push(`| ${m.valueSize} | ${label} | ${int(m.keys)} | ${mib(m.rssAfterBytes)} | ${rssPerKey.toFixed(1)} | ${used[0]} | ${used[1]} |`);
    }
    out.push('');
    out.push('Bytes/key = (after load − before load) ÷ keys, so the empty server\'s baseline is excluded.');
    out.push('');
  }
  return out.join('\n');
}

const INTRO = `# Benchmarks

Side-by-side numbers for Kunyu and redis-server, produced by the harness in \`native-bench/\`.

## How to run

\`\`\`sh
apt-get install -y redis-server redis-tools   # once: redis-server and redis-benchmark
npm run bench                                 # quick: SET/GET, -c 50, -P 1 and 16, -d 3, 3 runs (a few minutes)
npm run bench:full                            # full matrix, 5 runs each (roughly an hour on 2 cores)
npm run bench -- --tests set,incr --runs 5 --pipelines 16 --no-memory   # any subset
node native-bench/run.js --help               # every option (after npm run build)
\`\`\`

The harness starts redis-server and kunyu-server on free ports, both without persistence
(\`--save '' --appendonly no\`), Kunyu once per shard setting (its default, and \`--shards 0\` = inline, or \`--shards 1\` where the default is inline),
runs one redis-benchmark test per invocation against each server, and rewrites the **Latest**
section below. It never touches **History**.

## How to read the numbers

- **ops/s** is the median of N runs; **min–max** is the spread. Differences smaller than the spread are noise.
- **kunyu/redis** = Kunyu's median ops/s ÷ Redis's median ops/s for the same cell: 1.00× is parity,
  0.50× means half of Redis's throughput, above 1 means faster.
- **p50/p99** are redis-benchmark's per-run latency percentiles in ms, median across runs.
- **CPU µs/req** is the server process's CPU time during the run ÷ requests (all threads, from
  \`/proc/<pid>/task/*/schedstat\`). **main thread** is the thread whose tid equals the pid (Kunyu's
  acceptor, Redis's event loop); at \`-P 16\` that column is the acceptor CPU cost per command.
  **other threads** are everything else (Kunyu's shard workers plus V8/libuv helpers).
- Runs are interleaved (redis, kunyu, the other Kunyu mode, then reversed on the next run) so machine
  noise hits every server alike, with FLUSHALL before each run. GET, LPOP/RPOP, SPOP, ZPOPMIN and
  LRANGE_100 first get an unmeasured fill (SET, LPUSH, SADD, ZADD, LPUSH) so they read real data.
- **n/a** means the run failed or timed out; redis-benchmark exits at the first error reply (such as
  \`ERR unknown command\`), and the reason is shown.
- redis-benchmark, the server and Kunyu's shard workers share the machine's cores; on small machines
  compare ratios rather than absolute numbers.

## Latest

${LATEST_START}
${LATEST_END}

## History

Notes added by hand (date, commit, what changed, what moved). The harness never edits this section.
`;

/** Replaces the Latest block of `file`, creating the file from the template if needed. */
export function writeLatest(file: string, latest: string): void {
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : INTRO;
  if (!text.includes(LATEST_START) || !text.includes(LATEST_END)) {
    // Markers were removed by hand: put a fresh Latest section before History (or at the end).
    const block = `## Latest\n\n${LATEST_START}\n${LATEST_END}\n\n`;
    const history = text.indexOf('## History');
    text = history >= 0 ? text.slice(0, history) + block + text.slice(history) : `${text.trimEnd()}\n\n${block}`;
  }
  const start = text.indexOf(LATEST_START) + LATEST_START.length;
  const end = text.indexOf(LATEST_END, start);
  fs.writeFileSync(file, `${text.slice(0, start)}\n${latest.trimEnd()}\n${text.slice(end)}`);
}
