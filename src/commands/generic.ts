// Generic key commands (Redis's db.c, expire.c, object.c).
import type { Client } from '../net/client';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef } from './types';
import { keyAt, keysToEnd } from './keyspecs';
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from '../util/numbers';
import { globMatch } from '../util/glob';
import { NOT_INTEGER, SYNTAX } from '../store/errors';
import { KeyspaceEvents as EV } from '../server/config';
import { typeName, encodingOf } from '../store/types';
import { META_UNSHARED } from '../store/keyspace';
import { recordKey } from '../store/records';
import { internalCommand } from './table';
import { ReplyReader } from '../protocol/reply-reader';
import { helpReply } from './help';
import { parseScanCursor, parseScanOptions, writeScanReply } from './collection-scan';

function del(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.shard.remove(ctx, argv[i])) n++;
  w.int(n);
}

function exists(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.lookup(argv[i], ctx.now) !== undefined) n++;
  w.int(n);
}

function touch(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.shard.read(ctx, argv[i]) !== undefined) n++;
  w.int(n);
}

function type(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const e = ctx.db.lookup(argv[1], ctx.now);
  w.simple(e === undefined ? 'none' : typeName(e.value));
}

// ---------------------------------------------------------------- expiry

const enum ExpireFlag { NX = 1, XX = 2, GT = 4, LT = 8 }

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT (Redis's expireGenericCommand). */
function expireGeneric(unitMs: number, absolute: boolean, name: string) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    // Options first, then the time: Redis reports a bad option before a bad number.
    let flags = 0;
    for (let i = 3; i < argv.length; i++) {
      const opt = argv[i].toUpperCase();
      if (opt === 'NX') flags |= ExpireFlag.NX;
      else if (opt === 'XX') flags |= ExpireFlag.XX;
      else if (opt === 'GT') flags |= ExpireFlag.GT;
      else if (opt === 'LT') flags |= ExpireFlag.LT;
      else { w.error(`ERR Unsupported option ${argv[i]}`); return; }
    }
    if (flags & ExpireFlag.NX && flags & (ExpireFlag.XX | ExpireFlag.GT | ExpireFlag.LT)) {
      w.error('ERR NX and XX, GT or LT options at the same time are not compatible');
      return;
    }
    if (flags & ExpireFlag.GT && flags & ExpireFlag.LT) {
      w.error('ERR GT and LT options at the same time are not compatible');
      return;
    }
    const when = parseInt64(argv[2]);
    if (when === null) { w.error(NOT_INTEGER); return; }
    // Redis's overflow checks are on 64-bit milliseconds (a time in the past is fine: it deletes).
    const unit = BigInt(unitMs);
    let at = when * unit;
    if (when > INT64_MAX / unit || when < INT64_MIN / unit) { w.error(`ERR invalid expire time in '${name}' command`); return; }
    if (!absolute) {
      at += BigInt(ctx.now);
      if (at > INT64_MAX) { w.error(`ERR invalid expire time in '${name}' command`); return; }
    }
    const key = argv[1];
    const db = ctx.db;
    const e = db.lookup(key, ctx.now);
    if (e === undefined) { w.int(0); return; }
    const current = db.expireAt(e);
    const target = Number(at);
    if (flags & ExpireFlag.NX && current !== undefined) { w.int(0); return; }
    if (flags & ExpireFlag.XX && current === undefined) { w.int(0); return; }
    // No TTL counts as an infinite one for GT and LT.
    if (flags & ExpireFlag.GT && (current === undefined || target <= current)) { w.int(0); return; }
    if (flags & ExpireFlag.LT && current !== undefined && target >= current) { w.int(0); return; }
    ctx.shard.setExpire(ctx, key, target);
    w.int(1);
  };
}

function ttlGeneric(inMs: boolean, absolute: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const key = argv[1];
    const e = ctx.shard.read(ctx, key, false);
    if (e === undefined) { w.int(-2); return; }
    const at = ctx.db.expireAt(e);
    if (at === undefined) { w.int(-1); return; }
    if (absolute) { w.int(inMs ? at : Math.floor((at + 500) / 1000)); return; }
    const left = Math.max(0, at - ctx.now);
    w.int(inMs ? left : Math.floor((left + 500) / 1000));
  };
}

function persist(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (ctx.db.lookup(argv[1], ctx.now) === undefined) { w.int(0); return; }
  const removed = ctx.db.persist(argv[1]);
  if (removed) ctx.shard.notify(ctx, EV.GENERIC, 'persist', argv[1]);
  w.int(removed ? 1 : 0);
}

// ---------------------------------------------------------------- keyspace walks

function keys(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const pattern = argv[1];
  const all = pattern === '*';
  const db = ctx.db;
  // Matched first and checked for expiry after: deleting expired keys moves others during a resize.
  const matched: string[] = [];
  db.dict.forEach((rec) => {
    const key = recordKey(rec);
    if (all || globMatch(pattern, key)) matched.push(key);
  });
  const out = matched.filter((key) => db.lookup(key, ctx.now) !== undefined);
  w.array(out.length);
  for (const k of out) w.bulk(k);
}

/**
 * One step of SCAN inside a shard: argv = [name, local cursor, count, match|'', type|''].
 * As Redis's scanGenericCommand: visit home buckets of the key table until `count` keys were
 * collected (at most 10 × count buckets), then drop expired keys and apply MATCH and TYPE.
 * Replies [next local cursor, keys, keys collected before filtering].
 */
function scanShard(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const db = ctx.db;
  let cursor = Number(argv[1]);
  const count = Number(argv[2]);
  const match = argv[3];
  const wantType = argv[4];
  const collected: string[] = [];
  const collect = (rec: number): void => { collected.push(recordKey(rec)); };
  let buckets = count * 10;
  do {
    cursor = db.dict.scanBucket(cursor, collect);
  } while (cursor !== 0 && --buckets > 0 && collected.length < count);
  const found: string[] = [];
  for (const key of collected) {
    const e = db.lookup(key, ctx.now);
    if (e === undefined) continue;
    if (match !== '' && !globMatch(match, key)) continue;
    if (wantType !== '' && typeName(e.value) !== wantType) continue;
    found.push(key);
  }
  w.array(3);
  w.bulk(String(cursor));
  w.array(found.length);
  for (const k of found) w.bulk(k);
  w.int(collected.length);
}

/** A cursor holds the shard in its low 8 bits and that shard's table cursor above them. */
const SHARD_BITS = 256;

/** A SCAN under way across shards (from the acceptor, or from a script). */
export interface KeyScan {
  shard: number;
  /** The table cursor within `shard`. */
  local: number;
  /** Keys still to collect (COUNT, less what earlier shards collected). */
  budget: number;
  match: string;
  type: string;
  found: string[];
}

/** Parses SCAN's cursor and options; null after writing Redis's error. */
export function parseKeyScan(argv: string[], shardCount: number, w: ReplyWriter): KeyScan | null {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) { w.error('ERR invalid cursor'); return null; }
  const opts = parseScanOptions(argv, 2, w, true);
  if (opts === null) return null;
  // A cursor past 2^53 or naming a shard that does not exist was never handed out: start over.
  const shard = cursor < 0 ? 0 : cursor % SHARD_BITS;
  const known = cursor >= 0 && shard < shardCount;
  return {
    shard: known ? shard : 0, local: known ? Math.floor(cursor / SHARD_BITS) : 0, budget: opts.count,
    match: opts.match ?? '', type: opts.type ?? '', found: [],
  };
}

/** scan-shard's arguments for the scan's position. */
export function scanShardArgv(s: KeyScan): string[] {
  return ['scan-shard', String(s.local), String(s.budget), s.match, s.type];
}

/**
 * Takes one shard's scan-shard reply into the scan. True if the scan should go on in the next
 * shard now: this shard's walk ended before COUNT keys were collected, so a small keyspace comes
 * back in one call, as from Redis's single table.
 */
export function takeShardStep(s: KeyScan, raw: Buffer, shardCount: number): boolean {
  const reader = new ReplyReader({ bulkStrings: 'latin1' });
  reader.push(raw);
  const [next, keys, collected] = reader.next() as [string, string[], number];
  for (const k of keys) s.found.push(k);
  s.budget -= collected;
  if (next !== '0') {
    s.local = Number(next);
    return false;
  }
  s.local = 0;
  s.shard = s.shard + 1 < shardCount ? s.shard + 1 : 0;
  return s.shard !== 0 && s.budget > 0;
}

export function writeKeyScan(w: ReplyWriter, s: KeyScan): void {
  writeScanReply(w, s.local * SHARD_BITS + s.shard, s.found);
}

/** SCAN on the acceptor: walks the shards in order, each from its cursor, until COUNT keys. */
function scan(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  const engine = c.server.engine;
  const s = parseKeyScan(argv, engine.shardCount, w);
  if (s === null) return;
  const cmd = internalCommand('scan-shard');
  const step = (): Promise<(w: ReplyWriter) => void> => engine.call(s.shard, cmd, c.db, 0, scanShardArgv(s))
    .then((raw) => (takeShardStep(s, raw, engine.shardCount) ? step() : (out: ReplyWriter) => writeKeyScan(out, s)));
  return step();
}

function randomKeyShard(ctx: ShardContext, _argv: string[], w: ReplyWriter): void {
  const key = ctx.shard.randomKey(ctx);
  if (key === undefined) w.nil();
  else w.bulk(key);
}

/** RANDOMKEY: a random shard among those holding keys of the db (weighted by their key counts). */
function randomkey(c: Client, _argv: string[]): Promise<(w: ReplyWriter) => void> {
  const engine = c.server.engine;
  const stats = engine.shardStats();
  const cmd = internalCommand('randomkey-shard');
  const order = stats.map((s, i) => ({ i, weight: s.dbKeys(c.db) * Math.random() }))
    .filter((x) => x.weight > 0).sort((a, b) => b.weight - a.weight).map((x) => x.i);
  const tryNext = async (): Promise<(w: ReplyWriter) => void> => {
    for (const shard of order) {
      const raw = await engine.call(shard, cmd, c.db, 0, ['randomkey-shard']);
      if (raw[0] === 0x24 && raw[1] !== 0x2d) return (w) => w.raw(raw);
    }
    return (w) => w.nil();
  };
  return tryNext();
}

// ---------------------------------------------------------------- moving keys

function rename(nx: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const [, src, dst] = argv;
    const shard = ctx.shard;
    const t = shard.peekKey(ctx, src);
    if (t === undefined) { w.error('ERR no such key'); return; }
    if (src === dst) { if (nx) w.int(0); else w.ok(); return; }
    if (nx && shard.existsKey(ctx, dst)) { w.int(0); return; }
    shard.takeKey(ctx, src);
    shard.putKey(ctx, dst, t, true);
    shard.notify(ctx, EV.GENERIC, 'rename_from', src);
    shard.notify(ctx, EV.GENERIC, 'rename_to', dst);
    if (nx) w.int(1); else w.ok();
  };
}

function copy(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const [, src, dst] = argv;
  let db = ctx.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'replace') replace = true;
    else if (opt === 'db' && i + 1 < argv.length) {
      const n = parseInteger(argv[++i]);
      if (n === null) { w.error(NOT_INTEGER); return; }
      if (n < 0 || n >= ctx.shard.dbs.length) { w.error('ERR DB index is out of range'); return; }
      db = ctx.shard.dbs[n];
    } else { w.error(SYNTAX); return; }
  }
  if (src === dst && db === ctx.db) { w.error('ERR source and destination objects are the same'); return; }
  const t = ctx.shard.peekKey(ctx, src);
  if (t === undefined) { w.int(0); return; }
  const copied = ctx.shard.putKey(ctx, dst, { value: ctx.shard.cloneValue(t.value), expireAt: t.expireAt, encoding: (t.encoding ?? 0) | META_UNSHARED }, replace, db);
  if (copied) ctx.shard.notifyIn(db.id, EV.GENERIC, 'copy_to', dst);
  w.int(copied ? 1 : 0);
}

function move(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const n = parseInteger(argv[2]);
  if (n === null) { w.error(NOT_INTEGER); return; }
  if (n < 0 || n >= ctx.shard.dbs.length) { w.error('ERR DB index is out of range'); return; }
  const target = ctx.shard.dbs[n];
  if (target === ctx.db) { w.error('ERR source and destination objects are the same'); return; }
  const key = argv[1];
  const t = ctx.shard.peekKey(ctx, key);
  if (t === undefined || target.lookup(key, ctx.now) !== undefined) { w.int(0); return; }
  ctx.shard.takeKey(ctx, key);
  ctx.shard.putKey(ctx, key, t, true, target);
  ctx.shard.notify(ctx, EV.GENERIC, 'move_from', key);
  ctx.shard.notifyIn(target.id, EV.GENERIC, 'move_to', key);
  w.int(1);
}

function swapdb(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const a = parseInteger(argv[1]);
  if (a === null) { w.error('ERR invalid first DB index'); return; }
  const b = parseInteger(argv[2]);
  if (b === null) { w.error('ERR invalid second DB index'); return; }
  const dbs = ctx.shard.dbs;
  if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) { w.error('ERR DB index is out of range'); return; }
  ctx.shard.swapDbs(a, b);
  w.ok();
}

// ---------------------------------------------------------------- OBJECT

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

const LFU_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

function objectOf(ctx: ShardContext, key: string, w: ReplyWriter): ReturnType<ShardContext['db']['lookup']> | null {
  const e = ctx.db.lookup(key, ctx.now);
  if (e === undefined) { w.nil(); return null; }
  return e;
}

const objectSub = (name: string, summary: string, shard: (ctx: ShardContext, argv: string[], w: ReplyWriter) => void): CommandDef => ({
  name, arity: 3, flags: ['readonly'], acl: ['keyspace'], group: 'generic', since: name === 'freq' ? '4.0.0' : '2.2.3', summary,
  complexity: 'O(1)', tips: ['nondeterministic_output'], keys: keyAt(2, 'RO'), args: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
  where: 'shard', shard,
});

// ---------------------------------------------------------------- table

const KEYSPACE = ['keyspace'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const multiKeyArgs: ArgDoc[] = [{ ...KEY, flags: ['multiple'] }];
const expireCondition: ArgDoc = { name: 'condition', type: 'oneof', since: '7.0.0', flags: ['optional'], args: [
  { name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' },
  { name: 'gt', type: 'pure-token', token: 'GT' }, { name: 'lt', type: 'pure-token', token: 'LT' }] };
const twoKeys = (flagsA: string[], flagsB: string[]) => [
  { flags: flagsA, begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
  { flags: flagsB, begin: { index: 2 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
];

const gen = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: KEYSPACE, group: 'generic', where: 'shard', ...def });

const expireCmd = (name: string, arity: number, since: string, summary: string, unitMs: number, absolute: boolean, argName: string): CommandDef => gen({
  name, arity, flags: ['write', 'fast'], since, summary, complexity: 'O(1)', keys: keyAt(1, 'RW', 'update'),
  args: [KEY, { name: argName, type: absolute ? 'unix-time' : 'integer' }, expireCondition],
  shard: expireGeneric(unitMs, absolute, name),
});

const ttlCmd = (name: string, since: string, summary: string, inMs: boolean, absolute: boolean): CommandDef => gen({
  name, arity: 2, flags: ['readonly', 'fast'], since, summary, complexity: 'O(1)',
  tips: absolute ? [] : ['nondeterministic_output'], keys: keyAt(1, 'RO', 'access'), args: [KEY], shard: ttlGeneric(inMs, absolute),
});

export const genericCommands: CommandDef[] = [
  gen({
    name: 'del', arity: -2, flags: ['write'], since: '1.0.0', summary: 'Deletes one or more keys.',
    complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keys: keysToEnd(1, 1, 'RM', 'delete'), args: multiKeyArgs,
    merge: 'sum', shard: del,
  }),
  gen({
    name: 'unlink', arity: -2, flags: ['write', 'fast'], since: '4.0.0', summary: 'Asynchronously deletes one or more keys.',
    complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keys: keysToEnd(1, 1, 'RM', 'delete'), args: multiKeyArgs,
    merge: 'sum', shard: del,
  }),
  gen({
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], since: '1.0.0', summary: 'Determines whether one or more keys exist.',
    complexity: 'O(N) where N is the number of keys to check.', tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keys: keysToEnd(1, 1, 'RO'), args: multiKeyArgs, merge: 'sum', shard: exists,
  }),
  gen({
    name: 'touch', arity: -2, flags: ['readonly', 'fast'], since: '3.2.1',
    summary: 'Returns the number of existing keys out of those specified after updating the time they were last accessed.',
    complexity: 'O(N) where N is the number of keys that will be touched.', tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keys: keysToEnd(1, 1, 'RO'), args: multiKeyArgs, merge: 'sum', shard: touch,
  }),
  gen({
    name: 'type', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', summary: 'Determines the type of value stored at a key.',
    complexity: 'O(1)', keys: keyAt(1, 'RO'), args: [KEY], shard: type,
  }),
  expireCmd('expire', -3, '1.0.0', 'Sets the expiration time of a key in seconds.', 1000, false, 'seconds'),
  expireCmd('pexpire', -3, '2.6.0', 'Sets the expiration time of a key in milliseconds.', 1, false, 'milliseconds'),
  expireCmd('expireat', -3, '1.2.0', 'Sets the expiration time of a key to a Unix timestamp.', 1000, true, 'unix-time-seconds'),
  expireCmd('pexpireat', -3, '2.6.0', 'Sets the expiration time of a key to a Unix milliseconds timestamp.', 1, true, 'unix-time-milliseconds'),
  ttlCmd('ttl', '1.0.0', 'Returns the expiration time in seconds of a key.', false, false),
  ttlCmd('pttl', '2.6.0', 'Returns the expiration time in milliseconds of a key.', true, false),
  ttlCmd('expiretime', '7.0.0', 'Returns the expiration time of a key as a Unix timestamp.', false, true),
  ttlCmd('pexpiretime', '7.0.0', 'Returns the expiration time of a key as a Unix milliseconds timestamp.', true, true),
  gen({
    name: 'persist', arity: 2, flags: ['write', 'fast'], since: '2.2.0', summary: 'Removes the expiration time of a key.',
    complexity: 'O(1)', keys: keyAt(1, 'RW', 'update'), args: [KEY], shard: persist,
  }),
  gen({
    name: 'keys', arity: 2, flags: ['readonly'], acl: ['keyspace', 'dangerous'], since: '1.0.0',
    summary: 'Returns all key names that match a pattern.',
    complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'], args: [{ name: 'pattern', type: 'pattern' }],
    where: 'all', merge: 'concat', shard: keys,
  }),
  gen({
    name: 'scan', arity: -2, flags: ['readonly'], since: '2.8.0', summary: 'Iterates over the key names in the database.',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    tips: ['nondeterministic_output', 'request_policy:special'],
    args: [{ name: 'cursor', type: 'integer' }, { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      { name: 'type', type: 'string', token: 'TYPE', flags: ['optional'], since: '6.0.0' }],
    where: 'acceptor', acceptor: scan,
  }),
  gen({ name: 'scan-shard', arity: 5, flags: ['readonly'], since: '0.1.0', summary: 'One shard\'s step of SCAN.', internal: true, shard: scanShard }),
  gen({
    name: 'randomkey', arity: 1, flags: ['readonly'], since: '1.0.0', summary: 'Returns a random key name from the database.',
    complexity: 'O(1)', tips: ['request_policy:all_shards', 'nondeterministic_output'],
    where: 'acceptor', acceptor: randomkey,
  }),
  gen({ name: 'randomkey-shard', arity: 1, flags: ['readonly'], since: '0.1.0', summary: 'A random key of one shard.', internal: true, shard: randomKeyShard }),
  gen({
    name: 'rename', arity: 3, flags: ['write'], since: '1.0.0', summary: 'Renames a key and overwrites the destination.',
    complexity: 'O(1)', keys: twoKeys(['RW', 'access', 'delete'], ['OW', 'update']),
    args: [KEY, { name: 'newkey', type: 'key', keySpecIndex: 1 }], shard: rename(false),
  }),
  gen({
    name: 'renamenx', arity: 3, flags: ['write', 'fast'], since: '1.0.0', summary: 'Renames a key only when the target key name doesn\'t exist.',
    complexity: 'O(1)', keys: twoKeys(['RW', 'access', 'delete'], ['OW', 'insert']),
    args: [KEY, { name: 'newkey', type: 'key', keySpecIndex: 1 }], shard: rename(true),
  }),
  gen({
    name: 'copy', arity: -3, flags: ['write', 'denyoom'], since: '6.2.0', summary: 'Copies the value of a key to a new key.',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    keys: twoKeys(['RO', 'access'], ['OW', 'update']),
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 },
      { name: 'destination-db', type: 'integer', token: 'DB', flags: ['optional'] },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', flags: ['optional'] }],
    shard: copy,
  }),
  gen({
    name: 'move', arity: 3, flags: ['write', 'fast'], since: '1.0.0', summary: 'Moves a key to another database.',
    complexity: 'O(1)', keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, { name: 'db', type: 'integer' }], shard: move,
  }),
  gen({
    name: 'swapdb', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'dangerous'], since: '4.0.0',
    summary: 'Swaps two Redis databases.', complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    args: [{ name: 'index1', type: 'integer' }, { name: 'index2', type: 'integer' }], where: 'all', merge: 'ok', shard: swapdb,
  }),
  {
    name: 'object', arity: -2, flags: [], acl: [], group: 'generic', since: '2.2.3', summary: 'A container for object introspection commands.',
    complexity: 'Depends on subcommand.', where: 'acceptor',
    acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'object' command"),
    subcommands: [
      objectSub('encoding', 'Returns the internal encoding of a Redis object.', (ctx, argv, w) => {
        const e = objectOf(ctx, argv[2], w);
        if (e) w.bulk(encodingOf(e, ctx.shard.settings));
      }),
      objectSub('freq', 'Returns the logarithmic access frequency counter of a Redis object.', (ctx, argv, w) => {
        const e = objectOf(ctx, argv[2], w);
        if (!e) return;
        if (!ctx.shard.lfuMode) { w.error(`ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${LFU_NOTE}`); return; }
        w.int(ctx.shard.lfuFrequency(e, ctx.now));
      }),
      objectSub('idletime', 'Returns the time since the last access to a Redis object.', (ctx, argv, w) => {
        const e = objectOf(ctx, argv[2], w);
        if (!e) return;
        if (ctx.shard.lfuMode) { w.error(`ERR An LFU maxmemory policy is selected, idle time not tracked. ${LFU_NOTE}`); return; }
        w.int(ctx.shard.idleSeconds(e, ctx.now));
      }),
      objectSub('refcount', 'Returns the reference count of a value of a key.', (ctx, argv, w) => {
        const e = objectOf(ctx, argv[2], w);
        if (e) w.int(ctx.shard.isSharedInteger(e) ? 2147483647 : 1);
      }),
      { name: 'help', arity: 2, flags: ['loading', 'stale'], acl: ['keyspace'], group: 'generic', since: '6.2.0',
        summary: 'Returns helpful text about the different subcommands.', complexity: 'O(1)', where: 'acceptor',
        acceptor: (_c, _a, w) => helpReply(w, 'OBJECT', OBJECT_HELP) },
    ],
  },
];

