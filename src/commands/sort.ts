// SORT and SORT_RO (Redis 7.0's sort.c): sorting lists, sets and sorted sets numerically or
// lexicographically, by the element or by other keys (BY pattern), returning or storing the
// elements or other keys' values (GET patterns). Patterns reach keys that may live on any shard:
// such a SORT runs with every shard parked at its barrier (reachesUndeclaredKeys), and the keys
// are read with peekKey. The tie-breaking, the partial sort used with BY + LIMIT and the loading
// order of each type follow Redis, so equal elements come out in the same order.
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { ListValue } from '../store/list';
import { SetValue } from '../store/set';
import { ZSet } from '../store/zset';
import { HashValue } from '../store/hash';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { parseStrtod } from '../util/double';
import { parseInteger } from '../util/numbers';
import { partialSort } from '../util/pqsort';

/** A string as a C function sees it: up to the first NUL. */
function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** An option name as strcasecmp compares it. */
function opt(s: string): string {
  return cstr(s).toLowerCase();
}

// ---------------------------------------------------------------- patterns

/** A value read for a pattern: local keys count as reads (stats, LRU); others are peeked. */
function readAnyKey(ctx: ShardContext, key: string): string | object | undefined {
  if (ctx.shard.ownsKey(key)) return ctx.shard.read(ctx, key)?.value;
  return ctx.shard.peekKey(ctx, key)?.value;
}

/**
 * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by
 * the element and the key read (a string), or with "->field" after the '*', a hash field. Null
 * when there is no '*', no such key, or a value of the wrong type.
 */
function lookupByPattern(ctx: ShardContext, pattern: string, subst: string): string | null {
  if (pattern.charCodeAt(0) === 0x23 && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return subst;
  const c = cstr(pattern);
  const star = c.indexOf('*');
  if (star < 0) return null;
  const arrow = c.indexOf('->', star + 1);
  let field: string | null = null;
  if (arrow >= 0 && arrow + 2 < c.length) field = pattern.slice(arrow + 2);
  const postfixLen = pattern.length - star - 1 - (field !== null ? field.length + 2 : 0);
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, star + 1 + postfixLen);
  const v = readAnyKey(ctx, key);
  if (v === undefined) return null;
  if (field !== null) return v instanceof HashValue ? v.get(field) ?? null : null;
  return typeof v === 'string' ? v : null;
}

// ---------------------------------------------------------------- numbers

const INF_LITERAL = /^[+-]?inf(inity)?$/i;
const HEX_NUMBER = /^[+-]?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * A sort weight as SORT reads it: C strtod on the string up to its first NUL (leading spaces
 * skipped, "" is 0), which must take the rest whole; null for NaN and for ERANGE (overflow,
 * underflow to zero, inexact subnormal).
 */
function sortWeight(s: string): number | null {
  const v = parseStrtod(s);
  if (v === null) return null;
  if (v !== 0 && Math.abs(v) >= 2.2250738585072014e-308 && v !== Infinity && v !== -Infinity) return v;
  const t = cstr(s).replace(/^[ \t\n\v\f\r]+/, '');
  if (v === Infinity || v === -Infinity) return INF_LITERAL.test(t) ? v : null;
  const hex = HEX_NUMBER.exec(t);
  if (v === 0) {
    // A zero that is not written as zero underflowed.
    if (hex !== null) return /^0*$/.test(hex[1] + (hex[2] ?? '')) ? v : null;
    return /^[+-]?[0.]*(?:[eE]|$)/.test(t) ? v : null;
  }
  // Subnormal: strtod sets ERANGE unless the value is exact (only a hex float can be).
  if (hex === null) return null;
  const digits = (hex[1] + (hex[2] ?? '')).replace(/0+$/, '');
  const trailing = (hex[1] + (hex[2] ?? '')).length - digits.length;
  const mant = BigInt('0x' + digits);
  let zeros = trailing * 4;
  for (let m = mant; (m & 1n) === 0n; m >>= 1n) zeros++;
  const exp = Number(hex[3] ?? '0') - 4 * (hex[2] ?? '').length;
  return exp + zeros >= -1074 ? v : null;
}

// ---------------------------------------------------------------- SORT

interface Item {
  obj: string;
  score: number;
  /** The BY value in ALPHA mode (null: the BY key is missing). */
  by: string | null;
}

/** compareStringObjects: memcmp, then length (latin1 strings compare the same way). */
const binaryCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** strcoll in the C/C.UTF-8 locale: strcmp, which stops at a NUL. */
const collateCompare = (a: string, b: string): number => binaryCompare(cstr(a), cstr(b));

function sortGeneric(ctx: ShardContext, argv: string[], w: ReplyWriter, readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storeKey: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = opt(argv[j]);
    if (o === 'asc') {
      desc = false;
    } else if (o === 'desc') {
      desc = true;
    } else if (o === 'alpha') {
      alpha = true;
    } else if (o === 'limit' && left >= 2) {
      const s = parseInteger(argv[j + 1]);
      const c = s === null ? null : parseInteger(argv[j + 2]);
      if (s === null || c === null) { w.error(NOT_INTEGER); return; }
      limitStart = s;
      limitCount = c;
      j += 2;
    } else if (!readonly && o === 'store' && left >= 1) {
      storeKey = argv[j + 1];
      j++;
    } else if (o === 'by' && left >= 1) {
      sortby = argv[j + 1];
      // A pattern without '*' sorts by a constant: nothing to sort.
      if (!cstr(sortby).includes('*')) dontsort = true;
      j++;
    } else if (o === 'get' && left >= 1) {
      gets.push(argv[j + 1]);
      j++;
    } else {
      w.error(SYNTAX);
      return;
    }
  }

  const key = argv[1];
  const e = ctx.shard.read(ctx, key);
  const value = e === undefined ? new ListValue() : e.value;
  if (!(value instanceof ListValue || value instanceof SetValue || value instanceof ZSet)) { w.error(WRONGTYPE); return; }

  // A set has no order of its own: when storing, sort it (ALPHA) so the result is well defined.
  if (dontsort && value instanceof SetValue && storeKey !== null) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }
  // Redis converts a listpack-encoded sorted set to a skiplist for SORT (OBJECT ENCODING shows it).
  if (value instanceof ZSet && value.isListpack) {
    const before = value.bytes;
    value.convertToSkiplist();
    ctx.db.bytes += value.bytes - before;
  }

  let vectorLen = value.size;
  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? vectorLen - 1 : start + limitCount - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;
  // Lists and sorted sets load just the range wanted when there is nothing to sort.
  const ordered = value instanceof ListValue || value instanceof ZSet;
  if (ordered && dontsort && (start !== 0 || end !== vectorLen - 1)) vectorLen = end - start + 1;

  const objs: string[] = [];
  if (value instanceof ListValue) {
    if (dontsort) {
      if (end >= start) {
        const n = value.size;
        for (let i = 0; objs.length < vectorLen; i++) {
          const at = desc ? n - start - 1 - i : start + i;
          if (at < 0 || at >= n) break;
          objs.push(value.at(at));
        }
        end -= start;
        start = 0;
      }
    } else {
      for (let i = 0; i < value.size; i++) objs.push(value.at(i));
    }
  } else if (value instanceof SetValue) {
    for (const m of value.toArray()) objs.push(m);
  } else if (dontsort) {
    const n = value.size;
    if (vectorLen > 0) {
      const c = value.at(desc ? n - 1 - start : start);
      for (let k = 0; k < vectorLen; k++) {
        objs.push(c.member);
        if (!(desc ? c.prev() : c.next())) break;
      }
    }
    end -= start;
    start = 0;
  } else {
    value.forEach((m) => { objs.push(m); });
  }

  const items: Item[] = objs.map((obj) => ({ obj, score: 0, by: null }));
  let conversionError = false;
  if (!dontsort) {
    for (const it of items) {
      let byval: string | null;
      if (sortby !== null) {
        byval = lookupByPattern(ctx, sortby, it.obj);
        if (byval === null) continue;
      } else {
        byval = it.obj;
      }
      if (alpha) {
        if (sortby !== null) it.by = byval;
      } else {
        const v = sortWeight(byval);
        if (v === null) conversionError = true;
        else it.score = v;
      }
    }
    const store = storeKey !== null;
    const sign = desc ? -1 : 1;
    let cmp: (a: Item, b: Item) => number;
    if (!alpha) {
      cmp = (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : binaryCompare(a.obj, b.obj));
    } else if (sortby !== null) {
      const strCmp = store ? binaryCompare : collateCompare;
      cmp = (a, b) => {
        let r: number;
        if (a.by === null || b.by === null) r = a.by === b.by ? 0 : a.by === null ? -1 : 1;
        else r = strCmp(a.by, b.by);
        return sign * r;
      };
    } else {
      const strCmp = store ? binaryCompare : collateCompare;
      cmp = (a, b) => sign * strCmp(a.obj, b.obj);
    }
    // glibc's qsort is a stable merge sort; with BY and a LIMIT, Redis sorts partially.
    if (sortby !== null && (start !== 0 || end !== items.length - 1)) partialSort(items, cmp, start, end);
    else items.sort(cmp);
  }

  const rows = end - start + 1;
  const outputLen = gets.length > 0 ? gets.length * rows : rows;
  if (conversionError) { w.error("ERR One or more scores can't be converted into double"); return; }
  if (storeKey === null) {
    w.array(Math.max(0, outputLen));
    for (let j = start; j <= end; j++) {
      const obj = items[j].obj;
      if (gets.length === 0) w.bulk(obj);
      for (const g of gets) {
        const v = lookupByPattern(ctx, g, obj);
        if (v === null) w.nil(); else w.bulk(v);
      }
    }
    return;
  }
  const out = new ListValue();
  for (let j = start; j <= end; j++) {
    const obj = items[j].obj;
    if (gets.length === 0) out.push(obj, false);
    for (const g of gets) out.push(lookupByPattern(ctx, g, obj) ?? '', false);
  }
  ctx.shard.storeCollection(ctx, storeKey, outputLen > 0 ? out : null, 'sortstore');
  w.int(Math.max(0, outputLen));
}

// ---------------------------------------------------------------- routing

/** True when BY or GET patterns name other keys (a '*' before any NUL): they may be anywhere. */
function reachesPatternKeys(argv: string[]): boolean {
  for (let i = 2; i + 1 < argv.length; i++) {
    const o = opt(argv[i]);
    if ((o === 'by' || o === 'get') && cstr(argv[i + 1]).includes('*')) return true;
  }
  return false;
}

/** Redis's sortGetKeys: the sorted key and the last STORE destination. */
function sortKeys(argc: number, arg: (i: number) => string): number[] {
  let store = -1;
  for (let i = 2; i < argc; i++) {
    const o = opt(arg(i));
    if (o === 'limit') i += 2;
    else if (o === 'get' || o === 'by') i += 1;
    else if (o === 'store' && i + 1 < argc) store = i + 1;
  }
  return store > 0 ? [1, store] : [1];
}

// ---------------------------------------------------------------- table

const SORT_KEY: KeySpec = { flags: ['RO', 'access'], begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } };
const PATTERN_KEYS: KeySpec = {
  notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
  flags: ['RO', 'access'], begin: { unknown: true }, find: { unknown: true },
};
const STORE_KEY: KeySpec = {
  notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
  flags: ['OW', 'update'], begin: { unknown: true }, find: { unknown: true },
};

const sortArgs = (store: boolean): ArgDoc[] => [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', flags: ['optional'] },
  { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], args: [
    { name: 'offset', type: 'integer' }, { name: 'count', type: 'integer' }] },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'GET', flags: ['optional', 'multiple', 'multiple_token'] },
  { name: 'order', type: 'oneof', flags: ['optional'], args: [
    { name: 'asc', type: 'pure-token', token: 'ASC' }, { name: 'desc', type: 'pure-token', token: 'DESC' }] },
  { name: 'sorting', type: 'pure-token', token: 'ALPHA', flags: ['optional'] },
  ...(store ? [{ name: 'destination', type: 'key', keySpecIndex: 2, token: 'STORE', flags: ['optional'] } as ArgDoc] : []),
];

const COMPLEXITY = 'O(N+M*log(M)): N elements to sort, M returned; O(N) when nothing is sorted.';

export const sortCommands: CommandDef[] = [
  {
    name: 'sort', arity: -2, flags: ['write', 'denyoom'], acl: ['set', 'sortedset', 'list', 'dangerous'], group: 'generic',
    since: '1.0.0', summary: 'Sorts a list, set or sorted set, returning or storing the result.', complexity: COMPLEXITY,
    keys: [SORT_KEY, PATTERN_KEYS, STORE_KEY], args: sortArgs(true), where: 'shard',
    reachesUndeclaredKeys: reachesPatternKeys, getKeys: sortKeys,
    shard: (ctx, argv, w) => sortGeneric(ctx, argv, w, false),
  },
  {
    name: 'sort_ro', arity: -2, flags: ['readonly'], acl: ['set', 'sortedset', 'list', 'dangerous'], group: 'generic',
    since: '7.0.0', summary: 'Sorts a list, set or sorted set (read-only form).', complexity: COMPLEXITY,
    keys: [SORT_KEY, PATTERN_KEYS], args: sortArgs(false), where: 'shard',
    reachesUndeclaredKeys: reachesPatternKeys, getKeys: () => [1],
    shard: (ctx, argv, w) => sortGeneric(ctx, argv, w, true),
  },
];
