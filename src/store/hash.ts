// The hash type, with Redis 7.0's two encodings:
//   listpack:  at most hash-max-listpack-entries fields, none of the fields or values longer than
//              hash-max-listpack-value. Stored as one flat array [field0, value0, field1, ...] in
//              insertion order, searched linearly (Redis's listpack is scanned the same way).
//   hashtable: a Map from field to value.
// Conversion is one-way (listpack → hashtable), as in Redis.
import { Collection, registerCollection } from './types';
import type { ShardSettings } from './settings';

/** Estimated heap bytes of the object itself. */
const BASE_BYTES = 64;
/** Estimated bytes per listpack pair beyond its characters: two array slots and two string headers. */
const PAIR_OVERHEAD = 64;
/** Estimated bytes per hashtable pair beyond its characters: Map entry and two string headers (measured on Node 20). */
const ENTRY_OVERHEAD = 76;

export class HashValue extends Collection {
  readonly type = 'hash';
  /** listpack encoding: flat field/value pairs; null once converted. */
  private pairs: string[] | null = [];
  /** hashtable encoding. */
  private map: Map<string, string> | null = null;
  /**
   * hashtable encoding: the fields as an array, built by the first random pick and dropped when
   * a field comes or goes, so repeated HRANDFIELDs on a big, stable hash are O(1).
   */
  private fieldList: string[] | null = null;

  constructor() {
    super();
    this.bytes = BASE_BYTES;
  }

  get size(): number {
    return this.pairs !== null ? this.pairs.length >> 1 : this.map!.size;
  }

  get isListpack(): boolean {
    return this.pairs !== null;
  }

  encoding(): string {
    return this.pairs !== null ? 'listpack' : 'hashtable';
  }

  /** The Map that HSCAN cursors iterate (hashtable encoding only). */
  get scanSource(): Map<string, string> | null {
    return this.map;
  }

  get(field: string): string | undefined {
    const pairs = this.pairs;
    if (pairs === null) return this.map!.get(field);
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === field) return pairs[i + 1];
    return undefined;
  }

  has(field: string): boolean {
    return this.get(field) !== undefined;
  }

  /**
   * Sets a field (Redis's hashTypeSet); true if it is new. A field or value too long for the
   * listpack converts first; a listpack with too many entries afterwards converts too (checked on
   * updates as well, so a lowered threshold takes effect on the next write).
   */
  set(field: string, value: string, settings: ShardSettings): boolean {
    let pairs = this.pairs;
    if (pairs !== null && (field.length > settings.hashMaxListpackValue || value.length > settings.hashMaxListpackValue)) {
      this.convert();
      pairs = null;
    }
    if (pairs === null) {
      const map = this.map!;
      const old = map.get(field);
      map.set(field, value);
      if (old === undefined) {
        this.fieldList = null;
        this.bytes += field.length + value.length + ENTRY_OVERHEAD;
        return true;
      }
      this.bytes += value.length - old.length;
      return false;
    }
    let added = true;
    let i = 0;
    for (; i < pairs.length; i += 2) if (pairs[i] === field) break;
    if (i < pairs.length) {
      this.bytes += value.length - pairs[i + 1].length;
      pairs[i + 1] = value;
      added = false;
    } else {
      pairs.push(field, value);
      this.bytes += field.length + value.length + PAIR_OVERHEAD;
    }
    if (pairs.length >> 1 > settings.hashMaxListpackEntries) this.convert();
    return added;
  }

  /** Removes a field; false if it was not there. */
  delete(field: string): boolean {
    const pairs = this.pairs;
    if (pairs === null) {
      const map = this.map!;
      const old = map.get(field);
      if (old === undefined) return false;
      map.delete(field);
      this.fieldList = null;
      this.bytes -= field.length + old.length + ENTRY_OVERHEAD;
      return true;
    }
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] !== field) continue;
      this.bytes -= field.length + pairs[i + 1].length + PAIR_OVERHEAD;
      pairs.splice(i, 2);
      return true;
    }
    return false;
  }

  /** Converts to the hashtable encoding (one way). */
  convert(): void {
    const pairs = this.pairs;
    if (pairs === null) return;
    const map = new Map<string, string>();
    for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
    this.pairs = null;
    this.map = map;
    this.bytes += (pairs.length >> 1) * (ENTRY_OVERHEAD - PAIR_OVERHEAD);
  }

  /** Calls fn for every pair, in storage order (listpack: insertion order). */
  forEach(fn: (field: string, value: string) => void): void {
    const pairs = this.pairs;
    if (pairs === null) {
      for (const [f, v] of this.map!) fn(f, v);
      return;
    }
    for (let i = 0; i < pairs.length; i += 2) fn(pairs[i], pairs[i + 1]);
  }

  /** All pairs as a flat [field, value, ...] array in storage order (a copy). */
  flat(): string[] {
    if (this.pairs !== null) return this.pairs.slice();
    const out: string[] = new Array(this.map!.size * 2);
    let i = 0;
    for (const [f, v] of this.map!) { out[i++] = f; out[i++] = v; }
    return out;
  }

  /** A random [field, value]: O(1), after an O(n) pass for a Map that changed since the last pick. */
  randomPair(): [string, string] {
    const r = Math.floor(Math.random() * this.size);
    if (this.pairs !== null) return [this.pairs[2 * r], this.pairs[2 * r + 1]];
    if (this.fieldList === null) this.fieldList = [...this.map!.keys()];
    const f = this.fieldList[r];
    return [f, this.map!.get(f)!];
  }

  clone(): HashValue {
    const c = new HashValue();
    if (this.pairs !== null) c.pairs = this.pairs.slice();
    else { c.pairs = null; c.map = new Map(this.map!); }
    c.bytes = this.bytes;
    return c;
  }

  /** The encoding ('l' listpack, 'h' hashtable), then the pairs: moving keeps the encoding, as in Redis. */
  toStrings(): string[] {
    const out = this.flat();
    out.unshift(this.pairs !== null ? 'l' : 'h');
    return out;
  }

  static fromStrings(strings: string[]): HashValue {
    const h = new HashValue();
    let bytes = BASE_BYTES;
    if (strings[0] === 'l') {
      h.pairs = strings.slice(1);
      for (let i = 1; i < strings.length; i += 2) bytes += strings[i].length + strings[i + 1].length + PAIR_OVERHEAD;
    } else {
      const map = new Map<string, string>();
      for (let i = 1; i < strings.length; i += 2) {
        map.set(strings[i], strings[i + 1]);
        bytes += strings[i].length + strings[i + 1].length + ENTRY_OVERHEAD;
      }
      h.pairs = null;
      h.map = map;
    }
    h.bytes = bytes;
    return h;
  }
}

registerCollection('hash', (strings) => HashValue.fromStrings(strings));
