// String commands (Redis's t_string.c).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef } from './types';
import { keyAt, keysToEnd } from './keyspecs';
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from '../util/numbers';
import { clampedRange } from '../util/ranges';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/longdouble';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { KeyspaceEvents as EV } from '../server/config';
import { META_NO_INT, META_RAW } from '../store/keyspace';

/** GET: the hot path; kept small. */
function get(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const e = ctx.shard.read(ctx, argv[1]);
  if (e === undefined) w.nil();
  else if (!e.holdsString) w.error(WRONGTYPE);
  else e.replyString(w);
}

/** Reads a key that must hold a string: the value, null if missing, or undefined after a WRONGTYPE reply. */
function readString(ctx: ShardContext, key: string, w: ReplyWriter): string | null | undefined {
  const e = ctx.shard.read(ctx, key);
  if (e === undefined) return null;
  if (!e.holdsString) { w.error(WRONGTYPE); return undefined; }
  return e.value as string;
}

const enum SetFlag { NX = 1, XX = 2, GET = 4, KEEPTTL = 8 }

/** The shared core of SET and its legacy forms. Writes `okReply` or `abortReply` when not GET. */
function setGeneric(ctx: ShardContext, key: string, value: string, flags: number, expireAt: number, w: ReplyWriter,
  okReply: (w: ReplyWriter) => void, abortReply: (w: ReplyWriter) => void): void {
  const db = ctx.db;
  const old = db.lookup(key, ctx.now);
  if (flags & SetFlag.GET && old !== undefined && !old.holdsString) { w.error(WRONGTYPE); return; }
  // The entry is updated in place by the write below: keep the old value for GET.
  const oldValue = flags & SetFlag.GET && old !== undefined ? old.value : undefined;
  if ((flags & SetFlag.NX && old !== undefined) || (flags & SetFlag.XX && old === undefined)) {
    if (flags & SetFlag.GET) { if (oldValue === undefined) w.nil(); else w.bulk(oldValue as string); } else abortReply(w);
    return;
  }
  // A TTL set just below replaces the old one in its slot: dropping it first would cost a
  // delete and a new slot holding this command's key string.
  const e = flags & SetFlag.KEEPTTL || expireAt >= 0 ? ctx.shard.update(ctx, key, value, 0, old ?? null)
    : ctx.shard.write(ctx, key, value, old ?? null);
  ctx.shard.notify(ctx, EV.STRING, 'set', key);
  if (expireAt >= 0) ctx.shard.setExpire(ctx, key, expireAt, e);
  if (flags & SetFlag.GET) { if (oldValue === undefined) w.nil(); else w.bulk(oldValue as string); } else okReply(w);
}

const ok = (w: ReplyWriter): void => w.ok();
const nil = (w: ReplyWriter): void => w.nil();
const one = (w: ReplyWriter): void => w.int(1);
const zero = (w: ReplyWriter): void => w.int(0);

/**
 * Parses an expire argument (`unitMs` ms per unit, relative or absolute) into an absolute time in
 * ms, or writes Redis's error and returns -1.
 */
export function parseExpireTime(ctx: ShardContext, arg: string, unitMs: number, absolute: boolean, cmd: string, w: ReplyWriter): number {
  const n = parseInteger(arg);
  if (n === null) { w.error(NOT_INTEGER); return -1; }
  if (n <= 0) { w.error(`ERR invalid expire time in '${cmd}' command`); return -1; }
  const at = n * unitMs + (absolute ? 0 : ctx.now);
  if (at > Number.MAX_SAFE_INTEGER) {
    // Past 2^53 ms (285,000 years): Redis's 64-bit overflow checks, exactly. A time accepted
    // here is held as the nearest double (within a second up to 2^63 ms), as EXPIRE holds one.
    if (BigInt(arg) * BigInt(unitMs) + BigInt(absolute ? 0 : ctx.now) > INT64_MAX) {
      w.error(`ERR invalid expire time in '${cmd}' command`);
      return -1;
    }
  }
  return at;
}

/** SET's or GETEX's expiry option as parsed: its name ('' if none) and, for a time, the value. */
interface Expiry { kind: string; arg: string | null }

/**
 * Reads SET's or GETEX's expiry option at argv[i] (EX/PX/EXAT/PXAT, or KEEPTTL / PERSIST when
 * `also` names it) into `opts`; returns the index of its last argument, or -1 if it is none of
 * them. As in Redis, an option may repeat (the last value wins) but not mix with another kind,
 * and the value is checked only once every option has parsed.
 */
function expiryOption(argv: string[], i: number, opt: string, also: string, opts: Expiry): number {
  const isTime = opt === 'EX' || opt === 'PX' || opt === 'EXAT' || opt === 'PXAT';
  if (!(isTime ? i + 1 < argv.length : opt === also) || (opts.kind !== '' && opts.kind !== opt)) return -1;
  opts.kind = opt;
  if (!isTime) return i;
  opts.arg = argv[i + 1];
  return i + 1;
}

/** The absolute expiry time (ms) an EX/PX/EXAT/PXAT option asks for, or -1 after the error reply. */
function expiryTime(ctx: ShardContext, opts: Expiry, cmd: string, w: ReplyWriter): number {
  const k = opts.kind;
  return parseExpireTime(ctx, opts.arg!, k === 'EX' || k === 'EXAT' ? 1000 : 1, k === 'EXAT' || k === 'PXAT', cmd, w);
}

function set(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  // Plain SET (the hot path) has no options to parse.
  if (argv.length === 3) { setGeneric(ctx, argv[1], argv[2], 0, -1, w, ok, nil); return; }
  let flags = 0;
  const expiry: Expiry = { kind: '', arg: null };
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'NX' && !(flags & SetFlag.XX)) flags |= SetFlag.NX;
    else if (opt === 'XX' && !(flags & SetFlag.NX)) flags |= SetFlag.XX;
    else if (opt === 'GET') flags |= SetFlag.GET;
    else {
      const last = expiryOption(argv, i, opt, 'KEEPTTL', expiry);
      if (last < 0) { w.error(SYNTAX); return; }
      i = last;
    }
  }
  if (expiry.kind === 'KEEPTTL') flags |= SetFlag.KEEPTTL;
  // Redis checks the time before looking at the key (a bad time wins over WRONGTYPE).
  let expireAt = -1;
  if (expiry.arg !== null) {
    expireAt = expiryTime(ctx, expiry, 'set', w);
    if (expireAt < 0) return;
  }
  setGeneric(ctx, argv[1], argv[2], flags, expireAt, w, ok, nil);
}

function setnx(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  setGeneric(ctx, argv[1], argv[2], SetFlag.NX, -1, w, one, zero);
}

function setexGeneric(unitMs: number, name: string) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const at = parseExpireTime(ctx, argv[2], unitMs, false, name, w);
    if (at >= 0) setGeneric(ctx, argv[1], argv[3], 0, at, w, ok, nil);
  };
}

function getset(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  setGeneric(ctx, argv[1], argv[2], SetFlag.GET, -1, w, ok, nil);
}

function getex(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const expiry: Expiry = { kind: '', arg: null };
  for (let i = 2; i < argv.length; i++) {
    i = expiryOption(argv, i, argv[i].toUpperCase(), 'PERSIST', expiry);
    if (i < 0) { w.error(SYNTAX); return; }
  }
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  if (v === null) { w.nil(); return; }
  // Unlike SET, the time is checked only once the key is known to hold a string.
  if (expiry.arg !== null) {
    const expireAt = expiryTime(ctx, expiry, 'getex', w);
    if (expireAt < 0) return;
    ctx.shard.setExpire(ctx, argv[1], expireAt);
  } else if (expiry.kind === 'PERSIST' && ctx.db.persist(argv[1])) {
    ctx.shard.notify(ctx, EV.GENERIC, 'persist', argv[1]);
  }
  w.bulk(v);
}

function getdel(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  if (v === null) { w.nil(); return; }
  ctx.shard.remove(ctx, argv[1]);
  w.bulk(v);
}

function mget(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  w.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const e = ctx.shard.read(ctx, argv[i]);
    if (e === undefined || !e.holdsString) w.nil();
    else e.replyString(w);
  }
}

function mset(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  for (let i = 1; i < argv.length; i += 2) {
    ctx.shard.write(ctx, argv[i], argv[i + 1]);
    ctx.shard.notify(ctx, EV.STRING, 'set', argv[i]);
  }
  w.ok();
}

/** MSETNX: all or nothing; across shards it runs as a transaction (keys may be remote). */
function msetnx(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const shard = ctx.shard;
  for (let i = 1; i < argv.length; i += 2) {
    if (shard.existsKey(ctx, argv[i])) { w.int(0); return; }
  }
  for (let i = 1; i < argv.length; i += 2) {
    shard.putKey(ctx, argv[i], { value: argv[i + 1], expireAt: -1 }, true);
    shard.notify(ctx, EV.STRING, 'set', argv[i]);
  }
  w.int(1);
}

function append(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  const next = v === null ? argv[2] : v + argv[2];
  if (next.length > ctx.shard.maxStringLength) { w.error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'); return; }
  // On a missing key the argument becomes the value as SET stores it ("12" is int-encoded).
  ctx.shard.update(ctx, argv[1], next, v === null ? 0 : META_RAW);
  ctx.shard.notify(ctx, EV.STRING, 'append', argv[1]);
  w.int(next.length);
}

function strlen(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const v = readString(ctx, argv[1], w);
  if (v !== undefined) w.int(v === null ? 0 : v.length);
}

/** INCR/DECR/INCRBY/DECRBY: 64-bit signed arithmetic with Redis's overflow errors. */
function incrGeneric(ctx: ShardContext, key: string, by: bigint, w: ReplyWriter): void {
  const e = ctx.shard.read(ctx, key);
  const v = e === undefined ? null : e.value;
  if (typeof v !== 'string' && v !== null) { w.error(WRONGTYPE); return; }
  let text: string;
  // In doubles while everything stays a safe integer (no BigInt per INCR); exact int64 otherwise.
  const small = v === null ? 0 : parseInteger(v);
  const step = Number(by);
  if (small !== null && Number.isSafeInteger(small) && Number.isSafeInteger(step) && Number.isSafeInteger(small + step)) {
    text = String(small + step);
  } else {
    const current = v === null ? 0n : parseInt64(v);
    if (current === null) { w.error(NOT_INTEGER); return; }
    const next = current + by;
    if (next > INT64_MAX || next < INT64_MIN) { w.error('ERR increment or decrement would overflow'); return; }
    text = next.toString();
  }
  ctx.shard.update(ctx, key, text, 0, e ?? null);
  ctx.shard.notify(ctx, EV.STRING, 'incrby', key);
  w.ascii(':' + text + '\r\n');
}

function incrByArg(argv: string[], w: ReplyWriter, negate: boolean): bigint | null {
  const by = parseInt64(argv[2]);
  if (by === null) { w.error(NOT_INTEGER); return null; }
  if (negate && by === INT64_MIN) { w.error('ERR decrement would overflow'); return null; }
  return negate ? -by : by;
}

function incrbyfloat(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  const current = v === null ? { m: 0n, e: 0 } : parseLongDouble(v);
  const by = parseLongDouble(argv[2]);
  if (current === null || by === null) { w.error('ERR value is not a valid float'); return; }
  // An infinite value or increment parses (strtold reads "inf"); only the sum is refused.
  const sum = typeof current === 'number' || typeof by === 'number' ? null : addLongDouble(current, by);
  if (sum === null) { w.error('ERR increment would produce NaN or Infinity'); return; }
  const text = formatLongDouble(sum);
  ctx.shard.update(ctx, argv[1], text, META_NO_INT);
  ctx.shard.notify(ctx, EV.STRING, 'incrbyfloat', argv[1]);
  w.bulk(text);
}

/** Normalises a (start, end) range on a string of length n the way GETRANGE does; null = empty. */
function stringRange(start: number, end: number, n: number): [number, number] | null {
  if (start < 0 && end < 0 && start > end) return null;
  const r = clampedRange(start, end, n);
  return r[0] > r[1] || n === 0 ? null : r;
}

function getrange(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const start = parseInteger(argv[2]);
  const end = parseInteger(argv[3]);
  if (start === null || end === null) { w.error(NOT_INTEGER); return; }
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  const r = v === null ? null : stringRange(start, end, v.length);
  w.bulk(r === null ? '' : v!.slice(r[0], r[1] + 1));
}

function setrange(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const offset = parseInteger(argv[2]);
  if (offset === null) { w.error(NOT_INTEGER); return; }
  if (offset < 0) { w.error('ERR offset is out of range'); return; }
  const v = readString(ctx, argv[1], w);
  if (v === undefined) return;
  const piece = argv[3];
  if (piece.length === 0) { w.int(v === null ? 0 : v.length); return; }
  if (offset + piece.length > ctx.shard.maxStringLength) { w.error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'); return; }
  const base = v ?? '';
  const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base;
  const next = padded.slice(0, offset) + piece + padded.slice(offset + piece.length);
  ctx.shard.update(ctx, argv[1], next, META_RAW);
  ctx.shard.notify(ctx, EV.STRING, 'setrange', argv[1]);
  w.int(next.length);
}

/** LCS: longest common subsequence of two strings (which may live on different shards). */
function lcs(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  // The keys' types are checked before the options, as in Redis.
  const ta = ctx.shard.peekKey(ctx, argv[1]);
  const tb = ctx.shard.peekKey(ctx, argv[2]);
  if ((ta !== undefined && typeof ta.value !== 'string') || (tb !== undefined && typeof tb.value !== 'string')) {
    w.error('ERR The specified keys must contain string values');
    return;
  }
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && i + 1 < argv.length) {
      const n = parseInteger(argv[++i]);
      if (n === null) { w.error(NOT_INTEGER); return; }
      minMatchLen = Math.max(0, n);
    } else { w.error(SYNTAX); return; }
  }
  if (getIdx && getLen) { w.error('ERR If you want both the length and indexes, please just use IDX.'); return; }
  const a = (ta?.value as string | undefined) ?? '';
  const b = (tb?.value as string | undefined) ?? '';
  const cols = b.length + 1;
  if ((a.length + 1) * cols * 4 > ctx.shard.settings.protoMaxBulkLen) {
    w.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  // dp[i][j] = LCS length of a[0..i) and b[0..j).
  const dp = new Uint32Array((a.length + 1) * cols);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i * cols + j] = a.charCodeAt(i - 1) === b.charCodeAt(j - 1)
        ? dp[(i - 1) * cols + j - 1] + 1
        : Math.max(dp[(i - 1) * cols + j], dp[i * cols + j - 1]);
    }
  }
  const total = dp[a.length * cols + b.length];
  if (getLen) { w.int(total); return; }
  // Walk back from the end, collecting the sequence and the matching ranges (Redis's order).
  const seq: string[] = [];
  const matches: Array<[number, number, number, number]> = [];
  let i = a.length;
  let j = b.length;
  let range: [number, number, number, number] | null = null;
  while (i > 0 && j > 0) {
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      seq.push(a[i - 1]);
      if (range !== null && range[0] === i && range[2] === j) {
        range[0] = i - 1;
        range[2] = j - 1;
      } else {
        if (range !== null && range[1] - range[0] + 1 >= minMatchLen) matches.push(range);
        range = [i - 1, i - 1, j - 1, j - 1];
      }
      i--;
      j--;
    } else if (dp[(i - 1) * cols + j] > dp[i * cols + j - 1]) {
      i--;
    } else {
      j--;
    }
  }
  if (range !== null && range[1] - range[0] + 1 >= minMatchLen) matches.push(range);
  if (!getIdx) { w.bulk(seq.reverse().join('')); return; }
  w.map(2);
  w.bulk('matches');
  w.array(matches.length);
  for (const [a0, a1, b0, b1] of matches) {
    w.array(withMatchLen ? 3 : 2);
    w.array(2); w.int(a0); w.int(a1);
    w.array(2); w.int(b0); w.int(b1);
    if (withMatchLen) w.int(a1 - a0 + 1);
  }
  w.bulk('len');
  w.int(total);
}

const STRING = ['string'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const VALUE: ArgDoc = { name: 'value', type: 'string' };
const expirationArgs: ArgDoc[] = [
  { name: 'seconds', type: 'integer', token: 'EX' },
  { name: 'milliseconds', type: 'integer', token: 'PX' },
  { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
  { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
];

const str = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: STRING, group: 'string', where: 'shard', ...def });

export const stringCommands: CommandDef[] = [
  str({
    name: 'get', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', summary: 'Returns the string value of a key.',
    complexity: 'O(1)', keys: keyAt(1, 'RO', 'access'), args: [KEY], shard: get,
  }),
  str({
    name: 'set', arity: -3, flags: ['write', 'denyoom'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.',
    keys: [{ notes: 'RW and ACCESS due to the optional `GET` argument', flags: ['RW', 'access', 'update', 'variable_flags'],
      begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [KEY, VALUE,
      { name: 'condition', type: 'oneof', since: '2.6.12', flags: ['optional'], args: [
        { name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }] },
      { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', flags: ['optional'] },
      { name: 'expiration', type: 'oneof', flags: ['optional'], args: [...expirationArgs,
        { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' }] }],
    shard: set,
  }),
  str({
    name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Set the string value of a key only when the key doesn\'t exist.',
    keys: keyAt(1, 'OW', 'insert'), args: [KEY, VALUE], shard: setnx,
  }),
  str({
    name: 'setex', arity: 4, flags: ['write', 'denyoom'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Sets the string value and expiration time of a key. Creates the key if it doesn\'t exist.',
    keys: keyAt(1, 'OW', 'update'), args: [KEY, { name: 'seconds', type: 'integer' }, VALUE], shard: setexGeneric(1000, 'setex'),
  }),
  str({
    name: 'psetex', arity: 4, flags: ['write', 'denyoom'], since: '2.6.0', complexity: 'O(1)',
    summary: 'Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn\'t exist.',
    keys: keyAt(1, 'OW', 'update'), args: [KEY, { name: 'milliseconds', type: 'integer' }, VALUE], shard: setexGeneric(1, 'psetex'),
  }),
  str({
    name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Returns the previous string value of a key after setting it to a new value.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, VALUE], shard: getset,
  }),
  str({
    name: 'getex', arity: -2, flags: ['write', 'fast'], since: '6.2.0', complexity: 'O(1)',
    summary: 'Returns the string value of a key after setting its expiration time.',
    keys: [{ notes: 'RW and UPDATE because it changes the TTL', flags: ['RW', 'access', 'update'], begin: { index: 1 },
      find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [KEY, { name: 'expiration', type: 'oneof', flags: ['optional'], args: [...expirationArgs,
      { name: 'persist', type: 'pure-token', token: 'PERSIST' }] }],
    shard: getex,
  }),
  str({
    name: 'getdel', arity: 2, flags: ['write', 'fast'], since: '6.2.0', complexity: 'O(1)',
    summary: 'Returns the string value of a key after deleting the key.',
    keys: keyAt(1, 'RW', 'access', 'delete'), args: [KEY], shard: getdel,
  }),
  str({
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], since: '1.0.0',
    summary: 'Atomically returns the string values of one or more keys.', complexity: 'O(N) where N is the number of keys to retrieve.',
    tips: ['request_policy:multi_shard'], keys: keysToEnd(1, 1, 'RO', 'access'),
    args: [{ ...KEY, flags: ['multiple'] }], merge: 'interleave', shard: mget,
  }),
  str({
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], since: '1.0.1',
    summary: 'Atomically creates or modifies the string values of one or more keys.',
    complexity: 'O(N) where N is the number of keys to set.',
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'], keys: keysToEnd(1, 2, 'OW', 'update'),
    args: [{ name: 'data', type: 'block', flags: ['multiple'], args: [KEY, VALUE] }], merge: 'ok', shard: mset,
  }),
  str({
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], since: '1.0.1',
    summary: 'Atomically modifies the string values of one or more keys only when all keys don\'t exist.',
    complexity: 'O(N) where N is the number of keys to set.',
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'], keys: keysToEnd(1, 2, 'OW', 'insert'),
    args: [{ name: 'data', type: 'block', flags: ['multiple'], args: [KEY, VALUE] }], shard: msetnx,
  }),
  str({
    name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '2.0.0',
    summary: 'Appends a string to the value of a key. Creates the key if it doesn\'t exist.',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    keys: keyAt(1, 'RW', 'insert'), args: [KEY, VALUE], shard: append,
  }),
  str({
    name: 'strlen', arity: 2, flags: ['readonly', 'fast'], since: '2.2.0', complexity: 'O(1)',
    summary: 'Returns the length of a string value.', keys: keyAt(1, 'RO'), args: [KEY], shard: strlen,
  }),
  str({
    name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Increments the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY], shard: (ctx, argv, w) => incrGeneric(ctx, argv[1], 1n, w),
  }),
  str({
    name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY], shard: (ctx, argv, w) => incrGeneric(ctx, argv[1], -1n, w),
  }),
  str({
    name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn\'t exist.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, { name: 'increment', type: 'integer' }],
    shard: (ctx, argv, w) => { const by = incrByArg(argv, w, false); if (by !== null) incrGeneric(ctx, argv[1], by, w); },
  }),
  str({
    name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn\'t exist.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, { name: 'decrement', type: 'integer' }],
    shard: (ctx, argv, w) => { const by = incrByArg(argv, w, true); if (by !== null) incrGeneric(ctx, argv[1], by, w); },
  }),
  str({
    name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], since: '2.6.0', complexity: 'O(1)',
    summary: 'Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn\'t exist.',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, { name: 'increment', type: 'double' }], shard: incrbyfloat,
  }),
  str({
    name: 'getrange', arity: 4, flags: ['readonly'], since: '2.4.0',
    summary: 'Returns a substring of the string stored at a key.',
    complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }], shard: getrange,
  }),
  str({
    name: 'substr', arity: 4, flags: ['readonly'], since: '1.0.0',
    summary: 'Returns a substring from a string value.',
    complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }], shard: getrange,
  }),
  str({
    name: 'setrange', arity: 4, flags: ['write', 'denyoom'], since: '2.2.0',
    summary: 'Overwrites a part of a string value with another by an offset. Creates the key if it doesn\'t exist.',
    complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    keys: keyAt(1, 'RW', 'update'), args: [KEY, { name: 'offset', type: 'integer' }, VALUE], shard: setrange,
  }),
  str({
    name: 'lcs', arity: -3, flags: ['readonly'], since: '7.0.0',
    summary: 'Finds the longest common substring.', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    keys: [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { range: { lastKey: 1, step: 1, limit: 0 } } }],
    args: [{ name: 'key1', type: 'key', keySpecIndex: 0 }, { name: 'key2', type: 'key', keySpecIndex: 0 },
      { name: 'len', type: 'pure-token', token: 'LEN', flags: ['optional'] },
      { name: 'idx', type: 'pure-token', token: 'IDX', flags: ['optional'] },
      { name: 'min-match-len', type: 'integer', token: 'MINMATCHLEN', flags: ['optional'] },
      { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', flags: ['optional'] }],
    shard: lcs,
  }),
];
