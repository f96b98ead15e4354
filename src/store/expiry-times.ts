// A db's expiry times: a KeyTable from each key with a TTL to a slot of one Float64Array of
// times (ms). Setting a TTL stores a small integer in the table and a double in the array, so
// nothing is allocated that the scavenger must copy and track. A table of boxed times did: each
// new time was a young heap number written at a random slot of a big old array, which V8's
// scavenger handles slowly (BENCHMARKS.md history, ninth and tenth sessions).
// A key's Entry also holds its slot (Entry.ttlSlot), so reading or rewriting the TTL of a key
// already looked up is one array access; the table serves walks, sampling and reads by key.
import { KeyTable } from './keytable';

export class ExpiryTimes {
  /** key -> its slot in `times`. */
  private readonly slots = new KeyTable<number>();
  private times = new Float64Array(64);
  /** Slots given back by deleted keys, reused before the array grows. */
  private freeSlots: number[] = [];
  /** Slots handed out so far (the array's high-water mark). */
  private used = 0;

  get size(): number { return this.slots.size; }

  /** True while a resize of the key table is under way (see KeyTable). */
  get rehashing(): boolean { return this.slots.rehashing; }

  rehashFor(ms: number): boolean { return this.slots.rehashFor(ms); }

  get(key: string): number | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.times[slot];
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** The time in a key's slot (Entry.ttlSlot): one array load, no probe of the table. */
  timeAt(slot: number): number {
    return this.times[slot];
  }

  /** Rewrites the time in a key's slot. */
  setAt(slot: number, at: number): void {
    this.times[slot] = at;
  }

  /** Gives a key that has no time one; returns the key's slot. */
  add(key: string, at: number): number {
    const slot = this.freeSlot();
    this.times[slot] = at;
    this.slots.set(key, slot);
    return slot;
  }

  /** Removes the time of a key that has one, in `slot` (its Entry.ttlSlot): one probe of the table. */
  delete(key: string, slot: number): void {
    this.slots.delete(key);
    this.freeSlots.push(slot);
  }

  clear(): void {
    this.slots.clear();
    this.times = new Float64Array(64);
    this.freeSlots = [];
    this.used = 0;
  }

  /** Every key with a time (KeyTable.keys: safe while the table changes). */
  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** Calls `visit` for every key and its time; nothing may change meanwhile. */
  forEach(visit: (key: string, at: number) => void): void {
    this.slots.forEach((key, slot) => visit(key, this.times[slot]));
  }

  private freeSlot(): number {
    if (this.freeSlots.length > 0) return this.freeSlots.pop()!;
    if (this.used === this.times.length) {
      const grown = new Float64Array(this.used * 2);
      grown.set(this.times);
      this.times = grown;
    }
    return this.used++;
  }
}
