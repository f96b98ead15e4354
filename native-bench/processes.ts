// Child-process bookkeeping (no orphans), free ports, and /proc readings for CPU and RSS.
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

const children = new Set<ChildProcess>();
let exitHooksInstalled = false;
let interrupted = false;

export class InterruptedError extends Error {}

/** True once a signal arrived; the harness then only winds down. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Spawns a child that is killed when the harness exits, errors or is interrupted. */
export function spawnTracked(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  // After a signal, a run that just failed must not start replacement servers while we exit.
  if (interrupted) throw new InterruptedError('interrupted');
  installExitHooks();
  const child = spawn(file, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function killAllNow(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** SIGKILL everything, then wait (briefly) until Node has reaped the children, so none is left a zombie. */
function killAllAndReap(): Promise<void> {
  const exits = [...children].map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  killAllNow();
  return Promise.race([Promise.all(exits).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 2000))]);
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers must be synchronous, hence SIGKILL rather than a graceful stop.
  process.on('exit', killAllNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping servers\n`);
      void killAllAndReap().then(() => process.exit(code));
    });
  }
}

/** Asks the kernel for a free port by binding port 0 (racy in theory, fine for a local harness). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

export interface ThreadCpu {
  tid: number;
  name: string;
  ns: number;
}

export interface CpuSample {
  /** utime+stime of the whole process from /proc/<pid>/stat, in ns (10 ms resolution at CLK_TCK 100). */
  processNs: number;
  threads: ThreadCpu[];
}

// Linux reports utime/stime in USER_HZ clock ticks, which is 100 on every mainstream architecture.
const NS_PER_TICK = 1e9 / 100;

function readStatCpu(statPath: string): { name: string; ns: number } {
  const stat = fs.readFileSync(statPath, 'utf8');
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  // Fields after "(comm)" start at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name, ns: (Number(fields[11]) + Number(fields[12])) * NS_PER_TICK };
}

/** Per-thread on-CPU time in ns from schedstat (precise), falling back to stat ticks. */
function readThreadNs(taskDir: string): number {
  try {
    return Number(fs.readFileSync(`${taskDir}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return readStatCpu(`${taskDir}/stat`).ns;
  }
}

export function sampleCpu(pid: number): CpuSample {
  const threads: ThreadCpu[] = [];
  for (const entry of fs.readdirSync(`/proc/${pid}/task`)) {
    const taskDir = `/proc/${pid}/task/${entry}`;
    try {
      threads.push({ tid: Number(entry), name: readStatCpu(`${taskDir}/stat`).name, ns: readThreadNs(taskDir) });
    } catch {
      // The thread exited between readdir and read; its time still shows in processNs.
    }
  }
  return { processNs: readStatCpu(`/proc/${pid}/stat`).ns, threads };
}

export interface CpuUsage {
  /** Sum over threads of per-thread deltas (schedstat ns); threads that exited mid-run are missed. */
  totalNs: number;
  /** The thread whose tid equals the pid: Kunyu's acceptor, Redis's event loop. */
  mainNs: number;
  /** All other threads: Kunyu's shard workers and V8/libuv helpers, Redis's bio/jemalloc threads. */
  otherNs: number;
  /** Cross-check from /proc/<pid>/stat utime+stime (coarse ticks, includes exited threads). */
  processStatNs: number;
  threads: ThreadCpu[];
}

export function cpuDelta(pid: number, before: CpuSample, after: CpuSample): CpuUsage {
  const beforeByTid = new Map(before.threads.map((t) => [t.tid, t.ns]));
  const threads = after.threads
    .map((t) => ({ tid: t.tid, name: t.name, ns: t.ns - (beforeByTid.get(t.tid) ?? 0) }))
    .filter((t) => t.ns > 0)
    .sort((a, b) => b.ns - a.ns);
  const totalNs = threads.reduce((sum, t) => sum + t.ns, 0);
  const mainNs = threads.find((t) => t.tid === pid)?.ns ?? 0;
  return { totalNs, mainNs, otherNs: totalNs - mainNs, processStatNs: after.processNs - before.processNs, threads };
}

/** Resident set size in bytes from /proc/<pid>/status VmRSS. */
export function readRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
