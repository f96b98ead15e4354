import * as net from 'net';
import { performance } from 'perf_hooks';
import { RespType, ScanState, scanValues } from '../protocol/reply-reader';
import type { LatencyStats } from './stats';

/** Receives the events of the connections it drives. */
export interface ConnectionOwner {
  readonly stats: LatencyStats;
  /** All replies of the last batch arrived. */
  connectionIdle(connection: BenchConnection): void;
  connectionFailed(error: Error): void;
}

export class BenchError extends Error {}

/**
 * One read buffer shared by every connection: onread callbacks run one at a time on the event
 * loop and never keep references into it (partial replies are copied to the connection's carry
 * buffer), so a single buffer is enough and stays warm in cache.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * A benchmark client connection. Replies are counted, not decoded: the stream is scanned with
 * scanValues, and only the first error reply of a phase is turned into a string.
 */
export class BenchConnection {
  owner: ConnectionOwner | null = null;
  private outstanding = 0;
  private batchStartMs = 0;
  /** Scan position within the current read and values still missing for the current reply. */
  private readonly scan: ScanState = { pos: 0, missing: 0 };
  /** Type byte of the reply being scanned (it may span reads). */
  private replyType = 0;
  /** Bytes of a value split across reads. Scanning stops at value boundaries, so this holds at most one partial value. */
  private carry = Buffer.allocUnsafe(0);
  private carryLength = 0;
  private closing = false;

  private constructor(
    /** Position in the connection list; phases use it to pick this connection's pipeline. */
    readonly index: number,
    private readonly socket: net.Socket,
  ) {}

  static connect(host: string, port: number, index: number): Promise<BenchConnection> {
    return new Promise((resolve, reject) => {
      let connection: BenchConnection | null = null;
      const socket = net.connect({
        host,
        port,
        onread: {
          buffer: READ_BUFFER,
          callback: (bytesRead: number) => {
            connection?.onRead(bytesRead);
            return true;
          },
        },
      });
      const onConnectError = (error: NodeJS.ErrnoException): void => {
        const reason = error.code === 'ECONNREFUSED' ? 'Connection refused' : error.message;
        reject(new BenchError(`Could not connect to server at ${host}:${port}: ${reason}`));
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        socket.setNoDelay(true);
        const ready = new BenchConnection(index, socket);
        socket.on('error', (error) => ready.fail(`Connection error: ${error.message}`));
        socket.on('close', () => ready.fail('Server closed the connection'));
        connection = ready;
        resolve(ready);
      });
    });
  }

  /** Writes one batch of `requestCount` requests; the owner hears back when all replies arrived. */
  send(bytes: Buffer, requestCount: number): void {
    this.outstanding = requestCount;
    this.batchStartMs = performance.now();
    this.socket.write(bytes);
  }

  close(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private fail(message: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.destroy();
    this.owner?.connectionFailed(new BenchError(message));
  }

  private onRead(bytesRead: number): void {
    const nowMs = performance.now();
    let replies: number;
    try {
      if (this.carryLength === 0) {
        replies = this.countReplies(READ_BUFFER, bytesRead);
        this.carryTail(READ_BUFFER, bytesRead);
      } else {
        this.reserveCarry(this.carryLength + bytesRead);
        READ_BUFFER.copy(this.carry, this.carryLength, 0, bytesRead);
        this.carryLength += bytesRead;
        replies = this.countReplies(this.carry, this.carryLength);
        this.carry.copyWithin(0, this.scan.pos, this.carryLength);
        this.carryLength -= this.scan.pos;
      }
    } catch (error) {
      this.fail(`Invalid reply from server: ${(error as Error).message}`);
      return;
    }
    if (replies === 0) return;
    if (replies > this.outstanding) {
      this.fail(`Server sent ${replies - this.outstanding} more replies than requests`);
      return;
    }
    const owner = this.owner;
    if (owner === null) return;
    owner.stats.record(nowMs - this.batchStartMs, replies);
    this.outstanding -= replies;
    if (this.outstanding === 0) owner.connectionIdle(this);
  }

  /** Counts the replies that complete in buf[0, end); leaves scan.pos at the first unconsumed byte. */
  private countReplies(buf: Buffer, end: number): number {
    const scan = this.scan;
    scan.pos = 0;
    let replies = 0;
    while (scan.pos < end) {
      const valueStart = scan.pos;
      if (scan.missing === 0) {
        this.replyType = buf[valueStart];
        scan.missing = 1;
      }
      scanValues(buf, end, scan);
      if (scan.missing > 0) break;
      const type = this.replyType;
      if (type === RespType.Push) continue; // out-of-band RESP3 message, not an answer to a request
      replies++;
      // Errors are single values, so a completed one lies entirely in buf[valueStart, scan.pos).
      if (type === RespType.Error || type === RespType.BlobError) this.countError(buf, valueStart, scan.pos);
    }
    return replies;
  }

  private countError(buf: Buffer, start: number, end: number): void {
    const stats = this.owner?.stats;
    if (stats === undefined) return;
    stats.errors++;
    if (stats.firstError !== null) return;
    const textStart = buf[start] === RespType.Error ? start + 1 : buf.indexOf(10, start) + 1;
    stats.firstError = buf.toString('utf8', textStart, end - 2);
  }

  private carryTail(buf: Buffer, end: number): void {
    const tailLength = end - this.scan.pos;
    if (tailLength === 0) return;
    this.reserveCarry(tailLength);
    buf.copy(this.carry, 0, this.scan.pos, end);
    this.carryLength = tailLength;
  }

  private reserveCarry(size: number): void {
    if (size <= this.carry.length) return;
    const grown = Buffer.allocUnsafe(Math.max(size, this.carry.length * 2, 4096));
    this.carry.copy(grown, 0, 0, this.carryLength);
    this.carry = grown;
  }
}
