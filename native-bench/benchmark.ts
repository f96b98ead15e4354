// Running one redis-benchmark test with a hard timeout and parsing its --csv output.
//
// redis-benchmark 7.0 exits with status 1 at the first error reply ("Error from server: ERR
// unknown command ...") and abandons any remaining tests of that invocation; it waits forever
// on a server that never answers. Hence: one test per invocation, and a kill timer.
import { spawnTracked } from './processes';

export interface TestDef {
  /** Name shown in the report (redis-benchmark's own test name). */
  name: string;
  /**
   * What redis-benchmark measures: a `-t` test or a literal command. In a literal command,
   * `__data__` stands for a value of the cell's size (redis-benchmark 7.0 does not substitute it).
   */
  args: readonly string[];
  /** Unmeasured `-t` test run first so the measured test reads real data rather than empty keys. */
  fill?: string;
}

// LRANGE_100 is issued as the literal command redis-benchmark itself uses, because `-t lrange_100`
// runs its own LPUSH fill inside the same invocation, which would pollute the CPU measurement.
export const TESTS: readonly TestDef[] = [
  { name: 'PING_INLINE', args: ['-t', 'ping_inline'] },
  { name: 'PING_MBULK', args: ['-t', 'ping_mbulk'] },
  { name: 'SET', args: ['-t', 'set'] },
  { name: 'GET', args: ['-t', 'get'], fill: 'set' },
  { name: 'INCR', args: ['-t', 'incr'] },
  { name: 'LPUSH', args: ['-t', 'lpush'] },
  { name: 'RPUSH', args: ['-t', 'rpush'] },
  { name: 'LPOP', args: ['-t', 'lpop'], fill: 'lpush' },
  { name: 'RPOP', args: ['-t', 'rpop'], fill: 'lpush' },
  { name: 'SADD', args: ['-t', 'sadd'] },
  { name: 'HSET', args: ['-t', 'hset'] },
  { name: 'SPOP', args: ['-t', 'spop'], fill: 'sadd' },
  { name: 'ZADD', args: ['-t', 'zadd'] },
  { name: 'ZPOPMIN', args: ['-t', 'zpopmin'], fill: 'zadd' },
  { name: 'LRANGE_100', args: ['LRANGE', 'mylist', '0', '99'], fill: 'lpush' },
  { name: 'MSET', args: ['-t', 'mset'] },
  // SET with a TTL, as caches use it: every key also gets an expiry time.
  { name: 'SET_EX', args: ['SET', 'key:__rand_int__', '__data__', 'EX', '100000'] },
];

export function findTest(name: string): TestDef | undefined {
  return TESTS.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

export interface LoadShape {
  clients: number;
  pipeline: number;
  dataSize: number;
  requests: number;
  keyspace: number;
}

export interface BenchResult {
  rps: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export type BenchOutcome = { ok: true; result: BenchResult; wallMs: number } | { ok: false; error: string; wallMs: number };

export async function runBenchmark(
  benchmarkCmd: string,
  port: number,
  shape: LoadShape,
  testArgs: readonly string[],
  timeoutMs: number,
): Promise<BenchOutcome> {
  const args = [
    '-h', '127.0.0.1',
    '-p', String(port),
    '-c', String(shape.clients),
    '-P', String(shape.pipeline),
    '-n', String(shape.requests),
    '-r', String(shape.keyspace),
    '-d', String(shape.dataSize),
    '--csv',
    ...testArgs.map((a) => (a === '__data__' ? 'x'.repeat(shape.dataSize) : a)),
  ];
  const started = Date.now();
  const child = spawnTracked(benchmarkCmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exitCode = await new Promise<number | string>((resolve) => {
    child.once('error', (err) => resolve(err.message));
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  clearTimeout(timer);
  const wallMs = Date.now() - started;

  if (timedOut) return { ok: false, error: `timeout after ${Math.round(timeoutMs / 1000)} s`, wallMs };
  const serverError = /^Error(?: from server)?: (.*)$/m.exec(stderr);
  if (serverError) return { ok: false, error: shortenError(serverError[1]), wallMs };
  if (exitCode !== 0) return { ok: false, error: `redis-benchmark exit ${exitCode}: ${lastLine(stderr)}`, wallMs };
  const result = parseCsv(stdout);
  if (!result) return { ok: false, error: `no result row in output: ${lastLine(stdout)}`, wallMs };
  return { ok: true, result, wallMs };
}

/** Takes the last data row: each invocation runs exactly one measured test. */
export function parseCsv(stdout: string): BenchResult | null {
  const rows = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('"') && !line.startsWith('"test"'));
  if (rows.length === 0) return null;
  // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  const cells = rows[rows.length - 1].split('","').map((c) => c.replace(/"/g, ''));
  const numbers = cells.slice(1).map(Number);
  if (numbers.length < 7 || numbers.some((n) => !Number.isFinite(n))) return null;
  const [rps, avgMs, , p50Ms, p95Ms, p99Ms, maxMs] = numbers;
  return { rps, avgMs, p50Ms, p95Ms, p99Ms, maxMs };
}

/** "ERR unknown command 'LPUSH', with args beginning with: ..." -> "ERR unknown command 'LPUSH'" */
function shortenError(message: string): string {
  return message.replace(/, with args beginning with:.*$/, '').trim();
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.slice(0, 200) ?? '';
}
