// Byte-stream transport between two threads over a SharedArrayBuffer SPSC ring (ringbuf.js).
//
// Messages are frames: [u32 little-endian payload length][payload]. A producer may push any
// prefix of its pending bytes (so a frame larger than the ring streams through it in pieces);
// the consumer buffers bytes until a frame is complete. Each side keeps a private staging
// buffer, so neither ever blocks on the other to make progress with what it already has.
import { RingBuffer } from 'ringbuf.js';
import { ReplyWriter } from '../protocol/writer';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';

export const FRAME_HEADER = 4;

export function allocRing(capacityBytes: number): SharedArrayBuffer {
  return RingBuffer.getStorageForCapacity(capacityBytes, Uint8Array);
}

/**
 * Producer side: frames are built in a ReplyWriter (so replies are encoded straight into the
 * outgoing frame), then pushed into the ring as room allows.
 */
export class FrameWriter {
  private readonly ring: RingBuffer;
  readonly w = new ReplyWriter(256 * 1024);
  private frameStart = -1;

  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingBuffer(sab, Uint8Array);
  }

  /** Bytes staged and not yet pushed. */
  get staged(): number { return this.w.pos; }

  /** Starts a frame; the caller writes its payload through `w`, then calls end(). */
  begin(): void {
    this.w.ensure(FRAME_HEADER + 64);
    this.frameStart = this.w.pos;
    this.w.pos += FRAME_HEADER;
  }

  end(): void {
    this.w.buf.writeUInt32LE(this.w.pos - this.frameStart - FRAME_HEADER, this.frameStart);
    this.frameStart = -1;
  }

  /** Pushes as many staged bytes as fit. Returns true when everything staged is in the ring. */
  push(): boolean {
    const w = this.w;
    if (w.pos === 0) return true;
    const n = this.ring.push(w.buf.subarray(0, w.pos));
    if (n === w.pos) {
      w.pos = 0;
      if (w.buf.length > 4 * 1024 * 1024) w.buf = Buffer.allocUnsafe(256 * 1024);
      return true;
    }
    if (n > 0) {
      w.buf.copyWithin(0, n, w.pos);
      w.pos -= n;
    }
    return false;
  }
}

/** Consumer side: pulls bytes from the ring and yields complete frames. */
export class FrameReader {
  private readonly ring: RingBuffer;
  buf: Buffer;
  private len = 0;
  /** Start of the next unread frame in `buf`. */
  pos = 0;

  constructor(sab: SharedArrayBuffer, stagingSize = 256 * 1024) {
    this.ring = new RingBuffer(sab, Uint8Array);
    this.buf = Buffer.allocUnsafe(stagingSize);
  }

  available(): number {
    return this.ring.availableRead();
  }

  /** Moves everything readable from the ring into the staging buffer. Returns bytes read. */
  pull(): number {
    const avail = this.ring.availableRead();
    if (avail === 0) return 0;
    if (this.pos > 0) {
      // Keep only the unread tail (a partial frame) before reading more.
      this.buf.copyWithin(0, this.pos, this.len);
      this.len -= this.pos;
      this.pos = 0;
    }
    if (this.buf.length - this.len < avail) {
      let size = this.buf.length * 2;
      while (size - this.len < avail) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    const n = this.ring.pop(this.buf, avail, this.len);
    this.len += n;
    return n;
  }

  /** Length of the next complete frame's payload (which starts at pos + 4), or -1. */
  nextFrame(): number {
    if (this.len - this.pos < FRAME_HEADER) return -1;
    const size = this.buf.readUInt32LE(this.pos);
    return this.len - this.pos - FRAME_HEADER >= size ? size : -1;
  }

  /** Consumes the frame nextFrame() reported. */
  consume(size: number): void {
    this.pos += FRAME_HEADER + size;
    if (this.pos === this.len) {
      this.pos = this.len = 0;
      if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(256 * 1024);
    }
  }
}

/**
 * Doorbells: one Int32 word pair per party in a shared Int32Array. A producer bumps the
 * consumer's counter after pushing and wakes it only if it flagged itself asleep.
 */
export const BELL_WORDS = 2;

export function ring(bells: Int32Array, party: number): void {
  const at = party * BELL_WORDS;
  Atomics.add(bells, at, 1);
  if (Atomics.load(bells, at + 1) !== 0) Atomics.notify(bells, at);
}
