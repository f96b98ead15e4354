// Hash commands (Redis 7.0's t_hash.c semantics).
import { KeyspaceEvents as EV } from '../server/config';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef } from './types';
import { keyAt } from './keyspecs';
import { HashValue } from '../store/hash';
import { NOT_INTEGER, SYNTAX } from '../store/errors';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/numbers';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/longdouble';
import { globMatch } from '../util/glob';
import { parseScanCursor, parseScanOptions, scanMap, writeScanReply } from './collection-scan';

const newHash = (): HashValue => new HashValue();

/** HSET and HMSET: field/value pairs; HSET answers how many fields are new, HMSET +OK. */
function hsetGeneric(name: string, okReply: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    if (argv.length % 2 === 1) { w.error(`ERR wrong number of arguments for '${name}' command`); return; }
    const key = argv[1];
    const h = ctx.shard.writeCollection(ctx, key, HashValue, w, newHash);
    if (h === undefined) return;
    const before = h.bytes;
    const settings = ctx.shard.settings;
    // Redis converts before inserting anything when any argument is too long for a listpack.
    if (h.isListpack) {
      const max = settings.hashMaxListpackValue;
      for (let i = 2; i < argv.length; i++) if (argv[i].length > max) { h.convert(); break; }
    }
    let added = 0;
    for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], settings)) added++;
    ctx.shard.notify(ctx, EV.HASH, 'hset', key);
    ctx.shard.afterWrite(ctx, key, h, before);
    if (okReply) w.ok(); else w.int(added);
  };
}

function hsetnx(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const h = ctx.shard.writeCollection(ctx, key, HashValue, w, newHash);
  if (h === undefined) return;
  const before = h.bytes;
  const isNew = !h.has(argv[2]);
  if (isNew) {
    h.set(argv[2], argv[3], ctx.shard.settings);
    ctx.shard.notify(ctx, EV.HASH, 'hset', key);
  }
  ctx.shard.afterWrite(ctx, key, h, before);
  w.int(isNew ? 1 : 0);
}

function hget(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h === undefined) return;
  const v = h === null ? undefined : h.get(argv[2]);
  if (v === undefined) w.nil(); else w.bulk(v);
}

function hmget(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h === undefined) return;
  w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === null ? undefined : h.get(argv[i]);
    if (v === undefined) w.nil(); else w.bulk(v);
  }
}

function hdel(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const h = ctx.shard.modifyCollection(ctx, key, HashValue, w);
  if (h === undefined) return;
  if (h === null) { w.int(0); return; }
  const before = h.bytes;
  let n = 0;
  for (let i = 2; i < argv.length && h.size > 0; i++) if (h.delete(argv[i])) n++;
  if (n > 0) ctx.shard.notify(ctx, EV.HASH, 'hdel', key);
  ctx.shard.afterWrite(ctx, key, h, before);
  w.int(n);
}

function hlen(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h !== undefined) w.int(h === null ? 0 : h.size);
}

function hstrlen(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h !== undefined) w.int(h === null ? 0 : h.get(argv[2])?.length ?? 0);
}

function hexists(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h !== undefined) w.int(h !== null && h.has(argv[2]) ? 1 : 0);
}

const enum Part { Fields = 1, Values = 2, Both = 3 }

/** HKEYS, HVALS, HGETALL (a map in RESP3). */
function hgetallGeneric(part: Part) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
    if (h === undefined) return;
    const n = h === null ? 0 : h.size;
    if (part === Part.Both) w.map(n); else w.array(n);
    if (h === null) return;
    if (part === Part.Both) h.forEach((f, v) => { w.bulk(f); w.bulk(v); });
    else if (part === Part.Fields) h.forEach((f) => w.bulk(f));
    else h.forEach((_f, v) => w.bulk(v));
  };
}

function hincrby(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const by = parseInt64(argv[3]);
  if (by === null) { w.error(NOT_INTEGER); return; }
  const key = argv[1];
  const h = ctx.shard.writeCollection(ctx, key, HashValue, w, newHash);
  if (h === undefined) return;
  const before = h.bytes;
  const old = h.get(argv[2]);
  let current = 0n;
  if (old !== undefined) {
    const parsed = parseInt64(old);
    if (parsed === null) { w.error('ERR hash value is not an integer'); return; }
    current = parsed;
  }
  const next = current + by;
  if (next > INT64_MAX || next < INT64_MIN) { w.error('ERR increment or decrement would overflow'); return; }
  h.set(argv[2], next.toString(), ctx.shard.settings);
  ctx.shard.notify(ctx, EV.HASH, 'hincrby', key);
  ctx.shard.afterWrite(ctx, key, h, before);
  w.bigint(next);
}

function hincrbyfloat(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const by = parseLongDouble(argv[3]);
  if (by === null) { w.error('ERR value is not a valid float'); return; }
  if (typeof by === 'number') { w.error('ERR value is NaN or Infinity'); return; }
  const key = argv[1];
  const h = ctx.shard.writeCollection(ctx, key, HashValue, w, newHash);
  if (h === undefined) return;
  const before = h.bytes;
  const old = h.get(argv[2]);
  let sum = by;
  if (old !== undefined) {
    const current = parseLongDouble(old);
    if (current === null) { w.error('ERR hash value is not a float'); return; }
    const added = typeof current === 'number' ? null : addLongDouble(current, by);
    if (added === null) { w.error('ERR increment would produce NaN or Infinity'); return; }
    sum = added;
  }
  const text = formatLongDouble(sum);
  h.set(argv[2], text, ctx.shard.settings);
  ctx.shard.notify(ctx, EV.HASH, 'hincrbyfloat', key);
  ctx.shard.afterWrite(ctx, key, h, before);
  w.bulk(text);
}

const LONG_MAX = 9223372036854775807n;

function hrandfield(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length === 2) {
    const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
    if (h === undefined) return;
    if (h === null) { w.nil(); return; }
    w.bulk(h.randomPair()[0]);
    return;
  }
  const big = parseInt64(argv[2]);
  if (big === null) { w.error(NOT_INTEGER); return; }
  if (big < -LONG_MAX) { w.error(`ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`); return; }
  let withValues = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) { w.error(SYNTAX); return; }
  if (argv.length === 4) {
    withValues = true;
    if (big < -LONG_MAX / 2n || big > LONG_MAX / 2n) { w.error('ERR value is out of range'); return; }
  }
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h === undefined) return;
  if (h === null || big === 0n) { w.array(0); return; }
  const size = h.size;
  const pairs = (n: number): void => {
    if (withValues && !w.resp3) w.array(n * 2); else w.array(n);
  };
  const pair = (f: string, v: string): void => {
    if (withValues && w.resp3) w.array(2);
    w.bulk(f);
    if (withValues) w.bulk(v);
  };
  if (big < 0n) {
    // Negative count: that many independent picks, repeats allowed.
    const count = Number(-big);
    const flat = h.flat();
    pairs(count);
    for (let i = 0; i < count; i++) {
      const r = Math.floor(Math.random() * size) * 2;
      pair(flat[r], flat[r + 1]);
    }
    return;
  }
  const flat = h.flat();
  if (big >= BigInt(size)) {
    // The whole hash, in its storage order (as Redis answers).
    pairs(size);
    for (let i = 0; i < flat.length; i += 2) pair(flat[i], flat[i + 1]);
    return;
  }
  // Distinct picks in random order: a partial Fisher-Yates shuffle over the pair indexes.
  const count = Number(big);
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  pairs(count);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const t = order[j];
    order[j] = order[i];
    order[i] = t;
    pair(flat[2 * t], flat[2 * t + 1]);
  }
}

function hscan(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) { w.error('ERR invalid cursor'); return; }
  const h = ctx.shard.readCollection(ctx, argv[1], HashValue, w);
  if (h === undefined) return;
  if (h === null) { writeScanReply(w, 0, []); return; }
  const opts = parseScanOptions(argv, 3, w);
  if (opts === null) return;
  const match = opts.match;
  const items: string[] = [];
  const source = h.scanSource;
  let next = 0;
  if (source === null) {
    h.forEach((f, v) => { if (match === null || globMatch(match, f)) items.push(f, v); });
  } else {
    const step = scanMap(ctx.shard.collectionCursors, cursor, source, opts.count);
    next = step.next;
    for (const [f, v] of step.entries) if (match === null || globMatch(match, f)) items.push(f, v);
  }
  writeScanReply(w, next, items);
}

// ---------------------------------------------------------------- table

const HASH = ['hash'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const FIELD: ArgDoc = { name: 'field', type: 'string' };
const VALUE: ArgDoc = { name: 'value', type: 'string' };
const PAIRS: ArgDoc = { name: 'field_value', type: 'block', flags: ['multiple'], args: [FIELD, VALUE] };

const hash = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: HASH, group: 'hash', where: 'shard', ...def });

export const hashCommands: CommandDef[] = [
  hash({
    name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], since: '2.0.0', complexity: 'O(1) per field/value pair.',
    summary: 'Sets one or more fields of a hash, creating the hash if needed.',
    keys: keyAt(1, 'RW', 'update'), args: [KEY, PAIRS], shard: hsetGeneric('hset', false),
  }),
  hash({
    name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Sets a hash field only when the field does not exist yet.',
    keys: keyAt(1, 'RW', 'insert'), args: [KEY, FIELD, VALUE], shard: hsetnx,
  }),
  hash({
    name: 'hget', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Returns the value of a hash field.', keys: keyAt(1, 'RO', 'access'), args: [KEY, FIELD], shard: hget,
  }),
  hash({
    name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], since: '2.0.0', complexity: 'O(N), N being the number of fields set.',
    summary: 'Sets fields of a hash (deprecated form of HSET that replies OK).',
    keys: keyAt(1, 'RW', 'update'), args: [KEY, PAIRS], shard: hsetGeneric('hmset', true),
  }),
  hash({
    name: 'hmget', arity: -3, flags: ['readonly', 'fast'], since: '2.0.0', complexity: 'O(N), N being the number of fields asked for.',
    summary: 'Returns the values of several hash fields.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { ...FIELD, flags: ['multiple'] }], shard: hmget,
  }),
  hash({
    name: 'hdel', arity: -3, flags: ['write', 'fast'], since: '2.0.0', complexity: 'O(N), N being the number of fields removed.',
    summary: 'Removes fields from a hash; the hash goes away with its last field.', keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, { ...FIELD, flags: ['multiple'] }], shard: hdel,
  }),
  hash({
    name: 'hlen', arity: 2, flags: ['readonly', 'fast'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Returns how many fields a hash has.', keys: keyAt(1, 'RO'), args: [KEY], shard: hlen,
  }),
  hash({
    name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], since: '3.2.0', complexity: 'O(1)',
    summary: 'Returns the length in bytes of a hash field\'s value.', keys: keyAt(1, 'RO'), args: [KEY, FIELD], shard: hstrlen,
  }),
  hash({
    name: 'hexists', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Tells whether a hash has a field.', keys: keyAt(1, 'RO'), args: [KEY, FIELD], shard: hexists,
  }),
  hash({
    name: 'hkeys', arity: 2, flags: ['readonly'], since: '2.0.0', complexity: 'O(N), N being the number of fields.',
    summary: 'Returns every field name of a hash.', tips: ['nondeterministic_output_order'],
    keys: keyAt(1, 'RO', 'access'), args: [KEY], shard: hgetallGeneric(Part.Fields),
  }),
  hash({
    name: 'hvals', arity: 2, flags: ['readonly'], since: '2.0.0', complexity: 'O(N), N being the number of fields.',
    summary: 'Returns every value of a hash.', tips: ['nondeterministic_output_order'],
    keys: keyAt(1, 'RO', 'access'), args: [KEY], shard: hgetallGeneric(Part.Values),
  }),
  hash({
    name: 'hgetall', arity: 2, flags: ['readonly'], since: '2.0.0', complexity: 'O(N), N being the number of fields.',
    summary: 'Returns every field of a hash with its value.', tips: ['nondeterministic_output_order'],
    keys: keyAt(1, 'RO', 'access'), args: [KEY], shard: hgetallGeneric(Part.Both),
  }),
  hash({
    name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], since: '2.0.0', complexity: 'O(1)',
    summary: 'Adds an integer to a hash field\'s integer value (a missing field counts as 0).',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, FIELD, { name: 'increment', type: 'integer' }], shard: hincrby,
  }),
  hash({
    name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], since: '2.6.0', complexity: 'O(1)',
    summary: 'Adds a floating-point number to a hash field\'s value (a missing field counts as 0).',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, FIELD, { name: 'increment', type: 'double' }], shard: hincrbyfloat,
  }),
  hash({
    name: 'hrandfield', arity: -2, flags: ['readonly'], since: '6.2.0', complexity: 'O(N), N being the number of fields returned.',
    summary: 'Returns random fields of a hash, optionally with their values.', tips: ['nondeterministic_output'],
    keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'options', type: 'block', flags: ['optional'], args: [
      { name: 'count', type: 'integer' }, { name: 'withvalues', type: 'pure-token', token: 'WITHVALUES', flags: ['optional'] }] }],
    shard: hrandfield,
  }),
  hash({
    name: 'hscan', arity: -3, flags: ['readonly'], since: '2.8.0',
    complexity: 'O(1) per call; O(N) for a whole iteration, N being the number of fields.',
    summary: 'Iterates over the fields and values of a hash.', tips: ['nondeterministic_output'],
    keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'cursor', type: 'integer' }, { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
    shard: hscan,
  }),
];
