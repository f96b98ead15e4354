// String commands (Redis's t_string.c).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { CommandDef } from './types';
import { keyAt, keysToEnd } from './keyspecs';
import { parseInteger } from '../util/numbers';
import { WRONGTYPE } from '../store/errors';

/** GET: the hot path; kept small. */
function get(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const e = ctx.shard.read(ctx, argv[1]);
  if (e === undefined) { w.nil(); return; }
  const v = e.value;
  if (typeof v !== 'string') { w.error(WRONGTYPE); return; }
  w.bulk(v);
}

const enum SetFlag { NX = 1, XX = 2, GET = 4, KEEPTTL = 8 }

/**
 * SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL], and the legacy forms built on
 * it. Returns after writing the reply.
 */
function setGeneric(ctx: ShardContext, key: string, value: string, flags: number, expireAt: number, w: ReplyWriter,
  okReply: (w: ReplyWriter) => void, abortReply: (w: ReplyWriter) => void): void {
  const db = ctx.db;
  const old = db.lookup(key, ctx.now);
  // The entry is updated in place by the write below: keep the old value for GET.
  const oldValue = old?.value;
  if (flags & SetFlag.GET) {
    if (oldValue !== undefined && typeof oldValue !== 'string') { w.error(WRONGTYPE); return; }
  }
  if ((flags & SetFlag.NX && old !== undefined) || (flags & SetFlag.XX && old === undefined)) {
    if (flags & SetFlag.GET) { if (oldValue === undefined) w.nil(); else w.bulk(oldValue); } else abortReply(w);
    return;
  }
  const ttlBefore = flags & SetFlag.KEEPTTL ? db.expires.get(key) : undefined;
  ctx.shard.write(ctx, key, value);
  if (ttlBefore !== undefined) db.expires.set(key, ttlBefore);
  if (expireAt >= 0) ctx.shard.setExpire(ctx, key, expireAt);
  if (flags & SetFlag.GET) { if (oldValue === undefined) w.nil(); else w.bulk(oldValue); } else okReply(w);
}

const ok = (w: ReplyWriter): void => w.ok();
const nil = (w: ReplyWriter): void => w.nil();

/** Parses an expire argument in `unit` ms per unit into an absolute ms time, or writes the error. */
function expireTime(ctx: ShardContext, arg: string, unitMs: number, absolute: boolean, cmd: string, w: ReplyWriter): number {
  const n = parseInteger(arg);
  if (n === null) { w.error('ERR value is not an integer or out of range'); return -1; }
  if (n <= 0 || n > Number.MAX_SAFE_INTEGER / unitMs) { w.error(`ERR invalid expire time in '${cmd}' command`); return -1; }
  const at = n * unitMs + (absolute ? 0 : ctx.now);
  if (at > Number.MAX_SAFE_INTEGER) { w.error(`ERR invalid expire time in '${cmd}' command`); return -1; }
  return at;
}

function set(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let flags = 0;
  let expireAt = -1;
  let expireKind = '';
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    const hasNext = i + 1 < argv.length;
    if (opt === 'NX' && !(flags & SetFlag.XX)) flags |= SetFlag.NX;
    else if (opt === 'XX' && !(flags & SetFlag.NX)) flags |= SetFlag.XX;
    else if (opt === 'GET') flags |= SetFlag.GET;
    else if (opt === 'KEEPTTL' && expireKind === '') { flags |= SetFlag.KEEPTTL; expireKind = opt; }
    else if ((opt === 'EX' || opt === 'PX' || opt === 'EXAT' || opt === 'PXAT') && expireKind === '' && hasNext) {
      expireKind = opt;
      i++;
      expireAt = expireTime(ctx, argv[i], opt === 'EX' || opt === 'EXAT' ? 1000 : 1, opt === 'EXAT' || opt === 'PXAT', 'set', w);
      if (expireAt < 0) return;
    } else {
      w.error('ERR syntax error');
      return;
    }
  }
  setGeneric(ctx, argv[1], argv[2], flags, expireAt, w, ok, nil);
}

function mget(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  w.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const e = ctx.shard.read(ctx, argv[i]);
    if (e === undefined || typeof e.value !== 'string') w.nil();
    else w.bulk(e.value);
  }
}

function mset(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length % 2 === 0) { w.error("ERR wrong number of arguments for 'mset' command"); return; }
  for (let i = 1; i < argv.length; i += 2) ctx.shard.write(ctx, argv[i], argv[i + 1]);
  w.ok();
}

const STRING = ['string'];

export const stringCommands: CommandDef[] = [
  {
    name: 'get', arity: 2, flags: ['readonly', 'fast'], acl: STRING, group: 'string', since: '1.0.0',
    summary: 'Returns the string value of a key.', complexity: 'O(1)',
    keys: keyAt(1, 'RO', 'access'), args: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    where: 'shard', shard: get,
  },
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], acl: STRING, group: 'string', since: '1.0.0',
    summary: 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.',
    complexity: 'O(1)',
    keys: [{ notes: 'RW and ACCESS due to the optional `GET` argument', flags: ['RW', 'access', 'update', 'variable_flags'],
      begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' },
      { name: 'condition', type: 'oneof', since: '2.6.12', flags: ['optional'], args: [
        { name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }] },
      { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', flags: ['optional'] },
      { name: 'expiration', type: 'oneof', flags: ['optional'], args: [
        { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
        { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
        { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
        { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
        { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' }] },
    ],
    where: 'shard', shard: set,
  },
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], acl: STRING, group: 'string', since: '1.0.0',
    summary: 'Atomically returns the string values of one or more keys.', complexity: 'O(N) where N is the number of keys to retrieve.',
    tips: ['request_policy:multi_shard'], keys: keysToEnd(1, 1, 'RO', 'access'),
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    where: 'shard', merge: 'interleave', shard: mget,
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], acl: STRING, group: 'string', since: '1.0.1',
    summary: 'Atomically creates or modifies the string values of one or more keys.',
    complexity: 'O(N) where N is the number of keys to set.',
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'], keys: keysToEnd(1, 2, 'OW', 'update'),
    args: [{ name: 'data', type: 'block', flags: ['multiple'], args: [
      { name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }] }],
    where: 'shard', merge: 'ok', shard: mset,
  },
];
