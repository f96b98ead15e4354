// Sorted set commands (Redis's t_zset.c), Redis 7.0 semantics and error texts.
// The blocking forms (BZPOPMIN, BZPOPMAX, BZMPOP) live with the blocking machinery; they reuse
// parseZmpopArgs, popFromFirstZset, writeZmpopReply and writeBzpopReply from here.
import { KeyspaceEvents as EV } from '../server/config';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import { REQ_MAY_BLOCK } from '../store/shard';
import { parseBlockTimeout, timeoutOf } from './blocking-args';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import type { Collection } from '../store/types';
import { keyAt } from './keyspecs';
import { ZSet, type TreeCursor } from '../store/zset';
import { SetValue } from '../store/set';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { formatDouble, parseDoubleArg, parseStrtod } from '../util/double';
import { parseInt64, parseInteger } from '../util/numbers';
import { rankRange } from '../util/ranges';
import { globMatch } from '../util/glob';
import { parseScanCursor, parseScanOptions, scanMap, writeScanReply } from './collection-scan';

const NOT_FLOAT = 'ERR value is not a valid float';
const RANGE_NOT_FLOAT = 'ERR min or max is not a float';
const LEX_NOT_VALID = 'ERR min or max not valid string range item';
const NAN_RESULT = 'ERR resulting score is not a number (NaN)';

// ---------------------------------------------------------------- shared helpers

/** Writes a score as Redis does (a bulk string in RESP2, a double in RESP3). */
export function writeScore(w: ReplyWriter, score: number): void {
  w.double(formatDouble(score));
}

function readZset(ctx: ShardContext, key: string, w: ReplyWriter): ZSet | null | undefined {
  return ctx.shard.readCollection(ctx, key, ZSet, w);
}

/** A key's sorted set for a command that changes it but never creates it (null if missing). */
function writeExisting(ctx: ShardContext, key: string, w: ReplyWriter): ZSet | null | undefined {
  return ctx.shard.modifyCollection(ctx, key, ZSet, w);
}

/** Any key's value, whichever shard holds it (multi-key commands); never mutate the result. */
function peekValue(ctx: ShardContext, key: string): string | Collection | undefined {
  return ctx.shard.peekKey(ctx, key)?.value;
}

/** Writes [member, score] pairs (or members only): flat in RESP2, [member, score] arrays in RESP3. */
function writeElements(w: ReplyWriter, m: string[], s: number[], withScores: boolean): void {
  const n = m.length;
  if (!withScores) {
    w.array(n);
    for (let i = 0; i < n; i++) w.bulk(m[i]);
    return;
  }
  const nested = w.resp3;
  w.array(nested ? n : n * 2);
  for (let i = 0; i < n; i++) {
    if (nested) w.array(2);
    w.bulk(m[i]);
    writeScore(w, s[i]);
  }
}

/** Sorts parallel member/score arrays into sorted-set order. */
function sortElements(m: string[], s: number[]): void {
  const idx = new Array<number>(m.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => {
    const sa = s[a];
    const sb = s[b];
    if (sa < sb) return -1;
    if (sa > sb) return 1;
    return m[a] < m[b] ? -1 : m[a] > m[b] ? 1 : 0;
  });
  const mm = idx.map((i) => m[i]);
  const ss = idx.map((i) => s[i]);
  for (let i = 0; i < idx.length; i++) { m[i] = mm[i]; s[i] = ss[i]; }
}

// ---------------------------------------------------------------- ranges

interface ScoreRange { min: number; max: number; minex: boolean; maxex: boolean }

function parseScoreBound(arg: string): [number, boolean] | null {
  if (arg.charCodeAt(0) === 0x28) { // '('
    const v = parseStrtod(arg.slice(1));
    return v === null ? null : [v, true];
  }
  const v = parseStrtod(arg);
  return v === null ? null : [v, false];
}

/** zslParseRange: "(" makes a bound exclusive; the rest is strtod. */
function parseScoreRange(minArg: string, maxArg: string): ScoreRange | null {
  const a = parseScoreBound(minArg);
  const b = parseScoreBound(maxArg);
  if (a === null || b === null) return null;
  return { min: a[0], minex: a[1], max: b[0], maxex: b[1] };
}

const gteMin = (r: ScoreRange, v: number): boolean => (r.minex ? v > r.min : v >= r.min);
const lteMax = (r: ScoreRange, v: number): boolean => (r.maxex ? v < r.max : v <= r.max);

/** True unless the range is empty or misses the set entirely (zslIsInRange). */
function scoreRangeMayHit(z: ZSet, r: ScoreRange): boolean {
  if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
  if (z.size === 0) return false;
  if (!gteMin(r, z.at(z.size - 1).score)) return false;
  return lteMax(r, z.at(0).score);
}

/** Rank of the first element in range, or -1. */
function firstInScoreRange(z: ZSet, r: ScoreRange): number {
  if (!scoreRangeMayHit(z, r)) return -1;
  const rank = z.countBefore((s) => gteMin(r, s));
  if (rank >= z.size || !lteMax(r, z.at(rank).score)) return -1;
  return rank;
}

/** Rank of the last element in range, or -1. */
function lastInScoreRange(z: ZSet, r: ScoreRange): number {
  if (!scoreRangeMayHit(z, r)) return -1;
  const rank = z.countBefore((s) => !lteMax(r, s)) - 1;
  if (rank < 0 || !gteMin(r, z.at(rank).score)) return -1;
  return rank;
}

/** A lex bound: kind -1 is "-" (below everything), 1 is "+" (above), 0 a string. */
interface LexRange { min: string; minKind: number; minex: boolean; max: string; maxKind: number; maxex: boolean }

function parseLexItem(arg: string): [string, number, boolean] | null {
  const c = arg.charCodeAt(0);
  const alone = arg.length === 1 || arg.charCodeAt(1) === 0;
  if (c === 0x2b) return alone ? ['', 1, true] : null; // '+'
  if (c === 0x2d) return alone ? ['', -1, true] : null; // '-'
  if (c === 0x28) return [arg.slice(1), 0, true]; // '('
  if (c === 0x5b) return [arg.slice(1), 0, false]; // '['
  return null;
}

function parseLexRange(minArg: string, maxArg: string): LexRange | null {
  const a = parseLexItem(minArg);
  const b = parseLexItem(maxArg);
  if (a === null || b === null) return null;
  return { min: a[0], minKind: a[1], minex: a[2], max: b[0], maxKind: b[1], maxex: b[2] };
}

function lexGteMin(r: LexRange, v: string): boolean {
  if (r.minKind !== 0) return r.minKind < 0;
  return r.minex ? v > r.min : v >= r.min;
}

function lexLteMax(r: LexRange, v: string): boolean {
  if (r.maxKind !== 0) return r.maxKind > 0;
  return r.maxex ? v < r.max : v <= r.max;
}

/** True unless the range is empty or misses the set's first/last members (zslIsInLexRange). */
function lexRangeMayHit(z: ZSet, r: LexRange): boolean {
  let cmp: number;
  if (r.minKind !== 0 && r.minKind === r.maxKind) cmp = 0;
  else if (r.minKind < 0 || r.maxKind > 0) cmp = -1;
  else if (r.minKind > 0 || r.maxKind < 0) cmp = 1;
  else cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  if (cmp > 0 || (cmp === 0 && (r.minex || r.maxex))) return false;
  if (z.size === 0) return false;
  if (!lexGteMin(r, z.at(z.size - 1).member)) return false;
  return lexLteMax(r, z.at(0).member);
}

/**
 * Rank of the first element in a lex range, or -1. Like Redis, a listpack is scanned from the
 * start (which matters only when scores differ, where lex ranges are unspecified).
 */
function firstInLexRange(z: ZSet, r: LexRange): number {
  if (!lexRangeMayHit(z, r)) return -1;
  let rank: number;
  if (z.isListpack) {
    const c = z.at(0);
    rank = 0;
    while (!lexGteMin(r, c.member)) {
      rank++;
      if (!c.next()) return -1;
    }
  } else {
    rank = z.countBefore((_s, m) => lexGteMin(r, m));
  }
  if (rank >= z.size || !lexLteMax(r, z.at(rank).member)) return -1;
  return rank;
}

/** Rank of the last element in a lex range, or -1 (a listpack is scanned from the end). */
function lastInLexRange(z: ZSet, r: LexRange): number {
  if (!lexRangeMayHit(z, r)) return -1;
  let rank: number;
  if (z.isListpack) {
    rank = z.size - 1;
    const c = z.at(rank);
    while (!lexLteMax(r, c.member)) {
      rank--;
      if (!c.prev()) return -1;
    }
  } else {
    rank = z.countBefore((_s, m) => !lexLteMax(r, m)) - 1;
  }
  if (rank < 0 || !lexGteMin(r, z.at(rank).member)) return -1;
  return rank;
}

/**
 * Collects elements from rank `start` onwards (or backwards): skips `offset` (a negative one
 * skips everything, as Redis's loop does), then takes up to `limit` (negative: no limit) while
 * `inRange` holds.
 */
function collectFrom(z: ZSet, start: number, reverse: boolean, offset: number, limit: number,
  inRange: (c: TreeCursor) => boolean, m: string[], s: number[]): void {
  if (start < 0 || offset < 0) return;
  const c = z.at(start);
  for (let k = 0; k < offset; k++) if (!(reverse ? c.prev() : c.next())) return;
  for (let n = 0; limit < 0 || n < limit; n++) {
    if (!inRange(c)) return;
    m.push(c.member);
    s.push(c.score);
    if (!(reverse ? c.prev() : c.next())) return;
  }
}

// ---------------------------------------------------------------- ZADD, ZINCRBY, ZREM

function zaddGeneric(ctx: ShardContext, argv: string[], w: ReplyWriter, incrCommand: boolean): void {
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  let ch = false;
  let incr = incrCommand;
  let i = 2;
  for (; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'nx') nx = true;
    else if (opt === 'xx') xx = true;
    else if (opt === 'ch') ch = true;
    else if (opt === 'incr') incr = true;
    else if (opt === 'gt') gt = true;
    else if (opt === 'lt') lt = true;
    else break;
  }
  const elements = argv.length - i;
  if (elements % 2 !== 0 || elements === 0) { w.error(SYNTAX); return; }
  if (nx && xx) { w.error('ERR XX and NX options at the same time are not compatible'); return; }
  if ((gt && nx) || (lt && nx) || (gt && lt)) { w.error('ERR GT, LT, and/or NX options at the same time are not compatible'); return; }
  if (incr && elements > 2) { w.error('ERR INCR option supports a single increment-element pair'); return; }
  const scores: number[] = [];
  for (let j = i; j < argv.length; j += 2) {
    const v = parseDoubleArg(argv[j]);
    if (v === null) { w.error(NOT_FLOAT); return; }
    scores.push(v);
  }
  const key = argv[1];
  const existing = ctx.db.lookup(key, ctx.now);
  if (existing !== undefined && !(existing.value instanceof ZSet)) { w.error(WRONGTYPE); return; }
  if (existing === undefined && xx) {
    if (incr) w.nil(); else w.int(0);
    return;
  }
  const settings = ctx.shard.settings;
  const z = ctx.shard.writeCollection(ctx, key, ZSet, w, () => ZSet.create(settings, argv[i + 1].length))!;
  const before = z.bytes;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let result = 0;
  for (let k = 0; k < scores.length; k++) {
    const member = argv[i + 2 * k + 1];
    let score = scores[k];
    const current = z.score(member);
    if (current !== undefined) {
      if (nx) continue;
      if (incr) {
        score += current;
        if (score !== score) {
          if (added + updated > 0) {
            ctx.shard.notify(ctx, EV.ZSET, incr ? 'zincr' : 'zadd', key);
            ctx.shard.afterWrite(ctx, key, z, before);
          }
          w.error(NAN_RESULT);
          return;
        }
      }
      if ((lt && score >= current) || (gt && score <= current)) continue;
      result = score;
      if (score !== current) {
        z.update(member, current, score);
        updated++;
      }
      processed++;
    } else if (!xx) {
      z.insert(member, score, settings);
      result = score;
      added++;
      processed++;
    }
  }
  // Only a real change counts as a write (WATCH, like Redis's signalModifiedKey).
  if (added + updated > 0) {
    ctx.shard.notify(ctx, EV.ZSET, incr ? 'zincr' : 'zadd', key);
    ctx.shard.afterWrite(ctx, key, z, before);
  }
  if (incr) {
    if (processed > 0) writeScore(w, result); else w.nil();
  } else {
    w.int(ch ? added + updated : added);
  }
}

function zrem(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const key = argv[1];
  const z = writeExisting(ctx, key, w);
  if (z === undefined) return;
  if (z === null) { w.int(0); return; }
  const before = z.bytes;
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (z.delete(argv[i])) deleted++;
    if (z.size === 0) break;
  }
  if (deleted > 0) {
    ctx.shard.notify(ctx, EV.ZSET, 'zrem', key);
    ctx.shard.afterWrite(ctx, key, z, before);
  }
  w.int(deleted);
}

// ---------------------------------------------------------------- single-key reads

function zcard(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const z = readZset(ctx, argv[1], w);
  if (z !== undefined) w.int(z === null ? 0 : z.size);
}

function zscore(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  const s = z === null ? undefined : z.score(argv[2]);
  if (s === undefined) w.nil(); else writeScore(w, s);
}

function zmscore(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = z === null ? undefined : z.score(argv[i]);
    if (s === undefined) w.nil(); else writeScore(w, s);
  }
}

function zrankGeneric(reverse: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const z = readZset(ctx, argv[1], w);
    if (z === undefined) return;
    const r = z === null ? -1 : z.rank(argv[2], reverse);
    if (r < 0) w.nil(); else w.int(r);
  };
}

function zcount(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) { w.error(RANGE_NOT_FLOAT); return; }
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  if (z === null) { w.int(0); return; }
  const first = firstInScoreRange(z, r);
  if (first < 0) { w.int(0); return; }
  const last = lastInScoreRange(z, r);
  w.int(last < first ? 0 : last - first + 1);
}

function zlexcount(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) { w.error(LEX_NOT_VALID); return; }
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  if (z === null) { w.int(0); return; }
  const first = firstInLexRange(z, r);
  if (first < 0) { w.int(0); return; }
  if (z.isListpack) {
    // Counted forwards from the first match while members stay below the max (Redis's loop).
    const c = z.at(first);
    let n = 0;
    do { if (!lexLteMax(r, c.member)) break; n++; } while (c.next());
    w.int(n);
    return;
  }
  const last = lastInLexRange(z, r);
  w.int(last < 0 ? z.size - first : Math.max(0, last - first + 1));
}

// ---------------------------------------------------------------- ZRANGE and friends

const enum RangeType { Auto, Rank, Score, Lex }
const enum Direction { Auto, Forward, Reverse }

/**
 * Redis's zrangeGenericCommand: ZRANGE, ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE,
 * ZRANGEBYLEX, ZREVRANGEBYLEX and (store = true, argv[1] the destination) ZRANGESTORE.
 */
function zrangeGeneric(ctx: ShardContext, argv: string[], w: ReplyWriter, argStart: number, store: boolean,
  type: RangeType, dir: Direction): void {
  const key = argv[argStart];
  let minIdx = argStart + 1;
  let maxIdx = argStart + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (!store && opt === 'withscores') {
      withScores = true;
    } else if (opt === 'limit' && left >= 2) {
      const o = parseInteger(argv[j + 1]);
      const l = o === null ? null : parseInteger(argv[j + 2]);
      if (o === null || l === null) { w.error(NOT_INTEGER); return; }
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === Direction.Auto && opt === 'rev') {
      dir = Direction.Reverse;
    } else if (type === RangeType.Auto && opt === 'bylex') {
      type = RangeType.Lex;
    } else if (type === RangeType.Auto && opt === 'byscore') {
      type = RangeType.Score;
    } else {
      w.error(SYNTAX);
      return;
    }
  }
  if (dir === Direction.Auto) dir = Direction.Forward;
  if (type === RangeType.Auto) type = RangeType.Rank;
  if (limit !== -1 && type === RangeType.Rank) {
    w.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    return;
  }
  if (withScores && type === RangeType.Lex) {
    w.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    return;
  }
  const reverse = dir === Direction.Reverse;
  if (reverse && type !== RangeType.Rank) [minIdx, maxIdx] = [maxIdx, minIdx];
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (type === RangeType.Rank) {
    const a = parseInteger(argv[minIdx]);
    const b = a === null ? null : parseInteger(argv[maxIdx]);
    if (a === null || b === null) { w.error(NOT_INTEGER); return; }
    start = a;
    end = b;
  } else if (type === RangeType.Score) {
    scoreRange = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (scoreRange === null) { w.error(RANGE_NOT_FLOAT); return; }
  } else {
    lexRange = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (lexRange === null) { w.error(LEX_NOT_VALID); return; }
  }

  let z: ZSet | null;
  if (store) {
    const v = peekValue(ctx, key);
    if (v !== undefined && !(v instanceof ZSet)) { w.error(WRONGTYPE); return; }
    z = v ?? null;
  } else {
    const r = readZset(ctx, key, w);
    if (r === undefined) return;
    z = r;
  }
  const m: string[] = [];
  const s: number[] = [];
  let rankLength = -1;
  if (z !== null) {
    if (type === RangeType.Rank) {
      const r = rankRange(start, end, z.size);
      if (r !== null) {
        rankLength = r[1] - r[0] + 1;
        collectFrom(z, reverse ? z.size - 1 - r[0] : r[0], reverse, 0, rankLength, () => true, m, s);
      }
    } else if (type === RangeType.Score) {
      const r = scoreRange!;
      if (!(offset > 0 && offset >= z.size)) {
        if (reverse) collectFrom(z, lastInScoreRange(z, r), true, offset, limit, (c) => gteMin(r, c.score), m, s);
        else collectFrom(z, firstInScoreRange(z, r), false, offset, limit, (c) => lteMax(r, c.score), m, s);
      }
    } else {
      const r = lexRange!;
      if (reverse) collectFrom(z, lastInLexRange(z, r), true, offset, limit, (c) => lexGteMin(r, c.member), m, s);
      else collectFrom(z, firstInLexRange(z, r), false, offset, limit, (c) => lexLteMax(r, c.member), m, s);
    }
  }
  if (!store) {
    writeElements(w, m, s, withScores);
    return;
  }
  const dst = argv[1];
  if (m.length === 0) {
    ctx.shard.storeCollection(ctx, dst, null, 'zrangestore');
    w.int(0);
    return;
  }
  // Built as Redis builds it: a listpack unless a rank range is known to be too long, then
  // element by element with the usual conversion.
  const settings = ctx.shard.settings;
  const out = new ZSet(rankLength > settings.zsetMaxListpackEntries);
  for (let i = 0; i < m.length; i++) out.insert(m[i], s[i], settings);
  ctx.shard.storeCollection(ctx, dst, out, 'zrangestore');
  w.int(m.length);
}

const zrangeCmd = (argStart: number, store: boolean, type: RangeType, dir: Direction) =>
  (ctx: ShardContext, argv: string[], w: ReplyWriter): void => zrangeGeneric(ctx, argv, w, argStart, store, type, dir);

// ---------------------------------------------------------------- ZREMRANGEBY*

function zremrangeGeneric(type: RangeType) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    let start = 0;
    let end = 0;
    let scoreRange: ScoreRange | null = null;
    let lexRange: LexRange | null = null;
    if (type === RangeType.Rank) {
      const a = parseInteger(argv[2]);
      const b = a === null ? null : parseInteger(argv[3]);
      if (a === null || b === null) { w.error(NOT_INTEGER); return; }
      start = a;
      end = b;
    } else if (type === RangeType.Score) {
      scoreRange = parseScoreRange(argv[2], argv[3]);
      if (scoreRange === null) { w.error(RANGE_NOT_FLOAT); return; }
    } else {
      lexRange = parseLexRange(argv[2], argv[3]);
      if (lexRange === null) { w.error(LEX_NOT_VALID); return; }
    }
    const key = argv[1];
    const z = writeExisting(ctx, key, w);
    if (z === undefined) return;
    if (z === null) { w.int(0); return; }
    const n = z.size;
    let from: number;
    let count: number;
    if (type === RangeType.Rank) {
      const r = rankRange(start, end, n);
      if (r === null) { w.int(0); return; }
      from = r[0];
      count = r[1] - r[0] + 1;
    } else if (type === RangeType.Score) {
      const r = scoreRange!;
      from = z.countBefore((s) => gteMin(r, s));
      count = z.countBefore((s) => !lteMax(r, s)) - from;
    } else {
      const r = lexRange!;
      if (z.isListpack) {
        from = firstInLexRange(z, r);
        count = 0;
        if (from >= 0) {
          const c = z.at(from);
          do { if (!lexLteMax(r, c.member)) break; count++; } while (c.next());
        }
      } else {
        from = z.countBefore((_s, m) => lexGteMin(r, m));
        count = 0;
        if (from < n) {
          const c = z.at(from);
          do { if (!lexLteMax(r, c.member)) break; count++; } while (c.next());
        }
      }
    }
    if (count <= 0) { w.int(0); return; }
    const before = z.bytes;
    z.removeRange(from, count);
    ctx.shard.notify(ctx, EV.ZSET, type === RangeType.Rank ? 'zremrangebyrank' : type === RangeType.Score ? 'zremrangebyscore' : 'zremrangebylex', key);
    ctx.shard.afterWrite(ctx, key, z, before);
    w.int(count);
  };
}

// ---------------------------------------------------------------- pops

/**
 * Pops up to `count` elements from the min (or max) end of the first of `keys` that exists.
 * Returns null when none exists, undefined after writing WRONGTYPE (the first existing key is
 * not a sorted set). Keys may live on other shards (inside a cross-shard transaction). The key
 * is deleted once empty. Shared with BZPOPMIN/BZPOPMAX/BZMPOP.
 */
export function popFromFirstZset(ctx: ShardContext, keys: string[], max: boolean, count: number, w: ReplyWriter):
  { key: string; popped: Array<[string, number]> } | null | undefined {
  for (const key of keys) {
    const local = ctx.db.lookup(key, ctx.now);
    if (local !== undefined) {
      const z = ctx.shard.modifyCollection(ctx, key, ZSet, w);
      if (z === undefined) return undefined;
      if (z === null) continue;
      const before = z.bytes;
      const popped = z.pop(max, count);
      ctx.shard.notify(ctx, EV.ZSET, max ? 'zpopmax' : 'zpopmin', key);
      ctx.shard.afterWrite(ctx, key, z, before);
      return { key, popped };
    }
    const remote = ctx.shard.peekKey(ctx, key);
    if (remote === undefined) continue;
    if (!(remote.value instanceof ZSet)) { w.error(WRONGTYPE); return undefined; }
    const t = ctx.shard.takeKey(ctx, key)!;
    const z = t.value as ZSet;
    const popped = z.pop(max, count);
    ctx.shard.notify(ctx, EV.ZSET, max ? 'zpopmax' : 'zpopmin', key);
    if (z.size > 0) ctx.shard.putKey(ctx, key, t, true);
    else ctx.shard.notify(ctx, EV.GENERIC, 'del', key);
    return { key, popped };
  }
  return null;
}

/** ZMPOP/BZMPOP's reply: [key, [[member, score], ...]] (nested in RESP2 too). */
export function writeZmpopReply(w: ReplyWriter, key: string, popped: Array<[string, number]>): void {
  w.array(2);
  w.bulk(key);
  w.array(popped.length);
  for (const [m, s] of popped) {
    w.array(2);
    w.bulk(m);
    writeScore(w, s);
  }
}

/** BZPOPMIN/BZPOPMAX's reply: [key, member, score]. */
export function writeBzpopReply(w: ReplyWriter, key: string, popped: [string, number]): void {
  w.array(3);
  w.bulk(key);
  w.bulk(popped[0]);
  writeScore(w, popped[1]);
}

function zpopGeneric(max: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    if (argv.length > 3) { w.error(SYNTAX); return; }
    let count = -1;
    if (argv.length === 3) {
      const n = parseInteger(argv[2]);
      if (n === null || n < 0) { w.error('ERR value is out of range, must be positive'); return; }
      count = n;
    }
    const key = argv[1];
    const z = writeExisting(ctx, key, w);
    if (z === undefined) return;
    if (z === null || count === 0) { w.array(0); return; }
    const nested = w.resp3 && count !== -1;
    const before = z.bytes;
    const popped = z.pop(max, count === -1 ? 1 : count);
    ctx.shard.notify(ctx, EV.ZSET, max ? 'zpopmax' : 'zpopmin', key);
    ctx.shard.afterWrite(ctx, key, z, before);
    w.array(nested ? popped.length : popped.length * 2);
    for (const [m, s] of popped) {
      if (nested) w.array(2);
      w.bulk(m);
      writeScore(w, s);
    }
  };
}

/**
 * Parses ZMPOP's arguments from argv[numkeysIdx] (BZMPOP: 2): numkeys keys... MIN|MAX
 * [COUNT n]. Writes Redis's error and returns null when invalid.
 */
export function parseZmpopArgs(argv: string[], numkeysIdx: number, w: ReplyWriter): { keys: string[]; max: boolean; count: number } | null {
  const numkeys = parseInteger(argv[numkeysIdx]);
  if (numkeys === null || numkeys < 1) { w.error('ERR numkeys should be greater than 0'); return null; }
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) { w.error(SYNTAX); return null; }
  const where = argv[whereIdx].toLowerCase();
  if (where !== 'min' && where !== 'max') { w.error(SYNTAX); return null; }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more > 0) {
      j++;
      const n = parseInteger(argv[j]);
      if (n === null || n < 1) { w.error('ERR count should be greater than 0'); return null; }
      count = n;
    } else {
      w.error(SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max: where === 'max', count: count === -1 ? 1 : count };
}

function zmpop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const args = parseZmpopArgs(argv, 1, w);
  if (args === null) return;
  const r = popFromFirstZset(ctx, args.keys, args.max, args.count, w);
  if (r === undefined) return;
  if (r === null) { w.nilArray(); return; }
  writeZmpopReply(w, r.key, r.popped);
}

/** BZPOPMIN/BZPOPMAX key... timeout: pops one element, or blocks (src/net/blocking.ts). */
function bzpop(max: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    if (parseBlockTimeout(argv[argv.length - 1], w) < 0) return;
    const keys = argv.slice(1, -1);
    const r = popFromFirstZset(ctx, keys, max, 1, w);
    if (r === undefined) return;
    if (r !== null) writeBzpopReply(w, r.key, r.popped[0]);
    else if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, keys);
    else w.nilArray();
  };
}

function bzmpop(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (parseBlockTimeout(argv[1], w) < 0) return;
  const args = parseZmpopArgs(argv, 2, w);
  if (args === null) return;
  const r = popFromFirstZset(ctx, args.keys, args.max, args.count, w);
  if (r === undefined) return;
  if (r !== null) writeZmpopReply(w, r.key, r.popped);
  else if (ctx.flags & REQ_MAY_BLOCK) ctx.shard.block(ctx, args.keys);
  else w.nilArray();
}

// ---------------------------------------------------------------- ZRANDMEMBER

const LONG_MIN = -(1n << 63n);

function zrandmember(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length < 3) {
    const z = readZset(ctx, argv[1], w);
    if (z === undefined) return;
    if (z === null) { w.nil(); return; }
    w.bulk(z.random()[0]);
    return;
  }
  const big = parseInt64(argv[2]);
  if (big === null) { w.error(NOT_INTEGER); return; }
  if (big === LONG_MIN) { w.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'); return; }
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) { w.error(SYNTAX); return; }
  const withScores = argv.length === 4;
  if (withScores && (big < LONG_MIN / 2n || big > -(LONG_MIN / 2n) - 1n)) { w.error('ERR value is out of range'); return; }
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  if (z === null) { w.array(0); return; }
  const uniq = big >= 0n;
  const count = Number(uniq ? big : -big);
  const size = z.size;
  if (count === 0) { w.array(0); return; }
  const m: string[] = [];
  const s: number[] = [];
  if (!uniq || count === 1) {
    // With repetitions: independent picks.
    for (let i = 0; i < count; i++) {
      const [mm, ss] = z.random();
      m.push(mm);
      s.push(ss);
    }
  } else if (count >= size) {
    // Everything, from the highest element down (Redis walks the set backwards).
    const c = z.at(size - 1);
    do { m.push(c.member); s.push(c.score); } while (c.prev());
  } else if (count * 3 > size) {
    // Most of the set: drop random elements until `count` remain.
    const all: Array<[string, number]> = [];
    z.forEach((mm, ss) => all.push([mm, ss]));
    for (let left = size; left > count; left--) {
      const j = Math.floor(Math.random() * left);
      all[j] = all[left - 1];
    }
    for (let i = 0; i < count; i++) { m.push(all[i][0]); s.push(all[i][1]); }
  } else {
    const seen = new Set<string>();
    while (m.length < count) {
      const [mm, ss] = z.random();
      if (seen.has(mm)) continue;
      seen.add(mm);
      m.push(mm);
      s.push(ss);
    }
  }
  writeElements(w, m, s, withScores);
}

// ---------------------------------------------------------------- ZUNION, ZINTER, ZDIFF

const enum SetOp { Union, Inter, Diff }
const enum Aggregate { Sum, Min, Max }

/** An input of ZUNION & co.: a sorted set, a plain set (scores 1) or a missing key. */
interface Source {
  zset: ZSet | null;
  set: SetValue | null;
  size: number;
  weight: number;
}

function sourceScore(src: Source, member: string): number | undefined {
  if (src.zset !== null) return src.zset.score(member);
  if (src.set !== null) return src.set.has(member) ? 1 : undefined;
  return undefined;
}

function forEachSource(src: Source, fn: (member: string, score: number) => void): void {
  if (src.zset !== null) src.zset.forEach(fn);
  else if (src.set !== null) for (const m of src.set.toArray()) fn(m, 1);
}

function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const r = target + value;
    return r !== r ? 0 : r; // inf + -inf counts as 0
  }
  if (how === Aggregate.Min) return value < target ? value : target;
  return value > target ? value : target;
}

/**
 * Redis's zunionInterDiffGenericCommand: ZUNION/ZINTER/ZDIFF (dst null), their *STORE forms,
 * and ZINTERCARD (cardOnly).
 */
function zsetOperation(name: string, op: SetOp, store: boolean, cardOnly: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const numkeysIdx = store ? 2 : 1;
    const setnum = parseInteger(argv[numkeysIdx]);
    if (setnum === null) { w.error(NOT_INTEGER); return; }
    if (setnum < 1) { w.error(`ERR at least 1 input key is needed for '${name}' command`); return; }
    if (setnum > argv.length - (numkeysIdx + 1)) { w.error(SYNTAX); return; }
    const srcs: Source[] = [];
    let j = numkeysIdx + 1;
    for (let i = 0; i < setnum; i++, j++) {
      const v = peekValue(ctx, argv[j]);
      const src: Source = { zset: null, set: null, size: 0, weight: 1 };
      if (v !== undefined) {
        if (v instanceof ZSet) src.zset = v;
        else if (v instanceof SetValue) src.set = v;
        else { w.error(WRONGTYPE); return; }
        src.size = v.size;
      }
      srcs.push(src);
    }
    let how = Aggregate.Sum;
    let withScores = false;
    let limit = 0;
    while (j < argv.length) {
      const remaining = argv.length - j;
      const opt = argv[j].toLowerCase();
      if (op !== SetOp.Diff && !cardOnly && remaining >= setnum + 1 && opt === 'weights') {
        j++;
        for (let i = 0; i < setnum; i++, j++) {
          const wt = parseDoubleArg(argv[j]);
          if (wt === null) { w.error('ERR weight value is not a float'); return; }
          srcs[i].weight = wt;
        }
      } else if (op !== SetOp.Diff && !cardOnly && remaining >= 2 && opt === 'aggregate') {
        const a = argv[j + 1].toLowerCase();
        if (a === 'sum') how = Aggregate.Sum;
        else if (a === 'min') how = Aggregate.Min;
        else if (a === 'max') how = Aggregate.Max;
        else { w.error(SYNTAX); return; }
        j += 2;
      } else if (!store && !cardOnly && opt === 'withscores') {
        withScores = true;
        j++;
      } else if (cardOnly && remaining >= 2 && opt === 'limit') {
        const n = parseInteger(argv[j + 1]);
        if (n === null || n < 0) { w.error("ERR LIMIT can't be negative"); return; }
        limit = n;
        j += 2;
      } else {
        w.error(SYNTAX);
        return;
      }
    }
    // Smallest inputs first (a stable sort, as glibc's qsort is for these sizes): it fixes the
    // order in which scores of the same member aggregate.
    if (op !== SetOp.Diff) srcs.sort((a, b) => a.size - b.size);

    const m: string[] = [];
    const s: number[] = [];
    let cardinality = 0;
    if (op === SetOp.Inter) {
      const first = srcs[0];
      if (first.size > 0) {
        let stop = false;
        forEachSource(first, (member, score0) => {
          if (stop) return;
          let score = first.weight * score0;
          if (score !== score) score = 0;
          for (let k = 1; k < srcs.length; k++) {
            const v = sourceScore(srcs[k], member);
            if (v === undefined) return;
            score = aggregate(score, v * srcs[k].weight, how);
          }
          if (cardOnly) {
            cardinality++;
            if (limit > 0 && cardinality >= limit) stop = true;
          } else {
            m.push(member);
            s.push(score);
          }
        });
      }
    } else if (op === SetOp.Union) {
      const acc = new Map<string, number>();
      for (const src of srcs) {
        if (src.size === 0) continue;
        forEachSource(src, (member, score0) => {
          let score = src.weight * score0;
          if (score !== score) score = 0;
          const prev = acc.get(member);
          acc.set(member, prev === undefined ? score : aggregate(prev, score, how));
        });
      }
      for (const [mm, ss] of acc) { m.push(mm); s.push(ss); }
    } else {
      const first = srcs[0];
      if (first.size > 0) {
        forEachSource(first, (member, score) => {
          for (let k = 1; k < srcs.length; k++) if (sourceScore(srcs[k], member) !== undefined) return;
          m.push(member);
          s.push(score);
        });
      }
    }

    if (cardOnly) { w.int(cardinality); return; }
    sortElements(m, s);
    if (!store) {
      writeElements(w, m, s, withScores);
      return;
    }
    const dst = argv[1];
    if (m.length === 0) {
      ctx.shard.storeCollection(ctx, dst, null, name);
      w.int(0);
      return;
    }
    ctx.shard.storeCollection(ctx, dst, ZSet.fromSorted(m, s, ctx.shard.settings), name);
    w.int(m.length);
  };
}

// ---------------------------------------------------------------- ZSCAN

/** A listpack keeps integral scores up to 2^62 as integers; ZSCAN prints them without exponent. */
function listpackScore(s: number): string {
  if (Number.isInteger(s) && s <= 4611686018427387904 && s >= -4611686018427387904) return BigInt(s).toString();
  return formatDouble(s);
}

function zscan(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) { w.error('ERR invalid cursor'); return; }
  const z = readZset(ctx, argv[1], w);
  if (z === undefined) return;
  if (z === null) { writeScanReply(w, 0, []); return; }
  const opts = parseScanOptions(argv, 3, w);
  if (opts === null) return;
  const items: string[] = [];
  if (z.dict === null) {
    z.forEach((m, s) => {
      if (opts.match === null || globMatch(opts.match, m)) items.push(m, listpackScore(s));
    });
    writeScanReply(w, 0, items);
    return;
  }
  const step = scanMap(ctx.shard.collectionCursors, cursor, z.dict, opts.count);
  for (const [m, s] of step.entries) {
    if (opts.match === null || globMatch(opts.match, m)) items.push(m, formatDouble(s));
  }
  writeScanReply(w, step.next, items);
}

// ---------------------------------------------------------------- table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const LIMIT_ARG: ArgDoc = { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], args: [
  { name: 'offset', type: 'integer' }, { name: 'count', type: 'integer' }] };
const WITHSCORES: ArgDoc = { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] };
const NUMKEYS: ArgDoc = { name: 'numkeys', type: 'integer' };
const AGGREGATE_ARG: ArgDoc = { name: 'aggregate', type: 'oneof', token: 'AGGREGATE', flags: ['optional'], args: [
  { name: 'sum', type: 'pure-token', token: 'SUM' }, { name: 'min', type: 'pure-token', token: 'MIN' },
  { name: 'max', type: 'pure-token', token: 'MAX' }] };
const WEIGHTS_ARG: ArgDoc = { name: 'weight', type: 'integer', token: 'WEIGHTS', flags: ['optional', 'multiple'] };
const WHERE_ARG: ArgDoc = { name: 'where', type: 'oneof', args: [
  { name: 'min', type: 'pure-token', token: 'MIN' }, { name: 'max', type: 'pure-token', token: 'MAX' }] };

/** Keys counted by a numkeys argument at argv[index]. */
const numkeysSpec = (index: number, ...flags: string[]): KeySpec =>
  ({ flags, begin: { index }, find: { keyNum: { keyNumIdx: 0, firstKey: 1, step: 1 } } });
const oneKeySpec = (index: number, ...flags: string[]): KeySpec =>
  ({ flags, begin: { index }, find: { range: { lastKey: 0, step: 1, limit: 0 } } });

const zc = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: ['sortedset'], group: 'sorted-set', where: 'shard', ...def });

const RANGE_COMPLEXITY = 'O(log(N)+M): N elements in the set, M returned.';

const storeOp = (name: string, op: SetOp, since: string, summary: string, args: ArgDoc[]): CommandDef => zc({
  name, arity: -4, flags: ['write', 'denyoom'], since, summary, complexity: 'O(N)+O(M log(M)): N input elements, M in the result.',
  keys: [oneKeySpec(1, 'OW', 'update'), numkeysSpec(2, 'RO', 'access')],
  args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] }, ...args],
  shard: zsetOperation(name, op, true, false),
});

const readOp = (name: string, op: SetOp, since: string, summary: string, args: ArgDoc[], cardOnly = false): CommandDef => zc({
  name, arity: -3, flags: ['readonly'], since, summary, complexity: 'O(N)+O(M log(M)): N input elements, M in the result.',
  keys: [numkeysSpec(1, 'RO', 'access')],
  args: [NUMKEYS, { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }, ...args],
  shard: zsetOperation(name, op, false, cardOnly),
});

const popCmd = (name: string, max: boolean): CommandDef => zc({
  name, arity: -2, flags: ['write', 'fast'], since: '5.0.0',
  summary: `Removes and returns the ${max ? 'highest' : 'lowest'}-scoring members.`, complexity: 'O(log(N)*M): M members popped.',
  keys: keyAt(1, 'RW', 'access', 'delete'), args: [KEY, { name: 'count', type: 'integer', flags: ['optional'] }],
  shard: zpopGeneric(max),
});

export const zsetCommands: CommandDef[] = [
  zc({
    name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], since: '1.2.0',
    summary: 'Adds members to a sorted set, or updates their scores.', complexity: 'O(log(N)) per member.',
    keys: keyAt(1, 'RW', 'update'),
    args: [KEY,
      { name: 'condition', type: 'oneof', since: '3.0.2', flags: ['optional'], args: [
        { name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }] },
      { name: 'comparison', type: 'oneof', since: '6.2.0', flags: ['optional'], args: [
        { name: 'gt', type: 'pure-token', token: 'GT' }, { name: 'lt', type: 'pure-token', token: 'LT' }] },
      { name: 'change', type: 'pure-token', token: 'CH', since: '3.0.2', flags: ['optional'] },
      { name: 'increment', type: 'pure-token', token: 'INCR', since: '3.0.2', flags: ['optional'] },
      { name: 'score_member', type: 'block', flags: ['multiple'], args: [{ name: 'score', type: 'double' }, MEMBER] }],
    shard: (ctx, argv, w) => zaddGeneric(ctx, argv, w, false),
  }),
  zc({
    name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], since: '1.2.0',
    summary: 'Adds to the score of a member.', complexity: 'O(log(N))',
    keys: keyAt(1, 'RW', 'access', 'update'), args: [KEY, { name: 'increment', type: 'integer' }, MEMBER],
    shard: (ctx, argv, w) => zaddGeneric(ctx, argv, w, true),
  }),
  zc({
    name: 'zrem', arity: -3, flags: ['write', 'fast'], since: '1.2.0', summary: 'Removes members from a sorted set.',
    complexity: 'O(M*log(N)): M members removed.', keys: keyAt(1, 'RW', 'delete'), args: [KEY, { ...MEMBER, flags: ['multiple'] }],
    shard: zrem,
  }),
  zc({
    name: 'zcard', arity: 2, flags: ['readonly', 'fast'], since: '1.2.0', summary: 'Counts the members of a sorted set.',
    complexity: 'O(1)', keys: keyAt(1, 'RO'), args: [KEY], shard: zcard,
  }),
  zc({
    name: 'zcount', arity: 4, flags: ['readonly', 'fast'], since: '2.0.0', summary: 'Counts the members whose scores lie in a range.',
    complexity: 'O(log(N))', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }], shard: zcount,
  }),
  zc({
    name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], since: '2.8.9', summary: 'Counts the members in a lexicographical range.',
    complexity: 'O(log(N))', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }], shard: zlexcount,
  }),
  zc({
    name: 'zscore', arity: 3, flags: ['readonly', 'fast'], since: '1.2.0', summary: 'Returns the score of a member.',
    complexity: 'O(1)', keys: keyAt(1, 'RO', 'access'), args: [KEY, MEMBER], shard: zscore,
  }),
  zc({
    name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], since: '6.2.0', summary: 'Returns the scores of several members.',
    complexity: 'O(N): N members asked for.', keys: keyAt(1, 'RO', 'access'), args: [KEY, { ...MEMBER, flags: ['multiple'] }],
    shard: zmscore,
  }),
  zc({
    name: 'zrank', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', summary: 'Returns the rank of a member, lowest score first.',
    complexity: 'O(log(N))', keys: keyAt(1, 'RO', 'access'), args: [KEY, MEMBER], shard: zrankGeneric(false),
  }),
  zc({
    name: 'zrevrank', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', summary: 'Returns the rank of a member, highest score first.',
    complexity: 'O(log(N))', keys: keyAt(1, 'RO', 'access'), args: [KEY, MEMBER], shard: zrankGeneric(true),
  }),
  zc({
    name: 'zrange', arity: -4, flags: ['readonly'], since: '1.2.0', summary: 'Returns members in a range of ranks, scores or names.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'start', type: 'string' }, { name: 'stop', type: 'string' },
      { name: 'sortby', type: 'oneof', since: '6.2.0', flags: ['optional'], args: [
        { name: 'byscore', type: 'pure-token', token: 'BYSCORE' }, { name: 'bylex', type: 'pure-token', token: 'BYLEX' }] },
      { name: 'rev', type: 'pure-token', token: 'REV', since: '6.2.0', flags: ['optional'] },
      { ...LIMIT_ARG, since: '6.2.0' }, WITHSCORES],
    shard: zrangeCmd(1, false, RangeType.Auto, Direction.Auto),
  }),
  zc({
    name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], since: '6.2.0', summary: 'Stores a range of a sorted set in another key.',
    complexity: RANGE_COMPLEXITY, keys: [oneKeySpec(1, 'OW', 'update'), oneKeySpec(2, 'RO', 'access')],
    args: [{ name: 'dst', type: 'key', keySpecIndex: 0 }, { name: 'src', type: 'key', keySpecIndex: 1 },
      { name: 'min', type: 'string' }, { name: 'max', type: 'string' },
      { name: 'sortby', type: 'oneof', flags: ['optional'], args: [
        { name: 'byscore', type: 'pure-token', token: 'BYSCORE' }, { name: 'bylex', type: 'pure-token', token: 'BYLEX' }] },
      { name: 'rev', type: 'pure-token', token: 'REV', flags: ['optional'] }, LIMIT_ARG],
    shard: zrangeCmd(2, true, RangeType.Auto, Direction.Auto),
  }),
  zc({
    name: 'zrangebyscore', arity: -4, flags: ['readonly'], since: '1.0.5', summary: 'Returns members in a score range.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }, { ...WITHSCORES, since: '2.0.0' }, LIMIT_ARG],
    shard: zrangeCmd(1, false, RangeType.Score, Direction.Forward),
  }),
  zc({
    name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], since: '2.2.0', summary: 'Returns members in a score range, highest first.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'max', type: 'double' }, { name: 'min', type: 'double' }, WITHSCORES, LIMIT_ARG],
    shard: zrangeCmd(1, false, RangeType.Score, Direction.Reverse),
  }),
  zc({
    name: 'zrangebylex', arity: -4, flags: ['readonly'], since: '2.8.9', summary: 'Returns members in a lexicographical range.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }, LIMIT_ARG],
    shard: zrangeCmd(1, false, RangeType.Lex, Direction.Forward),
  }),
  zc({
    name: 'zrevrangebylex', arity: -4, flags: ['readonly'], since: '2.8.9', summary: 'Returns members in a lexicographical range, last first.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'max', type: 'string' }, { name: 'min', type: 'string' }, LIMIT_ARG],
    shard: zrangeCmd(1, false, RangeType.Lex, Direction.Reverse),
  }),
  zc({
    name: 'zrevrange', arity: -4, flags: ['readonly'], since: '1.2.0', summary: 'Returns members in a range of ranks, highest first.',
    complexity: RANGE_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }, WITHSCORES],
    shard: zrangeCmd(1, false, RangeType.Rank, Direction.Reverse),
  }),
  zc({
    name: 'zremrangebyrank', arity: 4, flags: ['write'], since: '2.0.0', summary: 'Removes the members in a range of ranks.',
    complexity: RANGE_COMPLEXITY.replace('returned', 'removed'), keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }], shard: zremrangeGeneric(RangeType.Rank),
  }),
  zc({
    name: 'zremrangebyscore', arity: 4, flags: ['write'], since: '1.2.0', summary: 'Removes the members in a score range.',
    complexity: RANGE_COMPLEXITY.replace('returned', 'removed'), keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }], shard: zremrangeGeneric(RangeType.Score),
  }),
  zc({
    name: 'zremrangebylex', arity: 4, flags: ['write'], since: '2.8.9', summary: 'Removes the members in a lexicographical range.',
    complexity: RANGE_COMPLEXITY.replace('returned', 'removed'), keys: keyAt(1, 'RW', 'delete'),
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }], shard: zremrangeGeneric(RangeType.Lex),
  }),
  popCmd('zpopmin', false),
  popCmd('zpopmax', true),
  zc({
    name: 'zmpop', arity: -4, flags: ['write'], since: '7.0.0', summary: 'Pops members from the first non-empty sorted set of several.',
    complexity: 'O(K)+O(M*log(N)): K keys, M members popped.', keys: [numkeysSpec(1, 'RW', 'access', 'delete')],
    args: [NUMKEYS, { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }, WHERE_ARG,
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
    shard: zmpop,
  }),
  zc({
    name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], since: '5.0.0',
    summary: 'Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    keys: [{ flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: { lastKey: -2, step: 1, limit: 0 } } }],
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }, { name: 'timeout', type: 'double' }],
    blocking: { timeoutMs: timeoutOf((argv) => argv.length - 1) }, shard: bzpop(false),
  }),
  zc({
    name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], since: '5.0.0',
    summary: 'Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise. Deletes the sorted set if the last element was popped.',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    keys: [{ flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: { lastKey: -2, step: 1, limit: 0 } } }],
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }, { name: 'timeout', type: 'double' }],
    blocking: { timeoutMs: timeoutOf((argv) => argv.length - 1) }, shard: bzpop(true),
  }),
  zc({
    name: 'bzmpop', arity: -5, flags: ['write', 'blocking'], since: '7.0.0',
    summary: 'Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    keys: [numkeysSpec(2, 'RW', 'access', 'delete')],
    args: [{ name: 'timeout', type: 'double' }, NUMKEYS, { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }, WHERE_ARG,
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
    blocking: { timeoutMs: timeoutOf(() => 1) }, shard: bzmpop,
  }),
  zc({
    name: 'zrandmember', arity: -2, flags: ['readonly'], since: '6.2.0', summary: 'Returns random members of a sorted set.',
    complexity: 'O(N): N members returned.', tips: ['nondeterministic_output'], keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'options', type: 'block', flags: ['optional'], args: [{ name: 'count', type: 'integer' }, WITHSCORES] }],
    shard: zrandmember,
  }),
  readOp('zunion', SetOp.Union, '6.2.0', 'Returns the union of sorted sets.', [WEIGHTS_ARG, AGGREGATE_ARG, WITHSCORES]),
  readOp('zinter', SetOp.Inter, '6.2.0', 'Returns the intersection of sorted sets.', [WEIGHTS_ARG, AGGREGATE_ARG, WITHSCORES]),
  readOp('zdiff', SetOp.Diff, '6.2.0', 'Returns the difference between sorted sets.', [WITHSCORES]),
  storeOp('zunionstore', SetOp.Union, '2.0.0', 'Stores the union of sorted sets in a key.', [WEIGHTS_ARG, AGGREGATE_ARG]),
  storeOp('zinterstore', SetOp.Inter, '2.0.0', 'Stores the intersection of sorted sets in a key.', [WEIGHTS_ARG, AGGREGATE_ARG]),
  storeOp('zdiffstore', SetOp.Diff, '6.2.0', 'Stores the difference between sorted sets in a key.', []),
  readOp('zintercard', SetOp.Inter, '7.0.0', 'Counts the members of the intersection of sorted sets.',
    [{ name: 'limit', type: 'integer', token: 'LIMIT', flags: ['optional'] }], true),
  zc({
    name: 'zscan', arity: -3, flags: ['readonly'], since: '2.8.0', summary: 'Iterates over the members and scores of a sorted set.',
    complexity: 'O(1) per call, O(N) for a whole iteration.', tips: ['nondeterministic_output'], keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'cursor', type: 'integer' }, { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
      { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
    shard: zscan,
  }),
];
