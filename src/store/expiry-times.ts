// A db's expiry times: a KeyTable of the records of the keys with a TTL (records.ts), each time
// (ms) in the slot of one Float64Array that the record's header names. Setting a TTL stores a
// record and a double, so nothing is allocated that the scavenger must copy and track. A table of boxed times did: each
// new time was a young heap number written at a random slot of a big old array, which V8's
// scavenger handles slowly (BENCHMARKS.md history, ninth and tenth sessions).
// Reading or rewriting the TTL of a key already looked up is one array access (Entry.ttlSlot);
// the table serves walks, sampling and reads by key.
import { KeyTable } from './keytable';
import { F_TTL } from './records';
import { strings } from './slab';

export class ExpiryTimes {
  /** The records of the keys with a time, each naming its slot in `times`. */
  private readonly slots = new KeyTable();
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
    const rec = this.slots.get(key);
    return rec < 0 ? undefined : this.times[strings.int(rec, F_TTL)];
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

  /** Gives a key that has no time one (rec: its record); returns the slot, for the record's header. */
  add(key: string, rec: number, at: number): number {
    const slot = this.freeSlot();
    this.times[slot] = at;
    this.slots.set(key, rec);
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

  /** Calls `visit` for every record with a time, and its time; nothing may change meanwhile. */
  forEach(visit: (rec: number, at: number) => void): void {
    this.slots.forEach((rec) => visit(rec, this.times[strings.int(rec, F_TTL)]));
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
