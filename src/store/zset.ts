// The sorted set value (Redis's t_zset.c data side).
//
// Elements are ordered by (score, member), members compared bytewise (latin1 strings compare
// like memcmp). The order lives in a counted B+tree: leaves hold parallel arrays of members and
// scores and are linked both ways; inner nodes hold their children's sizes (for ranks) and
// separator keys (for searches). Insert, delete, rank and "element at rank" are O(log n); a
// range is O(log n + m). A Map member → score alongside answers ZSCORE in O(1).
//
// Small sets are "listpack" encoded, as OBJECT ENCODING reports: no Map, and the tree is one
// unsplit leaf, i.e. two sorted arrays searched linearly (as Redis's listpack is). Past
// zset-max-listpack-entries elements, or a member longer than zset-max-listpack-value, the set
// becomes "skiplist" encoded (the Map plus a real tree), for good.
import { Collection, registerCollection } from './types';
import type { ShardSettings } from './settings';

const LEAF_MAX = 64;
const LEAF_MIN = 16;
const NODE_MAX = 64;
const NODE_MIN = 16;
/** Fill of leaves and inner nodes built in bulk (conversion, clones, *STORE results). */
const BULK_FILL = 48;

export class Leaf {
  prev: Leaf | null = null;
  next: Leaf | null = null;
  constructor(public m: string[], public s: number[]) {}
}

class Inner {
  constructor(
    public kids: Array<Leaf | Inner>,
    /** Number of elements under each kid. */
    public cnt: number[],
    /** sep[i] separates kids i and i+1: keys(kid i) < sep[i] <= keys(kid i+1). */
    public sepS: number[],
    public sepM: string[],
  ) {}
}

/** (s1, m1) < (s2, m2) in sorted-set order. */
function less(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

/** A predicate over elements that is false, then true, along the order (for searches). */
export type Monotone = (s: number, m: string) => boolean;

// Scratch path of the last descent (inner nodes and the kid index taken in each).
const pathNodes: Inner[] = [];
const pathIdx: number[] = [];

/** The ordered elements: a counted B+tree (height 0: the root is a single leaf). */
export class ScoreTree {
  root: Leaf | Inner;
  height = 0;
  size = 0;
  head: Leaf;
  tail: Leaf;
  /** While false the root leaf is never split (the listpack encoding). */
  splits: boolean;

  constructor(splits: boolean) {
    const leaf = new Leaf([], []);
    this.root = leaf;
    this.head = leaf;
    this.tail = leaf;
    this.splits = splits;
  }

  /** Builds a tree from elements already in order (it may keep the arrays given). */
  static fromSorted(m: string[], s: number[], splits: boolean): ScoreTree {
    const t = new ScoreTree(splits);
    const n = m.length;
    t.size = n;
    if (!splits || n <= LEAF_MAX) {
      const leaf = t.root as Leaf;
      leaf.m = m;
      leaf.s = s;
      return t;
    }
    // Leaves of near-equal sizes, then levels of inner nodes over them.
    const leaves = Math.ceil(n / BULK_FILL);
    let level: Array<Leaf | Inner> = [];
    let sizes: number[] = [];
    let firstS: number[] = [];
    let firstM: string[] = [];
    let prev: Leaf | null = null;
    for (let i = 0, from = 0; i < leaves; i++) {
      const to = from + Math.floor(n / leaves) + (i < n % leaves ? 1 : 0);
      const leaf = new Leaf(m.slice(from, to), s.slice(from, to));
      leaf.prev = prev;
      if (prev !== null) prev.next = leaf;
      else t.head = leaf;
      prev = leaf;
      level.push(leaf);
      sizes.push(to - from);
      firstS.push(s[from]);
      firstM.push(m[from]);
      from = to;
    }
    t.tail = prev!;
    while (level.length > 1) {
      const k = level.length;
      const groups = Math.ceil(k / BULK_FILL);
      const up: Array<Leaf | Inner> = [];
      const upSizes: number[] = [];
      const upS: number[] = [];
      const upM: string[] = [];
      for (let g = 0, from = 0; g < groups; g++) {
        const to = from + Math.floor(k / groups) + (g < k % groups ? 1 : 0);
        const cnt = sizes.slice(from, to);
        let total = 0;
        for (const c of cnt) total += c;
        up.push(new Inner(level.slice(from, to), cnt, firstS.slice(from + 1, to), firstM.slice(from + 1, to)));
        upSizes.push(total);
        upS.push(firstS[from]);
        upM.push(firstM[from]);
        from = to;
      }
      level = up;
      sizes = upSizes;
      firstS = upS;
      firstM = upM;
      t.height++;
    }
    t.root = level[0];
    return t;
  }

  /** Index of the kid of `node` whose subtree holds (s, m) or would hold it. */
  private static route(node: Inner, s: number, m: string): number {
    const sepS = node.sepS;
    const sepM = node.sepM;
    let lo = 0;
    let hi = sepS.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ss = sepS[mid];
      if (ss < s || (ss === s && sepM[mid] <= m)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in a leaf not below (s, m). */
  private static lowerBound(leaf: Leaf, s: number, m: string): number {
    const ls = leaf.s;
    const lm = leaf.m;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ss = ls[mid];
      if (ss < s || (ss === s && lm[mid] < m)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Descends to the leaf for (s, m), recording the path. */
  private descend(s: number, m: string): Leaf {
    let node = this.root;
    pathNodes.length = 0;
    pathIdx.length = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const i = ScoreTree.route(inner, s, m);
      pathNodes.push(inner);
      pathIdx.push(i);
      node = inner.kids[i];
    }
    return node as Leaf;
  }

  /** Inserts an element known to be absent. */
  insert(s: number, m: string): void {
    const leaf = this.descend(s, m);
    const pos = ScoreTree.lowerBound(leaf, s, m);
    const lm = leaf.m;
    const ls = leaf.s;
    if (pos === lm.length) {
      lm.push(m);
      ls.push(s);
    } else {
      lm.splice(pos, 0, m);
      ls.splice(pos, 0, s);
    }
    for (let d = 0; d < pathNodes.length; d++) pathNodes[d].cnt[pathIdx[d]]++;
    this.size++;
    if (this.splits && lm.length > LEAF_MAX) this.splitLeaf(leaf);
  }

  private splitLeaf(leaf: Leaf): void {
    const mid = leaf.m.length >> 1;
    const right = new Leaf(leaf.m.splice(mid), leaf.s.splice(mid));
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next !== null) leaf.next.prev = right;
    else this.tail = right;
    leaf.next = right;
    this.addKid(pathNodes.length - 1, leaf.m.length, right, right.m.length, right.s[0], right.m[0]);
  }

  /**
   * After the kid at path depth d+1 split: its left part keeps `leftCount` elements and `right`
   * (with `rightCount`) goes after it, separated by (sepS, sepM).
   */
  private addKid(d: number, leftCount: number, right: Leaf | Inner, rightCount: number, sepS: number, sepM: string): void {
    if (d < 0) {
      this.root = new Inner([this.root, right], [leftCount, rightCount], [sepS], [sepM]);
      this.height++;
      return;
    }
    const node = pathNodes[d];
    const i = pathIdx[d];
    node.cnt[i] = leftCount;
    node.kids.splice(i + 1, 0, right);
    node.cnt.splice(i + 1, 0, rightCount);
    node.sepS.splice(i, 0, sepS);
    node.sepM.splice(i, 0, sepM);
    if (node.kids.length <= NODE_MAX) return;
    const mid = node.kids.length >> 1;
    const kids = node.kids.splice(mid);
    const cnt = node.cnt.splice(mid);
    const rs = node.sepS.splice(mid);
    const rm = node.sepM.splice(mid);
    const upS = node.sepS.pop()!;
    const upM = node.sepM.pop()!;
    let lc = 0;
    for (const c of node.cnt) lc += c;
    let rc = 0;
    for (const c of cnt) rc += c;
    this.addKid(d - 1, lc, new Inner(kids, cnt, rs, rm), rc, upS, upM);
  }

  /** Deletes (s, m); false if it is not there. */
  delete(s: number, m: string): boolean {
    const leaf = this.descend(s, m);
    const pos = ScoreTree.lowerBound(leaf, s, m);
    if (pos >= leaf.m.length || leaf.m[pos] !== m || leaf.s[pos] !== s) return false;
    if (pos === leaf.m.length - 1) {
      leaf.m.pop();
      leaf.s.pop();
    } else {
      leaf.m.splice(pos, 1);
      leaf.s.splice(pos, 1);
    }
    for (let d = 0; d < pathNodes.length; d++) pathNodes[d].cnt[pathIdx[d]]--;
    this.size--;
    if (this.height > 0 && leaf.m.length < LEAF_MIN) this.fixLeaf();
    return true;
  }

  /** The leaf at the end of the path has too few elements: merge it or borrow from a sibling. */
  private fixLeaf(): void {
    const d = pathNodes.length - 1;
    const parent = pathNodes[d];
    const i = pathIdx[d];
    const leaf = parent.kids[i] as Leaf;
    if (i > 0) {
      const left = parent.kids[i - 1] as Leaf;
      if (left.m.length + leaf.m.length <= LEAF_MAX) this.mergeLeaves(parent, i - 1);
      else {
        const k = (left.m.length - leaf.m.length) >> 1;
        const at = left.m.length - k;
        leaf.m.unshift(...left.m.splice(at));
        leaf.s.unshift(...left.s.splice(at));
        parent.cnt[i - 1] -= k;
        parent.cnt[i] += k;
        parent.sepS[i - 1] = leaf.s[0];
        parent.sepM[i - 1] = leaf.m[0];
      }
    } else {
      const right = parent.kids[i + 1] as Leaf;
      if (leaf.m.length + right.m.length <= LEAF_MAX) this.mergeLeaves(parent, i);
      else {
        const k = (right.m.length - leaf.m.length) >> 1;
        leaf.m.push(...right.m.splice(0, k));
        leaf.s.push(...right.s.splice(0, k));
        parent.cnt[i] += k;
        parent.cnt[i + 1] -= k;
        parent.sepS[i] = right.s[0];
        parent.sepM[i] = right.m[0];
      }
    }
    this.fixInner(d);
  }

  private mergeLeaves(parent: Inner, j: number): void {
    const a = parent.kids[j] as Leaf;
    const b = parent.kids[j + 1] as Leaf;
    for (let k = 0; k < b.m.length; k++) { a.m.push(b.m[k]); a.s.push(b.s[k]); }
    a.next = b.next;
    if (b.next !== null) b.next.prev = a;
    else this.tail = a;
    parent.cnt[j] += parent.cnt[j + 1];
    parent.kids.splice(j + 1, 1);
    parent.cnt.splice(j + 1, 1);
    parent.sepS.splice(j, 1);
    parent.sepM.splice(j, 1);
  }

  /** Restores the fill of the inner node at path depth d (and above) after a merge below it. */
  private fixInner(d: number): void {
    for (; d >= 0; d--) {
      const node = pathNodes[d];
      if (d === 0) {
        // The root: drop it when it has a single kid left.
        while (this.height > 0 && (this.root as Inner).kids.length === 1) {
          this.root = (this.root as Inner).kids[0];
          this.height--;
        }
        return;
      }
      if (node.kids.length >= NODE_MIN) return;
      const parent = pathNodes[d - 1];
      const i = pathIdx[d - 1];
      if (i > 0) {
        const left = parent.kids[i - 1] as Inner;
        if (left.kids.length + node.kids.length <= NODE_MAX) this.mergeInner(parent, i - 1);
        else {
          const k = (left.kids.length - node.kids.length) >> 1;
          const at = left.kids.length - k;
          const kids = left.kids.splice(at);
          const cnt = left.cnt.splice(at);
          const ms = left.sepS.splice(at);
          const mm = left.sepM.splice(at);
          const upS = left.sepS.pop()!;
          const upM = left.sepM.pop()!;
          node.kids.unshift(...kids);
          node.cnt.unshift(...cnt);
          node.sepS.unshift(...ms, parent.sepS[i - 1]);
          node.sepM.unshift(...mm, parent.sepM[i - 1]);
          parent.sepS[i - 1] = upS;
          parent.sepM[i - 1] = upM;
          let moved = 0;
          for (const c of cnt) moved += c;
          parent.cnt[i - 1] -= moved;
          parent.cnt[i] += moved;
        }
      } else {
        const right = parent.kids[i + 1] as Inner;
        if (node.kids.length + right.kids.length <= NODE_MAX) this.mergeInner(parent, i);
        else {
          const k = (right.kids.length - node.kids.length) >> 1;
          const kids = right.kids.splice(0, k);
          const cnt = right.cnt.splice(0, k);
          const ms = right.sepS.splice(0, k - 1);
          const mm = right.sepM.splice(0, k - 1);
          const upS = right.sepS.shift()!;
          const upM = right.sepM.shift()!;
          node.kids.push(...kids);
          node.cnt.push(...cnt);
          node.sepS.push(parent.sepS[i], ...ms);
          node.sepM.push(parent.sepM[i], ...mm);
          parent.sepS[i] = upS;
          parent.sepM[i] = upM;
          let moved = 0;
          for (const c of cnt) moved += c;
          parent.cnt[i] += moved;
          parent.cnt[i + 1] -= moved;
        }
      }
    }
  }

  private mergeInner(parent: Inner, j: number): void {
    const a = parent.kids[j] as Inner;
    const b = parent.kids[j + 1] as Inner;
    a.sepS.push(parent.sepS[j], ...b.sepS);
    a.sepM.push(parent.sepM[j], ...b.sepM);
    a.kids.push(...b.kids);
    a.cnt.push(...b.cnt);
    parent.cnt[j] += parent.cnt[j + 1];
    parent.kids.splice(j + 1, 1);
    parent.cnt.splice(j + 1, 1);
    parent.sepS.splice(j, 1);
    parent.sepM.splice(j, 1);
  }

  /** 0-based rank of (s, m), or -1 if absent. */
  rank(s: number, m: string): number {
    let node = this.root;
    let r = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const i = ScoreTree.route(inner, s, m);
      const cnt = inner.cnt;
      for (let k = 0; k < i; k++) r += cnt[k];
      node = inner.kids[i];
    }
    const leaf = node as Leaf;
    const pos = ScoreTree.lowerBound(leaf, s, m);
    if (pos >= leaf.m.length || leaf.m[pos] !== m || leaf.s[pos] !== s) return -1;
    return r + pos;
  }

  /**
   * The number of elements for which `test` is false, `test` being false then true along the
   * order: the rank of the first element passing it (size if none does).
   */
  countBefore(test: Monotone): number {
    let node = this.root;
    let r = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const sepS = inner.sepS;
      const sepM = inner.sepM;
      let lo = 0;
      let hi = sepS.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (test(sepS[mid], sepM[mid])) hi = mid;
        else lo = mid + 1;
      }
      const cnt = inner.cnt;
      for (let k = 0; k < lo; k++) r += cnt[k];
      node = inner.kids[lo];
    }
    const leaf = node as Leaf;
    let lo = 0;
    let hi = leaf.m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(leaf.s[mid], leaf.m[mid])) hi = mid;
      else lo = mid + 1;
    }
    return r + lo;
  }

  /** A cursor on the element at `rank` (0 <= rank < size). */
  at(rank: number): TreeCursor {
    let node = this.root;
    let r = rank;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const cnt = inner.cnt;
      let i = 0;
      while (r >= cnt[i]) { r -= cnt[i]; i++; }
      node = inner.kids[i];
    }
    return new TreeCursor(node as Leaf, r);
  }

  /** Checks the structure's invariants (tests). Throws on the first violation. */
  check(): void {
    const walk = (node: Leaf | Inner, h: number, lo: [number, string] | null, hi: [number, string] | null, isRoot: boolean): number => {
      if (h === 0) {
        const leaf = node as Leaf;
        if (leaf.m.length !== leaf.s.length) throw new Error('leaf arrays differ');
        if (this.splits && !isRoot && (leaf.m.length < LEAF_MIN || leaf.m.length > LEAF_MAX)) throw new Error(`leaf size ${leaf.m.length}`);
        for (let i = 0; i < leaf.m.length; i++) {
          if (i > 0 && !less(leaf.s[i - 1], leaf.m[i - 1], leaf.s[i], leaf.m[i])) throw new Error('leaf out of order');
          if (lo && less(leaf.s[i], leaf.m[i], lo[0], lo[1])) throw new Error('below separator');
          if (hi && !less(leaf.s[i], leaf.m[i], hi[0], hi[1])) throw new Error('not below separator');
        }
        return leaf.m.length;
      }
      const inner = node as Inner;
      if (inner.sepS.length !== inner.kids.length - 1 || inner.cnt.length !== inner.kids.length) throw new Error('inner arrays');
      if (!isRoot && (inner.kids.length < NODE_MIN || inner.kids.length > NODE_MAX)) throw new Error(`inner size ${inner.kids.length}`);
      if (isRoot && inner.kids.length < 2) throw new Error('root with one kid');
      let total = 0;
      for (let i = 0; i < inner.kids.length; i++) {
        const a: [number, string] | null = i === 0 ? lo : [inner.sepS[i - 1], inner.sepM[i - 1]];
        const b: [number, string] | null = i === inner.kids.length - 1 ? hi : [inner.sepS[i], inner.sepM[i]];
        const n = walk(inner.kids[i], h - 1, a, b, false);
        if (n !== inner.cnt[i]) throw new Error(`count ${inner.cnt[i]} != ${n}`);
        total += n;
      }
      return total;
    };
    const n = walk(this.root, this.height, null, null, true);
    if (n !== this.size) throw new Error(`size ${this.size} != ${n}`);
    let count = 0;
    let prev: Leaf | null = null;
    for (let l: Leaf | null = this.head; l !== null; l = l.next) {
      if (l.prev !== prev) throw new Error('bad prev link');
      count += l.m.length;
      prev = l;
    }
    if (prev !== this.tail || count !== this.size) throw new Error('leaf chain');
  }
}

/** A position in the tree's element order, moving along the leaf chain. */
export class TreeCursor {
  constructor(public leaf: Leaf, public i: number) {}

  get member(): string { return this.leaf.m[this.i]; }
  get score(): number { return this.leaf.s[this.i]; }

  /** Moves to the next element; false past the last one. */
  next(): boolean {
    if (++this.i < this.leaf.m.length) return true;
    for (let l = this.leaf.next; l !== null; l = l.next) {
      if (l.m.length > 0) { this.leaf = l; this.i = 0; return true; }
    }
    return false;
  }

  /** Moves to the previous element; false before the first one. */
  prev(): boolean {
    if (--this.i >= 0) return true;
    for (let l = this.leaf.prev; l !== null; l = l.prev) {
      if (l.m.length > 0) { this.leaf = l; this.i = l.m.length - 1; return true; }
    }
    return false;
  }
}

/**
 * Estimated heap bytes: a fixed part, and per element beyond its member's characters (string
 * header, array slots, Map entry, boxed score). Measured on Node 20 (V8 heap growth, members of
 * ~11 chars): 57 B/element for listpacks of 100, 89 for listpacks of 10, 107 for a 1M skiplist.
 */
const ZSET_BASE = 300;
const LISTPACK_PER_ELEMENT = 46;
const SKIPLIST_PER_ELEMENT = 96;

export class ZSet extends Collection {
  readonly type = 'zset' as const;
  /** member → score, or null while listpack-encoded. */
  dict: Map<string, number> | null;
  tree: ScoreTree;
  /** Sum of the members' lengths. */
  private chars = 0;

  constructor(skiplist: boolean) {
    super();
    this.dict = skiplist ? new Map() : null;
    this.tree = new ScoreTree(skiplist);
    this.bytes = ZSET_BASE;
  }

  /**
   * A new empty set for a key about to get elements (ZADD's rule): skiplist-encoded when
   * listpacks are disabled or the first member is already too long for one.
   */
  static create(settings: ShardSettings, firstMemberLength: number): ZSet {
    return new ZSet(settings.zsetMaxListpackEntries === 0 || firstMemberLength > settings.zsetMaxListpackValue);
  }

  /**
   * A set from elements in (score, member) order with distinct members, encoded as the *STORE
   * commands encode their results.
   */
  static fromSorted(m: string[], s: number[], settings: ShardSettings): ZSet {
    let maxLen = 0;
    let chars = 0;
    for (const x of m) { chars += x.length; if (x.length > maxLen) maxLen = x.length; }
    const listpack = m.length <= settings.zsetMaxListpackEntries && maxLen <= settings.zsetMaxListpackValue;
    return ZSet.build(m, s, !listpack, chars);
  }

  /** A set of the given encoding from elements in order (it keeps the arrays); `chars` sums the members' lengths. */
  static build(m: string[], s: number[], skiplist: boolean, chars: number): ZSet {
    const z = new ZSet(skiplist);
    if (!skiplist) for (let i = 0; i < s.length; i++) if (s[i] === 0) s[i] = 0; // listpacks store -0 as 0
    z.tree = ScoreTree.fromSorted(m, s, skiplist);
    if (skiplist) {
      const dict = z.dict!;
      for (let i = 0; i < m.length; i++) dict.set(m[i], s[i]);
    }
    z.chars = chars;
    z.recount();
    return z;
  }

  get size(): number { return this.tree.size; }

  get isListpack(): boolean { return this.dict === null; }

  encoding(): string { return this.dict === null ? 'listpack' : 'skiplist'; }

  private recount(): void {
    this.bytes = ZSET_BASE + this.chars + this.tree.size * (this.dict === null ? LISTPACK_PER_ELEMENT : SKIPLIST_PER_ELEMENT);
  }

  clone(): ZSet {
    const m: string[] = [];
    const s: number[] = [];
    this.forEach((mm, ss) => { m.push(mm); s.push(ss); });
    return ZSet.build(m, s, this.dict !== null, this.chars);
  }

  /** [encoding, member, score, member, score, ...]: scores round-trip exactly, -0 included. */
  toStrings(): string[] {
    const out: string[] = [this.encoding()];
    this.forEach((m, s) => { out.push(m, Object.is(s, -0) ? '-0' : String(s)); });
    return out;
  }

  /** Calls fn for every element in order. */
  forEach(fn: (member: string, score: number) => void): void {
    for (let l: Leaf | null = this.tree.head; l !== null; l = l.next) {
      const m = l.m;
      const s = l.s;
      for (let i = 0; i < m.length; i++) fn(m[i], s[i]);
    }
  }

  /** The score of a member, or undefined. */
  score(member: string): number | undefined {
    if (this.dict !== null) return this.dict.get(member);
    const leaf = this.tree.root as Leaf;
    const i = leaf.m.indexOf(member);
    return i < 0 ? undefined : leaf.s[i];
  }

  /** Switches to the skiplist encoding (one way). */
  convertToSkiplist(): void {
    if (this.dict !== null) return;
    const leaf = this.tree.root as Leaf;
    const dict = new Map<string, number>();
    for (let i = 0; i < leaf.m.length; i++) dict.set(leaf.m[i], leaf.s[i]);
    this.dict = dict;
    this.tree = ScoreTree.fromSorted(leaf.m, leaf.s, true);
    this.recount();
  }

  /**
   * Adds a member known to be absent, converting to the skiplist encoding first when the
   * listpack would grow past its limits (zsetAdd's rule).
   */
  insert(member: string, score: number, settings: ShardSettings): void {
    if (this.dict === null) {
      if (this.tree.size + 1 > settings.zsetMaxListpackEntries || member.length > settings.zsetMaxListpackValue) {
        this.convertToSkiplist();
      } else if (score === 0) {
        score = 0; // a listpack stores -0 as the integer 0
      }
    }
    if (this.dict !== null) this.dict.set(member, score);
    this.tree.insert(score, member);
    this.chars += member.length;
    this.recount();
  }

  /** Changes a present member's score. */
  update(member: string, oldScore: number, newScore: number): void {
    if (this.dict === null && newScore === 0) newScore = 0;
    this.tree.delete(oldScore, member);
    this.tree.insert(newScore, member);
    if (this.dict !== null) this.dict.set(member, newScore);
  }

  /** Removes a member; false if absent. */
  delete(member: string): boolean {
    const score = this.score(member);
    if (score === undefined) return false;
    this.removeKnown(member, score);
    return true;
  }

  private removeKnown(member: string, score: number): void {
    this.tree.delete(score, member);
    if (this.dict !== null) this.dict.delete(member);
    this.chars -= member.length;
    this.recount();
  }

  /** 0-based rank of a member (from the highest score when reverse), or -1. */
  rank(member: string, reverse: boolean): number {
    const score = this.score(member);
    if (score === undefined) return -1;
    const r = this.tree.rank(score, member);
    return reverse ? this.tree.size - 1 - r : r;
  }

  /** A cursor on the element at a 0-based rank (0 <= rank < size). */
  at(rank: number): TreeCursor {
    return this.tree.at(rank);
  }

  /** Removes the `count` elements from rank `start` on; returns them in order. */
  removeRange(start: number, count: number): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    if (count <= 0) return out;
    const c = this.tree.at(start);
    out.push([c.member, c.score]);
    for (let k = 1; k < count && c.next(); k++) out.push([c.member, c.score]);
    for (const [m, s] of out) this.removeKnown(m, s);
    return out;
  }

  /** Removes up to `count` elements from the low (or high) end; returns them in pop order. */
  pop(max: boolean, count: number): Array<[string, number]> {
    const n = Math.min(count, this.size);
    if (!max) return this.removeRange(0, n);
    const out = this.removeRange(this.size - n, n);
    out.reverse();
    return out;
  }

  /** Rank of the first element for which `test` holds (size if none): see ScoreTree.countBefore. */
  countBefore(test: Monotone): number {
    return this.tree.countBefore(test);
  }

  /** A member and score chosen uniformly at random (the set must not be empty). */
  random(): [string, number] {
    const c = this.tree.at(Math.floor(Math.random() * this.tree.size));
    return [c.member, c.score];
  }
}

registerCollection('zset', (strings) => {
  const m: string[] = [];
  const s: number[] = [];
  let chars = 0;
  for (let i = 1; i + 1 < strings.length; i += 2) {
    m.push(strings[i]);
    s.push(Number(strings[i + 1]));
    chars += strings[i].length;
  }
  return ZSet.build(m, s, strings[0] === 'skiplist', chars);
});
