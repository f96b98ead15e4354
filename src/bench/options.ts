import { TEST_NAMES } from './commands';

export interface BenchOptions {
  host: string;
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  dataSize: number;
  /** Range of __rand_int__ values; null leaves __rand_int__ in commands literally (like redis-benchmark). */
  keyspaceLen: number | null;
  /** Selected test names (lowercase), or null for all. */
  tests: string[] | null;
  /** Command to benchmark instead of the tests. */
  template: string[] | null;
  durationSec: number | null;
  warmupSec: number;
  resp3: boolean;
  quiet: boolean;
  csv: boolean;
  json: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** __rand_int__ is replaced by exactly 12 digits, so the keyspace cannot exceed 10^12. */
const MAX_KEYSPACE_LEN = 1e12;

export const USAGE = `Usage: kunyu-bench [OPTIONS] [-- COMMAND ARGS...]

RESP load generator for Redis-compatible servers. Flags follow redis-benchmark.

Options:
 -h <hostname>      Server hostname (default 127.0.0.1)
 -p <port>          Server port (default 6379)
 -c <clients>       Number of parallel connections (default 50)
 -n <requests>      Total number of requests per test (default 100000)
 -d <size>          Data size in bytes of SET/GET values and of __data__ (default 3)
 -P <numreq>        Pipeline <numreq> requests per connection (default 1)
 -r <keyspacelen>   Replace __rand_int__ with a random zero-padded 12-digit
                    number in [0, keyspacelen), e.g. key:000000012345.
                    Without -r, __rand_int__ is sent as is (one key).
 -t <tests>         Comma-separated tests to run (default: all):
                    ping_inline, ping_mbulk, set, get, incr, lpush, rpush,
                    lpop, rpop, sadd, hset, spop, zadd, zpopmin, lrange_100,
                    lrange_300, lrange_500, lrange_600, mset
                    ("ping" and "lrange" select their whole group)
 --duration <sec>   Run each test for <sec> seconds instead of -n requests
 --warmup <sec>     Send unmeasured load for <sec> seconds before each test
 -3, --resp3        Send HELLO 3 on each connection first
 -q                 Quiet: one line per test
 --csv              Output in CSV format
 --json             Output one JSON document on stdout
 --help             Output this help and exit

A command after -- (or after the options) is benchmarked instead of the tests:
__rand_int__ is replaced as with -r, and __data__ by -d bytes of 'x'.

Latency is measured per request, from the write of its pipeline batch to the
arrival of its reply, and reported in milliseconds.

Examples:
 kunyu-bench -p 6379 -c 50 -n 200000 -P 16 -r 100000 -t set,get -q
 kunyu-bench -r 100000 --duration 5 --json -- SET key:__rand_int__ __data__
`;

function parseInteger(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${flag} needs an integer argument`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}`);
  return value;
}

function parseSeconds(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
    throw new UsageError(`${flag} needs a positive number of seconds`);
  }
  return Number(text);
}

function parseTests(text: string | undefined): string[] {
  if (text === undefined || text === '') throw new UsageError('-t needs a comma-separated list of tests');
  const names = text.toLowerCase().split(',').filter((name) => name !== '');
  for (const name of names) {
    if (!TEST_NAMES.includes(name)) throw new UsageError(`Unknown test "${name}"`);
  }
  return names;
}

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    host: '127.0.0.1',
    port: 6379,
    clients: 50,
    requests: 100000,
    pipeline: 1,
    dataSize: 3,
    keyspaceLen: null,
    tests: null,
    template: null,
    durationSec: null,
    warmupSec: 0,
    resp3: false,
    quiet: false,
    csv: false,
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (arg) {
      case '-h':
        options.host = value() ?? '';
        if (options.host === '') throw new UsageError('-h needs a hostname');
        break;
      case '-p':
        options.port = parseInteger(arg, value(), 1, 65535);
        break;
      case '-c':
        options.clients = parseInteger(arg, value(), 1);
        break;
      case '-n':
        options.requests = parseInteger(arg, value(), 1);
        break;
      case '-P':
        options.pipeline = parseInteger(arg, value(), 1);
        break;
      case '-d':
        options.dataSize = parseInteger(arg, value(), 0, 512 * 1024 * 1024);
        break;
      case '-r':
        options.keyspaceLen = parseInteger(arg, value(), 1, MAX_KEYSPACE_LEN);
        break;
      case '-t':
        options.tests = parseTests(value());
        break;
      case '--duration':
        options.durationSec = parseSeconds(arg, value());
        break;
      case '--warmup':
        options.warmupSec = parseSeconds(arg, value());
        break;
      case '-3':
      case '--resp3':
        options.resp3 = true;
        break;
      case '-q':
        options.quiet = true;
        break;
      case '--csv':
        options.csv = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--help':
        options.help = true;
        break;
      case '--':
        options.template = argv.slice(i + 1);
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
        options.template = argv.slice(i);
        i = argv.length;
    }
  }
  if (options.template !== null && options.template.length === 0) throw new UsageError('Empty command after --');
  if (options.template !== null && options.tests !== null) throw new UsageError('-t cannot be combined with a command');
  if (options.csv && options.json) throw new UsageError('--csv and --json are mutually exclusive');
  return options;
}
