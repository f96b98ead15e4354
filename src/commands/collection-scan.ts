// HSCAN, SSCAN (and ZSCAN): cursor and option parsing with Redis's rules, and cursors over the Maps
// of hashtable-encoded collections. Compact encodings (listpack, intset) answer everything at once
// with cursor 0, as Redis does.
import type { ReplyWriter } from '../protocol/writer';
import type { CursorTable } from '../store/cursors';
import { NOT_INTEGER, SYNTAX } from '../store/errors';
import { parseInteger } from '../util/numbers';

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * Parses a cursor like Redis (strtoul: optional sign, digits, nothing else; "-n" wraps; the empty
 * string is 0). Returns null for an invalid cursor, -1 for a valid one no live cursor can have.
 */
export function parseScanCursor(arg: string): number | null {
  if (arg === '') return 0;
  if (!/^[+-]?[0-9]+$/.test(arg)) return null;
  const neg = arg.charCodeAt(0) === 0x2d;
  let v = BigInt(arg.charCodeAt(0) === 0x2b || neg ? arg.slice(1) : arg);
  if (v > ULONG_MAX) return null;
  if (neg && v !== 0n) v = ULONG_MAX + 1n - v;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : -1;
}

export interface ScanOptions {
  count: number;
  /** Null when every element matches (no MATCH, or MATCH *). */
  match: string | null;
  /** SCAN's TYPE (lower case), null without one. */
  type: string | null;
}

/**
 * Parses COUNT and MATCH (and TYPE where `withType`: SCAN over keys) from argv[from]; writes
 * Redis's error and returns null on a bad option.
 */
export function parseScanOptions(argv: string[], from: number, w: ReplyWriter, withType = false): ScanOptions | null {
  const opts: ScanOptions = { count: 10, match: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    if (opt === 'count' && i + 1 < argv.length) {
      const n = parseInteger(argv[i + 1]);
      if (n === null) { w.error(NOT_INTEGER); return null; }
      if (n < 1) { w.error(SYNTAX); return null; }
      opts.count = n;
    } else if (opt === 'match' && i + 1 < argv.length) {
      opts.match = argv[i + 1] === '*' ? null : argv[i + 1];
    } else if (withType && opt === 'type' && i + 1 < argv.length) {
      opts.type = argv[i + 1].toLowerCase();
    } else {
      w.error(SYNTAX);
      return null;
    }
  }
  return opts;
}

/** An iterator with one element read ahead (to know whether a scan has finished). */
class Lookahead<T> implements Iterator<T> {
  constructor(private readonly it: Iterator<T>, public pending: IteratorResult<T> | null) {}

  next(): IteratorResult<T> {
    const p = this.pending;
    if (p !== null) { this.pending = null; return p; }
    return this.it.next();
  }
}

/**
 * One step of a scan over a Map: up to `count` entries from the cursor's position, and the next
 * cursor (0 once the iteration is complete). A live iterator backs each cursor, so every entry
 * present for the whole scan is returned exactly once.
 */
export function scanMap<K, V>(cursors: CursorTable<unknown>, cursor: number, source: Map<K, V>, count: number): { next: number; entries: Array<[K, V]> } {
  const it = cursors.resume(cursor, source) as Iterator<[K, V]>;
  const entries: Array<[K, V]> = [];
  for (let i = 0; i < count; i++) {
    const r = it.next();
    if (r.done) return { next: 0, entries };
    entries.push(r.value);
  }
  // Read one ahead: a scan that has just finished reports cursor 0 now, as Redis does.
  const ahead = it.next();
  if (ahead.done) return { next: 0, entries };
  let held: Lookahead<[K, V]>;
  if (it instanceof Lookahead) { held = it as Lookahead<[K, V]>; held.pending = ahead; } else held = new Lookahead(it, ahead);
  return { next: cursors.save(source, held), entries };
}

/** Writes a scan reply: [cursor, [items...]]. */
export function writeScanReply(w: ReplyWriter, next: number, items: string[]): void {
  w.array(2);
  w.bulk(String(next));
  w.array(items.length);
  for (const s of items) w.bulk(s);
}
