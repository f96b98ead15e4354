// The stream type (Redis's t_stream.c data structure).
//
// Entries live in nodes that mirror Redis's radix tree of listpacks one to one: a node closes
// exactly when Redis's listpack would (stream-node-max-bytes, measured with Redis's listpack
// encoding rules, or stream-node-max-entries), deleted entries stay in their node as tombstones,
// and a node goes away only as a whole. That makes approximate trimming (MAXLEN ~, MINID ~, which
// only removes whole nodes), LIMIT, and XINFO's radix-tree-keys/radix-tree-nodes come out as in
// Redis. Inside a node, entries are packed into one byte buffer (flags, ID deltas as varints,
// values; field names only when they differ from the node's first entry), so a long stream costs
// a few bytes per entry beyond its values.
//
// Stream IDs are unsigned 64-bit pairs; they are handled as one 128-bit bigint (ms << 64 | seq),
// which makes comparison, increment and decrement exact over the whole range.
import { Collection, registerCollection } from './types';
import type { ReplyWriter } from '../protocol/writer';

export type StreamId = bigint;

export const U64_MAX = (1n << 64n) - 1n;
export const ID_MAX: StreamId = (1n << 128n) - 1n;
/** A consumer group's entries_read when unknown (Redis's SCG_INVALID_ENTRIES_READ). */
export const INVALID_READ = -1n;

export const idOf = (ms: bigint, seq: bigint): StreamId => (ms << 64n) | seq;
export const formatId = (id: StreamId): string => `${id >> 64n}-${id & U64_MAX}`;

const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;

/** Estimated heap bytes of a node beyond its buffers: the object, two typed arrays, the fields (measured: ~700). */
const NODE_OVERHEAD = 700;
const STREAM_OVERHEAD = 160;
const GROUP_OVERHEAD = 320;
const CONSUMER_OVERHEAD = 240;
/** A pending entry: its Nack object, two map slots, two sorted-array slots and its key. */
const NACK_OVERHEAD = 176;
/** Redis never lets a listpack grow past 1 GB whatever stream-node-max-bytes says. */
const LISTPACK_MAX = 1 << 30;

// ---------------------------------------------------------------- Redis's listpack sizes

/** Bytes of a listpack integer element (encoding and backlen). */
function lpIntSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v < -2147483648n || v > 2147483647n) return 10;
    v = Number(v);
  }
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  return v >= -2147483648 && v <= 2147483647 ? 6 : 10;
}

function lpBacklen(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** A string's value if listpack stores it as an integer (Redis's lpStringToInt64), else null. */
function lpStringInt(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 0x2d) {
    if (n === 1) return null;
    i = 1;
  }
  const c0 = s.charCodeAt(i);
  if (c0 === 0x30) return n === 1 ? 0 : null;
  if (c0 < 0x31 || c0 > 0x39) return null;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  if (n <= 15) return Number(s);
  const v = BigInt(s);
  return v > 9223372036854775807n || v < -9223372036854775808n ? null : v;
}

/** Bytes of a string element in a listpack (integers are stored as integers). */
function lpStrSize(s: string): number {
  const v = lpStringInt(s);
  if (v !== null) return lpIntSize(v);
  const n = s.length;
  const enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return enc + lpBacklen(enc);
}

const asInt64 = (v: bigint): bigint => BigInt.asIntN(64, v);

// ---------------------------------------------------------------- varints in node buffers

function putVarint(buf: Buffer, pos: number, v: number): number {
  while (v > 127) {
    buf[pos++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

function putVarBig(buf: Buffer, pos: number, v: bigint): number {
  if (v <= 9007199254740991n) return putVarint(buf, pos, Number(v));
  while (v > 127n) {
    buf[pos++] = Number(v & 127n) | 128;
    v >>= 7n;
  }
  buf[pos++] = Number(v);
  return pos;
}

/** A read position in a node's buffer. */
class Reader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;

  at(buf: Buffer, pos: number): this {
    this.buf = buf;
    this.pos = pos;
    return this;
  }

  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b < 128) return b;
    let v = b & 127;
    let mul = 128;
    for (;;) {
      b = buf[this.pos++];
      v += (b & 127) * mul;
      if (b < 128) return v;
      mul *= 128;
    }
  }

  varBig(): bigint {
    const buf = this.buf;
    const start = this.pos;
    const b = buf[start];
    if (b < 128) {
      this.pos++;
      return BigInt(b);
    }
    let end = start;
    while (buf[end] >= 128) end++;
    if (end - start < 7) return BigInt(this.varint());
    let v = 0n;
    for (let i = end; i >= start; i--) v = (v << 7n) | BigInt(buf[i] & 127);
    this.pos = end + 1;
    return v;
  }

  skipString(): void {
    const n = this.varint();
    this.pos += n;
  }

  string(): string {
    const n = this.varint();
    const s = this.buf.latin1Slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

const reader = new Reader();

// ---------------------------------------------------------------- nodes

/** One node: Redis's listpack of entries under one radix tree key (its first entry's ID). */
export class StreamNode {
  readonly masterMs: bigint;
  readonly masterSeq: bigint;
  /** Entry layout: flags u8 | ms-master.ms varint | seq varint | [nfields, (field, value)...] or values. */
  data: Buffer;
  used = 0;
  /** Start of each entry (deleted ones included) in `data`. */
  offs: Uint32Array;
  n = 0;
  /** Redis's master entry counters: live entries and tombstones. */
  live = 0;
  deleted = 0;
  /** The size Redis's listpack would have (decides when the node is full). */
  lpBytes: number;

  constructor(readonly master: StreamId, readonly fields: string[], dataCap = 64, offsCap = 4) {
    this.masterMs = master >> 64n;
    this.masterSeq = master & U64_MAX;
    this.data = Buffer.allocUnsafeSlow(dataCap);
    this.offs = new Uint32Array(offsCap);
    let lp = 7 + lpIntSize(0) + lpIntSize(0) + lpIntSize(fields.length) + lpIntSize(0);
    for (const f of fields) lp += lpStrSize(f);
    this.lpBytes = lp;
  }

  get heapBytes(): number {
    return NODE_OVERHEAD + this.data.length + this.offs.byteLength;
  }

  setCounts(live: number, deleted: number): void {
    this.lpBytes += lpIntSize(live) - lpIntSize(this.live) + lpIntSize(deleted) - lpIntSize(this.deleted);
    this.live = live;
    this.deleted = deleted;
  }

  flags(i: number): number {
    return this.data[this.offs[i]];
  }

  isDeleted(i: number): boolean {
    return (this.data[this.offs[i]] & FLAG_DELETED) !== 0;
  }

  markDeleted(i: number): void {
    this.data[this.offs[i]] |= FLAG_DELETED;
  }

  id(i: number): StreamId {
    const r = reader.at(this.data, this.offs[i] + 1);
    const dms = r.varBig();
    const seq = r.varBig();
    return ((this.masterMs + dms) << 64n) | seq;
  }

  /** The first entry (deleted ones included) with an ID >= id: n when none. */
  lowerBound(id: StreamId): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.id(mid) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Writes entry i's field/value pairs as a flat array reply. */
  writePairs(w: ReplyWriter, i: number): void {
    const buf = this.data;
    const r = reader.at(buf, this.offs[i]);
    const flags = buf[r.pos++];
    r.varint();
    r.varBig();
    if (flags & FLAG_SAMEFIELDS) {
      const fields = this.fields;
      w.array(fields.length * 2);
      for (let k = 0; k < fields.length; k++) {
        w.bulk(fields[k]);
        const n = r.varint();
        w.bulkBytes(buf.subarray(r.pos, r.pos + n));
        r.pos += n;
      }
    } else {
      const items = 2 * r.varint();
      w.array(items);
      for (let k = 0; k < items; k++) {
        const n = r.varint();
        w.bulkBytes(buf.subarray(r.pos, r.pos + n));
        r.pos += n;
      }
    }
  }

  /** Field/value pairs of entry i. */
  pairs(i: number): string[] {
    const r = reader.at(this.data, this.offs[i]);
    const flags = this.data[r.pos++];
    r.varint();
    r.varBig();
    const out: string[] = [];
    if (flags & FLAG_SAMEFIELDS) {
      for (const f of this.fields) out.push(f, r.string());
    } else {
      const nf = r.varint();
      for (let k = 0; k < nf; k++) out.push(r.string(), r.string());
    }
    return out;
  }

  /** Appends an entry; returns its listpack size. The caller has checked the node has room. */
  append(id: StreamId, argv: string[], from: number): number {
    const nf = (argv.length - from) >> 1;
    let same = nf === this.fields.length;
    for (let k = 0; same && k < nf; k++) if (argv[from + 2 * k] !== this.fields[k]) same = false;
    const dms = (id >> 64n) - this.masterMs;
    const seq = id & U64_MAX;
    // Worst case size of the encoding: two 10-byte varints, then strings with 5-byte lengths.
    let need = 21 + (same ? 0 : 5);
    for (let k = from; k < argv.length; k++) need += 5 + argv[k].length;
    this.reserve(need);
    const buf = this.data;
    let p = this.used;
    buf[p++] = same ? FLAG_SAMEFIELDS : 0;
    p = putVarBig(buf, p, dms);
    p = putVarBig(buf, p, seq);
    let lp = lpIntSize(same ? FLAG_SAMEFIELDS : 0) + lpIntSize(asInt64(dms)) + lpIntSize(asInt64(seq - this.masterSeq));
    if (same) {
      for (let k = 0; k < nf; k++) {
        const v = argv[from + 2 * k + 1];
        p = putVarint(buf, p, v.length);
        p += buf.latin1Write(v, p);
        lp += lpStrSize(v);
      }
      lp += lpIntSize(nf + 3);
    } else {
      p = putVarint(buf, p, nf);
      for (let k = from; k < argv.length; k++) {
        const s = argv[k];
        p = putVarint(buf, p, s.length);
        p += buf.latin1Write(s, p);
        lp += lpStrSize(s);
      }
      lp += lpIntSize(nf) + lpIntSize(2 * nf + 4);
    }
    if (this.n === this.offs.length) {
      const grown = new Uint32Array(this.offs.length * 2);
      grown.set(this.offs);
      this.offs = grown;
    }
    this.offs[this.n++] = this.used;
    this.used = p;
    this.lpBytes += lp;
    return lp;
  }

  private reserve(need: number): void {
    if (this.used + need <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.used + need) cap *= 2;
    const grown = Buffer.allocUnsafeSlow(cap);
    this.data.copy(grown, 0, 0, this.used);
    this.data = grown;
  }

  /** Drops spare capacity once the node is closed (Redis's lpShrinkToFit). */
  shrink(): void {
    if (this.data.length > this.used + 16) {
      const fit = Buffer.allocUnsafeSlow(this.used);
      this.data.copy(fit, 0, 0, this.used);
      this.data = fit;
    }
    if (this.offs.length > this.n) this.offs = this.offs.slice(0, this.n);
  }

  /** Rebuilds the offsets from the data (a node restored from its serialized form). */
  index(): void {
    const r = reader.at(this.data, 0);
    const offs: number[] = [];
    while (r.pos < this.used) {
      offs.push(r.pos);
      const flags = this.data[r.pos++];
      r.varint();
      r.varBig();
      const values = flags & FLAG_SAMEFIELDS ? this.fields.length : 2 * r.varint();
      for (let k = 0; k < values; k++) r.skipString();
    }
    this.offs = Uint32Array.from(offs);
    this.n = offs.length;
  }
}

// ---------------------------------------------------------------- consumer groups

/** A pending entry (Redis's streamNACK). */
export class Nack {
  constructor(public deliveryTime: number, public deliveryCount: number | bigint, public consumer: Consumer | null) {}
}

/**
 * IDs in order with their pending entries. Removals leave tombstones in the sorted array (the map
 * is the truth), swept out once they outnumber the live IDs, so acknowledging in order is cheap.
 */
export class PendingList {
  private keys: bigint[] = [];
  private head = 0;
  readonly map = new Map<bigint, Nack>();

  get size(): number {
    return this.map.size;
  }

  get(id: bigint): Nack | undefined {
    return this.map.get(id);
  }

  private search(id: bigint): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds an ID; false (nothing changed) if it is already there. */
  insert(id: bigint, nack: Nack): boolean {
    if (this.map.has(id)) return false;
    this.map.set(id, nack);
    const keys = this.keys;
    if (keys.length === 0 || keys[keys.length - 1] < id) {
      keys.push(id);
      return true;
    }
    const at = this.search(id);
    if (keys[at] !== id) keys.splice(at, 0, id);
    if (at < this.head) this.head = at;
    return true;
  }

  delete(id: bigint): boolean {
    if (!this.map.delete(id)) return false;
    const dead = this.keys.length - this.map.size;
    if (dead > this.map.size + 64) {
      this.keys = this.keys.filter((k) => this.map.has(k));
      this.head = 0;
    }
    return true;
  }

  /** The smallest ID >= id, or undefined. */
  ceil(id: bigint): bigint | undefined {
    const keys = this.keys;
    let i = Math.max(this.search(id), this.head);
    while (i < keys.length && !this.map.has(keys[i])) i++;
    return i < keys.length ? keys[i] : undefined;
  }

  first(): bigint | undefined {
    const keys = this.keys;
    while (this.head < keys.length && !this.map.has(keys[this.head])) this.head++;
    return this.head < keys.length ? keys[this.head] : undefined;
  }

  last(): bigint | undefined {
    const keys = this.keys;
    for (let i = keys.length - 1; i >= this.head; i--) if (this.map.has(keys[i])) return keys[i];
    return undefined;
  }

  /** Live IDs in order (a snapshot). */
  ids(): bigint[] {
    return this.keys.filter((k) => this.map.has(k));
  }
}

export class Consumer {
  readonly pel = new PendingList();
  constructor(readonly name: string, public seenTime: number) {}
}

export class ConsumerGroup {
  readonly pel = new PendingList();
  readonly consumers = new Map<string, Consumer>();
  constructor(readonly name: string, public lastId: StreamId, public entriesRead: bigint) {}

  /** Consumers in Redis's order (its radix tree sorts them by name bytes). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

// ---------------------------------------------------------------- the stream

export interface TrimArgs {
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  approx: boolean;
  /** Most entries to remove; 0 = no limit. */
  limit: number;
}

/** Position of an entry: node index and entry index in the node. */
export interface Cursor {
  node: number;
  entry: number;
}

export class StreamValue extends Collection {
  readonly type = 'stream';
  nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = 0n;
  /** recorded-first-entry-id: 0-0 when empty. */
  firstId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  entriesAdded = 0n;
  private groupMap: Map<string, ConsumerGroup> | null = null;

  constructor() {
    super();
    this.bytes = STREAM_OVERHEAD;
  }

  /** Entries; an empty stream is still a stream (Redis keeps the key). */
  get size(): number {
    return this.length;
  }

  encoding(): string {
    return 'stream';
  }

  clone(): StreamValue {
    return streamFromStrings(this.toStrings());
  }

  // ---- appending

  /** The next automatic ID (Redis's streamNextID); ID_MAX + 1 when exhausted. */
  nextId(nowMs: number): StreamId {
    const ms = BigInt(nowMs);
    return ms > this.lastId >> 64n ? ms << 64n : this.lastId + 1n;
  }

  /** Adds an entry with the field/value pairs argv[from..]; the ID is greater than lastId. */
  append(id: StreamId, argv: string[], from: number, maxBytes: number, maxEntries: number): void {
    let tail = this.nodes.length > 0 ? this.nodes[this.nodes.length - 1] : null;
    if (tail !== null) {
      let total = 0;
      for (let k = from; k < argv.length; k++) total += argv[k].length;
      const limit = maxBytes === 0 || maxBytes > LISTPACK_MAX ? LISTPACK_MAX : maxBytes;
      if (tail.lpBytes + total >= limit || (maxEntries > 0 && tail.live + tail.deleted >= maxEntries)) {
        const before = tail.heapBytes;
        tail.shrink();
        this.bytes += tail.heapBytes - before;
        tail = null;
      }
    }
    if (tail === null) {
      const fields: string[] = [];
      for (let k = from; k < argv.length; k += 2) fields.push(argv[k]);
      tail = new StreamNode(id, fields);
      this.nodes.push(tail);
      this.bytes += tail.heapBytes;
      for (const f of fields) this.bytes += f.length;
    }
    const before = tail.heapBytes;
    tail.append(id, argv, from);
    tail.setCounts(tail.live + 1, tail.deleted);
    this.bytes += tail.heapBytes - before;
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  // ---- finding entries

  /** Index of the last node whose first ID is <= id, or -1. */
  private nodeFor(id: StreamId): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.nodes[mid].master <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The first position (tombstones included) with an ID >= id; node = nodes.length at the end. */
  seekGE(id: StreamId): Cursor {
    let k = this.nodeFor(id);
    if (k < 0) return { node: 0, entry: 0 };
    const i = this.nodes[k].lowerBound(id);
    if (i < this.nodes[k].n) return { node: k, entry: i };
    k++;
    return { node: k, entry: 0 };
  }

  /** The last position (tombstones included) with an ID <= id; node = -1 when none. */
  seekLE(id: StreamId): Cursor {
    const k = this.nodeFor(id);
    if (k < 0) return { node: -1, entry: 0 };
    const node = this.nodes[k];
    let i = node.lowerBound(id);
    if (i === node.n || node.id(i) !== id) i--;
    return { node: k, entry: i };
  }

  /** Calls fn for live entries from start to end (inclusive) in order until it returns false. */
  forward(start: StreamId, end: StreamId, fn: (node: StreamNode, i: number, id: StreamId) => boolean): void {
    const c = this.seekGE(start);
    for (let k = c.node; k < this.nodes.length; k++) {
      const node = this.nodes[k];
      for (let i = k === c.node ? c.entry : 0; i < node.n; i++) {
        if (node.isDeleted(i)) continue;
        const id = node.id(i);
        if (id > end) return;
        if (!fn(node, i, id)) return;
      }
    }
  }

  /** Calls fn for live entries from end down to start until it returns false. */
  backward(start: StreamId, end: StreamId, fn: (node: StreamNode, i: number, id: StreamId) => boolean): void {
    const c = this.seekLE(end);
    for (let k = c.node; k >= 0; k--) {
      const node = this.nodes[k];
      for (let i = k === c.node ? c.entry : node.n - 1; i >= 0; i--) {
        if (node.isDeleted(i)) continue;
        const id = node.id(i);
        if (id < start) return;
        if (!fn(node, i, id)) return;
      }
    }
  }

  /** The live entry with this ID, if any. */
  find(id: StreamId): { node: StreamNode; entry: number } | null {
    const k = this.nodeFor(id);
    if (k < 0) return null;
    const node = this.nodes[k];
    const i = node.lowerBound(id);
    if (i === node.n || node.isDeleted(i) || node.id(i) !== id) return null;
    return { node, entry: i };
  }

  exists(id: StreamId): boolean {
    return this.find(id) !== null;
  }

  /** The first live entry's ID, or null. */
  firstLiveId(): StreamId | null {
    let out: StreamId | null = null;
    this.forward(0n, ID_MAX, (_n, _i, id) => { out = id; return false; });
    return out;
  }

  /** The last live entry's ID, or null (Redis's streamLastValidID). */
  lastLiveId(): StreamId | null {
    let out: StreamId | null = null;
    this.backward(0n, ID_MAX, (_n, _i, id) => { out = id; return false; });
    return out;
  }

  // ---- deleting

  /** XDEL of one ID: true if a live entry was deleted. Keeps firstId and maxDeletedId as Redis does. */
  delete(id: StreamId): boolean {
    const k = this.nodeFor(id);
    if (k < 0) return false;
    const node = this.nodes[k];
    const i = node.lowerBound(id);
    if (i === node.n || node.isDeleted(i) || node.id(i) !== id) return false;
    node.markDeleted(i);
    if (node.live === 1) {
      this.nodes.splice(k, 1);
      this.bytes -= node.heapBytes;
      for (const f of node.fields) this.bytes -= f.length;
    } else {
      node.setCounts(node.live - 1, node.deleted + 1);
    }
    this.length--;
    return true;
  }

  /** Redis's streamTrim: returns the number of entries removed. */
  trim(a: TrimArgs): number {
    let deleted = 0;
    // Whole nodes go first (removed together at the end); then at most one node is trimmed inside.
    let gone = 0;
    while (gone < this.nodes.length) {
      if (a.strategy === 'maxlen' && this.length <= a.maxlen) break;
      const node = this.nodes[gone];
      const entries = node.live;
      if (a.limit > 0 && deleted + entries > a.limit) break;
      const removeNode = a.strategy === 'maxlen' ? this.length - entries >= a.maxlen : node.id(node.n - 1) < a.minid;
      if (removeNode) {
        gone++;
        this.bytes -= node.heapBytes;
        for (const f of node.fields) this.bytes -= f.length;
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (a.approx) break;
      let fromNode = 0;
      for (let i = 0; i < node.n; i++) {
        if (a.strategy === 'maxlen' ? this.length <= a.maxlen : node.id(i) >= a.minid) break;
        if (!node.isDeleted(i)) {
          node.markDeleted(i);
          fromNode++;
          this.length--;
        }
      }
      node.setCounts(node.live - fromNode, node.deleted + fromNode);
      deleted += fromNode;
      break;
    }
    if (gone > 0) this.nodes.splice(0, gone);
    this.firstId = this.length === 0 ? 0n : this.firstLiveId()!;
    return deleted;
  }

  // ---- consumer groups

  get groupCount(): number {
    return this.groupMap === null ? 0 : this.groupMap.size;
  }

  group(name: string): ConsumerGroup | undefined {
    return this.groupMap?.get(name);
  }

  /** Groups in Redis's order (sorted by name bytes). */
  sortedGroups(): ConsumerGroup[] {
    if (this.groupMap === null) return [];
    return [...this.groupMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Creates a group; null if the name is taken. */
  createGroup(name: string, lastId: StreamId, entriesRead: bigint): ConsumerGroup | null {
    if (this.groupMap === null) this.groupMap = new Map();
    if (this.groupMap.has(name)) return null;
    const g = new ConsumerGroup(name, lastId, entriesRead);
    this.groupMap.set(name, g);
    this.bytes += GROUP_OVERHEAD + name.length;
    return g;
  }

  destroyGroup(name: string): boolean {
    const g = this.groupMap?.get(name);
    if (g === undefined) return false;
    this.groupMap!.delete(name);
    this.bytes -= GROUP_OVERHEAD + name.length + g.pel.size * NACK_OVERHEAD;
    for (const c of g.consumers.values()) this.bytes -= CONSUMER_OVERHEAD + c.name.length;
    return true;
  }

  createConsumer(g: ConsumerGroup, name: string, now: number): Consumer {
    const c = new Consumer(name, now);
    g.consumers.set(name, c);
    this.bytes += CONSUMER_OVERHEAD + name.length;
    return c;
  }

  /** Deletes a consumer and its pending entries; returns how many it had. */
  deleteConsumer(g: ConsumerGroup, c: Consumer): number {
    const pending = c.pel.size;
    for (const id of c.pel.map.keys()) g.pel.delete(id);
    g.consumers.delete(c.name);
    this.bytes -= CONSUMER_OVERHEAD + c.name.length + pending * NACK_OVERHEAD;
    return pending;
  }

  /** A new pending entry owned by `consumer` (null for XCLAIM FORCE until it is claimed). */
  addPending(g: ConsumerGroup, id: StreamId, nack: Nack): void {
    g.pel.insert(id, nack);
    if (nack.consumer !== null) nack.consumer.pel.insert(id, nack);
    this.bytes += NACK_OVERHEAD;
  }

  removePending(g: ConsumerGroup, id: StreamId): boolean {
    const nack = g.pel.get(id);
    if (nack === undefined) return false;
    g.pel.delete(id);
    nack.consumer?.pel.delete(id);
    this.bytes -= NACK_OVERHEAD;
    return true;
  }

  /** Hands a pending entry to another consumer. */
  movePending(id: StreamId, nack: Nack, to: Consumer): void {
    if (nack.consumer === to) return;
    nack.consumer?.pel.delete(id);
    to.pel.insert(id, nack);
    nack.consumer = to;
  }

  // ---- entries-read and lag (Redis 7.0's bookkeeping)

  /** True if a tombstone lies in [start, end] (streamRangeHasTombstones). */
  rangeHasTombstones(start: StreamId, end: StreamId = ID_MAX): boolean {
    if (this.length === 0 || this.maxDeletedId === 0n) return false;
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /** An ID's logical read counter if it can be known, else INVALID_READ (streamEstimateDistanceFromFirstEverEntry). */
  estimateDistance(id: StreamId): bigint {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return INVALID_READ;
    if (this.maxDeletedId === 0n || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - BigInt(this.length);
      if (id === this.firstId) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return INVALID_READ;
  }

  /** A group's lag, or null when it cannot be known (streamCGLag). */
  lag(g: ConsumerGroup): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (g.entriesRead !== INVALID_READ && !this.rangeHasTombstones(g.lastId)) return this.entriesAdded - g.entriesRead;
    const read = this.estimateDistance(g.lastId);
    return read === INVALID_READ ? null : this.entriesAdded - read;
  }

  /** A group delivers the entry `id`: advances last-delivered-id and entries-read like Redis. */
  deliver(g: ConsumerGroup, id: StreamId): void {
    if (id <= g.lastId) return;
    if (g.entriesRead !== INVALID_READ && !this.rangeHasTombstones(id)) g.entriesRead++;
    else if (this.entriesAdded !== 0n) g.entriesRead = this.estimateDistance(id);
    g.lastId = id;
  }

  // ---- XINFO's radix tree figures

  /** Nodes of Redis's radix tree holding the node keys (its numnodes), for XINFO STREAM. */
  radixTreeNodes(): number {
    const n = this.nodes.length;
    if (n === 0) return 1;
    const keys = new Uint8Array(n * 16);
    for (let k = 0; k < n; k++) {
      const id = this.nodes[k].master;
      for (let b = 0; b < 16; b++) keys[k * 16 + b] = Number((id >> BigInt(8 * (15 - b))) & 0xffn);
    }
    // Compressed trie of fixed-length keys: a chain of single-child bytes is one node, every
    // branching point one node, every key one leaf (rax keeps exactly this shape).
    const count = (lo: number, hi: number, d: number): number => {
      if (hi - lo === 1) return d === 16 ? 1 : 2;
      let p = d;
      while (keys[lo * 16 + p] === keys[(hi - 1) * 16 + p]) p++;
      let nodes = (p > d ? 1 : 0) + 1;
      for (let i = lo; i < hi;) {
        let j = i + 1;
        while (j < hi && keys[j * 16 + p] === keys[i * 16 + p]) j++;
        nodes += count(i, j, p + 1);
        i = j;
      }
      return nodes;
    };
    return count(0, n, 0);
  }

  // ---- moving between shards

  toStrings(): string[] {
    const groups = this.sortedGroups();
    const out: string[] = [
      `${this.length} ${this.lastId} ${this.firstId} ${this.maxDeletedId} ${this.entriesAdded} ${this.nodes.length} ${groups.length}`,
    ];
    for (const node of this.nodes) {
      out.push(`${node.master} ${node.live} ${node.deleted} ${node.lpBytes} ${node.fields.length}`);
      for (const f of node.fields) out.push(f);
      out.push(node.data.latin1Slice(0, node.used));
    }
    for (const g of groups) {
      const consumers = g.sortedConsumers();
      out.push(g.name, `${g.lastId} ${g.entriesRead} ${consumers.length}`);
      const index = new Map<Consumer, number>();
      consumers.forEach((c, i) => {
        index.set(c, i);
        out.push(c.name, String(c.seenTime));
      });
      const pel: string[] = [];
      for (const id of g.pel.ids()) {
        const nack = g.pel.get(id)!;
        pel.push(`${id} ${nack.deliveryTime} ${nack.deliveryCount} ${nack.consumer === null ? -1 : index.get(nack.consumer)}`);
      }
      out.push(pel.join(' '));
    }
    return out;
  }
}

/** Rebuilds a stream from toStrings() output. */
export function streamFromStrings(items: string[]): StreamValue {
  const s = new StreamValue();
  let p = 0;
  const head = items[p++].split(' ');
  s.length = Number(head[0]);
  s.lastId = BigInt(head[1]);
  s.firstId = BigInt(head[2]);
  s.maxDeletedId = BigInt(head[3]);
  s.entriesAdded = BigInt(head[4]);
  const nodeCount = Number(head[5]);
  const groupCount = Number(head[6]);
  for (let k = 0; k < nodeCount; k++) {
    const meta = items[p++].split(' ');
    const fields = items.slice(p, p + Number(meta[4]));
    p += fields.length;
    const data = items[p++];
    const node = new StreamNode(BigInt(meta[0]), fields, Math.max(1, data.length), 1);
    node.used = node.data.latin1Write(data, 0);
    node.index();
    node.live = Number(meta[1]);
    node.deleted = Number(meta[2]);
    node.lpBytes = Number(meta[3]);
    s.nodes.push(node);
    s.bytes += node.heapBytes;
    for (const f of fields) s.bytes += f.length;
  }
  for (let k = 0; k < groupCount; k++) {
    const name = items[p++];
    const meta = items[p++].split(' ');
    const g = s.createGroup(name, BigInt(meta[0]), BigInt(meta[1]))!;
    const consumers: Consumer[] = [];
    for (let c = Number(meta[2]); c > 0; c--) {
      const cname = items[p++];
      consumers.push(s.createConsumer(g, cname, Number(items[p++])));
    }
    const pel = items[p++];
    if (pel === '') continue;
    const f = pel.split(' ');
    for (let i = 0; i < f.length; i += 4) {
      const count = BigInt(f[i + 2]);
      const owner = Number(f[i + 3]);
      const nack = new Nack(Number(f[i + 1]), count <= 9007199254740991n && count >= -9007199254740991n ? Number(count) : count,
        owner < 0 ? null : consumers[owner]);
      s.addPending(g, BigInt(f[i]), nack);
    }
  }
  return s;
}

registerCollection('stream', (strings) => streamFromStrings(strings));
