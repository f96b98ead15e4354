// Timed and memory-driven work a shard does between commands: active expiry (Redis's sampling
// cycle) and eviction under maxmemory (all eight policies, approximated by sampling as in Redis).
import { Stat } from '../engine/stats';
import { KeyspaceEvents } from '../server/config';
import type { Db } from './keyspace';
import type { Shard } from './shard';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';

/** Keys sampled per active-expiry round (Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
const EXPIRE_KEYS_PER_LOOP = 20;
/** Another round runs while more than this share of the sampled keys had expired. */
const EXPIRE_STALE_SHARE = 0.25;
/** Size of the eviction candidate pool (Redis's EVPOOL_SIZE). */
const POOL_SIZE = 16;

/** Walks a table's keys with a live iterator, wrapping around, optionally skipping a few at random. */
class Walker {
  private it: Iterator<string> | null = null;
  constructor(private readonly keys: () => Iterator<string>) {}

  next(randomSkip: number): string | undefined {
    for (let wraps = 0; wraps < 2; wraps++) {
      if (this.it === null) this.it = this.keys();
      let r = this.it.next();
      for (let s = randomSkip > 0 ? Math.floor(Math.random() * randomSkip) : 0; s > 0 && !r.done; s--) r = this.it.next();
      if (!r.done) return r.value;
      this.it = null;
    }
    return undefined;
  }
}

interface Candidate { db: Db; key: string; score: number }

export class Housekeeping {
  private readonly expireWalkers = new Map<Db, Walker>();
  private readonly allWalkers = new Map<Db, Walker>();
  private readonly pool: Candidate[] = [];

  constructor(private readonly shard: Shard) {}

  private walker(map: Map<Db, Walker>, db: Db, volatile: boolean): Walker {
    let w = map.get(db);
    if (w === undefined) {
      w = new Walker(volatile ? () => db.expires.keys() : () => db.dict.keys());
      map.set(db, w);
    }
    return w;
  }

  /**
   * Active expiry: in every db with TTLs, sample keys with a TTL and delete the expired ones,
   * repeating while many of them were expired, within `budgetMs`.
   */
  activeExpireCycle(now: number, budgetMs: number): void {
    const deadline = performance.now() + budgetMs;
    for (const db of this.shard.dbs) {
      if (db.expires.size === 0) continue;
      const walker = this.walker(this.expireWalkers, db, true);
      for (;;) {
        const n = Math.min(EXPIRE_KEYS_PER_LOOP, db.expires.size);
        if (n === 0) break;
        let expired = 0;
        for (let i = 0; i < n; i++) {
          const key = walker.next(0);
          if (key !== undefined && db.expireIfDue(key, now)) expired++;
        }
        if (expired <= n * EXPIRE_STALE_SHARE || performance.now() > deadline) break;
      }
      this.shard.publishDbStats(db);
      if (performance.now() > deadline) return;
    }
  }

  usedBytes(): number {
    let total = 0;
    for (const db of this.shard.dbs) total += db.bytes;
    return total;
  }

  /**
   * Evicts keys by the maxmemory policy until the shard's data fits its share of maxmemory.
   * Returns false if it cannot get under the limit (noeviction, or no candidate keys).
   */
  evictUntilFits(now: number): boolean {
    const s = this.shard.settings;
    if (s.maxmemory <= 0) return true;
    while (this.usedBytes() > s.maxmemory) {
      if (s.maxmemoryPolicy === 'noeviction' || !this.evictOne(now)) return false;
    }
    return true;
  }

  private evictOne(now: number): boolean {
    const policy = this.shard.settings.maxmemoryPolicy;
    const volatile = policy.startsWith('volatile-');
    const dbs = this.shard.dbs.filter((db) => (volatile ? db.expires.size : db.size) > 0);
    if (dbs.length === 0) return false;
    let victim: Candidate | undefined;
    if (policy.endsWith('-random')) {
      const db = dbs[Math.floor(Math.random() * dbs.length)];
      const key = this.walker(volatile ? this.expireWalkers : this.allWalkers, db, volatile).next(16);
      if (key !== undefined) victim = { db, key, score: 0 };
    } else {
      victim = this.bestCandidate(dbs, volatile, now);
    }
    if (victim === undefined) return false;
    const e = victim.db.entry(victim.key);
    if (e === undefined) return true; // already gone: the loop re-checks memory
    victim.db.remove(victim.key, e);
    this.shard.stats.add(Stat.EvictedKeys, 1);
    this.shard.notifyIn(victim.db.id, KeyspaceEvents.EVICTED, 'evicted', victim.key);
    this.shard.publishDbStats(victim.db);
    return true;
  }

  /** LRU, LFU and TTL policies: sample keys into a pool of the best candidates, take the best. */
  private bestCandidate(dbs: Db[], volatile: boolean, now: number): Candidate | undefined {
    const policy = this.shard.settings.maxmemoryPolicy;
    const samples = this.shard.settings.maxmemorySamples;
    for (const db of dbs) {
      const walker = this.walker(volatile ? this.expireWalkers : this.allWalkers, db, volatile);
      for (let i = 0; i < samples; i++) {
        const key = walker.next(16);
        if (key === undefined) break;
        const e = db.entry(key);
        if (e === undefined) continue;
        let score: number;
        if (policy.endsWith('-lru')) score = this.shard.idleSeconds(e, now);
        else if (policy.endsWith('-lfu')) score = 255 - this.shard.lfuFrequency(e, now);
        else score = -(db.expires.get(key) ?? Number.MAX_SAFE_INTEGER); // volatile-ttl: soonest first
        this.offer({ db, key, score });
      }
    }
    // Best first; entries whose key has gone since they were pooled are skipped.
    while (this.pool.length > 0) {
      const c = this.pool.shift()!;
      if (c.db.dict.has(c.key) && (!volatile || c.db.expires.has(c.key))) return c;
    }
    return undefined;
  }

  private offer(c: Candidate): void {
    const pool = this.pool;
    if (pool.some((p) => p.key === c.key && p.db === c.db)) return;
    let i = pool.length;
    while (i > 0 && pool[i - 1].score < c.score) i--;
    if (i >= POOL_SIZE) return;
    pool.splice(i, 0, c);
    if (pool.length > POOL_SIZE) pool.pop();
  }
}
