// A shard: the keys of its slots in every database, and the code that runs commands on them.
// The same class runs inside a worker thread (behind rings) and on the main thread in inline
// mode (--shards 0); it knows nothing about threads.
import type { Command } from '../commands/types';
import type { ReplyWriter } from '../protocol/writer';
import { errorCodeAt, ShardStats, Stat } from '../engine/stats';
import { Db, Entry, META_ENCODING, META_STAMP, ttlPassed } from './keyspace';
import { recordKey } from './records';
import type { Value } from './keyspace';
import type { Transfer } from './transfer';
import type { Collection } from './types';
import { WRONGTYPE } from './errors';
import { KeyspaceEvents } from '../server/config';
import { ShardSettings } from './settings';
import { CursorTable } from './cursors';
import { parseInt64 } from '../util/numbers';
import { Housekeeping } from './housekeeping';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';

/** Request flag bits carried with every command sent to a shard. */
export const REQ_RESP3 = 1;
export const REQ_NO_TOUCH = 2;
/** A blocking command may block (it is not inside MULTI or a script). */
export const REQ_MAY_BLOCK = 4;
/** A blocked command run again after one of its keys got data: its watches are already set. */
export const REQ_RETRY = 8;

/**
 * The other shards, as seen by a transaction's coordinator while the participants are parked at
 * its barrier (src/engine/peers.ts). Absent in inline mode, where every key is local.
 */
export interface RemoteShards {
  readonly shardCount: number;
  owner(key: string): number;
  peek(shard: number, db: number, key: string): Transfer | undefined;
  take(shard: number, db: number, key: string): Transfer | undefined;
  put(shard: number, db: number, key: string, t: Transfer, replace: boolean): boolean;
  del(shard: number, db: number, key: string): boolean;
  exists(shard: number, db: number, key: string): boolean;
  watch(shard: number, db: number, key: string): void;
  call(shard: number, cmd: Command, db: number, flags: number, argv: string[]): Buffer;
}

/** One keyspace notification: published by the acceptor on __keyspace@db__ / __keyevent@db__. */
export interface KeyspaceEvent {
  db: number;
  event: string;
  key: string;
}

export interface ShardContext {
  shard: Shard;
  db: Db;
  /** Milliseconds, read once per command (Redis's cached mstime). */
  now: number;
  flags: number;
  /** Set by a blocking command that found no data and asked to wait (Shard.block). */
  blocked: boolean;
}

export class Shard {
  readonly dbs: Db[];
  private readonly ctx: ShardContext;
  /** Set in worker mode: lets multi-key commands reach keys owned by other shards. */
  remote: RemoteShards | null = null;
  /**
   * Set by the inline engine around a client's command: a script may give the thread back (a
   * shard thread never does: it answers BUSY from the acceptor while it runs).
   */
  yieldable = false;
  /**
   * Left by a command that gave the thread back (only when `yieldable`): call it to go on; it
   * writes the reply and returns true once the command is done.
   */
  yielded: ((w: ReplyWriter) => boolean) | null = null;
  readonly settings = new ShardSettings();
  /** HSCAN/SSCAN (and ZSCAN) cursors over the Maps of hashtable-encoded collections. */
  readonly collectionCursors = new CursorTable<unknown>();
  readonly housekeeping = new Housekeeping(this);
  /** WATCHed keys ("db\nkey" → ids of the watching clients). */
  private readonly watchedKeys = new Map<string, Set<number>>();
  /** Clients one of whose WATCHed keys changed since they watched it: their EXEC fails. */
  private readonly dirtyWatchers = new Set<number>();
  /** Keyspace notifications produced and not yet handed to the acceptor, in order. */
  readonly events: KeyspaceEvent[] = [];
  /** Set by block(): the arguments a blocked command is to be run again with. */
  private blockArgv: string[] | null = null;
  /** Keys blocked clients wait on ("db\nkey" → number of waits); the acceptor owns the waits. */
  private readonly watches = new Map<string, number>();
  /** Watched keys that got a new list/zset/stream value since the acceptor was last told. */
  readonly readyKeys: Array<[number, string]> = [];
  private readonly readySeen = new Set<string>();
  /** When the last active-expiry cycle ran (ms). */
  private lastExpireCycle = 0;

  constructor(readonly index: number, dbCount: number, readonly stats: ShardStats) {
    this.dbs = [];
    for (let i = 0; i < dbCount; i++) this.dbs.push(new Db(i, stats));
    this.ctx = { shard: this, db: this.dbs[0], now: 0, flags: 0, blocked: false };
    const onNewCollection = (db: Db, key: string): void => this.signalReady(db.id, key);
    const onEvent = (db: Db, kind: number, event: string, key: string): void => this.notifyIn(db.id, kind, event, key);
    for (const db of this.dbs) {
      db.onNewCollection = onNewCollection;
      db.onEvent = onEvent;
    }
  }

  /** LRU clock: seconds, 24 bits, like Redis's LRU_CLOCK. */
  lruClock(now: number): number {
    return Math.floor(now / 1000) & 0xffffff;
  }

  /** True when maxmemory-policy is an LFU one: Entry.meta then holds LFU data (Redis's layout). */
  get lfuMode(): boolean {
    return this.settings.lfuPolicy;
  }

  /** The access stamp of a new entry: the LRU clock, or LFU data with the initial counter (5). */
  private newStamp(now: number): number {
    return this.lfuMode ? (lfuMinutes(now) << 8) | LFU_INIT_VAL : this.lruClock(now);
  }

  /** Records an access: LRU clock, or LFU counter decay and logarithmic increment. */
  private touch(e: Entry, now: number): void {
    if (!this.lfuMode) { e.meta = (e.meta & META_ENCODING) | this.lruClock(now); return; }
    let counter = this.lfuFrequency(e, now);
    if (counter < 255) {
      const base = Math.max(0, counter - LFU_INIT_VAL);
      if (Math.random() < 1 / (base * this.settings.lfuLogFactor + 1)) counter++;
    }
    e.meta = (e.meta & META_ENCODING) | (lfuMinutes(now) << 8) | counter;
  }

  /** The LFU counter after decay (OBJECT FREQ). */
  lfuFrequency(e: Entry, now: number): number {
    const ldt = (e.meta & META_STAMP) >> 8;
    const counter = e.meta & 255;
    const nowMin = lfuMinutes(now);
    const elapsed = nowMin >= ldt ? nowMin - ldt : 65535 - ldt + nowMin;
    const periods = this.settings.lfuDecayTime > 0 ? Math.floor(elapsed / this.settings.lfuDecayTime) : 0;
    return periods > counter ? 0 : counter - periods;
  }

  /** Seconds since the last access (OBJECT IDLETIME), with the 24-bit clock's wrap-around. */
  idleSeconds(e: Entry, now: number): number {
    const clock = this.lruClock(now);
    const stamp = e.meta & META_STAMP;
    return clock >= stamp ? clock - stamp : clock + (META_STAMP - stamp);
  }

  /** Redis shares the integers 0..9999 unless an LRU/LFU policy needs per-key access data. */
  isSharedInteger(e: Entry): boolean {
    if (!e.holdsString || (e.meta & META_ENCODING) !== 0) return false;
    const value = e.value as string;
    const policy = this.settings.maxmemoryPolicy;
    if (this.settings.maxmemory > 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'))) return false;
    if (value.length > 4) return false;
    const n = parseInt64(value);
    return n !== null && n >= 0n && n < 10000n;
  }

  /** A copy of a value that can be stored under a second key (COPY). Strings are immutable. */
  cloneValue(value: Value): Value {
    return typeof value === 'string' ? value : value.clone();
  }

  // ---- collections (lists, hashes, sets, sorted sets, streams)

  /**
   * A key's collection of class `cls`, for reading: null if the key is missing, undefined after
   * writing the WRONGTYPE error.
   */
  readCollection<T extends Collection>(ctx: ShardContext, key: string, cls: abstract new (...args: never[]) => T,
    w: ReplyWriter, touch = true): T | null | undefined {
    const e = this.read(ctx, key, touch);
    if (e === undefined) return null;
    if (!(e.value instanceof cls)) { w.error(WRONGTYPE); return undefined; }
    return e.value;
  }

  /**
   * A key's collection for writing: the existing one, or `create()` stored under the key. Undefined
   * after writing the WRONGTYPE error. Call afterWrite() once the command has changed it.
   */
  writeCollection<T extends Collection>(ctx: ShardContext, key: string, cls: abstract new (...args: never[]) => T,
    w: ReplyWriter, create: () => T): T | undefined {
    const e = ctx.db.lookup(key, ctx.now);
    if (e !== undefined) {
      if (!(e.value instanceof cls)) { w.error(WRONGTYPE); return undefined; }
      if ((ctx.flags & REQ_NO_TOUCH) === 0) this.touch(e, ctx.now);
      return e.value;
    }
    const created = create();
    ctx.db.set(key, created, this.newStamp(ctx.now), true);
    return created;
  }

  /**
   * A key's existing collection for writing, without creating it (HDEL, SREM, SPOP): null if the
   * key is missing, undefined after writing the WRONGTYPE error. Call afterWrite() after changing it.
   */
  modifyCollection<T extends Collection>(ctx: ShardContext, key: string, cls: abstract new (...args: never[]) => T,
    w: ReplyWriter): T | null | undefined {
    const e = ctx.db.lookup(key, ctx.now);
    if (e === undefined) return null;
    if (!(e.value instanceof cls)) { w.error(WRONGTYPE); return undefined; }
    if ((ctx.flags & REQ_NO_TOUCH) === 0) this.touch(e, ctx.now);
    return e.value;
  }

  /**
   * After a command changed a collection: accounts for its size change and deletes the key if the
   * collection became empty (Redis never keeps empty collections), with its "del" notification:
   * commands send their own notification before calling this, as Redis orders them.
   */
  afterWrite(ctx: ShardContext, key: string, value: Collection, bytesBefore: number): void {
    const db = ctx.db;
    if (db.onModified !== null) db.onModified(db, key);
    db.bytes += value.bytes - bytesBefore;
    // Redis keeps empty streams (their IDs and groups live on).
    if (value.size === 0 && value.type !== 'stream') {
      const e = db.entry(key);
      if (e !== undefined && e.value === value) {
        db.remove(key, e);
        this.notify(ctx, KeyspaceEvents.GENERIC, 'del', key);
      }
    }
  }

  /**
   * The *STORE commands: stores a result under a key (wherever it lives), replacing any value and
   * TTL, with the command's notification (`event`); an empty result (or null) deletes the key.
   */
  storeCollection(ctx: ShardContext, key: string, value: Collection | null, event: string, db = ctx.db): void {
    if (value === null || value.size === 0) {
      if (this.delKey(ctx, key, db)) this.notifyIn(db.id, KeyspaceEvents.GENERIC, 'del', key);
      return;
    }
    this.putKey(ctx, key, { value, expireAt: -1 }, true, db);
    this.notifyIn(db.id, NOTIFY_CLASS[value.type], event, key);
  }

  swapDbs(a: number, b: number): void {
    this.touchAllWatched(a, b);
    this.touchAllWatched(b, a);
    const dbs = this.dbs;
    [dbs[a], dbs[b]] = [dbs[b], dbs[a]];
    dbs[a].id = a;
    dbs[b].id = b;
    this.publishDbStats(dbs[a]);
    this.publishDbStats(dbs[b]);
  }

  /** A random live key of the current db, or undefined if it is empty. */
  randomKey(ctx: ShardContext): string | undefined {
    const db = ctx.db;
    // Expired keys met on the way are deleted (as Redis's dbRandomKey does); give up after 100.
    for (let attempts = 0; attempts < 100 && db.size > 0; attempts++) {
      const key = db.dict.randomKey();
      if (key !== undefined && db.lookup(key, ctx.now) !== undefined) return key;
    }
    return undefined;
  }

  execute(cmd: Command, dbIndex: number, flags: number, argv: string[], w: ReplyWriter): void {
    const ctx = this.ctx;
    const db = this.dbs[dbIndex];
    ctx.db = db;
    const started = performance.now();
    ctx.now = this.wallClockAt(started);
    ctx.flags = flags;
    ctx.blocked = false;
    this.blockArgv = null;
    w.resp3 = (flags & REQ_RESP3) !== 0;
    const mark = w.pos;
    // Redis evicts before running a command when over maxmemory; commands that may grow memory
    // are refused if that fails.
    if (this.settings.maxmemory > 0 && !this.housekeeping.evictUntilFits(ctx.now) && cmd.denyOom) {
      w.error('OOM command not allowed when used memory > \'maxmemory\'.');
      this.stats.recordCommand(cmd.id, 0, 'OOM');
      return;
    }
    try {
      cmd.shard!(ctx, argv, w);
    } catch (err) {
      // A bug in one command must not take the shard down: answer with an error instead.
      w.pos = mark;
      w.error(`ERR internal error in '${cmd.fullName}': ${(err as Error).message}`);
      console.error(`shard ${this.index}: ${cmd.fullName} failed:`, err);
      ctx.blocked = false;
    }
    if (ctx.blocked) {
      // A blocked command answers nothing, or the arguments it is to be run again with.
      w.pos = mark;
      const argv = this.blockArgv as string[] | null;
      if (argv !== null) {
        w.array(argv.length);
        for (const a of argv) w.bulk(a);
      }
    }
    this.stats.recordCommand(cmd.id, (performance.now() - started) * 1000, w.buf[mark] === 0x2d ? errorCodeAt(w.buf, mark, w.pos) : null);
    this.publishDbStats(db);
  }

  /** True if the last command executed asked to block (see block()). */
  get lastBlocked(): boolean {
    return this.ctx.blocked;
  }

  // ---- keyspace notifications (notify-keyspace-events): queued here, published by the acceptor

  /** A command's event on a key of the current db (Redis's notifyKeyspaceEvent). */
  notify(ctx: ShardContext, kind: number, event: string, key: string): void {
    this.notifyIn(ctx.db.id, kind, event, key);
  }

  notifyIn(db: number, kind: number, event: string, key: string): void {
    const flags = this.settings.notifyFlags;
    if ((flags & kind) === 0 || (flags & (KeyspaceEvents.KEYSPACE | KeyspaceEvents.KEYEVENT)) === 0) return;
    this.events.push({ db, event, key });
  }

  // ---- blocking commands: the acceptor keeps the blocked clients; shards only watch keys

  /**
   * Called by a blocking command that found no data: it will wait. Registers watches on its keys
   * (also on other shards' keys, in a transaction) unless this is a retry, and marks the command
   * blocked, so its reply is "blocked" instead of what it wrote. `argv`: the arguments to run it
   * with from now on (XREAD's `$` resolved to the IDs it stands for at this moment).
   */
  block(ctx: ShardContext, keys: string[], argv?: string[]): void {
    ctx.blocked = true;
    this.blockArgv = argv ?? null;
    if (ctx.flags & REQ_RETRY) return;
    for (const key of keys) {
      const o = this.owner(key);
      if (o === this.index) this.watch(ctx.db.id, key);
      else this.remote!.watch(o, ctx.db.id, key);
    }
  }

  watch(db: number, key: string): void {
    const id = `${db}\n${key}`;
    this.watches.set(id, (this.watches.get(id) ?? 0) + 1);
  }

  unwatch(db: number, key: string): void {
    const id = `${db}\n${key}`;
    const n = (this.watches.get(id) ?? 0) - 1;
    if (n > 0) this.watches.set(id, n);
    else this.watches.delete(id);
  }

  /** A key got data blocked clients may want: queue a note for the acceptor if anyone waits on it. */
  signalReady(db: number, key: string): void {
    if (this.watches.size === 0) return;
    const id = `${db}\n${key}`;
    if (!this.watches.has(id) || this.readySeen.has(id)) return;
    this.readySeen.add(id);
    this.readyKeys.push([db, key]);
  }

  /** Takes the queued ready notes (the caller delivers them to the acceptor). */
  takeReadyKeys(): Array<[number, string]> {
    const out = this.readyKeys.splice(0);
    this.readySeen.clear();
    return out;
  }

  // ---- WATCH: which clients watch which keys here, and whose keys changed

  watchKeys(db: Db, clientId: number, keys: string[]): void {
    for (const key of keys) {
      const id = `${db.id}\n${key}`;
      let set = this.watchedKeys.get(id);
      if (set === undefined) this.watchedKeys.set(id, (set = new Set()));
      set.add(clientId);
    }
    // A key watched after it expired counts as changed (Redis checks this at EXEC).
    for (const key of keys) {
      const at = db.expires.get(key);
      if (at !== undefined && ttlPassed(at, Date.now())) this.dirtyWatchers.add(clientId);
    }
    this.updateWatchHooks();
  }

  /** Forgets every watch of a client (EXEC, DISCARD, UNWATCH, disconnect). */
  unwatchClient(clientId: number): void {
    for (const [id, set] of this.watchedKeys) {
      if (set.delete(clientId) && set.size === 0) this.watchedKeys.delete(id);
    }
    this.dirtyWatchers.delete(clientId);
    this.updateWatchHooks();
  }

  isWatchDirty(clientId: number): boolean {
    return this.dirtyWatchers.has(clientId);
  }

  /**
   * A db is emptied (FLUSHDB/FLUSHALL) or swapped with another (SWAPDB): watchers of keys that
   * exist in it, or in the db replacing it, are now dirty (Redis's touchAllWatchedKeysInDb).
   */
  touchAllWatched(db: number, replacedWith = -1): void {
    const prefix = `${db}\n`;
    for (const [id, set] of this.watchedKeys) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      if (this.dbs[db].dict.has(key) || (replacedWith >= 0 && this.dbs[replacedWith].dict.has(key))) {
        for (const c of set) this.dirtyWatchers.add(c);
      }
    }
    // Blocked XREADGROUPs learn that their stream went away (Redis's scanDatabaseForDeletedStreams).
    for (const id of this.watches.keys()) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      const isStream = (d: number): boolean => {
        const v = d < 0 ? undefined : this.dbs[d].entry(key)?.value;
        return v !== undefined && typeof v !== 'string' && v.type === 'stream';
      };
      if (isStream(db) && !isStream(replacedWith)) this.signalReady(db, key);
    }
  }

  private readonly onModified = (db: Db, key: string): void => {
    const set = this.watchedKeys.get(`${db.id}\n${key}`);
    if (set !== undefined) for (const c of set) this.dirtyWatchers.add(c);
  };

  /** Dbs report changes only while some key is watched, so the hot path pays nothing otherwise. */
  private updateWatchHooks(): void {
    const hook = this.watchedKeys.size > 0 ? this.onModified : null;
    for (const db of this.dbs) db.onModified = hook;
  }

  /**
   * Date.now() minus performance.now(), re-read on every tick: a command's wall-clock time is
   * derived from the monotonic stamp it takes anyway for its duration, sparing a second clock
   * read per command (Date.now() is a runtime call in V8; measured in BENCHMARKS.md history).
   */
  private wallClockOffset = Date.now() - performance.now();

  /** Wall-clock ms at the monotonic stamp `perfNow` (Redis too reads the time once per command). */
  private wallClockAt(perfNow: number): number {
    return Math.floor(this.wallClockOffset + perfNow);
  }

  /**
   * Runs the timed work if a cycle is due (every 1000/hz ms): active expiry for at most 25% of
   * that time, then, as Redis's databasesCron with activerehashing, 1 ms of the first resize still
   * under way (a db's keys before its expiry times).
   */
  tick(now: number): void {
    this.wallClockOffset = now - performance.now();
    const period = 1000 / this.settings.hz;
    if (now - this.lastExpireCycle < period) return;
    this.lastExpireCycle = now;
    this.housekeeping.activeExpireCycle(now, period / 4);
    if (!this.settings.activeRehashing) return;
    for (const db of this.dbs) {
      const resizing = db.dict.rehashing ? db.dict : db.expires.rehashing ? db.expires : null;
      if (resizing !== null) { resizing.rehashFor(1); return; }
    }
  }

  /** Milliseconds until the next housekeeping tick is due. */
  msUntilTick(now: number): number {
    return Math.max(0, this.lastExpireCycle + 1000 / this.settings.hz - now);
  }

  publishDbStats(db: Db): void {
    this.stats.setDb(db.id, db.dict.size, db.expires.size, db.bytes);
  }

  /**
   * Looks a key up for reading: counts the hit or miss and records the access (unless the client
   * is in NO-TOUCH mode or `touch` is false, as for TTL).
   */
  read(ctx: ShardContext, key: string, touch = true): Entry | undefined {
    const e = ctx.db.lookup(key, ctx.now);
    if (e === undefined) {
      this.stats.add(Stat.KeyspaceMisses, 1);
      if (this.settings.notifyFlags !== 0) this.notify(ctx, KeyspaceEvents.KEY_MISS, 'keymiss', key);
      return undefined;
    }
    this.stats.add(Stat.KeyspaceHits, 1);
    if (touch && (ctx.flags & REQ_NO_TOUCH) === 0) this.touch(e, ctx.now);
    return e;
  }

  /**
   * Sets a key's value, dropping its TTL. `current`: the key's live entry (or null) when the
   * caller has just read it (see Db.set).
   */
  write(ctx: ShardContext, key: string, value: Value, current?: Entry | null): Entry {
    return ctx.db.set(key, value, this.newStamp(ctx.now), false, current);
  }

  /**
   * Changes a key's value keeping its TTL (APPEND, INCR, SETRANGE, SET KEEPTTL). `encoding`:
   * META_RAW for a string built in place, META_NO_INT for one Redis makes as text, so OBJECT
   * ENCODING reports what Redis would.
   */
  update(ctx: ShardContext, key: string, value: Value, encoding = 0, current?: Entry | null): Entry {
    return ctx.db.set(key, value, this.newStamp(ctx.now) | encoding, true, current);
  }

  /** The longest string a command may build (proto-max-bulk-len). */
  get maxStringLength(): number {
    // V8 strings stop just short of 512 MB: beyond that, the same error as proto-max-bulk-len.
    return Math.min(this.settings.protoMaxBulkLen, V8_MAX_STRING_LENGTH);
  }

  /**
   * Sets an absolute expiry time (ms) with its "expire" notification; a time already past deletes
   * the key instead, notified as "del", as Redis does.
   */
  setExpire(ctx: ShardContext, key: string, at: number, current?: Entry): void {
    const db = ctx.db;
    if (at <= ctx.now) {
      const e = current ?? db.entry(key);
      if (e !== undefined) db.remove(key, e);
      this.notify(ctx, KeyspaceEvents.GENERIC, 'del', key);
      return;
    }
    db.setExpire(key, at, current);
    this.notify(ctx, KeyspaceEvents.GENERIC, 'expire', key);
  }

  /** DEL/UNLINK/GETDEL: deletes a live key with its "del" notification. */
  remove(ctx: ShardContext, key: string): boolean {
    if (!ctx.db.delete(key, ctx.now)) return false;
    this.notify(ctx, KeyspaceEvents.GENERIC, 'del', key);
    return true;
  }

  /** Removes every expired key of a database (before counting it). */
  expireAll(db: Db, now: number): void {
    // Collected first: deleting while the table is walked could move keys past the walk.
    const due: string[] = [];
    db.expires.forEach((rec, at) => { if (ttlPassed(at, now)) due.push(recordKey(rec)); });
    for (const key of due) db.expireIfDue(key, now);
  }

  // ---- key access for commands whose keys may live on other shards (RENAME, COPY, MSETNX...).
  // Local keys are handled here; others go to their owner, parked at this transaction's barrier.

  /** The shard owning a key (this one in inline mode). */
  owner(key: string): number {
    return this.remote === null ? this.index : this.remote.owner(key);
  }

  get shardCount(): number {
    return this.remote === null ? 1 : this.remote.shardCount;
  }

  /** True when this shard owns the key: peekKey then returns the live value, which may be changed in place. */
  ownsKey(key: string): boolean {
    return this.owner(key) === this.index;
  }

  peekKey(ctx: ShardContext, key: string, db = ctx.db): Transfer | undefined {
    const o = this.owner(key);
    if (o !== this.index) return this.remote!.peek(o, db.id, key);
    const e = db.lookup(key, ctx.now);
    return e === undefined ? undefined : transferOf(db, e);
  }

  takeKey(ctx: ShardContext, key: string, db = ctx.db): Transfer | undefined {
    const o = this.owner(key);
    if (o !== this.index) return this.remote!.take(o, db.id, key);
    const e = db.lookup(key, ctx.now);
    if (e === undefined) return undefined;
    const t = transferOf(db, e);
    db.remove(key, e);
    return t;
  }

  /** Stores a value (with its expiry) under a key; without `replace`, only if the key is absent. */
  putKey(ctx: ShardContext, key: string, t: Transfer, replace: boolean, db = ctx.db): boolean {
    const o = this.owner(key);
    if (o !== this.index) return this.remote!.put(o, db.id, key, t, replace);
    if (!replace && db.lookup(key, ctx.now) !== undefined) return false;
    // A TTL set just below overwrites the old one in its slot (as SET EX does, setGeneric).
    const e = db.set(key, t.value, this.newStamp(ctx.now) | (t.encoding ?? 0), t.expireAt >= 0);
    if (t.expireAt >= 0) db.setExpire(key, t.expireAt, e);
    this.publishDbStats(db);
    return true;
  }

  delKey(ctx: ShardContext, key: string, db = ctx.db): boolean {
    const o = this.owner(key);
    if (o !== this.index) return this.remote!.del(o, db.id, key);
    return db.delete(key, ctx.now);
  }

  existsKey(ctx: ShardContext, key: string, db = ctx.db): boolean {
    const o = this.owner(key);
    if (o !== this.index) return this.remote!.exists(o, db.id, key);
    return db.lookup(key, ctx.now) !== undefined;
  }

  /**
   * Runs a command on the shard owning `key` when that is another shard (in a transaction) and
   * returns its RESP2 reply; null when the key is local (the caller works on it directly).
   */
  remoteCall(ctx: ShardContext, key: string, cmd: Command, argv: string[]): Buffer | null {
    const o = this.owner(key);
    return o === this.index ? null : this.remote!.call(o, cmd, ctx.db.id, 0, argv);
  }

  /** Time for local primitive ops served to a coordinator (a participant has no ctx of its own). */
  localContext(dbIndex: number): ShardContext {
    const ctx = this.ctx;
    ctx.db = this.dbs[dbIndex];
    ctx.now = Date.now();
    ctx.flags = 0;
    return ctx;
  }
}

const LFU_INIT_VAL = 5;

/** Minutes, 16 bits: the LFU decay clock (Redis's LFUGetTimeInMinutes). */
function lfuMinutes(now: number): number {
  return Math.floor(now / 60000) & 0xffff;
}

/** The notify-keyspace-events class of each collection type's events. */
const NOTIFY_CLASS: Record<Collection['type'], number> = {
  list: KeyspaceEvents.LIST, hash: KeyspaceEvents.HASH, set: KeyspaceEvents.SET, zset: KeyspaceEvents.ZSET,
  stream: KeyspaceEvents.STREAM,
};

/** The longest string V8 can hold on 64-bit platforms (String::kMaxLength). */
const V8_MAX_STRING_LENGTH = 536870888;

/** A live key's value, expiry and encoding, as it moves to another key, db or shard. */
function transferOf(db: Db, e: Entry): Transfer {
  return { value: e.value, expireAt: db.expireAt(e) ?? -1, encoding: e.meta & META_ENCODING };
}
