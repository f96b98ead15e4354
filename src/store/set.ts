// The set type, with Redis 7.0's two encodings:
//   intset:    every member is an integer in the signed 64-bit range (in Redis's strict decimal
//              form) and there are at most set-max-intset-entries of them. Stored as a sorted typed
//              array: a Float64Array while every value is a safe integer (the usual case), a
//              BigInt64Array once one is not. 8 bytes a member; lookups are binary searches.
//   hashtable: a dense array of the members plus a Map from member to its index in the array, so
//              membership is O(1) and so is picking a random member (SPOP, SRANDMEMBER): removal
//              moves the last member into the hole.
// Conversion is one-way (intset → hashtable), as in Redis.
import { parseInt64 } from '../util/numbers';
import { Collection, registerCollection } from './types';
import type { ShardSettings } from './settings';

/** Estimated heap bytes of the object itself. */
const BASE_BYTES = 64;
/** Estimated bytes per intset member (a typed-array slot). */
const INT_BYTES = 8;
/** Estimated bytes per hashtable member beyond its characters: Map entry, array slot, string header (measured on Node 20). */
const MEMBER_OVERHEAD = 62;
/** Redis caps the intset length at 2^30 whatever set-max-intset-entries says. */
const INTSET_HARD_LIMIT = 1 << 30;

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A member as an intset value: a number when it is a safe integer, a bigint when it is another
 * int64, null when it is not an integer in Redis's strict form (no '+', spaces or leading zeros).
 */
export function intsetValue(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n <= 15) {
    let i = 0;
    if (s.charCodeAt(0) === 0x2d) { if (n === 1) return null; i = 1; }
    const first = s.charCodeAt(i);
    if (first === 0x30) return n === 1 ? 0 : null;
    if (first < 0x31 || first > 0x39) return null;
    for (let j = i + 1; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c < 0x30 || c > 0x39) return null;
    }
    return Number(s);
  }
  const b = parseInt64(s);
  if (b === null) return null;
  return b <= SAFE_MAX && b >= -SAFE_MAX ? Number(b) : b;
}

export class SetValue extends Collection {
  readonly type = 'set';
  /** intset encoding: sorted values in ints[0, count); null once converted to a hashtable. */
  private ints: Float64Array | BigInt64Array | null;
  private count = 0;
  /** hashtable encoding: the members, densely packed, and each member's index in `members`. */
  private members: string[] | null = null;
  private index: Map<string, number> | null = null;

  /** An empty set, intset-encoded (Redis's createIntsetObject); `hashtable` starts it converted. */
  constructor(hashtable = false) {
    super();
    this.bytes = BASE_BYTES;
    if (hashtable) {
      this.ints = null;
      this.members = [];
      this.index = new Map();
    } else {
      this.ints = new Float64Array(4);
    }
  }

  /** A new empty set for a first member (Redis's setTypeCreate): an intset if it is an integer. */
  static forMember(first: string): SetValue {
    return new SetValue(intsetValue(first) === null);
  }

  get size(): number {
    return this.ints !== null ? this.count : this.members!.length;
  }

  get isIntset(): boolean {
    return this.ints !== null;
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  /** The Map that SSCAN cursors iterate (hashtable encoding only). */
  get scanSource(): Map<string, number> | null {
    return this.index;
  }

  has(member: string): boolean {
    if (this.ints === null) return this.index!.has(member);
    const v = intsetValue(member);
    return v !== null && this.search(v) >= 0;
  }

  /** Adds a member; false if it was there. Converts to a hashtable past the intset's limits. */
  add(member: string, settings: ShardSettings): boolean {
    if (this.ints !== null) {
      const v = intsetValue(member);
      if (v !== null) {
        const at = this.search(v);
        if (at >= 0) return false;
        this.insertAt(-at - 1, v);
        if (this.count > Math.min(settings.setMaxIntsetEntries, INTSET_HARD_LIMIT)) this.convert();
        return true;
      }
      this.convert();
    }
    const index = this.index!;
    if (index.has(member)) return false;
    index.set(member, this.members!.length);
    this.members!.push(member);
    this.bytes += member.length + MEMBER_OVERHEAD;
    return true;
  }

  /** Removes a member; false if it was not there. */
  remove(member: string): boolean {
    if (this.ints !== null) {
      const v = intsetValue(member);
      if (v === null) return false;
      const at = this.search(v);
      if (at < 0) return false;
      this.removeAt(at);
      return true;
    }
    const i = this.index!.get(member);
    if (i === undefined) return false;
    this.removeMemberAt(i);
    return true;
  }

  /** The members in storage order (intsets ascending, as Redis iterates them). */
  toArray(): string[] {
    const out = new Array<string>(this.size);
    if (this.ints !== null) {
      const ints = this.ints;
      for (let i = 0; i < this.count; i++) out[i] = String(ints[i]);
    } else {
      const m = this.members!;
      for (let i = 0; i < m.length; i++) out[i] = m[i];
    }
    return out;
  }

  /** Member at position i of the storage order (0 <= i < size): random picks. */
  at(i: number): string {
    return this.ints !== null ? String(this.ints[i]) : this.members![i];
  }

  /** Removes and returns the member at position i (SPOP). */
  removeAt(i: number): string {
    if (this.ints === null) {
      const m = this.members![i];
      this.removeMemberAt(i);
      return m;
    }
    const ints = this.ints;
    const s = String(ints[i]);
    ints.copyWithin(i, i + 1, this.count);
    this.count--;
    this.bytes -= INT_BYTES;
    return s;
  }

  /** Converts to the hashtable encoding (one way). */
  convert(): void {
    if (this.ints === null) return;
    const members: string[] = new Array(this.count);
    const index = new Map<string, number>();
    let bytes = BASE_BYTES;
    for (let i = 0; i < this.count; i++) {
      const s = String(this.ints[i]);
      members[i] = s;
      index.set(s, i);
      bytes += s.length + MEMBER_OVERHEAD;
    }
    this.ints = null;
    this.count = 0;
    this.members = members;
    this.index = index;
    this.bytes = bytes;
  }

  clone(): SetValue {
    const c = new SetValue(this.ints === null);
    if (this.ints !== null) {
      c.ints = this.ints.slice();
      c.count = this.count;
    } else {
      c.members = this.members!.slice();
      c.index = new Map(this.index!);
    }
    c.bytes = this.bytes;
    return c;
  }

  /** The encoding ('i' intset, 'h' hashtable), then the members: moving keeps the encoding, as in Redis. */
  toStrings(): string[] {
    const out = this.toArray();
    out.unshift(this.ints !== null ? 'i' : 'h');
    return out;
  }

  /** Rebuilds from toStrings() output. */
  static fromStrings(strings: string[]): SetValue {
    const intset = strings[0] === 'i';
    const s = new SetValue(!intset);
    if (intset) {
      // Already sorted and distinct: append.
      for (let i = 1; i < strings.length; i++) s.insertAt(s.count, intsetValue(strings[i])!);
    } else {
      const members = s.members!;
      const index = s.index!;
      for (let i = 1; i < strings.length; i++) {
        index.set(strings[i], members.length);
        members.push(strings[i]);
        s.bytes += strings[i].length + MEMBER_OVERHEAD;
      }
    }
    return s;
  }

  // ---- intset internals

  /** Binary search: the index of v, or -(insertion point) - 1. */
  private search(v: number | bigint): number {
    let ints = this.ints!;
    if (typeof v === 'bigint') {
      if (!(ints instanceof BigInt64Array)) {
        // A bigint is outside the safe range: it is beyond every stored value.
        return v > 0n ? -this.count - 1 : -1;
      }
    } else if (ints instanceof BigInt64Array) {
      v = BigInt(v);
    }
    let lo = 0;
    let hi = this.count - 1;
    ints = ints as Float64Array; // same comparisons for both array kinds
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = ints[mid];
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  private insertAt(i: number, v: number | bigint): void {
    let ints = this.ints!;
    if (typeof v === 'bigint' && !(ints instanceof BigInt64Array)) {
      const wide = new BigInt64Array(ints.length);
      for (let j = 0; j < this.count; j++) wide[j] = BigInt(ints[j]);
      ints = this.ints = wide;
    }
    if (this.count === ints.length) {
      const grown = ints instanceof BigInt64Array ? new BigInt64Array(ints.length * 2) : new Float64Array(ints.length * 2);
      (grown as Float64Array).set(ints as Float64Array);
      ints = this.ints = grown;
    }
    ints.copyWithin(i + 1, i, this.count);
    if (ints instanceof BigInt64Array) ints[i] = typeof v === 'bigint' ? v : BigInt(v);
    else ints[i] = v as number;
    this.count++;
    this.bytes += INT_BYTES;
  }

  // ---- hashtable internals

  private removeMemberAt(i: number): void {
    const members = this.members!;
    const index = this.index!;
    const m = members[i];
    const last = members.pop()!;
    if (i < members.length) {
      members[i] = last;
      index.set(last, i);
    }
    index.delete(m);
    this.bytes -= m.length + MEMBER_OVERHEAD;
  }
}

registerCollection('set', (strings) => SetValue.fromStrings(strings));
