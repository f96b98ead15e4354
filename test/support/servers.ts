// Starting real servers for tests: kunyu-server (as users start it: the bin, a child process)
// and redis-server (the reference), each on a free port; and raw RESP exchanges with them.
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Test } from 'uvu';
import { skipReply } from '../../src/protocol/reply-reader';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const KUNYU_BIN = path.join(ROOT, 'bin', 'kunyu-server.js');

export interface RunningServer {
  port: number;
  proc: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, output: () => string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server on port ${port} did not start: ${output()}`);
}

async function start(cmd: string, args: string[], port: number): Promise<RunningServer> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  proc.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const output = (): string => out;
  await waitForPort(port, proc, output);
  return {
    port, proc, output,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) { resolve(); return; }
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => { clearTimeout(t); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

/** Starts kunyu-server with extra directives, e.g. ['--shards', '3'] (a config file may come first). */
export async function startKunyu(args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const file = args.length > 0 && !args[0].startsWith('-') ? [args[0]] : [];
  const rest = file.length > 0 ? args.slice(1) : args;
  return start(process.execPath, [KUNYU_BIN, ...file, '--port', String(port), '--save', '', '--appendonly', 'no', ...rest], port);
}

/** Starts the reference redis-server (installed by .ci/run). */
export async function startRedis(args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  return start('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', ...args], port);
}

/**
 * Runs redis-server and kunyu-server (with `kunyuArgs`) for suite `t`: both start before its first
 * test and stop after its last; `use` receives them once running. If one fails to start, the
 * other is still stopped.
 */
export function redisAndKunyuFor(t: Test, kunyuArgs: string[], use: (redis: RunningServer, kunyu: RunningServer) => void): void {
  let running: RunningServer[] = [];
  t.before(async () => {
    const started = await Promise.allSettled([startRedis(), startKunyu(kunyuArgs)]);
    running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    use(running[0], running[1]);
  });
  t.after(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });
}

/** The shard counts every suite runs against: inline, one worker, several workers. */
export const SHARD_MODES = ['0', '1', '3'];

/** Encodes a command as a RESP multibulk. */
export function resp(...args: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** A raw connection that sends bytes and collects complete RESP replies. */
export class RawClient {
  private readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private closed = false;
  private waiters: Array<() => void> = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    socket.on('close', () => { this.closed = true; this.wake(); });
    socket.on('error', () => { /* close follows */ });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits for n complete replies and returns their raw bytes (each reply separately). */
  async replies(n: number, timeoutMs = 5000): Promise<Buffer[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out: Buffer[] = [];
      let pos = 0;
      while (out.length < n) {
        const end = skipReply(this.buf, pos, this.buf.length);
        if (end < 0) break;
        out.push(this.buf.subarray(pos, end));
        pos = end;
      }
      if (out.length === n) {
        this.buf = this.buf.subarray(pos);
        return out;
      }
      if (this.closed) throw new Error(`connection closed after ${out.length}/${n} replies: ${JSON.stringify(this.buf.toString('latin1'))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${out.length}/${n} replies: ${JSON.stringify(this.buf.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Sends a command and returns its reply as a latin1 string. */
  async call(...args: string[]): Promise<string> {
    this.write(resp(...args));
    return (await this.replies(1))[0].toString('latin1');
  }

  /** Resolves once the server has closed the connection; returns what was left unread. */
  async waitClosed(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('connection still open');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return this.buf.toString('latin1');
  }

  get isClosed(): boolean { return this.closed; }

  /** Stops reading from the socket (a slow consumer). */
  pause(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }
}
