import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import Redis from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from './support/servers';

const BENCH_BIN = path.resolve(__dirname, '../../bin/kunyu-bench.js');

interface BenchRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface JsonTest {
  test: string;
  count: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  rps: number;
  latencyMs: { avg: number; min: number; p50: number; p90: number; p99: number; p99_9: number; max: number };
}

let port = 0;
let server: ChildProcess | null = null;
let redis: Redis;

async function waitForServer(targetPort: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(targetPort, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not start on port ${targetPort}`);
}

function runBench(args: string[], targetPort = port): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH_BIN, '-p', String(targetPort), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runJson(args: string[]): Promise<JsonTest[]> {
  const run = await runBench(['--json', ...args]);
  assert.is(run.code, 0, `kunyu-bench failed: ${run.stderr}`);
  const document = JSON.parse(run.stdout) as { tests: JsonTest[] };
  for (const result of document.tests) {
    assert.ok(result.rps > 0, `${result.test} rps`);
    const latency = result.latencyMs;
    assert.ok(latency.min > 0 && latency.min <= latency.p50, `${result.test} min <= p50`);
    assert.ok(latency.p50 <= latency.p90 && latency.p90 <= latency.p99, `${result.test} p50 <= p90 <= p99`);
    assert.ok(latency.p99 <= latency.p99_9 && latency.p99_9 <= latency.max, `${result.test} p99 <= p99.9 <= max`);
  }
  return document.tests;
}

async function keysMatching(pattern: string): Promise<string[]> {
  return redis.keys(pattern);
}

test.before(async () => {
  port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForServer(port);
  redis = new Redis({ port, lazyConnect: true });
  await redis.connect();
});

test.after(async () => {
  redis?.disconnect();
  if (server !== null && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }
});

test.before.each(async () => {
  await redis.flushall();
});

test('SET with -r writes zero-padded random keys below the keyspace length', async () => {
  const [result] = await runJson(['-t', 'set', '-r', '100', '-n', '1000', '-c', '10']);
  assert.is(result.test, 'SET');
  assert.is(result.count, 1000);
  assert.is(result.errors, 0);
  assert.is(result.firstError, null);

  const keys = await keysMatching('*');
  assert.ok(keys.length > 1 && keys.length <= 100, `DBSIZE ${keys.length}`);
  for (const key of keys) {
    assert.match(key, /^key:\d{12}$/);
    assert.ok(Number(key.slice(4)) < 100, key);
  }
  assert.is(await redis.get(keys[0]), 'xxx');
});

test('without -r, __rand_int__ is sent literally', async () => {
  await runJson(['-t', 'set', '-n', '50', '-c', '5', '-d', '5']);
  assert.equal(await keysMatching('*'), ['key:__rand_int__']);
  assert.is(await redis.get('key:__rand_int__'), 'xxxxx');
});

test('pipelined runs send exactly -n requests, including a partial last batch', async () => {
  const results = await runJson(['-t', 'incr', '-n', '1001', '-P', '16', '-c', '7', '-r', '10']);
  assert.is(results[0].count, 1001);
  const keys = await keysMatching('counter:*');
  const values = await Promise.all(keys.map((key) => redis.get(key)));
  assert.is(
    values.reduce((sum, value) => sum + Number(value), 0),
    1001,
  );
});

test('command template substitutes __rand_int__ and __data__', async () => {
  const [result] = await runJson(['-r', '1000', '-d', '7', '-n', '500', '-c', '5', '-P', '3', '--', 'SET', 'foo:__rand_int__', '__data__']);
  assert.is(result.test, 'SET foo:__rand_int__ __data__');
  assert.is(result.count, 500);
  assert.is(result.errors, 0);
  const keys = await keysMatching('*');
  assert.ok(keys.length > 1 && keys.length <= 500, `DBSIZE ${keys.length}`);
  for (const key of keys) assert.match(key, /^foo:\d{12}$/);
  assert.is(await redis.get(keys[0]), 'xxxxxxx');
});

test('error replies are counted and the first one is reported', async () => {
  const [unknown] = await runJson(['-n', '200', '-P', '4', '-c', '3', '--', 'NOSUCHCMD', 'x']);
  assert.is(unknown.count, 200);
  assert.is(unknown.errors, 200);
  assert.match(unknown.firstError ?? '', /^ERR unknown command/);

  // Half the keyspace holds a string, so about half the LPUSHes fail with WRONGTYPE.
  await redis.set('list:000000000000', 'not a list');
  const [mixed] = await runJson(['-n', '400', '-r', '2', '-c', '4', '--', 'LPUSH', 'list:__rand_int__', 'v']);
  assert.is(mixed.count, 400);
  assert.ok(mixed.errors > 0 && mixed.errors < 400, `errors ${mixed.errors}`);
  assert.match(mixed.firstError ?? '', /^WRONGTYPE/);
  assert.is(await redis.llen('list:000000000001'), 400 - mixed.errors);
});

test('error replies are printed once in text mode without failing the run', async () => {
  const run = await runBench(['-n', '100', '-q', '--', 'NOSUCHCMD']);
  assert.is(run.code, 0);
  assert.match(run.stdout, /^NOSUCHCMD: \d+\.\d{2} requests per second, p50=\d+\.\d{3} msec\n$/);
  assert.is(run.stderr.match(/unknown command/g)?.length, 1);
  assert.match(run.stderr, /100 error replies/);
});

test('the whole suite runs with redis-benchmark titles', async () => {
  const results = await runJson(['-n', '200', '-c', '5', '-P', '2', '-r', '50']);
  assert.equal(
    results.map((result) => result.test),
    [
      'PING_INLINE',
      'PING_MBULK',
      'SET',
      'GET',
      'INCR',
      'LPUSH',
      'RPUSH',
      'LPOP',
      'RPOP',
      'SADD',
      'HSET',
      'SPOP',
      'ZADD',
      'ZPOPMIN',
      'LPUSH (needed to benchmark LRANGE)',
      'LRANGE_100 (first 100 elements)',
      'LRANGE_300 (first 300 elements)',
      'LRANGE_500 (first 500 elements)',
      'LRANGE_600 (first 600 elements)',
      'MSET (10 keys)',
    ],
  );
  for (const result of results) {
    assert.is(result.count, 200, result.test);
    assert.is(result.errors, 0, result.test);
  }
  assert.is(await redis.llen('mylist'), 200);
  assert.ok((await redis.hlen('myhash')) <= 50);
  for (const key of await keysMatching('key:*')) assert.match(key, /^key:\d{12}$/);
});

test('quiet and CSV output formats', async () => {
  const quiet = await runBench(['-t', 'set,get', '-n', '100', '-q']);
  assert.is(quiet.code, 0);
  const lines = quiet.stdout.trimEnd().split('\n');
  assert.is(lines.length, 2);
  assert.match(lines[0], /^SET: \d+\.\d{2} requests per second, p50=\d+\.\d{3} msec$/);
  assert.match(lines[1], /^GET: \d+\.\d{2} requests per second, p50=\d+\.\d{3} msec$/);
  assert.is(quiet.stderr, '', 'no progress output when stdout is not a TTY');

  const csv = await runBench(['-t', 'ping_mbulk', '-n', '100', '--csv']);
  const rows = csv.stdout.trimEnd().split('\n');
  assert.is(rows.length, 2);
  assert.match(rows[0], /^"test","rps",/);
  assert.match(rows[1], /^"PING_MBULK","\d+\.\d{2}",/);
  assert.match(rows[1], /,"100","0"$/);
});

test('--duration runs by time', async () => {
  const [result] = await runJson(['-t', 'ping_mbulk', '--duration', '0.5', '--warmup', '0.2', '-c', '4']);
  assert.ok(result.seconds >= 0.5, `ran ${result.seconds}s`);
  assert.ok(result.count > 0);
});

test('--resp3 sends HELLO 3 on every connection first', async () => {
  const monitor = await redis.monitor();
  const helloVersions: string[] = [];
  let markerSeen: () => void = () => {};
  const marker = new Promise<void>((resolve) => (markerSeen = resolve));
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0].toUpperCase() === 'HELLO') helloVersions.push(args[1]);
    if (args[0].toUpperCase() === 'ECHO' && args[1] === 'end-of-test') markerSeen();
  });
  try {
    await redis.hset('h', 'field', 'value');
    const [result] = await runJson(['--resp3', '-c', '3', '-n', '30', '--', 'HGETALL', 'h']);
    assert.is(result.count, 30);
    assert.is(result.errors, 0);
    // MONITOR reports commands in execution order, so once the marker shows up all HELLOs have.
    await redis.echo('end-of-test');
    await marker;
    assert.equal(helloVersions, ['3', '3', '3']);
  } finally {
    monitor.disconnect();
  }
});

test('connection refused exits with code 1 and a clear message', async () => {
  const closedPort = await freePort();
  const run = await runBench(['-t', 'ping', '-q'], closedPort);
  assert.is(run.code, 1);
  assert.match(run.stderr, new RegExp(`Could not connect to server at 127\\.0\\.0\\.1:${closedPort}: Connection refused`));
  assert.is(run.stdout, '');
});

test('invalid options exit with code 1 and show usage', async () => {
  const run = await runBench(['-t', 'nope']);
  assert.is(run.code, 1);
  assert.match(run.stderr, /Unknown test "nope"/);
  assert.match(run.stderr, /Usage: kunyu-bench/);
});

test.run();
