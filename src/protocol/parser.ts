// Incremental RESP request parser (multibulk and inline), one per connection.
//
// It hands each complete command to a sink as (buffer, arg start offsets, arg end offsets, argc),
// pointing into either the socket's chunk or the parser's own buffer: no per-argument allocation.
// The sink copies what it needs before returning. A sink may return false to pause parsing (the
// connection is waiting on something); the unparsed rest is kept and parsing resumes on resume().
//
// Limits and error texts follow Redis's networking.c: after a protocol error the parser stops for
// good and the connection closes once the commands parsed before it have been answered.

import { splitArgs } from '../util/sds';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';

export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
const CR = 13;
const LF = 10;

export type CommandSink = (buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number) => boolean;

export class RequestParser {
  /** proto-max-bulk-len */
  maxBulkLen = 512 * 1024 * 1024;
  /** Set while the connection must authenticate: Redis caps frame sizes of unauthenticated clients. */
  authRequired = false;
  /** Protocol error text (without "-ERR ") once one happened; the connection closes after replying. */
  error: string | null = null;
  /** Bytes buffered but not yet parsed (for CLIENT LIST qbuf and client-query-buffer-limit). */
  get buffered(): number { return this.len - this.pos; }

  starts = new Int32Array(16);
  ends = new Int32Array(16);

  // Own buffer holding bytes not yet consumed: a partial command, or input kept while paused.
  private own: Buffer | null = null;
  private len = 0;
  private pos = 0;
  // State of a multibulk command being read (kept across reads so huge commands parse in O(n)).
  private mbTotal = 0; // arguments announced by "*N"; 0 when not inside a multibulk command
  private mbRead = 0; // arguments complete so far
  private bulkLen = -1; // length of the bulk being read; -1 until its "$N" line is read
  private cmdStart = 0; // offset of the current command's first byte
  private paused = false;
  // Inline commands are rare (telnet): their unquoted args are copied into this buffer.
  private inlineArgs: Buffer | null = null;

  /** Feeds the first `n` bytes of `chunk`, read from the socket (the caller may reuse it after). */
  feed(chunk: Buffer, sink: CommandSink, n = chunk.length): void {
    if (this.error !== null) return;
    if (this.len === 0 && !this.paused) {
      // Nothing pending: parse the chunk in place.
      this.len = n;
      this.pos = 0;
      this.cmdStart = 0;
      this.run(chunk, sink);
      if (this.error === null) this.keepRest(chunk);
      return;
    }
    this.append(chunk, n);
    if (!this.paused) this.resumeOwn(sink);
  }

  pause(): void { this.paused = true; }

  /** Continue parsing input kept while paused. */
  resume(sink: CommandSink): void {
    this.paused = false;
    if (this.error === null && this.pos < this.len) this.resumeOwn(sink);
  }

  private resumeOwn(sink: CommandSink): void {
    const own = this.own!;
    this.run(own, sink);
    if (this.error === null) this.keepRest(own);
  }

  /** After parsing `src`, keep its unparsed tail at offset 0 of the own buffer. */
  private keepRest(src: Buffer): void {
    const from = this.mbTotal > 0 ? this.cmdStart : this.pos;
    const rest = this.len - from;
    if (rest === 0) {
      this.len = this.pos = this.cmdStart = 0;
      if (this.own !== null && this.own.length > 1024 * 1024) this.own = null;
      return;
    }
    // Once a bulk's header is read we know how big the command will be: size the buffer once.
    let want = rest;
    if (this.mbTotal > 0 && this.bulkLen >= 0) want = Math.max(want, this.pos - from + this.bulkLen + 2);
    let dst = this.own;
    if (dst === null || dst.length < want) dst = Buffer.allocUnsafe(Math.max(want, 16 * 1024));
    if (dst === src) {
      if (from > 0) src.copyWithin(0, from, this.len);
    } else {
      src.copy(dst, 0, from, this.len);
    }
    if (this.mbTotal > 0) {
      for (let i = 0; i < this.mbRead; i++) { this.starts[i] -= from; this.ends[i] -= from; }
    }
    this.own = dst;
    this.pos -= from;
    this.cmdStart -= from;
    this.len = rest;
  }

  private append(chunk: Buffer, n: number): void {
    let own = this.own;
    const need = this.len + n;
    if (own === null || own.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, own === null ? 16 * 1024 : own.length * 2));
      if (own !== null) own.copy(grown, 0, 0, this.len);
      own = this.own = grown;
    }
    chunk.copy(own, this.len, 0, n);
    this.len = need;
  }

  private fail(message: string): void {
    this.error = message;
    this.own = null;
    this.len = this.pos = this.mbTotal = 0;
  }

  private run(buf: Buffer, sink: CommandSink): void {
    while (this.pos < this.len && !this.paused) {
      let argc: number;
      if (this.mbTotal === 0) {
        this.cmdStart = this.pos;
        if (buf[this.pos] !== 0x2a /* '*' */) {
          argc = this.parseInline(buf);
          if (argc < 0) return; // incomplete or error
          if (argc === 0) continue;
          this.dispatch(this.inlineArgs!, argc, sink);
          continue;
        }
        const total = this.parseMultibulkHeader(buf);
        if (total < 0) return;
        if (total === 0) continue; // "*0" and negative counts are skipped, as in Redis
      }
      if (!this.parseBulks(buf)) return;
      argc = this.mbTotal;
      this.mbTotal = 0;
      this.dispatch(buf, argc, sink);
    }
  }

  private dispatch(buf: Buffer, argc: number, sink: CommandSink): void {
    if (!sink(buf, this.starts, this.ends, argc)) this.paused = true;
  }

  /** Reads "*N\r\n". Returns N (0 for an empty command to skip), or -1 if incomplete or failed. */
  private parseMultibulkHeader(buf: Buffer): number {
    const lineStart = this.pos + 1;
    const cr = indexOfCR(buf, lineStart, this.len);
    if (cr < 0 || cr + 1 >= this.len) {
      if (this.len - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big mbulk count string');
      return -1;
    }
    const n = parseLength(buf, lineStart, cr);
    if (n === null || n > INT_MAX) {
      this.fail('Protocol error: invalid multibulk length');
      return -1;
    }
    if (n > 10 && this.authRequired) {
      this.fail('Protocol error: unauthenticated multibulk length');
      return -1;
    }
    this.pos = cr + 2;
    if (n <= 0) return 0;
    this.mbTotal = n;
    this.mbRead = 0;
    this.bulkLen = -1;
    if (this.starts.length < Math.min(n, 1024)) this.growArgs(Math.min(n, 1024));
    return n;
  }

  /** Reads the bulks of the current multibulk command. True when all are complete. */
  private parseBulks(buf: Buffer): boolean {
    while (this.mbRead < this.mbTotal) {
      if (this.bulkLen < 0) {
        if (this.pos >= this.len) return false;
        const cr = indexOfCR(buf, this.pos, this.len);
        if (cr < 0 || cr + 1 >= this.len) {
          if (this.len - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big bulk count string');
          return false;
        }
        if (buf[this.pos] !== 0x24 /* '$' */) {
          this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
          return false;
        }
        const n = parseLength(buf, this.pos + 1, cr);
        if (n === null || n < 0 || n > this.maxBulkLen) {
          this.fail('Protocol error: invalid bulk length');
          return false;
        }
        if (n > 16384 && this.authRequired) {
          this.fail('Protocol error: unauthenticated bulk length');
          return false;
        }
        this.bulkLen = n;
        this.pos = cr + 2;
      }
      // Redis does not check the two bytes after the data: they are skipped as "\r\n".
      if (this.len - this.pos < this.bulkLen + 2) return false;
      const i = this.mbRead;
      if (i >= this.starts.length) this.growArgs(i + 1);
      this.starts[i] = this.pos;
      this.ends[i] = this.pos + this.bulkLen;
      this.pos += this.bulkLen + 2;
      this.bulkLen = -1;
      this.mbRead = i + 1;
    }
    return true;
  }

  /** Parses one inline command line. Returns argc (0 for an empty line), or -1 if incomplete/failed. */
  private parseInline(buf: Buffer): number {
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0 || lf >= this.len) {
      if (this.len - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big inline request');
      return -1;
    }
    let lineEnd = lf;
    if (lineEnd > this.pos && buf[lineEnd - 1] === CR) lineEnd--;
    const args = splitArgs(buf.latin1Slice(this.pos, lineEnd));
    this.pos = lf + 1;
    if (args === null) {
      this.fail('Protocol error: unbalanced quotes in request');
      return -1;
    }
    if (args.length === 0) return 0;
    const flat = Buffer.allocUnsafe(args.reduce((s, a) => s + a.length, 0));
    if (this.starts.length < args.length) this.growArgs(args.length);
    let off = 0;
    for (let i = 0; i < args.length; i++) {
      this.starts[i] = off;
      off += flat.latin1Write(args[i], off);
      this.ends[i] = off;
    }
    this.inlineArgs = flat;
    return args.length;
  }

  private growArgs(n: number): void {
    let size = this.starts.length;
    while (size < n) size *= 2;
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }
}

/**
 * The first CR in buf[from, to), or -1. "*N" and "$N" lines are a few bytes: their CR is found by
 * a JS loop, as Buffer#indexOf's argument checks and call into C++ cost more than the scan
 * (~4% of the server's time at -P 16 SET). Past that, memchr (Buffer#indexOf) scans a long line,
 * so input that keeps growing without a CR costs no more than in Redis.
 */
function indexOfCR(buf: Buffer, from: number, to: number): number {
  const near = Math.min(to, from + 32);
  for (let i = from; i < near; i++) if (buf[i] === CR) return i;
  if (near === to) return -1;
  const cr = buf.indexOf(CR, near);
  return cr < to ? cr : -1;
}

/** Parses a protocol length like Redis's string2ll: optional '-', no leading zeros, no '+'. */
function parseLength(buf: Buffer, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from;
  let neg = false;
  if (buf[i] === 0x2d) { neg = true; i++; if (i === to) return null; }
  if (buf[i] === 0x30) return to - i === 1 && !neg ? 0 : null;
  let n = 0;
  for (; i < to; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return neg ? -n : n;
}
