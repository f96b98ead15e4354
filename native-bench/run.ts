// Side-by-side benchmark harness: redis-server vs kunyu-server under the same redis-benchmark
// matrix, interleaved run by run, plus memory and per-thread CPU rows. See BENCHMARKS.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LoadShape, runBenchmark, TestDef } from './benchmark';
import { Options, parseArgs, presetLabel, ShardSetting, USAGE, UsageError } from './cli';
import { machineInfo, programVersion } from './machine';
import { cpuDelta, CpuSample, InterruptedError, readRssBytes, sampleCpu, wasInterrupted } from './processes';
import { Cell, MemoryRecord, renderLatest, RunRecord, ServerInfo, writeLatest } from './report';
import { command, loadKeys } from './resp';
import { isAlive, logTail, RunningServer, ServerSpec, startServer, stopServer, usedMemory } from './servers';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_HINT = 'Install Redis first: apt-get install -y redis-server redis-tools';

function splitCommand(cmd: string): string[] {
  return cmd.trim().split(/\s+/);
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function serverSpecs(opts: Options): { specs: ServerSpec[]; standIn: string | null } {
  const redis: ServerSpec = { id: 'redis', label: 'redis', argv: splitCommand(opts.redisCmd), extraArgs: [] };
  const kunyuArgv = opts.kunyuCmd ? splitCommand(opts.kunyuCmd) : [process.execPath, path.join(REPO_ROOT, 'bin', 'kunyu-server.js')];
  // redis-server rejects --shards, so while Kunyu is not runnable a redis-server can fill its slot.
  const standIn = path.basename(kunyuArgv[0]) === 'redis-server' ? kunyuArgv.join(' ') : null;
  const kunyu = opts.shards.map((shards: ShardSetting): ServerSpec => ({
    id: shards === null ? 'kunyu' : `kunyu-s${shards}`,
    label: shards === null ? 'kunyu' : `kunyu --shards ${shards}`,
    argv: kunyuArgv,
    extraArgs: shards === null || standIn ? [] : ['--shards', String(shards)],
  }));
  return { specs: [redis, ...kunyu], standIn };
}

function displayCommand(spec: ServerSpec): string {
  const shown = spec.argv.map((arg) => {
    if (arg === process.execPath) return 'node';
    const relative = path.relative(REPO_ROOT, arg);
    return path.isAbsolute(arg) && !relative.startsWith('..') ? relative : arg;
  });
  return [...shown, ...spec.extraArgs].map(shellQuote).join(' ');
}

/** How this run was invoked, in the form a reader can paste. */
function invocation(argv: readonly string[]): string {
  const env = ['KUNYU_CMD', 'REDIS_SERVER_CMD', 'REDIS_BENCHMARK_CMD']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${shellQuote(process.env[name] as string)} `)
    .join('');
  const event = process.env.npm_lifecycle_event;
  const scriptPreset = event === 'bench' ? '--quick' : event === 'bench:full' ? '--full' : null;
  if (scriptPreset && argv[0] === scriptPreset) {
    const rest = argv.slice(1).map(shellQuote).join(' ');
    return `${env}npm run ${event}${rest ? ` -- ${rest}` : ''}`;
  }
  return `${env}node native-bench/run.js ${argv.map(shellQuote).join(' ')}`.trim();
}

interface Shape {
  clients: number;
  pipeline: number;
  requests: number;
}

function shapes(opts: Options): Shape[] {
  const list: Shape[] = [];
  for (const clients of opts.clients) {
    for (const pipeline of opts.pipelines) list.push({ clients, pipeline, requests: opts.requests });
  }
  if (opts.singleConn) list.push({ clients: 1, pipeline: 1, requests: opts.singleConnRequests });
  return list;
}

class Harness {
  private readonly running = new Map<string, RunningServer>();

  constructor(
    private readonly opts: Options,
    private readonly specs: ServerSpec[],
    private readonly workDir: string,
  ) {}

  async startAll(): Promise<void> {
    for (const spec of this.specs) await this.ensureRunning(spec);
  }

  async stopAll(): Promise<void> {
    for (const server of this.running.values()) await stopServer(server);
    this.running.clear();
  }

  /** Starts the server, or restarts it when a previous run crashed it. */
  private async ensureRunning(spec: ServerSpec): Promise<RunningServer> {
    const current = this.running.get(spec.id);
    if (current && isAlive(current)) return current;
    if (current) console.warn(`  ! ${spec.label} had exited; restarting. Log tail:\n${logTail(current)}`);
    const server = await startServer(spec, this.workDir);
    console.log(`  started ${spec.label} on port ${server.port} (pid ${server.pid})`);
    this.running.set(spec.id, server);
    return server;
  }

  /** One unrecorded pass per server so JIT warm-up does not land in Kunyu's first cell. */
  async warmup(): Promise<void> {
    const shape: LoadShape = { clients: 50, pipeline: 16, dataSize: 3, requests: 20000, keyspace: this.opts.keyspace };
    for (const spec of this.specs) {
      const server = await this.ensureRunning(spec);
      for (const test of ['set', 'get']) {
        await runBenchmark(this.opts.benchmarkCmd, server.port, shape, ['-t', test], this.opts.timeoutSec * 1000);
      }
      await command(server.port, ['FLUSHALL']).catch(() => undefined);
    }
  }

  async runOne(spec: ServerSpec, test: TestDef, cell: Cell, run: number): Promise<RunRecord> {
    const base = { cell, server: spec.id, run };
    let server: RunningServer;
    try {
      server = await this.ensureRunning(spec);
    } catch (err) {
      return { ...base, ok: false, error: `server did not start: ${(err as Error).message.split('\n')[0]}`, wallMs: 0 };
    }
    const shape: LoadShape = { ...cell, keyspace: this.opts.keyspace };
    const timeoutMs = this.opts.timeoutSec * 1000;
    try {
      await command(server.port, ['FLUSHALL']);
    } catch (err) {
      return { ...base, ok: false, error: `FLUSHALL failed: ${(err as Error).message}`, wallMs: 0 };
    }
    if (test.fill) {
      const fillShape = { ...shape, clients: 50, pipeline: 16 };
      const fill = await runBenchmark(this.opts.benchmarkCmd, server.port, fillShape, ['-t', test.fill], timeoutMs);
      if (!fill.ok) return { ...base, ok: false, error: `fill with ${test.fill.toUpperCase()} failed: ${fill.error}`, wallMs: fill.wallMs };
    }
    const before = trySampleCpu(server.pid);
    const outcome = await runBenchmark(this.opts.benchmarkCmd, server.port, shape, test.args, timeoutMs);
    const after = trySampleCpu(server.pid);
    if (!before || !after || !isAlive(server)) {
      return { ...base, ok: false, error: `server exited (${outcome.ok ? 'during the run' : outcome.error})`, wallMs: outcome.wallMs };
    }
    const cpu = cpuDelta(server.pid, before, after);
    if (!outcome.ok) return { ...base, ok: false, error: outcome.error, wallMs: outcome.wallMs, cpu };
    return { ...base, ok: true, result: outcome.result, cpu, wallMs: outcome.wallMs };
  }

  async matrix(): Promise<RunRecord[]> {
    const records: RunRecord[] = [];
    const cells: Array<{ test: TestDef; cell: Cell }> = [];
    for (const dataSize of this.opts.sizes) {
      for (const shape of shapes(this.opts)) {
        for (const test of this.opts.tests) cells.push({ test, cell: { test: test.name, dataSize, ...shape } });
      }
    }
    const total = cells.length * this.opts.runs * this.specs.length;
    let done = 0;
    for (const { test, cell } of cells) {
      for (let run = 0; run < this.opts.runs; run++) {
        // Alternate the order every run so slow drift (thermal, neighbours) cancels out.
        const order = run % 2 === 0 ? this.specs : [...this.specs].reverse();
        for (const spec of order) {
          const record = await this.runOne(spec, test, cell, run);
          if (wasInterrupted()) throw new InterruptedError('interrupted');
          records.push(record);
          done++;
          console.log(progressLine(done, total, cell, run, this.opts.runs, spec, record));
        }
      }
    }
    return records;
  }

  async memory(): Promise<MemoryRecord[]> {
    const records: MemoryRecord[] = [];
    const keys = this.opts.memoryKeys;
    for (const valueSize of this.opts.memorySizes) {
      for (const spec of this.specs) {
        const record: MemoryRecord = { server: spec.id, valueSize, keys };
        let server: RunningServer | null = null;
        try {
          server = await startServer(spec, this.workDir);
          await sleep(300);
          record.rssBeforeBytes = readRssBytes(server.pid);
          record.usedMemoryBefore = await usedMemory(server.port);
          await withTimeout(loadKeys(server.port, keys, valueSize), this.opts.timeoutSec * 1000, 'loading keys');
          const dbsize = await command(server.port, ['DBSIZE']);
          if (dbsize !== keys) throw new Error(`DBSIZE is ${String(dbsize)}, expected ${keys}`);
          await sleep(500); // let allocator/GC activity triggered by the load settle
          record.rssAfterBytes = readRssBytes(server.pid);
          record.usedMemoryAfter = await usedMemory(server.port);
        } catch (err) {
          record.error = (err as Error).message.split('\n')[0];
        } finally {
          if (server) await stopServer(server);
        }
        if (wasInterrupted()) throw new InterruptedError('interrupted');
        records.push(record);
        console.log(memoryLine(spec, record));
      }
    }
    return records;
  }
}

function progressLine(done: number, total: number, cell: Cell, run: number, runs: number, spec: ServerSpec, r: RunRecord): string {
  const head = `[${String(done).padStart(String(total).length)}/${total}] c${cell.clients} P${cell.pipeline} d${cell.dataSize} ` +
    `${cell.test.padEnd(11)} run ${run + 1}/${runs} ${spec.label.padEnd(18)}`;
  if (!r.ok || !r.result) return `${head} n/a: ${r.error}`;
  const cpu = r.cpu ? `  cpu ${(r.cpu.totalNs / 1000 / cell.requests).toFixed(2)} µs/req (main ${(r.cpu.mainNs / 1000 / cell.requests).toFixed(2)})` : '';
  return `${head} ${Math.round(r.result.rps).toLocaleString('en-US').padStart(10)} ops/s  p50 ${r.result.p50Ms.toFixed(3)}  p99 ${r.result.p99Ms.toFixed(3)} ms${cpu}`;
}

function memoryLine(spec: ServerSpec, m: MemoryRecord): string {
  const head = `memory ${m.keys} keys × ${m.valueSize} B ${spec.label.padEnd(18)}`;
  if (m.error !== undefined || m.rssAfterBytes === undefined || m.rssBeforeBytes === undefined) return `${head} n/a: ${m.error}`;
  const used = m.usedMemoryAfter != null ? `, used_memory ${m.usedMemoryAfter} B` : '';
  return `${head} RSS ${m.rssAfterBytes} B (${((m.rssAfterBytes - m.rssBeforeBytes) / m.keys).toFixed(1)} B/key)${used}`;
}

/** null when the process is gone (crashed mid-run). */
function trySampleCpu(pid: number): CpuSample | null {
  try {
    return sampleCpu(pid);
  } catch {
    return null;
  }
}

function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}

function withTimeout<T>(promise: Promise<T>, msec: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(msec / 1000)} s`)), msec);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function main(argv: string[]): Promise<void> {
  let opts: Options | null;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!opts) {
    process.stdout.write(USAGE);
    return;
  }
  const redisProgram = splitCommand(opts.redisCmd)[0];
  for (const program of [redisProgram, opts.benchmarkCmd]) {
    if (!programVersion(program)) {
      process.stderr.write(`error: cannot run ${program}.\n${INSTALL_HINT}\n`);
      process.exitCode = 1;
      return;
    }
  }

  const startedAt = Date.now();
  const { specs, standIn } = serverSpecs(opts);
  if (standIn) console.log(`note: kunyu slot uses the stand-in "${standIn}" (no --shards flag passed)`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kunyu-bench-'));
  // Server logs are only worth keeping when the run aborted; 'exit' also fires after Ctrl-C.
  let keepLogs = false;
  process.on('exit', () => keepLogs || fs.rmSync(workDir, { recursive: true, force: true }));
  const harness = new Harness(opts, specs, workDir);
  let records: RunRecord[] = [];
  let memory: MemoryRecord[] = [];
  try {
    if (opts.tests.length > 0) {
      await harness.startAll();
      if (opts.warmup) await harness.warmup();
      records = await harness.matrix();
      await harness.stopAll();
    }
    if (opts.memoryKeys > 0) memory = await harness.memory();
  } catch (err) {
    if (wasInterrupted()) return; // the signal handler reports and exits
    keepLogs = true;
    console.error(`benchmark aborted: ${(err as Error).message}\nserver logs kept in ${workDir}`);
    process.exitCode = 1;
    return;
  } finally {
    await harness.stopAll();
  }

  const machine = machineInfo(REPO_ROOT, redisProgram, opts.benchmarkCmd);
  const servers: ServerInfo[] = specs.map((s) => ({ id: s.id, label: s.label, commandLine: displayCommand(s) }));
  const commandLine = invocation(argv);
  const date = new Date();
  const latest = renderLatest({
    date,
    commandLine,
    preset: presetLabel(argv, opts),
    machine,
    servers,
    standIn,
    runs: opts.runs,
    keyspace: opts.keyspace,
    timeoutSec: opts.timeoutSec,
    records,
    memory,
    elapsedSec: (Date.now() - startedAt) / 1000,
  });
  console.log(`\n${latest}`);
  if (opts.out) {
    const outFile = path.resolve(REPO_ROOT, opts.out);
    writeLatest(outFile, latest);
    console.log(`wrote the Latest section of ${outFile}`);
  }
  if (opts.json) {
    const jsonFile = path.resolve(REPO_ROOT, opts.json);
    const raw = { date: date.toISOString(), command: commandLine, machine, servers, options: { ...opts, tests: opts.tests.map((t) => t.name) }, runs: records, memory };
    fs.writeFileSync(jsonFile, `${JSON.stringify(raw, null, 2)}\n`);
    console.log(`wrote raw results to ${jsonFile}`);
  }
}
