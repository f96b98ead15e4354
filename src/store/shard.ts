// A shard: the keys of its slots in every database, and the code that runs commands on them.
// The same class runs inside a worker thread (behind rings) and on the main thread in inline
// mode (--shards 0); it knows nothing about threads.
import type { Command } from '../commands/types';
import type { ReplyWriter } from '../protocol/writer';
import { ShardStats, Stat } from '../engine/stats';
import { Db, Entry } from './keyspace';
import type { Value } from './keyspace';

/** Request flag bits carried with every command sent to a shard. */
export const REQ_RESP3 = 1;
export const REQ_NO_TOUCH = 2;

export interface ShardContext {
  shard: Shard;
  db: Db;
  /** Milliseconds, read once per command (Redis's cached mstime). */
  now: number;
  flags: number;
}

export class Shard {
  readonly dbs: Db[];
  private readonly ctx: ShardContext;

  constructor(readonly index: number, dbCount: number, readonly stats: ShardStats) {
    this.dbs = [];
    for (let i = 0; i < dbCount; i++) this.dbs.push(new Db(i));
    this.ctx = { shard: this, db: this.dbs[0], now: 0, flags: 0 };
  }

  /** LRU clock: seconds, 24 bits, like Redis's LRU_CLOCK. */
  lruClock(now: number): number {
    return Math.floor(now / 1000) & 0xffffff;
  }

  execute(cmd: Command, dbIndex: number, flags: number, argv: string[], w: ReplyWriter): void {
    const ctx = this.ctx;
    const db = this.dbs[dbIndex];
    ctx.db = db;
    const started = performance.now();
    ctx.now = Date.now();
    ctx.flags = flags;
    w.resp3 = (flags & REQ_RESP3) !== 0;
    const mark = w.pos;
    try {
      cmd.shard!(ctx, argv, w);
    } catch (err) {
      // A bug in one command must not take the shard down: answer with an error instead.
      w.pos = mark;
      w.error(`ERR internal error in '${cmd.fullName}': ${(err as Error).message}`);
      console.error(`shard ${this.index}: ${cmd.fullName} failed:`, err);
    }
    this.stats.addCommandTime(cmd.id, (performance.now() - started) * 1000);
    this.publishDbStats(db);
  }

  publishDbStats(db: Db): void {
    this.stats.setDb(db.id, db.dict.size, db.expires.size);
  }

  /** Looks a key up for reading: counts the hit or miss and touches its LRU clock. */
  read(ctx: ShardContext, key: string): Entry | undefined {
    const e = ctx.db.lookup(key, ctx.now);
    if (e === undefined) {
      this.stats.add(Stat.KeyspaceMisses, 1);
      return undefined;
    }
    this.stats.add(Stat.KeyspaceHits, 1);
    if ((ctx.flags & REQ_NO_TOUCH) === 0) e.lru = this.lruClock(ctx.now);
    return e;
  }

  /** Sets a key's value, dropping its TTL. */
  write(ctx: ShardContext, key: string, value: Value): void {
    ctx.db.set(key, value, this.lruClock(ctx.now));
  }

  /** Sets an absolute expiry time (ms); a time already past deletes the key, as Redis does. */
  setExpire(ctx: ShardContext, key: string, at: number): void {
    if (at <= ctx.now) {
      ctx.db.dict.delete(key);
      ctx.db.expires.delete(key);
      this.stats.add(Stat.ExpiredKeys, 1);
      return;
    }
    ctx.db.expires.set(key, at);
  }

  remove(ctx: ShardContext, key: string): boolean {
    return ctx.db.delete(key, ctx.now);
  }

  /** Removes every expired key of a database (before counting it). */
  expireAll(db: Db, now: number): void {
    for (const [key, at] of db.expires) {
      if (at <= now) {
        db.dict.delete(key);
        db.expires.delete(key);
        this.stats.add(Stat.ExpiredKeys, 1);
      }
    }
  }
}
