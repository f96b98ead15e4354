// Stream commands (Redis 7.0's t_stream.c): XADD, XRANGE, XREAD, consumer groups and the rest.
// Replies, error texts and the order in which arguments are checked follow Redis 7.0 exactly.
//
// XREAD/XREADGROUP may name keys of several shards: they then run as a transaction, and each
// remote key is read (and, for groups, its pending entries list written) on its own shard through
// the internal commands xread-probe and xread-serve. When they block, `$` is resolved once, at
// the first run: the shard hands the rewritten arguments back with its "blocked" answer.
import type { ReplyWriter } from '../protocol/writer';
import { ReplyWriter as Writer } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import { REQ_MAY_BLOCK, REQ_RESP3, REQ_RETRY } from '../store/shard';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { keyAt } from './keyspecs';
import { parseInt64 } from '../util/numbers';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { KeyspaceEvents } from '../server/config';
import {
  Consumer, ConsumerGroup, ID_MAX, INVALID_READ, Nack, StreamValue, U64_MAX, formatId, idOf,
  type StreamId, type StreamNode,
} from '../store/stream';
import { internalCommand } from './table';
import { ReplyReader, RespError } from '../protocol/reply-reader';
import { helpReply, subcommandSyntaxError } from './help';

const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
const NO_SUCH_KEY = 'ERR no such key';

// ---------------------------------------------------------------- IDs as Redis parses them

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Redis's string2ull: a strict integer, else what C's strtoull accepts (spaces, sign, zeros). */
function parseU64(s: string): bigint | null {
  const ll = parseInt64(s);
  if (ll !== null) return ll < 0n ? null : ll;
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start || i !== n) return null;
  const v = BigInt(s.slice(start));
  if (v > U64_MAX) return null;
  return neg ? BigInt.asUintN(64, -v) : v;
}

interface ParsedId {
  id: StreamId;
  /** False for XADD's `<ms>-*`. */
  seqGiven: boolean;
}

/**
 * Redis's streamGenericParseIDOrReply: `<ms>[-<seq>]` (a missing seq is `missingSeq`), `-` and `+`
 * unless strict, `<ms>-*` when allowed. Null when invalid.
 */
function parseId(arg: string, missingSeq: bigint, strict: boolean, seqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  // Redis parses a C string: anything after a NUL byte is invisible to it.
  const nul = arg.indexOf('\0');
  const s = nul >= 0 ? arg.slice(0, nul) : arg;
  if (s === '-' || s === '+') return strict ? null : { id: s === '-' ? 0n : ID_MAX, seqGiven: true };
  const dash = s.indexOf('-');
  const ms = parseU64(dash < 0 ? s : s.slice(0, dash));
  if (ms === null) return null;
  if (dash < 0) return { id: idOf(ms, missingSeq), seqGiven: true };
  const rest = s.slice(dash + 1);
  if (seqStar && rest === '*') return { id: idOf(ms, 0n), seqGiven: false };
  const seq = parseU64(rest);
  return seq === null ? null : { id: idOf(ms, seq), seqGiven: true };
}

function strictId(arg: string, w: ReplyWriter): StreamId | null {
  const p = parseId(arg, 0n, true);
  if (p === null) w.error(INVALID_ID);
  return p === null ? null : p.id;
}

/** An interval bound (XRANGE, XPENDING, XAUTOCLAIM): `(` makes it exclusive. Null after an error. */
function rangeBound(arg: string, missingSeq: bigint, isStart: boolean, w: ReplyWriter): StreamId | null {
  const exclusive = arg.length > 1 && arg[0] === '(';
  const p = exclusive ? parseId(arg.slice(1), missingSeq, true) : parseId(arg, missingSeq, false);
  if (p === null) { w.error(INVALID_ID); return null; }
  if (!exclusive) return p.id;
  if (isStart) {
    if (p.id === ID_MAX) { w.error('ERR invalid start ID for the interval'); return null; }
    return p.id + 1n;
  }
  if (p.id === 0n) { w.error('ERR invalid end ID for the interval'); return null; }
  return p.id - 1n;
}

/** A signed 64-bit argument (Redis's getLongLongFromObjectOrReply). */
function longArg(arg: string, w: ReplyWriter, msg = NOT_INTEGER): bigint | null {
  const v = parseInt64(arg);
  if (v === null) w.error(msg);
  return v;
}

// ---------------------------------------------------------------- shared helpers

function notify(ctx: ShardContext, event: string, key: string): void {
  ctx.shard.notify(ctx, KeyspaceEvents.STREAM, event, key);
}

/**
 * Memory accounting after a change. `modified`: the change counts as a modification for WATCH
 * (Redis's signalModifiedKey: XADD, XDEL, XTRIM and creating the key only).
 */
function changed(ctx: ShardContext, key: string, s: StreamValue, before: number, modified: boolean): void {
  if (modified) ctx.shard.afterWrite(ctx, key, s, before);
  else ctx.db.bytes += s.bytes - before;
}

/** Writes one entry: [id, [field, value...]]. */
function writeEntry(w: ReplyWriter, node: StreamNode, i: number, id: StreamId): void {
  w.array(2);
  w.bulk(formatId(id));
  node.writePairs(w, i);
}

/** Writes an entry by ID (a live one, checked by the caller). */
function writeEntryById(w: ReplyWriter, s: StreamValue, id: StreamId): void {
  const at = s.find(id)!;
  writeEntry(w, at.node, at.entry, id);
}

/** Writes the live entries of [start, end] in order (reverse order for rev), at most count (0: all). */
function writeRange(w: ReplyWriter, s: StreamValue, start: StreamId, end: StreamId, count: number, rev: boolean): number {
  const hits: Array<[StreamNode, number, StreamId]> = [];
  const take = (node: StreamNode, i: number, id: StreamId): boolean => {
    hits.push([node, i, id]);
    return count === 0 || hits.length < count;
  };
  if (start <= end) {
    if (rev) s.backward(start, end, take);
    else s.forward(start, end, take);
  }
  w.array(hits.length);
  for (const [node, i, id] of hits) writeEntry(w, node, i, id);
  return hits.length;
}

const int = (w: ReplyWriter, v: number | bigint): void => {
  if (typeof v === 'number') w.int(v);
  else w.bigint(BigInt.asIntN(64, v));
};

const nodeSettings = (ctx: ShardContext): [number, number] =>
  [ctx.shard.settings.streamNodeMaxBytes, ctx.shard.settings.streamNodeMaxEntries];

// ---------------------------------------------------------------- XADD, XTRIM

interface AddTrimArgs {
  strategy: 'none' | 'maxlen' | 'minid';
  approx: boolean;
  maxlen: number;
  minid: StreamId;
  limit: number;
  /** XADD: where the ID argument is. */
  idPos: number;
  id: StreamId;
  idGiven: boolean;
  seqGiven: boolean;
  noMkstream: boolean;
}

/** Redis's streamParseAddOrTrimArgsOrReply. */
function parseAddTrim(ctx: ShardContext, argv: string[], xadd: boolean, w: ReplyWriter): AddTrimArgs | null {
  const a: AddTrimArgs = {
    strategy: 'none', approx: false, maxlen: 0, minid: 0n, limit: 0, idPos: 0, id: 0n, idGiven: false, seqGiven: true, noMkstream: false,
  };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    const lo = opt.toLowerCase();
    if (xadd && opt === '*') break;
    if ((lo === 'maxlen' || lo === 'minid') && more > 0) {
      if (a.strategy !== 'none') {
        w.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return null;
      }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (more >= 2 && next === '=') {
        i++;
      }
      if (lo === 'maxlen') {
        const n = longArg(argv[i + 1], w);
        if (n === null) return null;
        if (n < 0n) { w.error('ERR The MAXLEN argument must be >= 0.'); return null; }
        a.maxlen = Number(n);
        a.strategy = 'maxlen';
      } else {
        const id = strictId(argv[i + 1], w);
        if (id === null) return null;
        a.minid = id;
        a.strategy = 'minid';
      }
      i++;
    } else if (lo === 'limit' && more > 0) {
      const n = longArg(argv[i + 1], w);
      if (n === null) return null;
      if (n < 0n) { w.error('ERR The LIMIT argument must be >= 0.'); return null; }
      a.limit = Number(n);
      limitGiven = true;
      i++;
    } else if (xadd && lo === 'nomkstream') {
      a.noMkstream = true;
    } else if (xadd) {
      const p = parseId(opt, 0n, true, true);
      if (p === null) { w.error(INVALID_ID); return null; }
      a.id = p.id;
      a.seqGiven = p.seqGiven;
      a.idGiven = true;
      break;
    } else {
      w.error(SYNTAX);
      return null;
    }
  }
  if (a.limit !== 0 && a.strategy === 'none') {
    w.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return null;
  }
  if (!xadd && a.strategy === 'none') {
    w.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return null;
  }
  if (limitGiven) {
    if (!a.approx) { w.error('ERR syntax error, LIMIT cannot be used without the special ~ option'); return null; }
  } else if (a.approx) {
    // Approximate trimming does at most 100 nodes' worth of work unless told otherwise.
    a.limit = 100 * ctx.shard.settings.streamNodeMaxEntries;
    if (a.limit <= 0) a.limit = 10000;
    if (a.limit > 1000000) a.limit = 1000000;
  } else {
    a.limit = 0;
  }
  a.idPos = i;
  return a;
}

function trimStream(s: StreamValue, a: AddTrimArgs): number {
  if (a.strategy === 'none') return 0;
  return s.trim({ strategy: a.strategy, maxlen: a.maxlen, minid: a.minid, approx: a.approx, limit: a.limit });
}

function xadd(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const a = parseAddTrim(ctx, argv, true, w);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const values = argv.length - fieldPos;
  if (values < 2 || values % 2 === 1) { w.error("ERR wrong number of arguments for 'xadd' command"); return; }
  if (a.idGiven && a.seqGiven && a.id === 0n) { w.error('ERR The ID specified in XADD must be greater than 0-0'); return; }
  const key = argv[1];
  let s: StreamValue | null | undefined;
  if (a.noMkstream) {
    s = ctx.shard.modifyCollection(ctx, key, StreamValue, w);
    if (s === null) { w.nil(); return; }
  } else {
    s = ctx.shard.writeCollection(ctx, key, StreamValue, w, () => new StreamValue());
  }
  if (s === undefined) return;
  if (s.lastId === ID_MAX) { w.error('ERR The stream has exhausted the last possible ID, unable to add more items'); return; }
  let id: StreamId;
  if (!a.idGiven) {
    id = s.nextId(ctx.now);
  } else if (a.seqGiven) {
    id = a.id;
  } else {
    const ms = a.id >> 64n;
    if (s.lastId >> 64n === ms) {
      // Redis 7.0 reports a sequence overflow of `<ms>-*` with this (misleading) text.
      if ((s.lastId & U64_MAX) === U64_MAX) { w.error('ERR Elements are too large to be stored'); return; }
      id = s.lastId + 1n;
    } else {
      id = a.id;
    }
  }
  if (id <= s.lastId) { w.error('ERR The ID specified in XADD is equal or smaller than the target stream top item'); return; }
  const before = s.bytes;
  const [maxBytes, maxEntries] = nodeSettings(ctx);
  s.append(id, argv, fieldPos, maxBytes, maxEntries);
  w.bulk(formatId(id));
  notify(ctx, 'xadd', key);
  if (trimStream(s, a) > 0) notify(ctx, 'xtrim', key);
  changed(ctx, key, s, before, true);
  ctx.shard.signalReady(ctx.db.id, key);
}

function xtrim(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const a = parseAddTrim(ctx, argv, false, w);
  if (a === null) return;
  const key = argv[1];
  const s = ctx.shard.modifyCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  if (s === null) { w.int(0); return; }
  const before = s.bytes;
  const deleted = trimStream(s, a);
  if (deleted > 0) {
    notify(ctx, 'xtrim', key);
    changed(ctx, key, s, before, true);
  }
  w.int(deleted);
}

// ---------------------------------------------------------------- XRANGE, XREVRANGE, XLEN, XDEL

function xrange(rev: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const start = rangeBound(rev ? argv[3] : argv[2], 0n, true, w);
    if (start === null) return;
    const end = rangeBound(rev ? argv[2] : argv[3], U64_MAX, false, w);
    if (end === null) return;
    let count = -1;
    for (let j = 4; j < argv.length; j++) {
      if (argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
        const n = longArg(argv[++j], w);
        if (n === null) return;
        count = n < 0n ? 0 : Number(n);
      } else {
        w.error(SYNTAX);
        return;
      }
    }
    const s = ctx.shard.readCollection(ctx, argv[1], StreamValue, w);
    if (s === undefined) return;
    if (s === null) { w.array(0); return; }
    if (count === 0) { w.nilArray(); return; }
    writeRange(w, s, start, end, count < 0 ? 0 : count, rev);
  };
}

function xlen(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const s = ctx.shard.readCollection(ctx, argv[1], StreamValue, w);
  if (s !== undefined) w.int(s === null ? 0 : s.length);
}

function xdel(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const s = ctx.shard.modifyCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  if (s === null) { w.int(0); return; }
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = strictId(argv[j], w);
    if (id === null) return;
    ids.push(id);
  }
  const before = s.bytes;
  let deleted = 0;
  let first = false;
  for (const id of ids) {
    if (!s.delete(id)) continue;
    if (id === s.firstId) first = true;
    if (id > s.maxDeletedId) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted > 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (first) s.firstId = s.firstLiveId()!;
    notify(ctx, 'xdel', key);
    changed(ctx, key, s, before, true);
  }
  w.int(deleted);
}

// ---------------------------------------------------------------- XSETID

function xsetid(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const id = strictId(argv[2], w);
  if (id === null) return;
  let entriesAdded = -1n;
  let maxDeleted = 0n;
  for (let i = 3; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && more > 0) {
      const n = longArg(argv[++i], w);
      if (n === null) return;
      if (n < 0n) { w.error('ERR entries_added must be positive'); return; }
      entriesAdded = n;
    } else if (opt === 'maxdeletedid' && more > 0) {
      const m = strictId(argv[++i], w);
      if (m === null) return;
      if (id < m) { w.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id'); return; }
      maxDeleted = m;
    } else {
      w.error(SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const s = ctx.shard.modifyCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  if (s === null) { w.error(NO_SUCH_KEY); return; }
  if (s.length > 0) {
    if (id < s.lastLiveId()!) { w.error('ERR The ID specified in XSETID is smaller than the target stream top item'); return; }
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      w.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
      return;
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (maxDeleted !== 0n) s.maxDeletedId = maxDeleted;
  w.ok();
  notify(ctx, 'xsetid', key);
}

// ---------------------------------------------------------------- XREAD, XREADGROUP

interface ReadArgs {
  /** BLOCK milliseconds, -1 without BLOCK. */
  block: number;
  count: number;
  streamsAt: number;
  n: number;
  group: string | null;
  consumer: string;
  noack: boolean;
}

/** Parses XREAD/XREADGROUP options; writes the error and returns null if invalid. */
function parseRead(argv: string[], isGroup: boolean, w: ReplyWriter | null): ReadArgs | null {
  const a: ReadArgs = { block: -1, count: 0, streamsAt: 0, n: 0, group: null, consumer: '', noack: false };
  const fail = (msg: string): null => { w?.error(msg); return null; };
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && more > 0) {
      const t = parseInt64(argv[++i]);
      if (t === null) return fail('ERR timeout is not an integer or out of range');
      if (t < 0n) return fail('ERR timeout is negative');
      a.block = Number(t);
    } else if (o === 'count' && more > 0) {
      const n = parseInt64(argv[++i]);
      if (n === null) return fail(NOT_INTEGER);
      a.count = n < 0n ? 0 : Number(n);
    } else if (o === 'streams' && more > 0) {
      a.streamsAt = i + 1;
      const rest = argv.length - a.streamsAt;
      if (rest % 2 !== 0) {
        return fail("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      a.n = rest / 2;
      break;
    } else if (o === 'group' && more >= 2) {
      if (!isGroup) return fail('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      a.group = argv[i + 1];
      a.consumer = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!isGroup) return fail('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      a.noack = true;
    } else {
      return fail(SYNTAX);
    }
  }
  if (a.streamsAt === 0) return fail(SYNTAX);
  if (isGroup && a.group === null) return fail('ERR Missing GROUP option for XREADGROUP');
  return a;
}

/** What a key of XREAD/XREADGROUP holds: 0 missing, 1 stream, 2 another type. */
interface Probe {
  type: 0 | 1 | 2;
  hasGroup: boolean;
  lastId: StreamId;
}

function probeLocal(ctx: ShardContext, key: string, group: string | null): Probe {
  const e = ctx.shard.read(ctx, key);
  if (e === undefined) return { type: 0, hasGroup: false, lastId: 0n };
  if (!(e.value instanceof StreamValue)) return { type: 2, hasGroup: false, lastId: 0n };
  return { type: 1, hasGroup: group !== null && e.value.group(group) !== undefined, lastId: e.value.lastId };
}

function readReply(raw: Buffer): unknown {
  const r = new ReplyReader({ bulkStrings: 'latin1' });
  r.push(raw);
  return r.next();
}

function probe(ctx: ShardContext, key: string, group: string | null): Probe {
  if (ctx.shard.ownsKey(key)) return probeLocal(ctx, key, group);
  const raw = ctx.shard.remoteCall(ctx, key, internalCommand('xread-probe'), ['xread-probe', key, group ?? '', group === null ? '0' : '1'])!;
  const r = readReply(raw) as [number, number, string];
  return { type: r[0] as 0 | 1 | 2, hasGroup: r[1] === 1, lastId: BigInt(r[2]) };
}

/** xread-probe key group hasgroup: a remote key's Probe. */
function xreadProbe(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = probeLocal(ctx, argv[1], argv[3] === '1' ? argv[2] : null);
  w.array(3);
  w.int(p.type);
  w.int(p.hasGroup ? 1 : 0);
  w.bulk(String(p.lastId));
}

/** Serving one key: what the caller has decided and parsed. */
interface ServeSpec {
  /** Entries after this ID; ID_MAX means `>` for groups. */
  gt: StreamId;
  count: number;
  group: string | null;
  consumer: string;
  noack: boolean;
  /** A blocked command run again after its key got data (Redis's serveClientsBlockedOnStreamKey). */
  retry: boolean;
}

const UNBLOCKED_GONE = 'UNBLOCKED the stream key no longer exists';
const NOGROUP_GONE = 'NOGROUP the consumer group this client was blocked on no longer exists';

/**
 * Serves one local key: writes the key and its entries into w and returns true, returns false when
 * there is nothing to serve (w untouched), or a string: an error (for a retry only).
 */
function serveLocal(ctx: ShardContext, key: string, sp: ServeSpec, w: ReplyWriter): boolean | string {
  const e = ctx.shard.read(ctx, key);
  const s = e !== undefined && e.value instanceof StreamValue ? e.value : null;
  if (sp.group === null) {
    if (s === null) return false;
    if (sp.retry ? s.lastId <= sp.gt : s.length === 0 || s.lastLiveId()! <= sp.gt) return false;
    w.bulk(key);
    writeRange(w, s, sp.gt + 1n, ID_MAX, sp.count, false);
    return true;
  }
  if (s === null) return sp.retry ? UNBLOCKED_GONE : false;
  const g = s.group(sp.group);
  if (g === undefined) return sp.retry ? NOGROUP_GONE : false;
  let gt = sp.gt;
  let history = false;
  if (sp.retry) {
    gt = g.lastId;
    if (s.lastId <= gt) return false;
  } else if (gt !== ID_MAX) {
    history = true;
  } else if (s.length > 0 && s.lastLiveId()! > g.lastId) {
    gt = g.lastId;
  } else {
    return false;
  }
  const before = s.bytes;
  let consumer = g.consumers.get(sp.consumer);
  if (consumer === undefined) {
    consumer = s.createConsumer(g, sp.consumer, ctx.now);
    notify(ctx, 'xgroup-createconsumer', key);
  }
  consumer.seenTime = ctx.now;
  w.bulk(key);
  if (history) serveHistory(ctx, s, consumer, gt + 1n, sp.count, w);
  else serveNew(ctx, s, g, consumer, gt + 1n, sp.count, sp.noack, w);
  changed(ctx, key, s, before, false);
  return true;
}

/** Redis's streamReplyWithRange with a group: new entries, each added to the pending lists. */
function serveNew(ctx: ShardContext, s: StreamValue, g: ConsumerGroup, consumer: Consumer, start: StreamId, count: number,
  noack: boolean, w: ReplyWriter): void {
  const hits: Array<[StreamNode, number, StreamId]> = [];
  s.forward(start, ID_MAX, (node, i, id) => {
    hits.push([node, i, id]);
    return count === 0 || hits.length < count;
  });
  w.array(hits.length);
  for (const [node, i, id] of hits) {
    s.deliver(g, id);
    writeEntry(w, node, i, id);
    if (noack) continue;
    const nack = g.pel.get(id);
    if (nack === undefined) {
      s.addPending(g, id, new Nack(ctx.now, 1, consumer));
    } else {
      // Already pending (the group's ID was moved back): it now belongs to this consumer.
      s.movePending(id, nack, consumer);
      nack.deliveryTime = ctx.now;
      nack.deliveryCount = 1;
    }
  }
}

/** A consumer's own pending entries from `start` (XREADGROUP with an ID other than `>`). */
function serveHistory(ctx: ShardContext, s: StreamValue, consumer: Consumer, start: StreamId, count: number, w: ReplyWriter): void {
  const ids: StreamId[] = [];
  for (let id = consumer.pel.ceil(start); id !== undefined && (count === 0 || ids.length < count); id = consumer.pel.ceil(id + 1n)) {
    ids.push(id);
  }
  w.array(ids.length);
  for (const id of ids) {
    const at = s.find(id);
    if (at === null) {
      // Deleted from the stream while pending: the ID with a null in place of its fields.
      w.array(2);
      w.bulk(formatId(id));
      w.nilArray();
      continue;
    }
    writeEntry(w, at.node, at.entry, id);
    const nack = consumer.pel.get(id)!;
    nack.deliveryTime = ctx.now;
    nack.deliveryCount = typeof nack.deliveryCount === 'number' ? nack.deliveryCount + 1 : nack.deliveryCount + 1n;
  }
}

const scratch = new Writer(4096);

/** Serves one key wherever it lives: its reply part (key and entries), null for none, or an error. */
function serveKey(ctx: ShardContext, key: string, sp: ServeSpec, resp3: boolean): Buffer | null | RespError {
  if (ctx.shard.ownsKey(key)) {
    scratch.pos = 0;
    scratch.resp3 = resp3;
    const r = serveLocal(ctx, key, sp, scratch);
    if (typeof r === 'string') return new RespError(r);
    return r ? scratch.copyFrom(0) : null;
  }
  const argv = ['xread-serve', key, String(sp.gt), String(sp.count), sp.group ?? '', sp.consumer, sp.noack ? '1' : '0',
    sp.retry ? '1' : '0', sp.group === null ? '0' : '1'];
  const raw = ctx.shard.remote!.call(ctx.shard.owner(key), internalCommand('xread-serve'), ctx.db.id, resp3 ? REQ_RESP3 : 0, argv);
  if (raw.length === 0) return null;
  if (raw[0] === 0x2d) return new RespError(raw.latin1Slice(1, raw.length - 2));
  return raw;
}

/** xread-serve key gt count group consumer noack retry hasgroup: serves a remote key. */
function xreadServe(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const sp: ServeSpec = {
    gt: BigInt(argv[2]), count: Number(argv[3]), group: argv[8] === '1' ? argv[4] : null, consumer: argv[5],
    noack: argv[6] === '1', retry: argv[7] === '1',
  };
  const r = serveLocal(ctx, argv[1], sp, w);
  if (typeof r === 'string') w.error(r);
}

/** Writes the served parts: RESP2 [[key, entries]...], RESP3 {key: entries}. */
function writeParts(w: ReplyWriter, parts: Buffer[]): void {
  if (w.resp3) {
    w.map(parts.length);
    for (const p of parts) w.raw(p);
  } else {
    w.array(parts.length);
    for (const p of parts) {
      w.array(2);
      w.raw(p);
    }
  }
}

/** XREAD/XREADGROUP's blocked wait: with no COUNT, a woken reader gets at most this many. */
const BLOCKED_DEFAULT_COUNT = 1000;

function xread(isGroup: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const a = parseRead(argv, isGroup, w);
    if (a === null) return;
    const keys = argv.slice(a.streamsAt, a.streamsAt + a.n);
    const idArgs = argv.slice(a.streamsAt + a.n);
    if (ctx.flags & REQ_RETRY) {
      retryRead(ctx, a, keys, idArgs, w);
      return;
    }
    const gts: StreamId[] = [];
    for (let k = 0; k < a.n; k++) {
      const p = probe(ctx, keys[k], a.group);
      if (p.type === 2) { w.error(WRONGTYPE); return; }
      if (a.group !== null && (p.type === 0 || !p.hasGroup)) {
        w.error(`NOGROUP No such key '${keys[k]}' or consumer group '${a.group}' in XREADGROUP with GROUP option`);
        return;
      }
      const arg = idArgs[k];
      if (arg === '$') {
        if (isGroup) {
          w.error('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by '
            + 'specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
          return;
        }
        gts.push(p.lastId);
      } else if (arg === '>') {
        if (!isGroup) {
          w.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
          return;
        }
        gts.push(ID_MAX);
      } else {
        const id = strictId(arg, w);
        if (id === null) return;
        gts.push(id);
      }
    }
    const parts: Buffer[] = [];
    // Like Redis, each key is looked up again to be served (a missing one gives nothing).
    for (let k = 0; k < a.n; k++) {
      const part = serveKey(ctx, keys[k], { gt: gts[k], count: a.count, group: a.group, consumer: a.consumer, noack: a.noack,
        retry: false }, w.resp3);
      if (part instanceof RespError) { w.error(part.message); return; }
      if (part !== null) parts.push(part);
    }
    if (parts.length > 0) { writeParts(w, parts); return; }
    if (a.block >= 0 && (ctx.flags & REQ_MAY_BLOCK)) {
      // `$` means "after the last ID now": the wait continues with the resolved IDs.
      const rewritten = argv.slice();
      for (let k = 0; k < a.n; k++) if (idArgs[k] === '$') rewritten[a.streamsAt + a.n + k] = formatId(gts[k]);
      ctx.shard.block(ctx, keys, rewritten);
      return;
    }
    w.nilArray();
  };
}

/**
 * A blocked XREAD/XREADGROUP run again because one of its keys got data (it comes first among
 * the keys, see retryArgv): like Redis, one key is served, from its last ID for groups; a group
 * reader learns when its stream or group is gone.
 */
function retryRead(ctx: ShardContext, a: ReadArgs, keys: string[], idArgs: string[], w: ReplyWriter): void {
  const count = a.count === 0 ? BLOCKED_DEFAULT_COUNT : a.count;
  for (let k = 0; k < a.n; k++) {
    const gt = a.group === null ? parseId(idArgs[k], 0n, true)!.id : ID_MAX;
    const part = serveKey(ctx, keys[k], { gt, count, group: a.group, consumer: a.consumer, noack: a.noack, retry: true }, w.resp3);
    if (part instanceof RespError) { w.error(part.message); return; }
    if (part !== null) { writeParts(w, [part]); return; }
  }
  ctx.shard.block(ctx, keys);
}

/** BLOCK's milliseconds from valid XREAD/XREADGROUP arguments (0 = forever). */
function readTimeout(argv: string[]): number {
  const a = parseRead(argv, argv[0].length === 10, null);
  if (a === null || a.block < 0) return 0;
  return a.block;
}

/** A retry after `readyKey` got data: that key (and its ID) moves first, as Redis serves it first. */
function readRetryArgv(argv: string[], readyKey: string): string[] {
  const a = parseRead(argv, argv[0].length === 10, null);
  if (a === null) return argv;
  const keys = argv.slice(a.streamsAt, a.streamsAt + a.n);
  const k = keys.indexOf(readyKey);
  if (k <= 0) return argv;
  const out = argv.slice();
  const ids = argv.slice(a.streamsAt + a.n);
  keys.unshift(keys.splice(k, 1)[0]);
  ids.unshift(ids.splice(k, 1)[0]);
  out.splice(a.streamsAt, 2 * a.n, ...keys, ...ids);
  return out;
}

// ---------------------------------------------------------------- XGROUP

interface GroupPrelude {
  s: StreamValue | null;
  g: ConsumerGroup | undefined;
  mkstream: boolean;
  entriesRead: bigint;
}

/** The checks every XGROUP subcommand with a key makes first, in Redis's order. */
function groupPrelude(ctx: ShardContext, argv: string[], w: ReplyWriter, needsGroup: boolean): GroupPrelude | null {
  const sub = argv[1].toLowerCase();
  let mkstream = false;
  let entriesRead = INVALID_READ;
  for (let i = 5; i < argv.length;) {
    const o = argv[i].toLowerCase();
    if (sub === 'create' && o === 'mkstream') {
      mkstream = true;
      i++;
    } else if ((sub === 'create' || sub === 'setid') && o === 'entriesread' && i + 1 < argv.length) {
      const n = longArg(argv[i + 1], w);
      if (n === null) return null;
      if (n < 0n && n !== INVALID_READ) { w.error('ERR value for ENTRIESREAD must be positive or -1'); return null; }
      entriesRead = n;
      i += 2;
    } else {
      subcommandSyntaxError(w, argv);
      return null;
    }
  }
  const key = argv[2];
  const s = ctx.shard.modifyCollection(ctx, key, StreamValue, w);
  if (s === undefined) return null;
  let g: ConsumerGroup | undefined;
  if (!mkstream) {
    if (s === null) {
      w.error('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM '
        + 'option to create an empty stream automatically.');
      return null;
    }
    g = s.group(argv[3]);
    if (g === undefined && needsGroup) {
      w.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${key}'`);
      return null;
    }
  } else if (s !== null) {
    g = s.group(argv[3]);
  }
  return { s, g, mkstream, entriesRead };
}

function xgroupCreate(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = groupPrelude(ctx, argv, w, false);
  if (p === null) return;
  if (argv.length > 8) { subcommandSyntaxError(w, argv); return; }
  const key = argv[2];
  let id: StreamId;
  if (argv[4] === '$') {
    id = p.s !== null ? p.s.lastId : 0n;
  } else {
    const parsed = strictId(argv[4], w);
    if (parsed === null) return;
    id = parsed;
  }
  let s = p.s;
  let created = false;
  if (s === null) {
    s = ctx.shard.writeCollection(ctx, key, StreamValue, w, () => new StreamValue())!;
    created = true;
  }
  const before = s.bytes;
  if (s.createGroup(argv[3], id, p.entriesRead) === null) {
    w.error('BUSYGROUP Consumer Group name already exists');
    return;
  }
  w.ok();
  changed(ctx, key, s, before, created);
  notify(ctx, 'xgroup-create', key);
}

function xgroupSetid(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = groupPrelude(ctx, argv, w, true);
  if (p === null) return;
  if (argv.length !== 5 && argv.length !== 7) { subcommandSyntaxError(w, argv); return; }
  let id: StreamId;
  if (argv[4] === '$') {
    id = p.s!.lastId;
  } else {
    const parsed = parseId(argv[4], 0n, false);
    if (parsed === null) { w.error(INVALID_ID); return; }
    id = parsed.id;
  }
  p.g!.lastId = id;
  p.g!.entriesRead = p.entriesRead;
  w.ok();
  notify(ctx, 'xgroup-setid', argv[2]);
}

function xgroupDestroy(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = groupPrelude(ctx, argv, w, false);
  if (p === null) return;
  const s = p.s!;
  if (p.g === undefined) { w.int(0); return; }
  const before = s.bytes;
  s.destroyGroup(argv[3]);
  w.int(1);
  changed(ctx, argv[2], s, before, false);
  notify(ctx, 'xgroup-destroy', argv[2]);
  // Readers blocked on the group must learn it is gone.
  ctx.shard.signalReady(ctx.db.id, argv[2]);
}

function xgroupCreateConsumer(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = groupPrelude(ctx, argv, w, true);
  if (p === null) return;
  const s = p.s!;
  if (p.g!.consumers.has(argv[4])) { w.int(0); return; }
  const before = s.bytes;
  s.createConsumer(p.g!, argv[4], ctx.now);
  w.int(1);
  changed(ctx, argv[2], s, before, false);
  notify(ctx, 'xgroup-createconsumer', argv[2]);
}

function xgroupDelConsumer(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = groupPrelude(ctx, argv, w, true);
  if (p === null) return;
  const s = p.s!;
  const c = p.g!.consumers.get(argv[4]);
  if (c === undefined) { w.int(0); return; }
  const before = s.bytes;
  w.int(s.deleteConsumer(p.g!, c));
  changed(ctx, argv[2], s, before, false);
  notify(ctx, 'xgroup-delconsumer', argv[2]);
}

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

// ---------------------------------------------------------------- XACK, XPENDING

function xack(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const s = ctx.shard.readCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  const g = s?.group(argv[2]);
  if (s === null || g === undefined) { w.int(0); return; }
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = strictId(argv[j], w);
    if (id === null) return;
    ids.push(id);
  }
  const before = s.bytes;
  let acked = 0;
  for (const id of ids) if (s.removePending(g, id)) acked++;
  changed(ctx, key, s, before, false);
  w.int(acked);
}

function xpending(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) { w.error(SYNTAX); return; }
  let start = 0n;
  let end = ID_MAX;
  let count = 0;
  let minIdle = 0n;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let at = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const v = longArg(argv[4], w);
      if (v === null) return;
      minIdle = v;
      if (argc < 8) { w.error(SYNTAX); return; }
      at += 2;
    }
    const c = longArg(argv[at + 2], w);
    if (c === null) return;
    count = c < 0n ? 0 : Number(c);
    const st = rangeBound(argv[at], 0n, true, w);
    if (st === null) return;
    const en = rangeBound(argv[at + 1], U64_MAX, false, w);
    if (en === null) return;
    start = st;
    end = en;
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const s = ctx.shard.readCollection(ctx, argv[1], StreamValue, w);
  if (s === undefined) return;
  const g = s?.group(argv[2]);
  if (s === null || g === undefined) {
    w.error(`NOGROUP No such key '${argv[1]}' or consumer group '${argv[2]}'`);
    return;
  }
  if (argc === 3) {
    w.array(4);
    w.int(g.pel.size);
    if (g.pel.size === 0) {
      w.nil();
      w.nil();
      w.nilArray();
      return;
    }
    w.bulk(formatId(g.pel.first()!));
    w.bulk(formatId(g.pel.last()!));
    const owners = g.sortedConsumers().filter((c) => c.pel.size > 0);
    w.array(owners.length);
    for (const c of owners) {
      w.array(2);
      w.bulk(c.name);
      w.bulk(String(c.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const c = g.consumers.get(consumerName);
    if (c === undefined) { w.array(0); return; }
    pel = c.pel;
  }
  const now = BigInt(ctx.now);
  const rows: Array<[StreamId, Nack]> = [];
  for (let id = pel.ceil(start); count > 0 && id !== undefined && id <= end; id = pel.ceil(id + 1n)) {
    const nack = pel.get(id)!;
    if (minIdle !== 0n && now - BigInt(nack.deliveryTime) < minIdle) continue;
    rows.push([id, nack]);
    count--;
  }
  w.array(rows.length);
  for (const [id, nack] of rows) {
    w.array(4);
    w.bulk(formatId(id));
    w.bulk(nack.consumer!.name);
    w.int(Math.max(0, ctx.now - nack.deliveryTime));
    int(w, nack.deliveryCount);
  }
}

// ---------------------------------------------------------------- XCLAIM, XAUTOCLAIM

/** The consumer a claim gives entries to: looked up (refreshing its seen-time) or created. */
function claimant(ctx: ShardContext, key: string, s: StreamValue, g: ConsumerGroup, name: string): Consumer {
  let c = g.consumers.get(name);
  if (c === undefined) {
    c = s.createConsumer(g, name, ctx.now);
    notify(ctx, 'xgroup-createconsumer', key);
  }
  c.seenTime = ctx.now;
  return c;
}

function xclaim(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const s = ctx.shard.readCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  const g = s?.group(argv[2]);
  if (s === null || g === undefined) {
    w.error(`NOGROUP No such key '${key}' or consumer group '${argv[2]}'`);
    return;
  }
  const idle = longArg(argv[4], w, 'ERR Invalid min-idle-time argument for XCLAIM');
  if (idle === null) return;
  const minIdle = idle < 0n ? 0n : idle;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseId(argv[j], 0n, true);
    if (p === null) break;
    ids.push(p.id);
  }
  const now = BigInt(ctx.now);
  let deliveryTime = -1n;
  let retryCount = -1n;
  let force = false;
  let justId = false;
  let lastId = 0n;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') {
      force = true;
    } else if (opt === 'justid') {
      justId = true;
    } else if (opt === 'idle' && more > 0) {
      const v = longArg(argv[++j], w, 'ERR Invalid IDLE option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = now - v;
    } else if (opt === 'time' && more > 0) {
      const v = longArg(argv[++j], w, 'ERR Invalid TIME option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = v;
    } else if (opt === 'retrycount' && more > 0) {
      const v = longArg(argv[++j], w, 'ERR Invalid RETRYCOUNT option argument for XCLAIM');
      if (v === null) return;
      retryCount = v;
    } else if (opt === 'lastid' && more > 0) {
      const v = strictId(argv[++j], w);
      if (v === null) return;
      lastId = v;
    } else {
      w.error(`ERR Unrecognized XCLAIM option '${argv[j]}'`);
      return;
    }
  }
  if (lastId > g.lastId) g.lastId = lastId;
  // A delivery time in the future or before the epoch is taken as "now" (clients' clocks drift).
  const when = deliveryTime < 0n || deliveryTime > now ? ctx.now : Number(deliveryTime);
  const before = s.bytes;
  let consumer: Consumer | null = null;
  const claimed: StreamId[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    if (!s.exists(id)) {
      // Gone from the stream: its pending entry goes too.
      if (nack !== undefined) s.removePending(g, id);
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(ctx.now, 1, null);
      s.addPending(g, id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minIdle !== 0n && now - BigInt(nack.deliveryTime) < minIdle) continue;
    if (consumer === null) consumer = claimant(ctx, key, s, g, argv[3]);
    s.movePending(id, nack, consumer);
    nack.deliveryTime = when;
    if (retryCount >= 0n) {
      nack.deliveryCount = retryCount <= 9007199254740991n ? Number(retryCount) : retryCount;
    } else if (!justId) {
      nack.deliveryCount = typeof nack.deliveryCount === 'number' ? nack.deliveryCount + 1 : nack.deliveryCount + 1n;
    }
    claimed.push(id);
  }
  w.array(claimed.length);
  for (const id of claimed) {
    if (justId) w.bulk(formatId(id));
    else writeEntryById(w, s, id);
  }
  changed(ctx, key, s, before, false);
}

/** XAUTOCLAIM's COUNT ceiling: LONG_MAX / max(sizeof(streamID), attempts factor). */
const AUTOCLAIM_MAX_COUNT = 576460752303423487n;

function xautoclaim(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const idle = longArg(argv[4], w, 'ERR Invalid min-idle-time argument for XAUTOCLAIM');
  if (idle === null) return;
  const minIdle = idle < 0n ? 0n : idle;
  const start = rangeBound(argv[5], 0n, true, w);
  if (start === null) return;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && more > 0) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 1n || v > AUTOCLAIM_MAX_COUNT) { w.error('ERR COUNT must be > 0'); return; }
      count = Number(v);
    } else if (opt === 'justid') {
      justId = true;
    } else {
      w.error(SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const s = ctx.shard.readCollection(ctx, key, StreamValue, w);
  if (s === undefined) return;
  const g = s?.group(argv[2]);
  if (s === null || g === undefined) {
    w.error(`NOGROUP No such key '${key}' or consumer group '${argv[2]}'`);
    return;
  }
  const now = BigInt(ctx.now);
  const before = s.bytes;
  let consumer: Consumer | null = null;
  let attempts = count * 10;
  const claimed: StreamId[] = [];
  const deleted: StreamId[] = [];
  let next = start;
  for (;;) {
    if (attempts-- === 0 || count === 0) break;
    const id = g.pel.ceil(next);
    if (id === undefined) break;
    next = id + 1n;
    const nack = g.pel.get(id)!;
    if (!s.exists(id)) {
      s.removePending(g, id);
      deleted.push(id);
      count--;
      continue;
    }
    if (minIdle !== 0n && now - BigInt(nack.deliveryTime) < minIdle) continue;
    if (consumer === null) consumer = claimant(ctx, key, s, g, argv[3]);
    s.movePending(id, nack, consumer);
    nack.deliveryTime = ctx.now;
    if (!justId) nack.deliveryCount = typeof nack.deliveryCount === 'number' ? nack.deliveryCount + 1 : nack.deliveryCount + 1n;
    claimed.push(id);
    count--;
  }
  // The cursor for the next call: the first pending entry not looked at.
  const cursor = g.pel.ceil(next) ?? 0n;
  w.array(3);
  w.bulk(formatId(cursor));
  w.array(claimed.length);
  for (const id of claimed) {
    if (justId) w.bulk(formatId(id));
    else writeEntryById(w, s, id);
  }
  w.array(deleted.length);
  for (const id of deleted) w.bulk(formatId(id));
  changed(ctx, key, s, before, false);
}

// ---------------------------------------------------------------- XINFO

function infoStream(argv: string[], w: ReplyWriter, s: StreamValue): void {
  const opts = argv.slice(3);
  let full = false;
  let count = 10;
  if (opts.length > 0) {
    if ((opts.length !== 1 && opts.length !== 3) || opts[0].toLowerCase() !== 'full'
      || (opts.length === 3 && opts[1].toLowerCase() !== 'count')) {
      subcommandSyntaxError(w, argv);
      return;
    }
    full = true;
    if (opts.length === 3) {
      const c = longArg(opts[2], w);
      if (c === null) return;
      count = c < 0n ? 10 : Number(c);
    }
  }
  w.map(full ? 9 : 10);
  w.bulk('length');
  w.int(s.length);
  w.bulk('radix-tree-keys');
  w.int(s.nodes.length);
  w.bulk('radix-tree-nodes');
  w.int(s.radixTreeNodes());
  w.bulk('last-generated-id');
  w.bulk(formatId(s.lastId));
  w.bulk('max-deleted-entry-id');
  w.bulk(formatId(s.maxDeletedId));
  w.bulk('entries-added');
  w.bigint(s.entriesAdded);
  w.bulk('recorded-first-entry-id');
  w.bulk(formatId(s.firstId));
  if (!full) {
    w.bulk('groups');
    w.int(s.groupCount);
    const edge = (name: string, id: StreamId | null): void => {
      w.bulk(name);
      if (id === null) w.nil();
      else writeEntryById(w, s, id);
    };
    edge('first-entry', s.firstLiveId());
    edge('last-entry', s.lastLiveId());
    return;
  }
  w.bulk('entries');
  writeRange(w, s, 0n, ID_MAX, count, false);
  w.bulk('groups');
  const groups = s.sortedGroups();
  w.array(groups.length);
  const limited = (ids: bigint[]): bigint[] => (count === 0 ? ids : ids.slice(0, count));
  for (const g of groups) {
    w.map(7);
    w.bulk('name');
    w.bulk(g.name);
    w.bulk('last-delivered-id');
    w.bulk(formatId(g.lastId));
    w.bulk('entries-read');
    if (g.entriesRead === INVALID_READ) w.nil();
    else w.bigint(g.entriesRead);
    w.bulk('lag');
    const lag = s.lag(g);
    if (lag === null) w.nil();
    else w.bigint(lag);
    w.bulk('pel-count');
    w.int(g.pel.size);
    w.bulk('pending');
    const pending = limited(g.pel.ids());
    w.array(pending.length);
    for (const id of pending) {
      const nack = g.pel.get(id)!;
      w.array(4);
      w.bulk(formatId(id));
      w.bulk(nack.consumer!.name);
      w.int(nack.deliveryTime);
      int(w, nack.deliveryCount);
    }
    w.bulk('consumers');
    const consumers = g.sortedConsumers();
    w.array(consumers.length);
    for (const c of consumers) {
      w.map(4);
      w.bulk('name');
      w.bulk(c.name);
      w.bulk('seen-time');
      w.int(c.seenTime);
      w.bulk('pel-count');
      w.int(c.pel.size);
      w.bulk('pending');
      const own = limited(c.pel.ids());
      w.array(own.length);
      for (const id of own) {
        const nack = c.pel.get(id)!;
        w.array(3);
        w.bulk(formatId(id));
        w.int(nack.deliveryTime);
        int(w, nack.deliveryCount);
      }
    }
  }
}

function xinfo(sub: 'stream' | 'groups' | 'consumers') {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const s = ctx.shard.readCollection(ctx, argv[2], StreamValue, w);
    if (s === undefined) return;
    if (s === null) { w.error(NO_SUCH_KEY); return; }
    if (sub === 'stream') { infoStream(argv, w, s); return; }
    if (sub === 'groups') {
      const groups = s.sortedGroups();
      w.array(groups.length);
      for (const g of groups) {
        w.map(6);
        w.bulk('name');
        w.bulk(g.name);
        w.bulk('consumers');
        w.int(g.consumers.size);
        w.bulk('pending');
        w.int(g.pel.size);
        w.bulk('last-delivered-id');
        w.bulk(formatId(g.lastId));
        w.bulk('entries-read');
        if (g.entriesRead === INVALID_READ) w.nil();
        else w.bigint(g.entriesRead);
        w.bulk('lag');
        const lag = s.lag(g);
        if (lag === null) w.nil();
        else w.bigint(lag);
      }
      return;
    }
    const g = s.group(argv[3]);
    if (g === undefined) {
      w.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
      return;
    }
    const consumers = g.sortedConsumers();
    w.array(consumers.length);
    for (const c of consumers) {
      w.map(3);
      w.bulk('name');
      w.bulk(c.name);
      w.bulk('pending');
      w.int(c.pel.size);
      w.bulk('idle');
      w.int(Math.max(0, ctx.now - c.seenTime));
    }
  };
}

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

// ---------------------------------------------------------------- table

const STREAM = ['stream'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ID: ArgDoc = { name: 'id', type: 'string' };
const GROUP: ArgDoc = { name: 'group', type: 'string' };
const GROUPNAME: ArgDoc = { name: 'groupname', type: 'string' };
const CONSUMER: ArgDoc = { name: 'consumer', type: 'string' };
const CONSUMERNAME: ArgDoc = { name: 'consumername', type: 'string' };
const COUNT: ArgDoc = { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] };
const TRIM_ARG: ArgDoc = {
  name: 'trim', type: 'block', flags: ['optional'], args: [
    { name: 'strategy', type: 'oneof', args: [
      { name: 'maxlen', type: 'pure-token', token: 'MAXLEN' }, { name: 'minid', type: 'pure-token', token: 'MINID', since: '6.2.0' }] },
    { name: 'operator', type: 'oneof', flags: ['optional'], args: [
      { name: 'equal', type: 'pure-token', token: '=' }, { name: 'approximately', type: 'pure-token', token: '~' }] },
    { name: 'threshold', type: 'string' },
    { name: 'count', type: 'integer', token: 'LIMIT', flags: ['optional'], since: '6.2.0' },
  ],
};
const STREAMS_ARG: ArgDoc = { name: 'streams', type: 'block', token: 'STREAMS', args: [{ ...KEY, flags: ['multiple'] }, { ...ID, flags: ['multiple'] }] };
const GROUP_ID: ArgDoc = { name: 'id', type: 'oneof', args: [ID, { name: 'new_id', type: 'pure-token', token: '$' }] };
const ENTRIES_READ: ArgDoc = { name: 'entries_read', type: 'integer', token: 'ENTRIESREAD', flags: ['optional'] };
const streamsKeys = (startFrom: number): KeySpec[] => [{
  flags: ['RO', 'access'], begin: { keyword: 'STREAMS', startFrom }, find: { range: { lastKey: -1, step: 1, limit: 2 } },
}];
const readBlocking = {
  timeoutMs: readTimeout,
  mayBlock: (argv: string[]): boolean => (parseRead(argv, argv[0].length === 10, null)?.block ?? -1) >= 0,
  retryArgv: readRetryArgv,
  serveAll: true,
};

const x = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: STREAM, group: 'stream', where: 'shard', ...def });

const groupSub = (name: string, arity: number, flags: string[], keyFlags: string[], summary: string,
  args: ArgDoc[], shard: CommandDef['shard'], since = '5.0.0'): CommandDef =>
  x({ name, arity, flags, since, summary, complexity: 'O(1)', keys: keyAt(2, ...keyFlags), args, shard });

const infoSub = (name: string, arity: number, summary: string, args: ArgDoc[], tips?: string[]): CommandDef =>
  x({ name, arity, flags: ['readonly'], since: '5.0.0', summary, complexity: 'O(N)', keys: keyAt(2, 'RO', 'access'), args,
    shard: xinfo(name as 'stream' | 'groups' | 'consumers'), ...(tips ? { tips } : {}) });

export const streamCommands: CommandDef[] = [
  x({ name: 'xadd', arity: -5, flags: ['write', 'denyoom', 'fast'], since: '5.0.0', tips: ['nondeterministic_output'],
    summary: 'Appends a new entry to a stream, creating the stream if needed.',
    complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    keys: [{ flags: ['RW', 'update'], notes: 'UPDATE instead of INSERT because of the optional trimming feature', begin: { index: 1 },
      find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [KEY, { name: 'nomkstream', type: 'pure-token', token: 'NOMKSTREAM', flags: ['optional'], since: '6.2.0' }, TRIM_ARG,
      { name: 'id_or_auto', type: 'oneof', args: [{ name: 'auto_id', type: 'pure-token', token: '*' }, ID] },
      { name: 'field_value', type: 'block', flags: ['multiple'], args: [{ name: 'field', type: 'string' }, { name: 'value', type: 'string' }] }],
    shard: xadd }),
  x({ name: 'xrange', arity: -4, flags: ['readonly'], since: '5.0.0', summary: 'Returns the entries of a stream within an ID range.',
    complexity: 'O(N) with N being the number of elements being returned.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'start', type: 'string' }, { name: 'end', type: 'string' }, COUNT], shard: xrange(false) }),
  x({ name: 'xrevrange', arity: -4, flags: ['readonly'], since: '5.0.0', summary: 'Returns the entries of a stream within an ID range, newest first.',
    complexity: 'O(N) with N being the number of elements returned.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'end', type: 'string' }, { name: 'start', type: 'string' }, COUNT], shard: xrange(true) }),
  x({ name: 'xlen', arity: 2, flags: ['readonly', 'fast'], since: '5.0.0', summary: 'Returns the number of entries in a stream.',
    complexity: 'O(1)', keys: keyAt(1, 'RO'), args: [KEY], shard: xlen }),
  x({ name: 'xdel', arity: -3, flags: ['write', 'fast'], since: '5.0.0', summary: 'Deletes entries from a stream by ID.',
    complexity: 'O(1) for each single item to delete in the stream.', keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, { ...ID, flags: ['multiple'] }], shard: xdel }),
  x({ name: 'xtrim', arity: -4, flags: ['write'], since: '5.0.0', tips: ['nondeterministic_output'],
    summary: 'Removes the oldest entries of a stream.', complexity: 'O(N), with N being the number of evicted entries.',
    keys: keyAt(1, 'RW', 'delete'), args: [KEY, { name: TRIM_ARG.name, type: TRIM_ARG.type, args: TRIM_ARG.args }], shard: xtrim }),
  x({ name: 'xsetid', arity: -3, flags: ['write', 'denyoom', 'fast'], since: '5.0.0', summary: 'Sets a stream\'s last ID and counters.',
    complexity: 'O(1)', keys: keyAt(1, 'RW', 'update'),
    args: [KEY, { name: 'last-id', type: 'string' },
      { name: 'entries_added', type: 'integer', token: 'ENTRIESADDED', flags: ['optional'], since: '7.0.0' },
      { name: 'max_deleted_entry_id', type: 'string', token: 'MAXDELETEDID', flags: ['optional'], since: '7.0.0' }], shard: xsetid }),
  x({ name: 'xread', arity: -4, flags: ['readonly', 'blocking'], since: '5.0.0',
    summary: 'Reads entries from one or more streams after given IDs, optionally waiting for new ones.',
    complexity: 'For each stream mentioned: O(N) with N the number of elements returned.', keys: streamsKeys(1),
    args: [COUNT, { name: 'milliseconds', type: 'integer', token: 'BLOCK', flags: ['optional'] }, STREAMS_ARG],
    blocking: readBlocking, shard: xread(false) }),
  x({ name: 'xreadgroup', arity: -7, flags: ['write', 'blocking'], since: '5.0.0',
    summary: 'Reads entries of streams for a consumer of a group, optionally waiting for new ones.',
    complexity: 'For each stream mentioned: O(M) with M the number of elements returned.', keys: streamsKeys(4),
    args: [{ name: 'group_consumer', type: 'block', token: 'GROUP', args: [GROUP, CONSUMER] }, COUNT,
      { name: 'milliseconds', type: 'integer', token: 'BLOCK', flags: ['optional'] },
      { name: 'noack', type: 'pure-token', token: 'NOACK', flags: ['optional'] }, STREAMS_ARG],
    blocking: readBlocking, shard: xread(true) }),
  x({ name: 'xack', arity: -4, flags: ['write', 'fast'], since: '5.0.0', summary: 'Acknowledges entries of a consumer group\'s pending list.',
    complexity: 'O(1) for each message ID processed.', keys: keyAt(1, 'RW', 'update'),
    args: [KEY, GROUP, { ...ID, flags: ['multiple'] }], shard: xack }),
  x({ name: 'xpending', arity: -3, flags: ['readonly'], since: '5.0.0', tips: ['nondeterministic_output'],
    summary: 'Returns information about a consumer group\'s pending entries.',
    complexity: 'O(N) with N the number of elements returned, O(1) for the summary.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, GROUP, { name: 'filters', type: 'block', flags: ['optional'], args: [
      { name: 'min-idle-time', type: 'integer', token: 'IDLE', flags: ['optional'], since: '6.2.0' },
      { name: 'start', type: 'string' }, { name: 'end', type: 'string' }, { name: 'count', type: 'integer' },
      { ...CONSUMER, flags: ['optional'] }] }], shard: xpending }),
  x({ name: 'xclaim', arity: -6, flags: ['write', 'fast'], since: '5.0.0', tips: ['nondeterministic_output'],
    summary: 'Changes the owner of pending entries of a consumer group.', complexity: 'O(log N) with N the number of messages in the PEL of the consumer group.',
    keys: keyAt(1, 'RW', 'update'),
    args: [KEY, GROUP, CONSUMER, { name: 'min-idle-time', type: 'string' }, { ...ID, flags: ['multiple'] },
      { name: 'ms', type: 'integer', token: 'IDLE', flags: ['optional'] },
      { name: 'unix-time-milliseconds', type: 'unix-time', token: 'TIME', flags: ['optional'] },
      { name: 'count', type: 'integer', token: 'RETRYCOUNT', flags: ['optional'] },
      { name: 'force', type: 'pure-token', token: 'FORCE', flags: ['optional'] },
      { name: 'justid', type: 'pure-token', token: 'JUSTID', flags: ['optional'] },
      { name: 'id', type: 'string', token: 'LASTID', flags: ['optional'] }], shard: xclaim }),
  x({ name: 'xautoclaim', arity: -6, flags: ['write', 'fast'], since: '6.2.0', tips: ['nondeterministic_output'],
    summary: 'Claims pending entries idle for long enough, scanning a consumer group\'s pending list.',
    complexity: 'O(1) if COUNT is small.', keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, GROUP, CONSUMER, { name: 'min-idle-time', type: 'string' }, { name: 'start', type: 'string' }, COUNT,
      { name: 'justid', type: 'pure-token', token: 'JUSTID', flags: ['optional'] }], shard: xautoclaim }),
  {
    name: 'xgroup', arity: -2, flags: [], acl: [], group: 'stream', since: '5.0.0', summary: 'A container for consumer group commands.',
    complexity: 'Depends on subcommand.', where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'xgroup' command"),
    subcommands: [
      groupSub('createconsumer', 5, ['write', 'denyoom'], ['RW', 'insert'], 'Creates a consumer in a consumer group.',
        [KEY, GROUPNAME, CONSUMERNAME], xgroupCreateConsumer, '6.2.0'),
      groupSub('create', -5, ['write', 'denyoom'], ['RW', 'insert'], 'Creates a consumer group.',
        [KEY, GROUPNAME, GROUP_ID, { name: 'mkstream', type: 'pure-token', token: 'MKSTREAM', flags: ['optional'] }, ENTRIES_READ],
        xgroupCreate),
      groupSub('destroy', 4, ['write'], ['RW', 'delete'], 'Destroys a consumer group.', [KEY, GROUPNAME], xgroupDestroy),
      groupSub('delconsumer', 5, ['write'], ['RW', 'delete'], 'Deletes a consumer from a consumer group.', [KEY, GROUPNAME, CONSUMERNAME],
        xgroupDelConsumer),
      groupSub('setid', -5, ['write'], ['RW', 'update'], 'Sets the last-delivered ID of a consumer group.',
        [KEY, GROUPNAME, GROUP_ID, ENTRIES_READ], xgroupSetid),
      x({ name: 'help', arity: 2, flags: ['loading', 'stale'], since: '5.0.0', summary: 'Returns helpful text about the different subcommands.',
        complexity: 'O(1)', where: 'acceptor', acceptor: (_c, _a, w) => helpReply(w, 'XGROUP', XGROUP_HELP) }),
    ],
  },
  {
    name: 'xinfo', arity: -2, flags: [], acl: [], group: 'stream', since: '5.0.0', summary: 'A container for stream introspection commands.',
    complexity: 'Depends on subcommand.', where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'xinfo' command"),
    subcommands: [
      infoSub('stream', -3, 'Returns information about a stream.', [KEY, { name: 'full', type: 'block', token: 'FULL', flags: ['optional'],
        args: [COUNT] }]),
      infoSub('consumers', 4, 'Returns a list of the consumers in a consumer group.', [KEY, GROUPNAME], ['nondeterministic_output']),
      x({ name: 'help', arity: 2, flags: ['loading', 'stale'], since: '5.0.0', summary: 'Returns helpful text about the different subcommands.',
        complexity: 'O(1)', where: 'acceptor', acceptor: (_c, _a, w) => helpReply(w, 'XINFO', XINFO_HELP) }),
      infoSub('groups', 3, 'Returns a list of the consumer groups of a stream.', [KEY]),
    ],
  },
  x({ name: 'xread-probe', arity: 4, flags: ['readonly'], since: '0.1.0', summary: 'One remote key of XREAD: its type, group and last ID.',
    internal: true, shard: xreadProbe }),
  x({ name: 'xread-serve', arity: 9, flags: ['write'], since: '0.1.0', summary: 'Serves one remote key of XREAD/XREADGROUP.',
    internal: true, shard: xreadServe }),
];
