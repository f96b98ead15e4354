// Set commands (Redis 7.0's t_set.c semantics). The multi-key ones (SMOVE, SINTER, SUNION, SDIFF
// and their STORE forms, SINTERCARD) reach keys of other shards through peekKey/putKey: the engine
// runs them as transactions when their keys span shards.
import { KeyspaceEvents as EV } from '../server/config';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { keyAt } from './keyspecs';
import { SetValue } from '../store/set';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { parseInt64 } from '../util/numbers';
import { globMatch } from '../util/glob';
import { parseScanCursor, parseScanOptions, scanMap, writeScanReply } from './collection-scan';

const LONG_MAX = 9223372036854775807n;
const OUT_OF_RANGE = `ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`;
const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';

function sadd(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const s = ctx.shard.writeCollection(ctx, key, SetValue, w, () => SetValue.forMember(argv[2]));
  if (s === undefined) return;
  const before = s.bytes;
  const settings = ctx.shard.settings;
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i], settings)) added++;
  if (added > 0) ctx.shard.notify(ctx, EV.SET, 'sadd', key);
  ctx.shard.afterWrite(ctx, key, s, before);
  w.int(added);
}

function srem(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const s = ctx.shard.modifyCollection(ctx, key, SetValue, w);
  if (s === undefined) return;
  if (s === null) { w.int(0); return; }
  const before = s.bytes;
  let removed = 0;
  for (let i = 2; i < argv.length && s.size > 0; i++) if (s.remove(argv[i])) removed++;
  if (removed > 0) ctx.shard.notify(ctx, EV.SET, 'srem', key);
  ctx.shard.afterWrite(ctx, key, s, before);
  w.int(removed);
}

function scard(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s !== undefined) w.int(s === null ? 0 : s.size);
}

function sismember(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s !== undefined) w.int(s !== null && s.has(argv[2]) ? 1 : 0);
}

function smismember(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s === undefined) return;
  w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) w.int(s !== null && s.has(argv[i]) ? 1 : 0);
}

function writeSet(w: ReplyWriter, members: string[]): void {
  w.set(members.length);
  for (const m of members) w.bulk(m);
}

function smembers(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s !== undefined) writeSet(w, s === null ? [] : s.toArray());
}

const randomIndex = (n: number): number => Math.floor(Math.random() * n);

function spop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length > 3) { w.error(SYNTAX); return; }
  const key = argv[1];
  let count = -1n;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === null || n < 0n) { w.error(MUST_BE_POSITIVE); return; }
    count = n;
  }
  const s = ctx.shard.modifyCollection(ctx, key, SetValue, w);
  if (s === undefined) return;
  if (s === null) { if (count < 0n) w.nil(); else w.set(0); return; }
  const before = s.bytes;
  if (count < 0n) {
    const m = s.removeAt(randomIndex(s.size));
    ctx.shard.notify(ctx, EV.SET, 'spop', key);
    ctx.shard.afterWrite(ctx, key, s, before);
    w.bulk(m);
    return;
  }
  if (count === 0n) { w.set(0); return; }
  if (count >= BigInt(s.size)) {
    // The whole set goes: answer it in its storage order and delete the key.
    writeSet(w, s.toArray());
    ctx.shard.notify(ctx, EV.SET, 'spop', key);
    ctx.shard.remove(ctx, key);
    return;
  }
  const n = Number(count);
  w.set(n);
  for (let i = 0; i < n; i++) w.bulk(s.removeAt(randomIndex(s.size)));
  ctx.shard.notify(ctx, EV.SET, 'spop', key);
  ctx.shard.afterWrite(ctx, key, s, before);
}

function srandmember(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length > 3) { w.error(SYNTAX); return; }
  if (argv.length === 2) {
    const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
    if (s === undefined) return;
    if (s === null) w.nil(); else w.bulk(s.at(randomIndex(s.size)));
    return;
  }
  const big = parseInt64(argv[2]);
  if (big === null) { w.error(NOT_INTEGER); return; }
  if (big < -LONG_MAX) { w.error(OUT_OF_RANGE); return; }
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s === undefined) return;
  if (s === null || big === 0n) { w.array(0); return; }
  const size = s.size;
  if (big < 0n) {
    // Negative count: that many independent picks, repeats allowed.
    const count = Number(-big);
    w.array(count);
    for (let i = 0; i < count; i++) w.bulk(s.at(randomIndex(size)));
    return;
  }
  if (big >= BigInt(size)) {
    const all = s.toArray();
    w.array(all.length);
    for (const m of all) w.bulk(m);
    return;
  }
  const count = Number(big);
  w.array(count);
  if (count * 3 > size) {
    // Many of the members: a partial Fisher-Yates shuffle of the positions.
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + randomIndex(size - i);
      const t = order[j];
      order[j] = order[i];
      order[i] = t;
      w.bulk(s.at(t));
    }
    return;
  }
  // Few of them: draw positions until `count` distinct ones came up.
  const picked = new Set<number>();
  while (picked.size < count) {
    const i = randomIndex(size);
    if (picked.has(i)) continue;
    picked.add(i);
    w.bulk(s.at(i));
  }
}

// ---------------------------------------------------------------- multi-key commands

/** A set reached by a multi-key command: local (changed in place) or a copy from another shard. */
interface HeldSet {
  set: SetValue;
  local: boolean;
  expireAt: number;
}

/**
 * A key's set for a multi-key command: null if missing, 'wrongtype' if it holds another type.
 * `read` counts the lookup in the keyspace hits/misses and the key's access time, as Redis's
 * read lookups do (local keys).
 */
function holdSet(ctx: ShardContext, key: string, read = false): HeldSet | null | 'wrongtype' {
  const shard = ctx.shard;
  if (shard.ownsKey(key)) {
    const e = read ? shard.read(ctx, key) : ctx.db.lookup(key, ctx.now);
    if (e === undefined) return null;
    return e.value instanceof SetValue ? { set: e.value, local: true, expireAt: -1 } : 'wrongtype';
  }
  const t = shard.peekKey(ctx, key);
  if (t === undefined) return null;
  return t.value instanceof SetValue ? { set: t.value, local: false, expireAt: t.expireAt } : 'wrongtype';
}

/** Makes a change to a held set effective: accounts for it locally, or sends the copy back. */
function commitSet(ctx: ShardContext, key: string, held: HeldSet, bytesBefore: number): void {
  if (held.local) ctx.shard.afterWrite(ctx, key, held.set, bytesBefore);
  else if (held.set.size === 0) { ctx.shard.delKey(ctx, key); ctx.shard.notify(ctx, EV.GENERIC, 'del', key); }
  else ctx.shard.putKey(ctx, key, { value: held.set, expireAt: held.expireAt }, true);
}

function smove(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const [, srcKey, dstKey, member] = argv;
  const src = holdSet(ctx, srcKey);
  if (src === null) { w.int(0); return; }
  const dst = holdSet(ctx, dstKey);
  if (src === 'wrongtype' || dst === 'wrongtype') { w.error(WRONGTYPE); return; }
  if (srcKey === dstKey) { w.int(src.set.has(member) ? 1 : 0); return; }
  const srcBefore = src.set.bytes;
  if (!src.set.remove(member)) { w.int(0); return; }
  ctx.shard.notify(ctx, EV.SET, 'srem', srcKey);
  commitSet(ctx, srcKey, src, srcBefore);
  const settings = ctx.shard.settings;
  if (dst === null) {
    const created = SetValue.forMember(member);
    created.add(member, settings);
    ctx.shard.putKey(ctx, dstKey, { value: created, expireAt: -1 }, true);
    ctx.shard.notify(ctx, EV.SET, 'sadd', dstKey);
  } else {
    const dstBefore = dst.set.bytes;
    const added = dst.set.add(member, settings);
    if (added || dst.local) commitSet(ctx, dstKey, dst, dstBefore);
    if (added) ctx.shard.notify(ctx, EV.SET, 'sadd', dstKey);
  }
  w.int(1);
}

/**
 * The sets of a multi-key command (null for missing keys), or undefined after a WRONGTYPE reply.
 * Local sets are the live objects: read them, never change them. Lookups count as reads (keyspace
 * hits and misses), also for the STORE forms, as in Redis 7.0.
 */
function loadSets(ctx: ShardContext, keys: string[], w: ReplyWriter): Array<SetValue | null> | undefined {
  const sets: Array<SetValue | null> = [];
  for (const key of keys) {
    const held = holdSet(ctx, key, true);
    if (held === 'wrongtype') { w.error(WRONGTYPE); return undefined; }
    sets.push(held === null ? null : held.set);
  }
  return sets;
}

/**
 * Members common to every set, in the iteration order of the smallest one (as Redis answers),
 * stopping after `limit` of them (0 = no limit).
 */
function intersection(sets: SetValue[], limit: number): string[] {
  const sorted = sets.slice().sort((a, b) => a.size - b.size);
  const first = sorted[0];
  const out: string[] = [];
  for (const m of first.toArray()) {
    let all = true;
    for (let j = 1; j < sorted.length; j++) {
      if (sorted[j] !== first && !sorted[j].has(m)) { all = false; break; }
    }
    if (!all) continue;
    out.push(m);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

function sinterGeneric(ctx: ShardContext, keys: string[], dstKey: string | null, w: ReplyWriter): void {
  const sets = loadSets(ctx, keys, w);
  if (sets === undefined) return;
  const present = sets.filter((s): s is SetValue => s !== null);
  const members = present.length < sets.length ? [] : intersection(present, 0);
  if (dstKey === null) { writeSet(w, members); return; }
  // The result is built like Redis builds it: an intset that converts when it must.
  const result = new SetValue();
  const settings = ctx.shard.settings;
  for (const m of members) result.add(m, settings);
  ctx.shard.storeCollection(ctx, dstKey, result, 'sinterstore');
  w.int(result.size);
}

function sintercard(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const numkeys = parseInt64(argv[1]);
  if (numkeys === null || numkeys < 1n) { w.error('ERR numkeys should be greater than 0'); return; }
  if (numkeys > BigInt(argv.length - 2)) { w.error('ERR Number of keys can\'t be greater than number of args'); return; }
  const n = Number(numkeys);
  let limit = 0;
  for (let i = 2 + n; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'limit' && i + 1 < argv.length) {
      const l = parseInt64(argv[++i]);
      if (l === null || l < 0n) { w.error('ERR LIMIT can\'t be negative'); return; }
      limit = l > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(l);
    } else {
      w.error(SYNTAX);
      return;
    }
  }
  const sets = loadSets(ctx, argv.slice(2, 2 + n), w);
  if (sets === undefined) return;
  const present = sets.filter((s): s is SetValue => s !== null);
  w.int(present.length < sets.length ? 0 : intersection(present, limit).length);
}

const enum SetOp { Union, Diff }

/** SUNION/SDIFF and their STORE forms, building the result set the way Redis does. */
function sunionDiffGeneric(ctx: ShardContext, keys: string[], dstKey: string | null, op: SetOp, w: ReplyWriter): void {
  const sets = loadSets(ctx, keys, w);
  if (sets === undefined) return;
  const settings = ctx.shard.settings;
  const result = new SetValue();
  if (op === SetOp.Union) {
    for (const s of sets) if (s !== null) for (const m of s.toArray()) result.add(m, settings);
  } else if (sets[0] !== null) {
    const first = sets[0];
    // Redis picks one of two algorithms by estimated work; the second can leave the result
    // hashtable-encoded where the first would not, so the choice shows in OBJECT ENCODING.
    let workOne = 0;
    let workTwo = 0;
    for (const s of sets) {
      if (s === null) continue;
      workOne += first.size;
      workTwo += s.size;
    }
    workOne = Math.floor(workOne / 2);
    if (workOne <= workTwo) {
      const others = sets.slice(1).filter((s): s is SetValue => s !== null);
      for (const m of first.toArray()) {
        let found = false;
        for (const s of others) if (s === first || s.has(m)) { found = true; break; }
        if (!found) result.add(m, settings);
      }
    } else {
      for (const m of first.toArray()) result.add(m, settings);
      for (let j = 1; j < sets.length && result.size > 0; j++) {
        const s = sets[j];
        if (s !== null) for (const m of s.toArray()) result.remove(m);
      }
    }
  }
  if (dstKey === null) { writeSet(w, result.toArray()); return; }
  ctx.shard.storeCollection(ctx, dstKey, result, op === SetOp.Union ? 'sunionstore' : 'sdiffstore');
  w.int(result.size);
}

function sscan(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) { w.error('ERR invalid cursor'); return; }
  const s = ctx.shard.readCollection(ctx, argv[1], SetValue, w);
  if (s === undefined) return;
  if (s === null) { writeScanReply(w, 0, []); return; }
  const opts = parseScanOptions(argv, 3, w);
  if (opts === null) return;
  const match = opts.match;
  const source = s.scanSource;
  let members: string[];
  let next = 0;
  if (source === null) {
    members = s.toArray();
  } else {
    const step = scanMap(ctx.shard.collectionCursors, cursor, source, opts.count);
    next = step.next;
    members = step.entries.map((e) => e[0]);
  }
  writeScanReply(w, next, match === null ? members : members.filter((m) => globMatch(match, m)));
}

// ---------------------------------------------------------------- table

const SET = ['set'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const MEMBERS: ArgDoc = { ...MEMBER, flags: ['multiple'] };
const KEYS: ArgDoc = { ...KEY, flags: ['multiple'] };
const STORE_ARGS: ArgDoc[] = [{ name: 'destination', type: 'key', keySpecIndex: 0 }, { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] }];

/** Every argument from argv[1] on is a key. */
const allKeys = (...flags: string[]): KeySpec[] => [{ flags, begin: { index: 1 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } }];

/** A destination key at argv[1], then source keys to the end. */
const storeKeys = (...dstFlags: string[]): KeySpec[] => [
  { flags: dstFlags, begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
  { flags: ['RO', 'access'], begin: { index: 2 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } },
];

const set = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: SET, group: 'set', where: 'shard', ...def });

const INTER_COMPLEXITY = 'O(N*M) at worst, N being the size of the smallest set and M the number of sets.';
const UNION_COMPLEXITY = 'O(N), N being the total number of members of all the sets.';

export const setCommands: CommandDef[] = [
  set({
    name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], since: '1.0.0', complexity: 'O(1) per member added.',
    summary: 'Adds members to a set, creating the set if needed.', keys: keyAt(1, 'RW', 'insert'), args: [KEY, MEMBERS], shard: sadd,
  }),
  set({
    name: 'srem', arity: -3, flags: ['write', 'fast'], since: '1.0.0', complexity: 'O(N), N being the number of members removed.',
    summary: 'Removes members from a set; the set goes away with its last member.', keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, MEMBERS], shard: srem,
  }),
  set({
    name: 'scard', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Returns how many members a set has.', keys: keyAt(1, 'RO'), args: [KEY], shard: scard,
  }),
  set({
    name: 'sismember', arity: 3, flags: ['readonly', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Tells whether a value is a member of a set.', keys: keyAt(1, 'RO'), args: [KEY, MEMBER], shard: sismember,
  }),
  set({
    name: 'smismember', arity: -3, flags: ['readonly', 'fast'], since: '6.2.0', complexity: 'O(N), N being the number of values checked.',
    summary: 'Tells, for each of several values, whether it is a member of a set.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, MEMBERS], shard: smismember,
  }),
  set({
    name: 'smembers', arity: 2, flags: ['readonly'], since: '1.0.0', complexity: 'O(N), N being the size of the set.',
    summary: 'Returns every member of a set.', tips: ['nondeterministic_output_order'], keys: keyAt(1, 'RO', 'access'),
    args: [KEY], shard: smembers,
  }),
  set({
    name: 'spop', arity: -2, flags: ['write', 'fast'], since: '1.0.0',
    complexity: 'O(1) without a count, else O(N), N being the count.',
    summary: 'Removes random members from a set and returns them.', tips: ['nondeterministic_output'],
    keys: keyAt(1, 'RW', 'access', 'delete'), args: [KEY, { name: 'count', type: 'integer', since: '3.2.0', flags: ['optional'] }],
    shard: spop,
  }),
  set({
    name: 'srandmember', arity: -2, flags: ['readonly'], since: '1.0.0',
    complexity: 'O(1) without a count, else O(N), N being the absolute value of the count.',
    summary: 'Returns random members of a set without removing them.', tips: ['nondeterministic_output'],
    keys: keyAt(1, 'RO', 'access'), args: [KEY, { name: 'count', type: 'integer', since: '2.6.0', flags: ['optional'] }],
    shard: srandmember,
  }),
  set({
    name: 'smove', arity: 4, flags: ['write', 'fast'], since: '1.0.0', complexity: 'O(1)',
    summary: 'Moves a member from one set to another.',
    keys: [
      { flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
      { flags: ['RW', 'insert'], begin: { index: 2 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
    ],
    args: [{ name: 'source', type: 'key', keySpecIndex: 0 }, { name: 'destination', type: 'key', keySpecIndex: 1 }, MEMBER],
    shard: smove,
  }),
  set({
    name: 'sinter', arity: -2, flags: ['readonly'], since: '1.0.0', complexity: INTER_COMPLEXITY,
    summary: 'Returns the members common to several sets.', tips: ['nondeterministic_output_order'],
    keys: allKeys('RO', 'access'), args: [KEYS], shard: (ctx, argv, w) => sinterGeneric(ctx, argv.slice(1), null, w),
  }),
  set({
    name: 'sintercard', arity: -3, flags: ['readonly'], since: '7.0.0', complexity: INTER_COMPLEXITY,
    summary: 'Counts the members common to several sets, optionally stopping at a limit.',
    keys: [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { keyNum: { keyNumIdx: 0, firstKey: 1, step: 1 } } }],
    args: [{ name: 'numkeys', type: 'integer' }, KEYS, { name: 'limit', type: 'integer', token: 'LIMIT', flags: ['optional'] }],
    shard: sintercard,
  }),
  set({
    name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'], since: '1.0.0', complexity: INTER_COMPLEXITY,
    summary: 'Stores the members common to several sets under a key.', keys: storeKeys('RW', 'update'), args: STORE_ARGS,
    shard: (ctx, argv, w) => sinterGeneric(ctx, argv.slice(2), argv[1], w),
  }),
  set({
    name: 'sunion', arity: -2, flags: ['readonly'], since: '1.0.0', complexity: UNION_COMPLEXITY,
    summary: 'Returns the members of the union of several sets.', tips: ['nondeterministic_output_order'],
    keys: allKeys('RO', 'access'), args: [KEYS], shard: (ctx, argv, w) => sunionDiffGeneric(ctx, argv.slice(1), null, SetOp.Union, w),
  }),
  set({
    name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'], since: '1.0.0', complexity: UNION_COMPLEXITY,
    summary: 'Stores the union of several sets under a key.', keys: storeKeys('OW', 'update'), args: STORE_ARGS,
    shard: (ctx, argv, w) => sunionDiffGeneric(ctx, argv.slice(2), argv[1], SetOp.Union, w),
  }),
  set({
    name: 'sdiff', arity: -2, flags: ['readonly'], since: '1.0.0', complexity: UNION_COMPLEXITY,
    summary: 'Returns the members of the first set that are in none of the others.', tips: ['nondeterministic_output_order'],
    keys: allKeys('RO', 'access'), args: [KEYS], shard: (ctx, argv, w) => sunionDiffGeneric(ctx, argv.slice(1), null, SetOp.Diff, w),
  }),
  set({
    name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'], since: '1.0.0', complexity: UNION_COMPLEXITY,
    summary: 'Stores the difference of the first set and the others under a key.', keys: storeKeys('OW', 'update'), args: STORE_ARGS,
    shard: (ctx, argv, w) => sunionDiffGeneric(ctx, argv.slice(2), argv[1], SetOp.Diff, w),
  }),
  set({
    name: 'sscan', arity: -3, flags: ['readonly'], since: '2.8.0',
    complexity: 'O(1) per call; O(N) for a whole iteration, N being the number of members.',
    summary: 'Iterates over the members of a set.', tips: ['nondeterministic_output'], keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'cursor', type: 'integer' }, { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
    shard: sscan,
  }),
];
