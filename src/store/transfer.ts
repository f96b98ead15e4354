// A value in transit between shards (RENAME, COPY, MSETNX... across shards): encoded into a peer
// ring frame by one shard and decoded by another. Layout: f64 expireAt (-1: none) | u8 type |
// payload. Strings: u32 length | bytes.
import type { ReplyWriter } from '../protocol/writer';
import type { Value } from './keyspace';

export interface Transfer {
  value: Value;
  /** Absolute expiry in ms, or -1. */
  expireAt: number;
}

const TYPE_STRING = 0;

export function writeTransfer(w: ReplyWriter, t: Transfer): void {
  const v = t.value;
  w.ensure(13 + v.length);
  w.buf.writeDoubleLE(t.expireAt, w.pos);
  w.buf[w.pos + 8] = TYPE_STRING;
  w.buf.writeUInt32LE(v.length, w.pos + 9);
  w.pos += 13;
  w.pos += w.buf.latin1Write(v, w.pos);
}

/** Decodes a transfer at buf[pos]; returns it with the offset just past it. */
export function readTransfer(buf: Buffer, pos: number): { t: Transfer; end: number } {
  const expireAt = buf.readDoubleLE(pos);
  const type = buf[pos + 8];
  if (type !== TYPE_STRING) throw new Error(`unknown transfer type ${type}`);
  const len = buf.readUInt32LE(pos + 9);
  const value = buf.latin1Slice(pos + 13, pos + 13 + len);
  return { t: { value, expireAt }, end: pos + 13 + len };
}
