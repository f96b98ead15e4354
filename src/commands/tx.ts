// MULTI EXEC DISCARD WATCH UNWATCH (Redis's multi.c).
//
// The acceptor queues a transaction's commands. At EXEC, its keyed commands go to the shards as
// ONE internal command, exec-tx: to the single shard owning every key (the fast path), or as a
// cross-shard transaction coordinated by one shard while the others wait at its barrier (see
// docs/ARCHITECTURE.md). Either way no other client sees a partial transaction. WATCH registers
// keys in their shards, which mark the watcher dirty on any change; exec-tx checks that first.
import type { Client } from '../net/client';
import { ReplyWriter } from '../protocol/writer';
import type { RemoteShards, ShardContext } from '../store/shard';
import type { Command, CommandDef } from './types';
import { commandsById, internalCommand, keyPositions, splitByShard } from './table';
import { mergeReplies } from '../net/merge';
import { skipReply } from '../protocol/reply-reader';

type ReplyFn = (w: ReplyWriter) => void;

export interface QueuedCommand {
  cmd: Command;
  argv: string[];
}

/** The MULTI state of a connection. */
export interface MultiState {
  queued: QueuedCommand[];
  /** A command was refused at queue time: EXEC answers EXECABORT. */
  aborted: boolean;
}

// ---------------------------------------------------------------- in the shards

/**
 * Runs one command of a transaction from the coordinating shard, wherever its keys are: here,
 * on one other shard (sent whole), split over several (parts merged), or, for commands that
 * reach remote keys themselves, here. Nested Shard.execute calls reset ctx: callers must not
 * use ctx fields other than ctx.shard afterwards.
 */
export function execAnywhere(ctx: ShardContext, cmd: Command, db: number, flags: number, argv: string[], w: ReplyWriter): void {
  const shard = ctx.shard;
  if (cmd.where === 'all') {
    const parts: Buffer[] = [];
    for (let s = 0; s < shard.shardCount; s++) parts.push(runOn(ctx, s, cmd, db, flags, argv));
    w.raw(mergeReplies(cmd.merge!, parts, null));
    return;
  }
  const ki = cmd.singleKeyIndex;
  if (ki > 0 && ki < argv.length && cmd.reachesUndeclaredKeys === undefined && shard.owner(argv[ki]) === shard.index) {
    shard.execute(cmd, db, flags, argv, w); // fast path: the one key is here
    return;
  }
  const keys = keyPositions(cmd, argv.length, (i) => argv[i]);
  const owners = new Set(keys.map((i) => shard.owner(argv[i])));
  // A command that reaches undeclared keys (a script, SORT BY) runs here, the shard that has
  // every other shard parked at its barrier: a participant cannot reach a third shard.
  const undeclared = cmd.reachesUndeclaredKeys?.(argv) === true;
  if (owners.size === 0 || (owners.size === 1 && owners.has(shard.index)) || (undeclared && cmd.group === 'scripting')) {
    shard.execute(cmd, db, flags, argv, w);
  } else if (owners.size === 1 && !undeclared) {
    w.raw(runOn(ctx, [...owners][0], cmd, db, flags, argv));
  } else if (cmd.merge !== undefined && !undeclared) {
    const split = splitByShard(cmd, argv.length, keys, (i) => shard.owner(argv[i]));
    const replies = split.map((p) => runOn(ctx, p.shard, cmd, db, flags, p.args.map((i) => argv[i])));
    w.raw(mergeReplies(cmd.merge, replies, split.map((p) => p.order)));
  } else if (shard.owner(argv[keys[0]]) === shard.index) {
    shard.execute(cmd, db, flags, argv, w);
  } else {
    executeBorrowingFirstKey(ctx, argv[keys[0]], cmd, db, flags, argv, w);
  }
}

/**
 * Multi-key handlers run on the shard of their first key (a transaction's coordinator) and reach
 * the other keys through the participants. When another shard coordinates (a script, or EXEC
 * whose first command is elsewhere), the first key is borrowed: moved here, owned by this shard
 * for the duration of the command, then moved back to its shard (or deleted there, if the
 * command deleted it).
 */
function executeBorrowingFirstKey(ctx: ShardContext, key: string, cmd: Command, db: number, flags: number, argv: string[], w: ReplyWriter): void {
  const shard = ctx.shard;
  const remote = shard.remote!;
  const home = remote.owner(key);
  const borrowed = Object.create(remote) as RemoteShards;
  borrowed.owner = (k: string): number => (k === key ? shard.index : remote.owner(k));
  const t = remote.take(home, db, key);
  shard.remote = borrowed;
  try {
    if (t !== undefined) shard.putKey(shard.localContext(db), key, t, true);
    shard.execute(cmd, db, flags, argv, w);
  } finally {
    const back = shard.takeKey(shard.localContext(db), key);
    shard.remote = remote;
    if (back !== undefined) remote.put(home, db, key, back, true);
  }
}

/** Runs a command on shard s (this one or a participant) and returns its reply bytes. */
function runOn(ctx: ShardContext, s: number, cmd: Command, db: number, flags: number, argv: string[]): Buffer {
  if (s !== ctx.shard.index) return ctx.shard.remote!.call(s, cmd, db, flags, argv);
  const w = new ReplyWriter(256);
  ctx.shard.execute(cmd, db, flags, argv, w);
  return w.copyFrom(0);
}

/**
 * exec-tx client-id watched-shards... "--" count (id db flags argc args...)*: checks the
 * client's watches on every shard involved, then runs the commands in order. Replies a null
 * array if a watched key changed, else the array of replies.
 */
function execTx(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const shard = ctx.shard;
  const clientId = Number(argv[1]);
  let p = 2;
  const watched: number[] = [];
  while (argv[p] !== '--') watched.push(Number(argv[p++]));
  p++;
  const count = Number(argv[p++]);
  const resp3 = w.resp3;
  const dirty = watched.some((s) => (s === shard.index ? shard.isWatchDirty(clientId)
    : runOn(ctx, s, internalCommand('watch-dirty'), 0, 0, ['watch-dirty', String(clientId)])[1] === 0x31));
  for (const s of watched) {
    if (s === shard.index) shard.unwatchClient(clientId);
    else runOn(ctx, s, internalCommand('unwatch-client'), 0, 0, ['unwatch-client', String(clientId)]);
  }
  if (dirty) {
    w.resp3 = resp3;
    w.nilArray();
    return;
  }
  w.array(count);
  for (let i = 0; i < count; i++) {
    const cmd = commandsById[Number(argv[p])];
    const db = Number(argv[p + 1]);
    const flags = Number(argv[p + 2]);
    const argc = Number(argv[p + 3]);
    const args = argv.slice(p + 4, p + 4 + argc);
    p += 4 + argc;
    execAnywhere(ctx, cmd, db, flags, args, w);
  }
}

// ---------------------------------------------------------------- on the acceptor

function multi(c: Client, _argv: string[], w: ReplyWriter): void {
  if (c.multi !== null) { w.error('ERR MULTI calls can not be nested'); return; }
  c.multi = { queued: [], aborted: false };
  w.ok();
}

function discard(c: Client, _argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  if (c.multi === null) { w.error('ERR DISCARD without MULTI'); return; }
  c.multi = null;
  return unwatchAll(c).then(() => (out: ReplyWriter) => out.ok());
}

function watch(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  if (c.multi !== null) { w.error('ERR WATCH inside MULTI is not allowed'); return; }
  const engine = c.server.engine;
  const byShard = new Map<number, string[]>();
  for (const key of argv.slice(1)) {
    const s = engine.shardForKey(key);
    const list = byShard.get(s);
    if (list === undefined) byShard.set(s, [key]);
    else list.push(key);
  }
  const cmd = internalCommand('watch-keys');
  const calls = [...byShard].map(([s, keys]) => {
    c.watchedShards.add(s);
    return engine.call(s, cmd, c.db, 0, ['watch-keys', String(c.id), ...keys]);
  });
  return Promise.all(calls).then(() => (out: ReplyWriter) => out.ok());
}

/** Drops the client's watches on every shard (UNWATCH, DISCARD, disconnect). */
export function unwatchAll(c: Client): Promise<unknown> {
  const engine = c.server.engine;
  const cmd = internalCommand('unwatch-client');
  const calls = [...c.watchedShards].map((s) => engine.call(s, cmd, 0, 0, ['unwatch-client', String(c.id)]));
  c.watchedShards.clear();
  return Promise.all(calls);
}

/**
 * EXEC: runs the queued keyed commands as one exec-tx in the shards, then the acceptor's own
 * queued commands (only if the transaction was not aborted by WATCH), and answers the replies in
 * queue order.
 */
function exec(c: Client, _argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  const state = c.multi;
  if (state === null) { w.error('ERR EXEC without MULTI'); return; }
  c.multi = null;
  if (state.aborted) {
    void unwatchAll(c);
    w.error('EXECABORT Transaction discarded because of previous errors.');
    return;
  }
  const srv = c.server;
  const engine = srv.engine;
  // Keyed commands run in the db selected at their place in the queue (SELECT may be queued).
  let db = c.db;
  const keyed: Array<{ index: number; cmd: Command; db: number }> = [];
  const shards = new Set<number>(c.watchedShards);
  let allShards = false;
  const args: string[] = ['exec-tx', String(c.id), ...[...c.watchedShards].map(String), '--', ''];
  const flags = srv.requestFlags(c);
  state.queued.forEach(({ cmd, argv }, index) => {
    if (cmd.where === 'acceptor') {
      const next = cmd.selectsDb?.(argv, srv.config.getInt('databases'));
      if (next !== undefined && next !== null) db = next;
      return;
    }
    keyed.push({ index, cmd, db });
    // Like 'all' commands, one reaching keys its arguments do not name (SORT BY/GET) needs every shard.
    if (cmd.where === 'all' || cmd.reachesUndeclaredKeys?.(argv)) allShards = true;
    for (const i of keyPositions(cmd, argv.length, (k) => argv[k])) shards.add(engine.shardForKey(argv[i]));
    args.push(String(cmd.id), String(db), String(flags), String(argv.length), ...argv);
  });
  args[args.indexOf('--') + 1] = String(keyed.length);
  c.watchedShards.clear();
  if (allShards) for (let s = 0; s < engine.shardCount; s++) shards.add(s);
  if (shards.size === 0) shards.add(0);
  const participants = [...shards];
  const coordinator = participants.shift()!;
  // The shards answer, then the acceptor's own queued commands run, only if WATCH allowed it.
  // In inline mode everything is synchronous, and EXEC's reply leaves with the QUEUED ones.
  const finish = (raw: Buffer): ReplyFn | Promise<ReplyFn> => {
    // A WATCHed key changed: EXEC answers a null array and nothing ran.
    if (raw[0] === 0x5f || (raw[0] === 0x2a && raw[1] === 0x2d)) return (out) => out.nilArray();
    if (raw[0] === 0x2d) return (out) => out.raw(raw);
    // Split the shards' reply into one reply per keyed command.
    const keyedReplies: Buffer[] = [];
    let pos = raw.indexOf(10) + 1;
    for (let i = 0; i < keyed.length; i++) {
      const end = skipReply(raw, pos, raw.length);
      keyedReplies.push(raw.subarray(pos, end));
      pos = end;
    }
    // Now the acceptor's own queued commands, in order, with the db they would see.
    const replies: Array<Buffer | Promise<Buffer>> = [];
    let k = 0;
    state.queued.forEach(({ cmd, argv }, index) => {
      srv.countCall(cmd);
      if (k < keyed.length && keyed[k].index === index) { replies.push(keyedReplies[k++]); return; }
      const r = srv.runAcceptorCommand(c, cmd, argv);
      replies.push(r instanceof Promise ? r : r.copyFrom(0));
    });
    const write = (all: Buffer[]): ReplyFn => (out) => {
      out.array(all.length);
      for (const r of all) out.raw(r);
    };
    return replies.some((r) => r instanceof Promise) ? Promise.all(replies).then(write) : write(replies as Buffer[]);
  };
  let now: ReplyFn | Promise<ReplyFn> | undefined;
  let later: ((f: ReplyFn | Promise<ReplyFn>) => void) | undefined;
  engine.callTx(coordinator, participants, internalCommand('exec-tx'), c.db, flags, args, (raw) => {
    const f = finish(raw);
    if (later !== undefined) later(f);
    else now = f;
  });
  if (typeof now === 'function') { now(w); return; }
  if (now !== undefined) return now;
  return new Promise<ReplyFn>((resolve) => { later = resolve; });
}

const TX = ['transaction'];
const CONTROL_FLAGS = ['noscript', 'loading', 'stale', 'fast', 'allow_busy'];

const internal = (name: string, arity: number, shard: (ctx: ShardContext, argv: string[], w: ReplyWriter) => void): CommandDef => ({
  name, arity, flags: [], acl: TX, group: 'transactions', since: '0.1.0', summary: `Internal step of transactions (${name}).`,
  internal: true, where: 'shard', shard,
});

export const txCommands: CommandDef[] = [
  {
    name: 'multi', arity: 1, flags: CONTROL_FLAGS, acl: TX, group: 'transactions', since: '1.2.0', summary: 'Starts a transaction.',
    complexity: 'O(1)', where: 'acceptor', acceptor: multi, runsInMulti: true,
  },
  {
    name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], acl: TX, group: 'transactions', since: '1.2.0',
    summary: 'Executes all commands in a transaction.', complexity: 'Depends on commands in the transaction',
    where: 'acceptor', acceptor: exec, runsInMulti: true, holdsConnection: true,
  },
  {
    name: 'discard', arity: 1, flags: CONTROL_FLAGS, acl: TX, group: 'transactions', since: '2.0.0', summary: 'Discards a transaction.',
    complexity: 'O(N), when N is the number of queued commands', where: 'acceptor', acceptor: discard, runsInMulti: true,
  },
  {
    name: 'watch', arity: -2, flags: CONTROL_FLAGS, acl: TX, group: 'transactions', since: '2.2.0',
    summary: 'Monitors changes to keys to determine the execution of a transaction.', complexity: 'O(1) for every key.',
    keys: [{ flags: ['RO'], begin: { index: 1 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } }],
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    where: 'acceptor', acceptor: watch, runsInMulti: true,
  },
  {
    name: 'unwatch', arity: 1, flags: CONTROL_FLAGS, acl: TX, group: 'transactions', since: '2.2.0',
    summary: 'Forgets about watched keys of a transaction.', complexity: 'O(1)',
    where: 'acceptor', acceptor: (c) => unwatchAll(c).then(() => (out: ReplyWriter) => out.ok()),
  },
  internal('exec-tx', -4, execTx),
  internal('watch-keys', -3, (ctx, argv, w) => { ctx.shard.watchKeys(ctx.db, Number(argv[1]), argv.slice(2)); w.ok(); }),
  internal('unwatch-client', 2, (ctx, argv, w) => { ctx.shard.unwatchClient(Number(argv[1])); w.ok(); }),
  internal('watch-dirty', 2, (ctx, argv, w) => w.int(ctx.shard.isWatchDirty(Number(argv[1])) ? 1 : 0)),
];
