// Starting and stopping the servers under test with equivalent, persistence-free settings.
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freePort, spawnTracked, stopChild } from './processes';
import { command, RespError } from './resp';

export interface ServerSpec {
  /** Stable id used in the JSON output: "redis", "kunyu", "kunyu-s0", ... */
  id: string;
  /** Human label used in the report. */
  label: string;
  /** Executable plus leading arguments; the harness appends port and persistence flags. */
  argv: readonly string[];
  /** Extra trailing arguments (Kunyu's --shards). */
  extraArgs: readonly string[];
}

export interface RunningServer {
  spec: ServerSpec;
  port: number;
  pid: number;
  child: ChildProcess;
  logFile: string;
}

const READY_TIMEOUT_MS = 30000;

export async function startServer(spec: ServerSpec, workDir: string): Promise<RunningServer> {
  const port = await freePort();
  const logFile = path.join(workDir, `${spec.id}-${port}.log`);
  const logFd = fs.openSync(logFile, 'a');
  const [file, ...leading] = spec.argv;
  // No persistence on either side so neither pays for snapshots or fsync during runs.
  const args = [...leading, '--port', String(port), '--save', '', '--appendonly', 'no', ...spec.extraArgs];
  // cwd is the scratch dir so a stray dump file never lands in the repository.
  const child = spawnTracked(file, args, { cwd: workDir, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  const server: RunningServer = { spec, port, pid: child.pid ?? -1, child, logFile };
  await Promise.race([waitReady(server), spawnError]);
  return server;
}

async function waitReady(server: RunningServer): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!isAlive(server)) throw new Error(`${server.spec.label} exited during startup:\n${logTail(server)}`);
    try {
      const reply = await command(server.port, ['PING'], 1000);
      if (reply === 'PONG') return;
    } catch (err) {
      // RespError means it is listening but unhappy: report it now rather than at the deadline.
      if (err instanceof RespError) throw new Error(`${server.spec.label} answered PING with -${err.message}`);
    }
    if (Date.now() > deadline) throw new Error(`${server.spec.label} not ready after ${READY_TIMEOUT_MS} ms:\n${logTail(server)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function isAlive(server: RunningServer): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

export function logTail(server: RunningServer, lines = 20): string {
  try {
    return fs.readFileSync(server.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function stopServer(server: RunningServer): Promise<void> {
  return stopChild(server.child);
}

/** used_memory from INFO memory, or null when the server does not report it. */
export async function usedMemory(port: number): Promise<number | null> {
  try {
    const info = await command(port, ['INFO', 'memory'], 5000);
    const match = typeof info === 'string' ? /^used_memory:(\d+)/m.exec(info) : null;
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
