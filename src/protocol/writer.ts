// RESP2/RESP3 reply encoder writing into a growable Buffer.
//
// Handlers write replies through this one class, so a handler never knows which protocol the
// client speaks nor where the bytes go (a connection's output, or a shard's reply ring frame).
// Strings are binary-safe latin1 strings: one JS char per byte.

// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';
import { copyBytes, writeLatin1 } from '../util/bytes';

export class ReplyWriter {
  buf: Buffer;
  pos = 0;
  resp3 = false;

  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** Returns the bytes written since `from`, as a copy. */
  copyFrom(from: number): Buffer {
    return Buffer.from(this.buf.subarray(from, this.pos));
  }

  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    // Not buf.set(): its builtin took 80 ns per call even for a constant reply of a few bytes
    // (perf of SET at -P 16, BENCHMARKS.md history); copyBytes loops under 64 bytes.
    copyBytes(bytes, 0, n, this.buf, this.pos);
    this.pos += n;
  }

  /** Writes an ASCII/latin1 string verbatim. */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.latin1Write(s, this.pos);
  }

  /** +OK, byte by byte: SET's reply, small enough to be inlined where raw() is not (28 ns per SET). */
  ok(): void {
    this.ensure(5);
    const b = this.buf;
    const p = this.pos;
    b[p] = 0x2b; b[p + 1] = 0x4f; b[p + 2] = 0x4b; b[p + 3] = 0x0d; b[p + 4] = 0x0a; // +OK\r\n
    this.pos = p + 5;
  }

  simple(s: string): void {
    this.ensure(s.length + 3);
    this.buf[this.pos++] = 0x2b; // '+'
    this.pos += this.buf.latin1Write(s, this.pos);
    this.crlf();
  }

  /** An error reply. `msg` includes its code ("ERR ...", "WRONGTYPE ..."), with no leading '-'. */
  error(msg: string): void {
    // Error text must stay on one line, as Redis enforces.
    if (msg.includes('\r') || msg.includes('\n')) msg = msg.replace(/[\r\n]/g, ' ');
    this.ensure(msg.length + 3);
    this.buf[this.pos++] = 0x2d; // '-'
    this.pos += this.buf.latin1Write(msg, this.pos);
    this.crlf();
  }

  int(n: number): void {
    this.ensure(24);
    this.buf[this.pos++] = 0x3a; // ':'
    this.digits(n);
    this.crlf();
  }

  /** A 64-bit integer held as a bigint (INCR on values near the limits). */
  bigint(n: bigint): void {
    this.ascii(':' + n.toString() + '\r\n');
  }

  bulk(s: string): void {
    const n = s.length;
    this.bulkHeader(n);
    this.pos += writeLatin1(s, this.buf, this.pos);
    this.crlf();
  }

  /** A bulk string's header, with room made for its n bytes and the CRLF after them. */
  bulkHeader(n: number): void {
    this.ensure(n + 16);
    this.buf[this.pos++] = 0x24; // '$'
    this.digits(n);
    this.crlf();
  }

  bulkBytes(bytes: Uint8Array): void {
    this.bulkHeader(bytes.length);
    copyBytes(bytes, 0, bytes.length, this.buf, this.pos);
    this.pos += bytes.length;
    this.crlf();
  }

  /** Null bulk string: $-1 in RESP2, _ in RESP3. */
  nil(): void { this.raw(this.resp3 ? NULL3 : NIL_BULK); }

  /** Null array: *-1 in RESP2, _ in RESP3. */
  nilArray(): void { this.raw(this.resp3 ? NULL3 : NIL_ARRAY); }

  array(n: number): void { this.aggregate(0x2a, n); }

  /** A map of n pairs: %n in RESP3, a flat array of 2n in RESP2. */
  map(n: number): void {
    if (this.resp3) this.aggregate(0x25, n);
    else this.aggregate(0x2a, n * 2);
  }

  /** A set: ~n in RESP3, an array in RESP2. */
  set(n: number): void { this.aggregate(this.resp3 ? 0x7e : 0x2a, n); }

  /** Out-of-band push: >n in RESP3, an array in RESP2 (pub/sub messages). */
  push(n: number): void { this.aggregate(this.resp3 ? 0x3e : 0x2a, n); }

  bool(b: boolean): void {
    if (this.resp3) this.raw(b ? TRUE3 : FALSE3);
    else this.int(b ? 1 : 0);
  }

  /** A double already formatted as Redis formats it: a bulk string in RESP2, ",x" in RESP3. */
  double(formatted: string): void {
    if (this.resp3) this.ascii(',' + formatted + '\r\n');
    else this.bulk(formatted);
  }

  /** Verbatim text (INFO, CLIENT INFO): =len\r\ntxt:... in RESP3, a bulk string in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (!this.resp3) { this.bulk(s); return; }
    const n = s.length + 4;
    this.ensure(n + 16);
    this.buf[this.pos++] = 0x3d; // '='
    this.digits(n);
    this.crlf();
    this.pos += this.buf.latin1Write(format + ':' + s, this.pos);
    this.crlf();
  }

  private aggregate(type: number, n: number): void {
    this.ensure(16);
    this.buf[this.pos++] = type;
    this.digits(n);
    this.crlf();
  }

  /** Ends a line (and a bulk string whose bytes were copied in after bulkHeader). */
  crlf(): void {
    // Two byte stores: Buffer#writeUInt16LE checks its arguments on every call.
    const b = this.buf;
    b[this.pos] = 0x0d;
    b[this.pos + 1] = 0x0a;
    this.pos += 2;
  }

  /** Writes an integer in decimal without allocating (callers ensured the room). */
  private digits(n: number): void {
    const b = this.buf;
    if (n >= 0 && n < 10) { b[this.pos++] = 0x30 + n; return; }
    if (!Number.isSafeInteger(n)) { this.pos += b.latin1Write(String(n), this.pos); return; }
    if (n < 0) { b[this.pos++] = 0x2d; n = -n; }
    let len = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
    let p = this.pos + len - 1;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      b[p--] = 0x30 + (n - q * 10);
      n = q;
    }
    b[p] = 0x30 + n;
    this.pos += len;
  }
}

const NIL_BULK = Buffer.from('$-1\r\n');
const NIL_ARRAY = Buffer.from('*-1\r\n');
const NULL3 = Buffer.from('_\r\n');
const TRUE3 = Buffer.from('#t\r\n');
const FALSE3 = Buffer.from('#f\r\n');
