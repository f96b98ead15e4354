// A value in transit between shards (RENAME, COPY, SUNIONSTORE... across shards): encoded into a
// peer ring frame by one shard and decoded by another. Layout: f64 expireAt (-1: none) | u8 type |
// u8 encoding | u32 count | count × (u32 length, bytes). A string is one item; a collection is its
// toStrings().
import type { ReplyWriter } from '../protocol/writer';
import type { Value } from './keyspace';
import type { ShardSettings } from './settings';
import { rebuildCollection, type CollectionType } from './types';

export interface Transfer {
  value: Value;
  /** Absolute expiry in ms, or -1. */
  expireAt: number;
  /** A string's META_ENCODING bits (how Redis would encode it), kept when it moves; 0 if absent. */
  encoding?: number;
}

/** META_ENCODING's bits start at bit 24: they travel as one byte. */
const ENCODING_SHIFT = 24;

const TYPES: Array<'string' | CollectionType> = ['string', 'list', 'hash', 'set', 'zset', 'stream'];

export function writeTransfer(w: ReplyWriter, t: Transfer): void {
  const v = t.value;
  const items = typeof v === 'string' ? [v] : v.toStrings();
  w.ensure(14);
  w.buf.writeDoubleLE(t.expireAt, w.pos);
  w.buf[w.pos + 8] = TYPES.indexOf(typeof v === 'string' ? 'string' : v.type);
  w.buf[w.pos + 9] = (t.encoding ?? 0) >>> ENCODING_SHIFT;
  w.buf.writeUInt32LE(items.length, w.pos + 10);
  w.pos += 14;
  for (const s of items) {
    w.ensure(4 + s.length);
    w.buf.writeUInt32LE(s.length, w.pos);
    w.pos += 4;
    w.pos += w.buf.latin1Write(s, w.pos);
  }
}

/** Decodes a transfer at buf[pos]; returns it with the offset just past it. */
export function readTransfer(buf: Buffer, pos: number, settings: ShardSettings): { t: Transfer; end: number } {
  const expireAt = buf.readDoubleLE(pos);
  const type = TYPES[buf[pos + 8]];
  const encoding = buf[pos + 9] << ENCODING_SHIFT;
  const count = buf.readUInt32LE(pos + 10);
  let p = pos + 14;
  const items: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const len = buf.readUInt32LE(p);
    items[i] = buf.latin1Slice(p + 4, p + 4 + len);
    p += 4 + len;
  }
  const value = type === 'string' ? items[0] : rebuildCollection(type, items, settings);
  return { t: { value, expireAt, encoding }, end: p };
}
