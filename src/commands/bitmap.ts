// Bitmap commands (Redis 7.0's bitops.c semantics): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD
// BITFIELD_RO. Bitmaps are string values; src/store/bitmap.ts reads and edits their bytes (big
// bitmaps edited bit by bit keep a rope mirror there). BITOP's keys may live on other shards:
// it reaches them through peekKey and stores its result wherever the destination lives.
import { KeyspaceEvents as EV } from '../server/config';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { Entry } from '../store/keyspace';
import { META_RAW } from '../store/keyspace';
import { Stat } from '../engine/stats';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { keyAt } from './keyspecs';
import { internalCommand } from './table';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { INT64_MAX, parseInt64 } from '../util/numbers';
import { clampedRange } from '../util/ranges';
import { BitmapEdit, MAX_JS_STRING, byteReader, findBit, popcount, readBytes, type ByteReader } from '../store/bitmap';

const BAD_OFFSET = 'ERR bit offset is not an integer or out of range';
const BAD_BIT = 'ERR bit is not an integer or out of range';
const BAD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
/** Answered when a string would exceed what a JS string can hold (~512 MB); Redis would build it. */
const TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

/**
 * A bit offset argument (Redis's getBitOffsetFromArgument): a 64-bit integer, or with `bits` > 0
 * "#n" meaning n * bits (64-bit wrap-around included, as in C); null if negative or if its byte
 * is past proto-max-bulk-len.
 */
function parseBitOffset(ctx: ShardContext, arg: string, bits: number): number | null {
  const hash = bits > 0 && arg.charCodeAt(0) === 0x23;
  let v = parseInt64(hash ? arg.slice(1) : arg);
  if (v === null) return null;
  if (hash) v = BigInt.asIntN(64, v * BigInt(bits));
  if (v < 0n || v >> 3n >= BigInt(ctx.shard.settings.protoMaxBulkLen)) return null;
  return Number(v);
}

/** A long argument (Redis's string2ll rules), or null. */
function parseLong(arg: string): bigint | null {
  return parseInt64(arg);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** Marks a string entry raw-encoded, as Redis's dbUnshareStringValue leaves it (no change signalled). */
function unshare(e: Entry | undefined): void {
  if (e !== undefined) e.meta |= META_RAW;
}

/** Stores an edited value in place (the key keeps its TTL), then keeps the edit's mirror. */
function storeEdit(ctx: ShardContext, key: string, edit: BitmapEdit): void {
  ctx.shard.update(ctx, key, edit.result(), META_RAW);
  edit.attach(ctx.db.entry(key));
}

/** The string at a key for a bit write: [value, entry], undefined after a WRONGTYPE reply. */
function lookupForWrite(ctx: ShardContext, key: string, w: ReplyWriter): [string, Entry | undefined] | undefined {
  const e = ctx.db.lookup(key, ctx.now);
  if (e === undefined) return ['', undefined];
  if (!isString(e.value)) { w.error(WRONGTYPE); return undefined; }
  return [e.value, e];
}

// ---- SETBIT / GETBIT

function setbit(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const offset = parseBitOffset(ctx, argv[2], 0);
  if (offset === null) { w.error(BAD_OFFSET); return; }
  const on = parseLong(argv[3]);
  if (on === null || (on !== 0n && on !== 1n)) { w.error(BAD_BIT); return; }
  const found = lookupForWrite(ctx, key, w);
  if (found === undefined) return;
  const byte = Math.floor(offset / 8);
  if (byte + 1 > MAX_JS_STRING) { w.error(TOO_BIG); return; }
  const [value, e] = found;
  const edit = new BitmapEdit(value, e, byte + 1);
  const old = edit.at(byte);
  const mask = 0x80 >> (offset % 8);
  edit.put(byte, on === 1n ? old | mask : old & ~mask);
  if (edit.changed) {
    storeEdit(ctx, key, edit);
    ctx.shard.notify(ctx, EV.STRING, 'setbit', key);
  } else {
    unshare(e);
    edit.attach(e);
  }
  w.int(old & mask ? 1 : 0);
}

function getbit(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const offset = parseBitOffset(ctx, argv[2], 0);
  if (offset === null) { w.error(BAD_OFFSET); return; }
  const e = ctx.shard.read(ctx, argv[1]);
  if (e === undefined) { w.int(0); return; }
  if (!isString(e.value)) { w.error(WRONGTYPE); return; }
  const byte = Math.floor(offset / 8);
  if (byte >= e.value.length) { w.int(0); return; }
  const r = byteReader(e.value, e);
  w.int((r.at(byte) >> (7 - (offset % 8))) & 1);
}

// ---- BITCOUNT / BITPOS

/** Parses BYTE|BIT: true for BIT, false for BYTE, null after a syntax error reply. */
function parseUnit(arg: string, w: ReplyWriter): boolean | null {
  const u = arg.toLowerCase();
  if (u === 'bit') return true;
  if (u === 'byte') return false;
  w.error(SYNTAX);
  return null;
}

function parseLongLong(arg: string, w: ReplyWriter): number | null {
  const v = parseInt64(arg);
  if (v === null) { w.error(NOT_INTEGER); return null; }
  return Number(v);
}

/** Set bits in bits [startBit, endBit]. */
function countBits(r: ByteReader, startBit: number, endBit: number): number {
  const first = Math.floor(startBit / 8);
  const last = Math.floor(endBit / 8);
  let count = popcount(r, first, last);
  const head = r.at(first) & ~(0xff >> (startBit % 8)) & 0xff;
  const tail = r.at(last) & ((1 << (7 - (endBit % 8))) - 1);
  count -= bitsIn(head) + bitsIn(tail);
  return count;
}

function bitsIn(v: number): number {
  let n = 0;
  for (; v !== 0; v &= v - 1) n++;
  return n;
}

function bitcount(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const e = ctx.shard.read(ctx, argv[1]);
  if (e === undefined) { w.int(0); return; }
  if (!isString(e.value)) { w.error(WRONGTYPE); return; }
  const value = e.value;
  const n = value.length;
  let startBit: number;
  let endBit: number;
  if (argv.length === 4 || argv.length === 5) {
    const start = parseLongLong(argv[2], w);
    if (start === null) return;
    const end = parseLongLong(argv[3], w);
    if (end === null) return;
    if (start < 0 && end < 0 && start > end) { w.int(0); return; }
    let isBit = false;
    if (argv.length === 5) {
      const unit = parseUnit(argv[4], w);
      if (unit === null) return;
      isBit = unit;
    }
    const [from, to] = clampedRange(start, end, isBit ? n * 8 : n);
    if (from > to) { w.int(0); return; }
    startBit = isBit ? from : from * 8;
    endBit = isBit ? to : to * 8 + 7;
  } else if (argv.length === 2) {
    if (n === 0) { w.int(0); return; }
    startBit = 0;
    endBit = n * 8 - 1;
  } else {
    w.error(SYNTAX);
    return;
  }
  w.int(countBits(byteReader(value, e), startBit, endBit));
}

function bitpos(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const bitArg = parseInt64(argv[2]);
  if (bitArg === null) { w.error(NOT_INTEGER); return; }
  if (bitArg !== 0n && bitArg !== 1n) { w.error('ERR The bit argument must be 1 or 0.'); return; }
  const bit = Number(bitArg);
  const e = ctx.shard.read(ctx, argv[1]);
  if (e === undefined) { w.int(bit ? -1 : 0); return; }
  if (!isString(e.value)) { w.error(WRONGTYPE); return; }
  const value = e.value;
  const n = value.length;
  let start: number;
  let end: number;
  let isBit = false;
  let endGiven = false;
  if (argv.length >= 4 && argv.length <= 6) {
    const s = parseLongLong(argv[3], w);
    if (s === null) return;
    start = s;
    if (argv.length === 6) {
      const unit = parseUnit(argv[5], w);
      if (unit === null) return;
      isBit = unit;
    }
    if (argv.length >= 5) {
      const t = parseLongLong(argv[4], w);
      if (t === null) return;
      end = t;
      endGiven = true;
    } else {
      end = isBit ? n * 8 + 7 : n - 1;
    }
    [start, end] = clampedRange(start, end, isBit ? n * 8 : n);
  } else if (argv.length === 3) {
    start = 0;
    end = n - 1;
  } else {
    w.error(SYNTAX);
    return;
  }
  if (start > end) { w.int(-1); return; }
  const startBit = isBit ? start : start * 8;
  const endBit = isBit ? end : end * 8 + 7;
  const pos = findBit(byteReader(value, e), bit, startBit, endBit);
  if (pos >= 0) { w.int(pos); return; }
  // No match: looking for a clear bit without an explicit end, the string counts as padded
  // with zeros on the right, so the answer is the first bit past it.
  w.int(bit === 0 && !endGiven ? endBit + 1 : -1);
}

// ---- BITOP

/**
 * Reads a key for a command whose keys may live on other shards, counting the hit or miss as
 * Redis's lookupKeyRead does: the entry (local) or the value (remote), or undefined.
 */
export function readAnyKey(ctx: ShardContext, key: string): { value: unknown; entry?: Entry } | undefined {
  if (ctx.shard.ownsKey(key)) {
    const e = ctx.shard.read(ctx, key);
    return e === undefined ? undefined : { value: e.value, entry: e };
  }
  const t = ctx.shard.peekKey(ctx, key);
  ctx.shard.stats.add(t === undefined ? Stat.KeyspaceMisses : Stat.KeyspaceHits, 1);
  if (t === undefined) {
    ctx.shard.notify(ctx, EV.KEY_MISS, 'keymiss', key);
    return undefined;
  }
  return { value: t.value };
}

/**
 * Stores a string built by a command as a raw-encoded value, wherever the key lives: replacing
 * the key and its TTL (`keepTtl` false, like SET), or changing the value in place.
 */
export function storeRawString(ctx: ShardContext, key: string, value: string, keepTtl: boolean): void {
  if (!ctx.shard.ownsKey(key)) {
    ctx.shard.remoteCall(ctx, key, internalCommand('string-store-raw'), ['string-store-raw', key, value, keepTtl ? '1' : '0']);
    return;
  }
  storeLocal(ctx, key, value, keepTtl);
}

function storeLocal(ctx: ShardContext, key: string, value: string, keepTtl: boolean): void {
  if (keepTtl) {
    ctx.shard.update(ctx, key, value, META_RAW);
  } else {
    ctx.shard.write(ctx, key, value);
    unshare(ctx.db.entry(key));
  }
}

function stringStoreRaw(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  storeLocal(ctx, argv[1], argv[2], argv[3] === '1');
  w.ok();
}

const enum Op { And, Or, Xor, Not }
const BITOP_NAMES = new Map<string, Op>([['and', Op.And], ['or', Op.Or], ['xor', Op.Xor], ['not', Op.Not]]);

function bitop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const name = argv[1].toLowerCase();
  const op = BITOP_NAMES.get(name);
  if (op === undefined) { w.error(SYNTAX); return; }
  if (op === Op.Not && argv.length !== 4) { w.error('ERR BITOP NOT must be called with a single source key.'); return; }
  const dest = argv[2];
  const sources: Buffer[] = [];
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const found = readAnyKey(ctx, argv[i]);
    if (found === undefined) { sources.push(EMPTY); continue; }
    if (!isString(found.value)) { w.error(WRONGTYPE); return; }
    const r = byteReader(found.value, found.entry);
    const bytes = readBytes(r, 0, r.length);
    sources.push(bytes);
    if (bytes.length > maxlen) maxlen = bytes.length;
  }
  if (maxlen === 0) {
    if (ctx.shard.delKey(ctx, dest)) ctx.shard.notify(ctx, EV.GENERIC, 'del', dest);
    w.int(0);
    return;
  }
  const res = Buffer.alloc(maxlen);
  sources[0].copy(res, 0);
  if (op === Op.Not) combine(Op.Not, res, res);
  for (let k = 1; k < sources.length; k++) {
    combine(op, res, sources[k]);
    // AND with a shorter string: the bytes past its end are zeros.
    if (op === Op.And) res.fill(0, Math.min(sources[k].length, maxlen));
  }
  storeRawString(ctx, dest, res.latin1Slice(0, maxlen), false);
  ctx.shard.notify(ctx, EV.STRING, 'set', dest);
  w.int(maxlen);
}

const EMPTY = Buffer.alloc(0);

/** res[i] = res[i] OP src[i] for the bytes of src (NOT: res[i] = ~src[i]), 32 bits at a time. */
function combine(op: Op, res: Buffer, src: Buffer): void {
  const n = Math.min(src.length, res.length);
  let i = 0;
  if (res.byteOffset % 4 === 0 && src.byteOffset % 4 === 0) {
    const words = n >> 2;
    const r = new Int32Array(res.buffer, res.byteOffset, words);
    const s = new Int32Array(src.buffer, src.byteOffset, words);
    if (op === Op.And) for (let j = 0; j < words; j++) r[j] &= s[j];
    else if (op === Op.Or) for (let j = 0; j < words; j++) r[j] |= s[j];
    else if (op === Op.Xor) for (let j = 0; j < words; j++) r[j] ^= s[j];
    else for (let j = 0; j < words; j++) r[j] = ~s[j];
    i = words << 2;
  }
  if (op === Op.And) for (; i < n; i++) res[i] &= src[i];
  else if (op === Op.Or) for (; i < n; i++) res[i] |= src[i];
  else if (op === Op.Xor) for (; i < n; i++) res[i] ^= src[i];
  else for (; i < n; i++) res[i] = ~src[i];
}

// ---- BITFIELD / BITFIELD_RO

const enum Overflow { Wrap, Sat, Fail }
const enum FieldOp { Get, Set, Incrby }

interface FieldOperation {
  op: FieldOp;
  signed: boolean;
  bits: number;
  offset: number;
  value: bigint;
  overflow: Overflow;
}

/** A bitfield type "i<bits>" (1..64) or "u<bits>" (1..63); as Redis reads it, up to a NUL byte. */
function parseFieldType(arg: string): { signed: boolean; bits: number } | null {
  const c = arg.charCodeAt(0);
  if (c !== 0x69 && c !== 0x75) return null;
  const nul = arg.indexOf('\0');
  const n = parseInt64(arg.slice(1, nul < 0 ? arg.length : nul));
  const signed = c === 0x69;
  if (n === null || n < 1n || n > (signed ? 64n : 63n)) return null;
  return { signed, bits: Number(n) };
}

/** Reads an unsigned field of `bits` bits at bit `offset` through `at`. */
function getField(at: (i: number) => number, offset: number, bits: number): bigint {
  const firstByte = Math.floor(offset / 8);
  const lastByte = Math.floor((offset + bits - 1) / 8);
  let window = 0n;
  for (let i = firstByte; i <= lastByte; i++) window = (window << 8n) | BigInt(at(i));
  const windowBits = (lastByte - firstByte + 1) * 8;
  const shift = windowBits - (offset % 8) - bits;
  return (window >> BigInt(shift)) & ((1n << BigInt(bits)) - 1n);
}

/** Writes the low `bits` bits of `value` at bit `offset`. */
function setField(edit: BitmapEdit, offset: number, bits: number, value: bigint): void {
  const firstByte = Math.floor(offset / 8);
  const lastByte = Math.floor((offset + bits - 1) / 8);
  let window = 0n;
  for (let i = firstByte; i <= lastByte; i++) window = (window << 8n) | BigInt(edit.at(i));
  const windowBits = (lastByte - firstByte + 1) * 8;
  const shift = BigInt(windowBits - (offset % 8) - bits);
  const mask = ((1n << BigInt(bits)) - 1n) << shift;
  window = (window & ~mask) | ((BigInt.asUintN(bits, value) << shift) & mask);
  for (let i = lastByte; i >= firstByte; i--) {
    edit.put(i, Number(window & 0xffn));
    window >>= 8n;
  }
}

function toSigned(u: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, u);
}

/**
 * Redis's overflow checks: [overflowed, result] for value + incr stored in `bits` bits, with the
 * result wrapped or saturated by `mode` (for FAIL only the flag matters).
 */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, mode: Overflow): [boolean, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  const wrap = (): bigint => BigInt.asUintN(bits, BigInt.asUintN(64, value + incr));
  if (value > max || (incr > 0n && incr > maxincr)) return [true, mode === Overflow.Wrap ? wrap() : max];
  if (incr < 0n && incr < minincr) return [true, mode === Overflow.Wrap ? wrap() : 0n];
  return [false, value + incr];
}

function signedOverflow(value: bigint, incr: bigint, bits: number, mode: Overflow): [boolean, bigint] {
  const max = bits === 64 ? INT64_MAX : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  const wrap = (): bigint => BigInt.asIntN(bits, BigInt.asUintN(64, value + incr));
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return [true, mode === Overflow.Wrap ? wrap() : max];
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return [true, mode === Overflow.Wrap ? wrap() : min];
  }
  return [false, value + incr];
}

function writeInt(w: ReplyWriter, v: bigint): void {
  if (v >= -9007199254740991n && v <= 9007199254740991n) w.int(Number(v));
  else w.bigint(v);
}

function bitfieldGeneric(ctx: ShardContext, argv: string[], w: ReplyWriter, readOnlyCommand: boolean): void {
  const ops: FieldOperation[] = [];
  let overflow = Overflow.Wrap;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let op: FieldOp;
    if (sub === 'get' && remaining >= 2) op = FieldOp.Get;
    else if (sub === 'set' && remaining >= 3) op = FieldOp.Set;
    else if (sub === 'incrby' && remaining >= 3) op = FieldOp.Incrby;
    else if (sub === 'overflow' && remaining >= 1) {
      const mode = argv[++j].toLowerCase();
      if (mode === 'wrap') overflow = Overflow.Wrap;
      else if (mode === 'sat') overflow = Overflow.Sat;
      else if (mode === 'fail') overflow = Overflow.Fail;
      else { w.error('ERR Invalid OVERFLOW type specified'); return; }
      continue;
    } else {
      w.error(SYNTAX);
      return;
    }
    const type = parseFieldType(argv[j + 1]);
    if (type === null) { w.error(BAD_TYPE); return; }
    const offset = parseBitOffset(ctx, argv[j + 2], type.bits);
    if (offset === null) { w.error(BAD_OFFSET); return; }
    let value = 0n;
    if (op !== FieldOp.Get) {
      readonly = false;
      if (highestWrite < offset + type.bits - 1) highestWrite = offset + type.bits - 1;
      const v = parseInt64(argv[j + 3]);
      if (v === null) { w.error(NOT_INTEGER); return; }
      value = v;
    }
    ops.push({ op, signed: type.signed, bits: type.bits, offset, value, overflow });
    j += op === FieldOp.Get ? 2 : 3;
  }

  if (readonly) {
    const e = ctx.shard.read(ctx, argv[1]);
    if (e !== undefined && !isString(e.value)) { w.error(WRONGTYPE); return; }
    const r = e === undefined ? null : byteReader(e.value as string, e);
    const at = (i: number): number => (r !== null && i < r.length ? r.at(i) : 0);
    w.array(ops.length);
    for (const o of ops) {
      const u = getField(at, o.offset, o.bits);
      writeInt(w, o.signed ? toSigned(u, o.bits) : u);
    }
    return;
  }
  if (readOnlyCommand) { w.error('ERR BITFIELD_RO only supports the GET subcommand'); return; }

  const key = argv[1];
  const found = lookupForWrite(ctx, key, w);
  if (found === undefined) return;
  const byteLen = Math.floor(highestWrite / 8) + 1;
  if (byteLen > MAX_JS_STRING) { w.error(TOO_BIG); return; }
  const [current, e] = found;
  const edit = new BitmapEdit(current, e, byteLen);
  const at = (i: number): number => (i < edit.length ? edit.at(i) : 0);
  let changes = 0;
  w.array(ops.length);
  for (const o of ops) {
    if (o.op === FieldOp.Get) {
      const u = getField(at, o.offset, o.bits);
      writeInt(w, o.signed ? toSigned(u, o.bits) : u);
      continue;
    }
    const oldU = getField(at, o.offset, o.bits);
    const oldVal = o.signed ? toSigned(oldU, o.bits) : oldU;
    let overflowed: boolean;
    let newVal: bigint;
    let reply: bigint;
    if (o.signed) {
      if (o.op === FieldOp.Incrby) {
        [overflowed, newVal] = signedOverflow(oldVal, o.value, o.bits, o.overflow);
        reply = newVal;
      } else {
        [overflowed, newVal] = signedOverflow(o.value, 0n, o.bits, o.overflow);
        reply = oldVal;
      }
    } else if (o.op === FieldOp.Incrby) {
      [overflowed, newVal] = unsignedOverflow(oldVal, o.value, o.bits, o.overflow);
      if (!overflowed) newVal = BigInt.asUintN(64, oldVal + o.value);
      reply = newVal;
    } else {
      // SET: the value is taken as a 64-bit unsigned integer, as Redis casts it.
      [overflowed, newVal] = unsignedOverflow(BigInt.asUintN(64, o.value), 0n, o.bits, o.overflow);
      reply = oldVal;
    }
    if (overflowed && o.overflow === Overflow.Fail) { w.nil(); continue; }
    writeInt(w, reply);
    setField(edit, o.offset, o.bits, newVal);
    if (edit.length !== current.length || oldVal !== newVal) changes++;
  }
  if (edit.changed) {
    storeEdit(ctx, key, edit);
    if (changes > 0) ctx.shard.notify(ctx, EV.STRING, 'setbit', key);
  } else {
    unshare(e);
    edit.attach(e);
  }
}

// ---- the table

const BITMAP = ['bitmap'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const UNIT: ArgDoc = {
  name: 'index_unit', type: 'oneof', since: '7.0.0', flags: ['optional'], args: [
    { name: 'byte', type: 'pure-token', token: 'BYTE' }, { name: 'bit', type: 'pure-token', token: 'BIT' }],
};
const GET_OP: ArgDoc = {
  name: 'encoding_offset', type: 'block', token: 'GET', args: [
    { name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }],
};

const bitmapCmd = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: BITMAP, group: 'bitmap', where: 'shard', ...def });

const BITOP_KEYS: KeySpec[] = [
  { flags: ['OW', 'update'], begin: { index: 2 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
  { flags: ['RO', 'access'], begin: { index: 3 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } },
];

export const bitmapCommands: CommandDef[] = [
  bitmapCmd({
    name: 'setbit', arity: 4, flags: ['write', 'denyoom'], since: '2.2.0', complexity: 'O(1)',
    summary: 'Sets or clears one bit of a string value, creating or zero-padding the string as needed.',
    keys: keyAt(1, 'RW', 'access', 'update'),
    args: [KEY, { name: 'offset', type: 'integer' }, { name: 'value', type: 'integer' }], shard: setbit,
  }),
  bitmapCmd({
    name: 'getbit', arity: 3, flags: ['readonly', 'fast'], since: '2.2.0', complexity: 'O(1)',
    summary: 'Returns one bit of a string value (0 past its end).',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'offset', type: 'integer' }], shard: getbit,
  }),
  bitmapCmd({
    name: 'bitcount', arity: -2, flags: ['readonly'], since: '2.6.0', complexity: 'O(N)',
    summary: 'Counts the set bits of a string value, optionally within a byte or bit range.',
    keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'index', type: 'block', flags: ['optional'], args: [
      { name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }, UNIT] }],
    shard: bitcount,
  }),
  bitmapCmd({
    name: 'bitpos', arity: -3, flags: ['readonly'], since: '2.8.7', complexity: 'O(N)',
    summary: 'Finds the first set or clear bit of a string value, optionally within a byte or bit range.',
    keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'bit', type: 'integer' }, { name: 'index', type: 'block', flags: ['optional'], args: [
      { name: 'start', type: 'integer' }, { name: 'end_index', type: 'block', flags: ['optional'], args: [
        { name: 'end', type: 'integer' }, UNIT] }] }],
    shard: bitpos,
  }),
  bitmapCmd({
    name: 'bitop', arity: -4, flags: ['write', 'denyoom'], since: '2.6.0', complexity: 'O(N)',
    summary: 'Stores the bitwise AND, OR, XOR or NOT of string values in a key.',
    keys: BITOP_KEYS,
    args: [{ name: 'operation', type: 'string' }, { name: 'destkey', type: 'key', keySpecIndex: 0 },
      { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] }],
    shard: bitop,
  }),
  bitmapCmd({
    name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], since: '3.2.0', complexity: 'O(1) for each subcommand specified',
    summary: 'Reads, writes and increments integer fields of any width at any bit offset of a string value.',
    keys: [{ notes: 'This command allows both access and modification of the key', flags: ['RW', 'access', 'update', 'variable_flags'],
      begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [KEY, { name: 'operation', type: 'oneof', flags: ['optional', 'multiple'], args: [
      GET_OP,
      { name: 'write', type: 'block', args: [
        { name: 'wrap_sat_fail', type: 'oneof', token: 'OVERFLOW', flags: ['optional'], args: [
          { name: 'wrap', type: 'pure-token', token: 'WRAP' }, { name: 'sat', type: 'pure-token', token: 'SAT' },
          { name: 'fail', type: 'pure-token', token: 'FAIL' }] },
        { name: 'write_operation', type: 'oneof', args: [
          { name: 'encoding_offset_value', type: 'block', token: 'SET', args: [
            { name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }, { name: 'value', type: 'integer' }] },
          { name: 'encoding_offset_increment', type: 'block', token: 'INCRBY', args: [
            { name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }, { name: 'increment', type: 'integer' }] }] }] }] }],
    shard: (ctx, argv, w) => bitfieldGeneric(ctx, argv, w, false),
  }),
  bitmapCmd({
    name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], since: '6.0.0', complexity: 'O(1) for each subcommand specified',
    summary: 'Reads integer fields of any width at any bit offset of a string value.',
    keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { ...GET_OP, flags: ['optional', 'multiple', 'multiple_token'] }],
    shard: (ctx, argv, w) => bitfieldGeneric(ctx, argv, w, true),
  }),
  bitmapCmd({
    name: 'string-store-raw', arity: 4, flags: ['write'], since: '0.1.0', internal: true,
    summary: 'Stores a string built on another shard (BITOP, PFMERGE) as a raw-encoded value.',
    keys: keyAt(1, 'RW', 'update'), shard: stringStoreRaw,
  }),
];
