// Minimal RESP2 client for the harness's control commands (PING, FLUSHALL, DBSIZE, INFO)
// and a pipelined bulk loader. Deliberately independent of Kunyu's own protocol code so
// the harness measures Kunyu from the outside, exactly like it measures redis-server.
import * as net from 'net';

export type RespValue = string | number | null | RespError | RespValue[];

export class RespError extends Error {}

interface Parsed {
  value: RespValue;
  next: number;
}

/** Parses one reply starting at `offset`; returns null when `buf` does not hold all of it yet. */
function parseReply(buf: Buffer, offset: number): Parsed | null {
  const lineEnd = buf.indexOf('\r\n', offset);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[offset]);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: afterLine };
    case '-':
      return { value: new RespError(line), next: afterLine };
    case ':':
      return { value: Number(line), next: afterLine };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: afterLine };
      if (buf.length < afterLine + len + 2) return null;
      return { value: buf.toString('utf8', afterLine, afterLine + len), next: afterLine + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: RespValue[] = [];
      let pos = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return null;
        items.push(item.value);
        pos = item.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

export function encodeCommand(args: readonly string[]): Buffer {
  const parts: string[] = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

export class RespClient {
  private pending: Array<{ resolve: (v: RespValue) => void; reject: (e: Error) => void }> = [];
  private buffered: Buffer = Buffer.alloc(0);

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.failAll(err));
    socket.on('close', () => this.failAll(new Error('connection closed')));
  }

  static connect(port: number, timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to port ${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RespClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Sends a command; resolves with the reply (error replies resolve as RespError values). */
  call(args: readonly string[], timeoutMs = 30000): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args[0]} timed out after ${timeoutMs} ms`)), timeoutMs);
      this.pending.push({
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const parsed = pos < this.buffered.length ? parseReply(this.buffered, pos) : null;
      if (!parsed) break;
      pos = parsed.next;
      this.pending.shift()?.resolve(parsed.value);
    }
    this.buffered = this.buffered.subarray(pos);
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.splice(0)) waiter.reject(err);
  }
}

/** One-shot command on a fresh connection; throws on error replies. */
export async function command(port: number, args: readonly string[], timeoutMs = 30000): Promise<RespValue> {
  const client = await RespClient.connect(port);
  try {
    const reply = await client.call(args, timeoutMs);
    if (reply instanceof RespError) throw reply;
    return reply;
  } finally {
    client.close();
  }
}

/**
 * Loads `count` keys `key:<i>` with `valueSize`-byte values through one pipelined connection,
 * keeping at most `window` commands in flight. Every reply to SET is a single line (+OK or -ERR),
 * so counting lines is enough to match replies to commands.
 */
export function loadKeys(port: number, count: number, valueSize: number, window = 16384): Promise<void> {
  const batchSize = 1024;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let sent = 0;
    let replied = 0;
    let lineStart = true;
    let waitingForDrain = false;
    let finished = false;

    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };

    const sendMore = (): void => {
      while (!waitingForDrain && sent < count && sent - replied < window) {
        const end = Math.min(count, sent + batchSize);
        const parts: Buffer[] = [];
        for (let i = sent; i < end; i++) parts.push(encodeCommand(['SET', `key:${i}`, loaderValue(i, valueSize)]));
        sent = end;
        waitingForDrain = !socket.write(Buffer.concat(parts));
      }
    };

    socket.on('connect', sendMore);
    socket.on('drain', () => {
      waitingForDrain = false;
      sendMore();
    });
    socket.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (lineStart && byte === 0x2d /* '-' */) {
          const text = chunk.toString('utf8', i, Math.min(chunk.length, i + 200)).split('\r\n')[0];
          finish(new Error(`SET failed after ${replied} keys: ${text}`));
          return;
        }
        lineStart = byte === 0x0a;
        if (lineStart) replied++;
      }
      if (replied >= count) finish();
      else sendMore();
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`connection closed after ${replied}/${count} replies`)));
  });
}

/** Distinct per key and never numeric, so neither server can store it as a shared integer. */
function loaderValue(index: number, size: number): string {
  const head = `v${index.toString(36)}`;
  return head.length >= size ? head.slice(0, size) : head + '-'.repeat(size - head.length);
}
