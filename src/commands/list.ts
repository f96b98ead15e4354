// List commands (Redis's t_list.c), including the blocking ones. Blocking commands find data or
// call ctx.shard.block(); the acceptor keeps the waiting client (src/net/blocking.ts).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import { REQ_MAY_BLOCK } from '../store/shard';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { parseBlockTimeout, timeoutOf } from './blocking-args';
import { keyAt } from './keyspecs';
import { parseInteger } from '../util/numbers';
import { rankRange } from '../util/ranges';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { KeyspaceEvents as EV } from '../server/config';
import { ListValue } from '../store/list';
import { findCommand } from './table';
import { ReplyReader, RespError } from '../protocol/reply-reader';

// ---------------------------------------------------------------- element access across shards

/**
 * Pops up to `count` elements (one end) from a key that may live on another shard. Returns the
 * elements, null if the key is missing, or undefined after writing an error (WRONGTYPE).
 */
function popAny(ctx: ShardContext, key: string, left: boolean, count: number, w: ReplyWriter): string[] | null | undefined {
  const remote = ctx.shard.remoteCall(ctx, key, findCommand(left ? 'lpop' : 'rpop')!, [left ? 'lpop' : 'rpop', key, String(count)]);
  if (remote !== null) {
    const r = readReply(remote);
    if (r instanceof RespError) { w.error(r.message); return undefined; }
    return r as string[] | null;
  }
  const list = ctx.shard.readCollection(ctx, key, ListValue, w);
  if (list === null || list === undefined) return list;
  const before = list.bytes;
  const out: string[] = [];
  while (out.length < count && list.size > 0) out.push(list.pop(left)!);
  ctx.shard.notify(ctx, EV.LIST, left ? 'lpop' : 'rpop', key);
  ctx.shard.afterWrite(ctx, key, list, before);
  return out;
}

/** Pushes elements at one end of a key that may live on another shard (creating the list). */
function pushAny(ctx: ShardContext, key: string, left: boolean, elements: string[], w: ReplyWriter): boolean {
  const name = left ? 'lpush' : 'rpush';
  const remote = ctx.shard.remoteCall(ctx, key, findCommand(name)!, [name, key, ...elements]);
  if (remote !== null) {
    const r = readReply(remote);
    if (r instanceof RespError) { w.error(r.message); return false; }
    return true;
  }
  const list = ctx.shard.writeCollection(ctx, key, ListValue, w, () => new ListValue());
  if (list === undefined) return false;
  const before = list.bytes;
  for (const e of elements) list.push(e, left);
  ctx.shard.notify(ctx, EV.LIST, left ? 'lpush' : 'rpush', key);
  ctx.shard.afterWrite(ctx, key, list, before);
  return true;
}

/** True if a key (maybe on another shard) is missing or holds a list; else writes WRONGTYPE. */
function listOrMissing(ctx: ShardContext, key: string, w: ReplyWriter): boolean {
  const remote = ctx.shard.remoteCall(ctx, key, findCommand('type')!, ['type', key]);
  const type = remote !== null ? (readReply(remote) as string) : (ctx.db.lookup(key, ctx.now)?.value ?? null);
  const ok = type === null || type === 'none' || type === 'list' || type instanceof ListValue;
  if (!ok) w.error(WRONGTYPE);
  return ok;
}

function readReply(raw: Buffer): unknown {
  const r = new ReplyReader({ bulkStrings: 'latin1' });
  r.push(raw);
  return r.next();
}

// ---------------------------------------------------------------- push, pop, length

function pushCommand(left: boolean, onlyIfExists: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const key = argv[1];
    let list: ListValue | null | undefined;
    if (onlyIfExists) {
      list = ctx.shard.readCollection(ctx, key, ListValue, w, false);
      if (list === undefined) return;
      if (list === null) { w.int(0); return; }
    } else {
      list = ctx.shard.writeCollection(ctx, key, ListValue, w, () => new ListValue());
      if (list === undefined) return;
    }
    const before = list.bytes;
    for (let i = 2; i < argv.length; i++) list.push(argv[i], left);
    ctx.shard.notify(ctx, EV.LIST, left ? 'lpush' : 'rpush', key);
    ctx.shard.afterWrite(ctx, key, list, before);
    w.int(list.size);
  };
}

/** LPOP/RPOP key [count]. */
function popCommand(left: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    let count = -1;
    if (argv.length === 3) {
      const n = parseInteger(argv[2]);
      if (n === null || n < 0) { w.error('ERR value is out of range, must be positive'); return; }
      count = n;
    }
    const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w);
    if (list === undefined) return;
    if (list === null) { if (count < 0) w.nil(); else w.nilArray(); return; }
    const before = list.bytes;
    if (count < 0) {
      w.bulk(list.pop(left)!);
    } else {
      const n = Math.min(count, list.size);
      w.array(n);
      for (let i = 0; i < n; i++) w.bulk(list.pop(left)!);
    }
    ctx.shard.notify(ctx, EV.LIST, left ? 'lpop' : 'rpop', argv[1]);
    ctx.shard.afterWrite(ctx, argv[1], list, before);
  };
}

function llen(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w);
  if (list !== undefined) w.int(list === null ? 0 : list.size);
}

function lrange(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const start = parseInteger(argv[2]);
  const end = parseInteger(argv[3]);
  if (start === null || end === null) { w.error(NOT_INTEGER); return; }
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w);
  if (list === undefined) return;
  const r = list === null ? null : rankRange(start, end, list.size);
  if (r === null) { w.array(0); return; }
  w.array(r[1] - r[0] + 1);
  for (let i = r[0]; i <= r[1]; i++) w.bulk(list!.at(i));
}

function lindex(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  // The key is checked before the index, as in Redis.
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w);
  if (list === undefined) return;
  if (list === null) { w.nil(); return; }
  const index = parseInteger(argv[2]);
  if (index === null) { w.error(NOT_INTEGER); return; }
  const i = index < 0 ? list.size + index : index;
  if (i < 0 || i >= list.size) w.nil();
  else w.bulk(list.at(i));
}

function lset(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w, false);
  if (list === undefined) return;
  if (list === null) { w.error('ERR no such key'); return; }
  const index = parseInteger(argv[2]);
  if (index === null) { w.error(NOT_INTEGER); return; }
  const i = index < 0 ? list.size + index : index;
  if (i < 0 || i >= list.size) { w.error('ERR index out of range'); return; }
  const before = list.bytes;
  list.set(i, argv[3]);
  ctx.shard.notify(ctx, EV.LIST, 'lset', argv[1]);
  ctx.shard.afterWrite(ctx, argv[1], list, before);
  w.ok();
}

function linsert(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const where = argv[2].toLowerCase();
  if (where !== 'before' && where !== 'after') { w.error(SYNTAX); return; }
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w, false);
  if (list === undefined) return;
  if (list === null) { w.int(0); return; }
  const items = list.toStrings();
  const at = items.indexOf(argv[3]);
  if (at < 0) { w.int(-1); return; }
  const before = list.bytes;
  items.splice(where === 'before' ? at : at + 1, 0, argv[4]);
  list.replaceAll(items);
  ctx.shard.notify(ctx, EV.LIST, 'linsert', argv[1]);
  ctx.shard.afterWrite(ctx, argv[1], list, before);
  w.int(list.size);
}

function lrem(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const count = parseInteger(argv[2]);
  if (count === null) { w.error(NOT_INTEGER); return; }
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w, false);
  if (list === undefined) return;
  if (list === null) { w.int(0); return; }
  const items = list.toStrings();
  const target = argv[3];
  let removed = 0;
  const limit = count === 0 ? Infinity : Math.abs(count);
  if (count >= 0) {
    for (let i = 0; i < items.length && removed < limit; i++) {
      if (items[i] === target) { items.splice(i--, 1); removed++; }
    }
  } else {
    for (let i = items.length - 1; i >= 0 && removed < limit; i--) {
      if (items[i] === target) { items.splice(i, 1); removed++; }
    }
  }
  if (removed > 0) {
    const before = list.bytes;
    list.replaceAll(items);
    ctx.shard.notify(ctx, EV.LIST, 'lrem', argv[1]);
    ctx.shard.afterWrite(ctx, argv[1], list, before);
  }
  w.int(removed);
}

function ltrim(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const start = parseInteger(argv[2]);
  const end = parseInteger(argv[3]);
  if (start === null || end === null) { w.error(NOT_INTEGER); return; }
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w, false);
  if (list === undefined) return;
  if (list !== null) {
    const before = list.bytes;
    const r = rankRange(start, end, list.size);
    list.replaceAll(r === null ? [] : list.range(r[0], r[1]));
    ctx.shard.notify(ctx, EV.LIST, 'ltrim', argv[1]);
    ctx.shard.afterWrite(ctx, argv[1], list, before);
  }
  w.ok();
}

function lpos(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (i + 1 >= argv.length || (opt !== 'RANK' && opt !== 'COUNT' && opt !== 'MAXLEN')) { w.error(SYNTAX); return; }
    const n = parseInteger(argv[++i]);
    if (opt === 'RANK') {
      if (n === null) { w.error(NOT_INTEGER); return; }
      if (n === 0) {
        w.error('ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list');
        return;
      }
      rank = n;
    } else {
      // Redis answers a COUNT or MAXLEN that is no integer as it answers a negative one.
      if (n === null || n < 0) { w.error(`ERR ${opt} can't be negative`); return; }
      if (opt === 'COUNT') count = n;
      else maxlen = n;
    }
  }
  const list = ctx.shard.readCollection(ctx, argv[1], ListValue, w);
  if (list === undefined) return;
  const found: number[] = [];
  if (list !== null) {
    const n = list.size;
    const want = count === 0 ? Infinity : count < 0 ? 1 : count;
    let skip = Math.abs(rank) - 1;
    const scanned = maxlen === 0 ? n : Math.min(n, maxlen);
    for (let k = 0; k < scanned && found.length < want; k++) {
      const i = rank > 0 ? k : n - 1 - k;
      if (list.at(i) !== argv[2]) continue;
      if (skip > 0) { skip--; continue; }
      found.push(i);
    }
  }
  if (count < 0) {
    if (found.length === 0) w.nil();
    else w.int(found[0]);
    return;
  }
  w.array(found.length);
  for (const i of found) w.int(i);
}

// ---------------------------------------------------------------- moves and multi-key pops

function parseEnd(arg: string): boolean | null {
  const a = arg.toUpperCase();
  return a === 'LEFT' ? true : a === 'RIGHT' ? false : null;
}

/** LMOVE's core: moves one element between lists that may be on different shards. */
function moveElement(ctx: ShardContext, src: string, dst: string, fromLeft: boolean, toLeft: boolean, w: ReplyWriter): 'moved' | 'empty' | 'error' {
  const list = ctx.shard.readCollection(ctx, src, ListValue, w, false);
  if (list === undefined) return 'error';
  if (list === null) return 'empty';
  if (!listOrMissing(ctx, dst, w)) return 'error';
  const before = list.bytes;
  const value = list.pop(fromLeft)!;
  // Redis notifies the push to the destination first, then the pop (and "del") of the source.
  if (!pushAny(ctx, dst, toLeft, [value], w)) return 'error';
  ctx.shard.notify(ctx, EV.LIST, fromLeft ? 'lpop' : 'rpop', src);
  ctx.shard.afterWrite(ctx, src, list, before);
  w.bulk(value);
  return 'moved';
}

function lmove(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const from = parseEnd(argv[3]);
  const to = parseEnd(argv[4]);
  if (from === null || to === null) { w.error(SYNTAX); return; }
  if (moveElement(ctx, argv[1], argv[2], from, to, w) === 'empty') w.nil();
}

function rpoplpush(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (moveElement(ctx, argv[1], argv[2], false, true, w) === 'empty') w.nil();
}

/** BLPOP/BRPOP key... timeout. */
function bpop(left: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    if (parseBlockTimeout(argv[argv.length - 1], w) < 0) return;
    const keys = argv.slice(1, -1);
    for (const key of keys) {
      const got = popAny(ctx, key, left, 1, w);
      if (got === undefined) return;
      if (got !== null && got.length > 0) {
        w.array(2);
        w.bulk(key);
        w.bulk(got[0]);
        return;
      }
    }
    if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, keys);
    else w.nilArray();
  };
}

function blmove(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const from = parseEnd(argv[3]);
  const to = parseEnd(argv[4]);
  if (from === null || to === null) { w.error(SYNTAX); return; }
  if (parseBlockTimeout(argv[5], w) < 0) return;
  if (moveElement(ctx, argv[1], argv[2], from, to, w) !== 'empty') return;
  if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, [argv[1]]);
  else w.nil();
}

function brpoplpush(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (parseBlockTimeout(argv[3], w) < 0) return;
  if (moveElement(ctx, argv[1], argv[2], false, true, w) !== 'empty') return;
  if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, [argv[1]]);
  else w.nil();
}

/** LMPOP/BLMPOP's arguments from `at` (the numkeys position): keys, end, count; or an error. */
function parseMpop(argv: string[], at: number, w: ReplyWriter): { keys: string[]; left: boolean; count: number } | null {
  const numkeys = parseInteger(argv[at]);
  if (numkeys === null || numkeys <= 0) { w.error('ERR numkeys should be greater than 0'); return null; }
  const endAt = at + 1 + numkeys;
  if (endAt >= argv.length) { w.error(SYNTAX); return null; }
  const left = parseEnd(argv[endAt]);
  if (left === null) { w.error(SYNTAX); return null; }
  let count = 1;
  let sawCount = false;
  for (let i = endAt + 1; i < argv.length; i++) {
    if (argv[i].toUpperCase() === 'COUNT' && i + 1 < argv.length && !sawCount) {
      const n = parseInteger(argv[++i]);
      if (n === null || n <= 0) { w.error('ERR count should be greater than 0'); return null; }
      count = n;
      sawCount = true;
    } else {
      w.error(SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, endAt), left, count };
}

/** Pops from the first non-empty key: writes [key, [elements]] and returns true. */
function mpopFirst(ctx: ShardContext, keys: string[], left: boolean, count: number, w: ReplyWriter): boolean | undefined {
  for (const key of keys) {
    const got = popAny(ctx, key, left, count, w);
    if (got === undefined) return undefined;
    if (got !== null && got.length > 0) {
      w.array(2);
      w.bulk(key);
      w.array(got.length);
      for (const e of got) w.bulk(e);
      return true;
    }
  }
  return false;
}

function lmpop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const p = parseMpop(argv, 1, w);
  if (p === null) return;
  if (mpopFirst(ctx, p.keys, p.left, p.count, w) === false) w.nilArray();
}

function blmpop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (parseBlockTimeout(argv[1], w) < 0) return;
  const p = parseMpop(argv, 2, w);
  if (p === null) return;
  const r = mpopFirst(ctx, p.keys, p.left, p.count, w);
  if (r !== false) return;
  if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, p.keys);
  else w.nilArray();
}

// ---------------------------------------------------------------- table

const LIST = ['list'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const END_DOC = (name: string): ArgDoc => ({ name, type: 'oneof', args: [
  { name: 'left', type: 'pure-token', token: 'LEFT' }, { name: 'right', type: 'pure-token', token: 'RIGHT' }] });
const srcDst = (srcFlags: string[]): KeySpec[] => [
  { flags: srcFlags, begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
  { flags: ['RW', 'insert'], begin: { index: 2 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
];
const keysBeforeTimeout: KeySpec[] = [{ flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: { lastKey: -2, step: 1, limit: 0 } } }];
const mpopKeys = (index: number): KeySpec[] => [{ flags: ['RW', 'access', 'delete'], begin: { index }, find: { keyNum: { keyNumIdx: 0, firstKey: 1, step: 1 } } }];
const mpopArgs: ArgDoc[] = [{ name: 'numkeys', type: 'integer' }, { ...KEY, flags: ['multiple'] }, END_DOC('where'),
  { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }];

const list = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: LIST, group: 'list', where: 'shard', ...def });

const pushDef = (name: string, left: boolean, onlyIfExists: boolean, since: string, summary: string): CommandDef => list({
  name, arity: -3, flags: ['write', 'denyoom', 'fast'], since, summary,
  complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
  keys: keyAt(1, 'RW', 'insert'), args: [KEY, { name: 'element', type: 'string', flags: ['multiple'] }],
  shard: pushCommand(left, onlyIfExists),
});

const popDef = (name: string, left: boolean, summary: string): CommandDef => list({
  name, arity: -2, flags: ['write', 'fast'], since: '1.0.0', summary, complexity: 'O(N) where N is the number of elements returned',
  keys: keyAt(1, 'RW', 'access', 'delete'), args: [KEY, { name: 'count', type: 'integer', flags: ['optional'], since: '6.2.0' }],
  shard: popCommand(left),
});

const bpopDef = (name: string, left: boolean, summary: string): CommandDef => list({
  name, arity: -3, flags: ['write', 'noscript', 'blocking'], since: '2.0.0', summary,
  complexity: 'O(N) where N is the number of provided keys.', keys: keysBeforeTimeout,
  args: [{ ...KEY, flags: ['multiple'] }, { name: 'timeout', type: 'double' }],
  blocking: { timeoutMs: timeoutOf((argv) => argv.length - 1) }, shard: bpop(left),
});

export const listCommands: CommandDef[] = [
  pushDef('lpush', true, false, '1.0.0', 'Prepends one or more elements to a list. Creates the key if it doesn\'t exist.'),
  pushDef('rpush', false, false, '1.0.0', 'Appends one or more elements to a list. Creates the key if it doesn\'t exist.'),
  pushDef('lpushx', true, true, '2.2.0', 'Prepends one or more elements to a list only when the list exists.'),
  pushDef('rpushx', false, true, '2.2.0', 'Appends an element to a list only when the list exists.'),
  popDef('lpop', true, 'Returns the first elements in a list after removing it. Deletes the list if the last element was popped.'),
  popDef('rpop', false, 'Returns and removes the last elements of a list. Deletes the list if the last element was popped.'),
  list({ name: 'llen', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', summary: 'Returns the length of a list.',
    complexity: 'O(1)', keys: keyAt(1, 'RO'), args: [KEY], shard: llen }),
  list({ name: 'lrange', arity: 4, flags: ['readonly'], since: '1.0.0', summary: 'Returns a range of elements from a list.',
    complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }], shard: lrange }),
  list({ name: 'lindex', arity: 3, flags: ['readonly'], since: '1.0.0', summary: 'Returns an element from a list by its index.',
    complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'index', type: 'integer' }], shard: lindex }),
  list({ name: 'lset', arity: 4, flags: ['write', 'denyoom'], since: '1.0.0', summary: 'Sets the value of an element in a list by its index.',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    keys: keyAt(1, 'RW', 'update'), args: [KEY, { name: 'index', type: 'integer' }, { name: 'element', type: 'string' }], shard: lset }),
  list({ name: 'linsert', arity: 5, flags: ['write', 'denyoom'], since: '2.2.0', summary: 'Inserts an element before or after another element in a list.',
    complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    keys: keyAt(1, 'RW', 'insert'), args: [KEY, { name: 'where', type: 'oneof', args: [
      { name: 'before', type: 'pure-token', token: 'BEFORE' }, { name: 'after', type: 'pure-token', token: 'AFTER' }] },
    { name: 'pivot', type: 'string' }, { name: 'element', type: 'string' }], shard: linsert }),
  list({ name: 'lrem', arity: 4, flags: ['write'], since: '1.0.0', summary: 'Removes elements from a list. Deletes the list if the last element was removed.',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    keys: keyAt(1, 'RW', 'delete'), args: [KEY, { name: 'count', type: 'integer' }, { name: 'element', type: 'string' }], shard: lrem }),
  list({ name: 'ltrim', arity: 4, flags: ['write'], since: '1.0.0', summary: 'Removes elements from both ends a list. Deletes the list if all elements were trimmed.',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    keys: keyAt(1, 'RW', 'delete'), args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }], shard: ltrim }),
  list({ name: 'lpos', arity: -3, flags: ['readonly'], since: '6.0.6', summary: 'Returns the index of matching elements in a list.',
    complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'element', type: 'string' }, { name: 'rank', type: 'integer', token: 'RANK', flags: ['optional'] },
      { name: 'num-matches', type: 'integer', token: 'COUNT', flags: ['optional'] }, { name: 'len', type: 'integer', token: 'MAXLEN', flags: ['optional'] }],
    shard: lpos }),
  list({ name: 'lmove', arity: 5, flags: ['write', 'denyoom'], since: '6.2.0', summary: 'Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.',
    complexity: 'O(1)', keys: srcDst(['RW', 'access', 'delete']),
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 }, END_DOC('wherefrom'), END_DOC('whereto')],
    shard: lmove }),
  list({ name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], since: '1.2.0', summary: 'Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.',
    complexity: 'O(1)', keys: srcDst(['RW', 'access', 'delete']),
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 }], shard: rpoplpush }),
  list({ name: 'lmpop', arity: -4, flags: ['write'], since: '7.0.0', summary: 'Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    keys: mpopKeys(1), args: mpopArgs, shard: lmpop }),
  bpopDef('blpop', true, 'Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.'),
  bpopDef('brpop', false, 'Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.'),
  list({ name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], since: '2.2.0',
    summary: 'Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.',
    complexity: 'O(1)', keys: srcDst(['RW', 'access', 'delete']),
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 }, { name: 'timeout', type: 'double' }],
    blocking: { timeoutMs: timeoutOf(() => 3) }, shard: brpoplpush }),
  list({ name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], since: '6.2.0',
    summary: 'Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.',
    complexity: 'O(1)', keys: srcDst(['RW', 'access', 'delete']),
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 }, END_DOC('wherefrom'), END_DOC('whereto'),
      { name: 'timeout', type: 'double' }],
    blocking: { timeoutMs: timeoutOf(() => 5) }, shard: blmove }),
  list({ name: 'blmpop', arity: -5, flags: ['write', 'blocking'], since: '7.0.0',
    summary: 'Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    keys: mpopKeys(2), args: [{ name: 'timeout', type: 'double' }, ...mpopArgs],
    blocking: { timeoutMs: timeoutOf(() => 1) }, shard: blmpop }),
];
