// Test helper: start the real redis-server (the behavioural specification) on a
// free port and talk RESP to it with binary-safe (latin1) strings.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './servers';

export type RespReply = string | number | null | RespError | RespReply[];

export class RespError {
  constructor(readonly message: string) {}
}

export function realRedisAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export class RespClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: Array<(reply: RespReply) => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      for (;;) {
        const parsed = parseReply(this.buffered, 0);
        if (parsed === undefined) break;
        this.buffered = this.buffered.subarray(parsed.end);
        this.waiting.shift()?.(parsed.reply);
      }
    });
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  call(...args: string[]): Promise<RespReply> {
    const parts = [`*${args.length}\r\n`];
    for (const arg of args) parts.push(`$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`);
    this.socket.write(Buffer.from(parts.join(''), 'latin1'));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseReply(buf: Buffer, start: number): { reply: RespReply; end: number } | undefined {
  const lineEnd = buf.indexOf('\r\n', start, 'latin1');
  if (lineEnd < 0) return undefined;
  const head = buf.toString('latin1', start + 1, lineEnd);
  switch (String.fromCharCode(buf[start])) {
    case '+':
      return { reply: head, end: lineEnd + 2 };
    case '-':
      return { reply: new RespError(head), end: lineEnd + 2 };
    case ':':
      return { reply: Number(head), end: lineEnd + 2 };
    case '$': {
      const length = Number(head);
      if (length < 0) return { reply: null, end: lineEnd + 2 };
      if (buf.length < lineEnd + 2 + length + 2) return undefined;
      return { reply: buf.toString('latin1', lineEnd + 2, lineEnd + 2 + length), end: lineEnd + 2 + length + 2 };
    }
    case '*': {
      const count = Number(head);
      if (count < 0) return { reply: null, end: lineEnd + 2 };
      const items: RespReply[] = [];
      let position = lineEnd + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, position);
        if (item === undefined) return undefined;
        items.push(item.reply);
        position = item.end;
      }
      return { reply: items, end: position };
    }
    default:
      throw new Error(`unexpected RESP type byte ${buf[start]}`);
  }
}

export interface RealRedis {
  readonly port: number;
  readonly client: RespClient;
  readonly dir: string;
  /** The config file it was started with (written into `dir`), if any. */
  readonly configFile: string | null;
  stop(): Promise<void>;
}

/** The options every test server gets: loopback only, no persistence, its own directory. */
export function realRedisArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
}

export async function startRealRedis(options: { configText?: string } = {}): Promise<RealRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kunyu-real-redis-'));
  const configFile = options.configText === undefined ? null : path.join(dir, 'redis.conf');
  if (configFile !== null) fs.writeFileSync(configFile, options.configText as string, 'latin1');
  const child: ChildProcess = spawn('redis-server', [...(configFile === null ? [] : [configFile]), ...realRedisArgs(port, dir)], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = await connectWithRetry(port);
  return {
    port,
    client,
    dir,
    configFile,
    async stop() {
      client.close();
      child.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function connectWithRetry(port: number): Promise<RespClient> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await RespClient.connect(port);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

// Runs redis-server to completion (for configurations that fail at start-up)
// and returns what it printed to stderr.
export function realRedisStartupStderr(args: string[], stdin?: string): string {
  const result = spawnSync('redis-server', args, { input: stdin ?? '', timeout: 5000 });
  return result.stderr.toString('latin1');
}
