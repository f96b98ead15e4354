// Command-line options: a preset (--quick / --full) plus individual overrides.
import { findTest, TestDef } from './benchmark';
import { defaultShardCount } from '../src/server/config';

/** A Kunyu shard setting: a count, or null for Kunyu's own default (no --shards flag). */
export type ShardSetting = number | null;

export interface Options {
  preset: 'quick' | 'full';
  tests: TestDef[];
  runs: number;
  requests: number;
  clients: number[];
  pipelines: number[];
  /** Adds the -c 1 -P 1 single-connection latency shape. */
  singleConn: boolean;
  singleConnRequests: number;
  sizes: number[];
  keyspace: number;
  shards: ShardSetting[];
  timeoutSec: number;
  warmup: boolean;
  memoryKeys: number;
  memorySizes: number[];
  out: string | null;
  json: string | null;
  redisCmd: string;
  kunyuCmd: string | null;
  benchmarkCmd: string;
}

export const USAGE = `Usage: node native-bench/run.js [--quick | --full] [options]   (after npm run build)
       npm run bench [-- options]        quick preset
       npm run bench:full [-- options]   full preset

Presets:
  --quick                SET,GET; -c 50; -P 1,16; -d 3; 3 runs of 100000; memory with 100000 keys (default)
  --full                 all tests; -c 50 at -P 1,16 plus -c 1 -P 1; -d 3,1024; 5 runs of 100000;
                         memory with 1000000 keys
Matrix (override the preset):
  --tests a,b            redis-benchmark tests: set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,
                         zadd,zpopmin,lrange_100,mset,set_ex,ping_inline,ping_mbulk; "none" = memory
                         rows only (set_ex: SET key value EX 100000)
  --runs N               runs per cell and server (median and min-max are taken over these)
  --requests N           -n per run
  --clients a,b          -c values (crossed with --pipelines)
  --pipelines a,b        -P values
  --single-conn / --no-single-conn
                         add the -c 1 -P 1 latency shape
  --single-conn-requests N   -n for the -c 1 -P 1 shape (default 20000)
  --sizes a,b            -d values in bytes
  --keyspace N           -r value (default 100000, spreads keys over shards)
  --shards a,b           Kunyu shard counts; "default" = Kunyu's own default (no --shards flag)
  --timeout S            kill a redis-benchmark run after S seconds and record n/a (default 120)
  --no-warmup            skip the unrecorded warm-up run per server
Memory:
  --memory-keys N        keys loaded per memory row (0 or --no-memory skips memory rows)
  --memory-sizes a,b     value sizes in bytes (default 10,100)
Output (relative paths are relative to the repository root):
  --out FILE             rewrite the Latest section of FILE (default BENCHMARKS.md)
  --no-write             print the report only
  --json FILE            write raw per-run results as JSON
Servers:
  --redis-cmd "CMD"      redis-server command (env REDIS_SERVER_CMD; default redis-server)
  --kunyu-cmd "CMD"      kunyu command (env KUNYU_CMD; default: node bin/kunyu-server.js).
                         A command whose program is redis-server is treated as a stand-in and
                         gets no --shards flag.
  --benchmark-cmd CMD    redis-benchmark binary (env REDIS_BENCHMARK_CMD; default redis-benchmark)
Both servers get: --port <free port> --save '' --appendonly no (Kunyu also --shards N).
Commands are split on whitespace (no shell quoting).
`;

const ALL_TESTS = 'set,get,incr,lpush,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset,set_ex';

function presetOptions(preset: 'quick' | 'full'): Options {
  const quick = preset === 'quick';
  return {
    preset,
    tests: parseTests(quick ? 'set,get' : ALL_TESTS),
    runs: quick ? 3 : 5,
    requests: 100000,
    clients: [50],
    pipelines: [1, 16],
    singleConn: !quick,
    singleConnRequests: 20000,
    sizes: quick ? [3] : [3, 1024],
    keyspace: 100000,
    // Kunyu's default beside the other mode: inline, or one shard where the default is inline.
    shards: [null, defaultShardCount() === 0n ? 1 : 0],
    timeoutSec: 120,
    warmup: true,
    memoryKeys: quick ? 100000 : 1000000,
    memorySizes: [10, 100],
    out: 'BENCHMARKS.md',
    json: null,
    redisCmd: process.env.REDIS_SERVER_CMD || 'redis-server',
    kunyuCmd: process.env.KUNYU_CMD || null,
    benchmarkCmd: process.env.REDIS_BENCHMARK_CMD || 'redis-benchmark',
  };
}

function parseTests(list: string): TestDef[] {
  if (list === 'none') return [];
  return list.split(',').map((name) => {
    const test = findTest(name.trim());
    if (!test) throw new UsageError(`unknown test "${name}"`);
    return test;
  });
}

function parseCount(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer >= ${min}, got "${value}"`);
  return n;
}

function parseCounts(flag: string, value: string, min: number): number[] {
  return value.split(',').map((v) => parseCount(flag, v.trim(), min));
}

function parseShards(value: string): ShardSetting[] {
  return value.split(',').map((v) => (v.trim() === 'default' ? null : parseCount('--shards', v.trim(), 0)));
}

export class UsageError extends Error {}

/** How the options were chosen, for the report: flags beyond the preset's own change what it runs. */
export function presetLabel(argv: readonly string[], opts: Options): string {
  const overridden = argv.some((a) => a !== '--quick' && a !== '--full');
  return `${opts.preset} preset${overridden ? ' with overrides' : ''}`;
}

/** Returns null when --help was asked for. */
export function parseArgs(argv: readonly string[]): Options | null {
  if (argv.includes('--help') || argv.includes('-h')) return null;
  // The last preset flag wins, so `npm run bench -- --full` (argv: --quick --full) means full.
  const preset = argv.lastIndexOf('--full') > argv.lastIndexOf('--quick') ? 'full' : 'quick';
  const opts = presetOptions(preset);
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--quick':
      case '--full':
        break; // applied above, before the overrides
      case '--tests': opts.tests = parseTests(value()); break;
      case '--runs': opts.runs = parseCount(flag, value(), 1); break;
      case '--requests': opts.requests = parseCount(flag, value(), 1); break;
      case '--clients': opts.clients = parseCounts(flag, value(), 1); break;
      case '--pipelines': opts.pipelines = parseCounts(flag, value(), 1); break;
      case '--single-conn': opts.singleConn = true; break;
      case '--no-single-conn': opts.singleConn = false; break;
      case '--single-conn-requests': opts.singleConnRequests = parseCount(flag, value(), 1); break;
      case '--sizes': opts.sizes = parseCounts(flag, value(), 1); break;
      case '--keyspace': opts.keyspace = parseCount(flag, value(), 1); break;
      case '--shards': opts.shards = parseShards(value()); break;
      case '--timeout': opts.timeoutSec = parseCount(flag, value(), 1); break;
      case '--no-warmup': opts.warmup = false; break;
      case '--memory-keys': opts.memoryKeys = parseCount(flag, value(), 0); break;
      case '--no-memory': opts.memoryKeys = 0; break;
      case '--memory-sizes': opts.memorySizes = parseCounts(flag, value(), 1); break;
      case '--out': opts.out = value(); break;
      case '--no-write': opts.out = null; break;
      case '--json': opts.json = value(); break;
      case '--redis-cmd': opts.redisCmd = value(); break;
      case '--kunyu-cmd': opts.kunyuCmd = value(); break;
      case '--benchmark-cmd': opts.benchmarkCmd = value(); break;
      default:
        throw new UsageError(`unknown option "${raw}"`);
    }
  }
  return opts;
}
