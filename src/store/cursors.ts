// Cursors for HSCAN/SSCAN/ZSCAN over a collection's Map or Set that changes between calls (SCAN
// over a db walks its KeyTable's buckets instead, src/store/keytable.ts).
//
// A cursor keeps a live JS iterator: V8's Map/Set iterators survive inserts, deletes and rehashes,
// visiting every entry present for the whole iteration exactly once and never a deleted one. That
// is Redis's SCAN guarantee (and better: no duplicates). A cursor id unknown to the shard (evicted
// from the table, or from before a restart) restarts the iteration: keys may repeat, none are lost.

const MAX_CURSORS = 4096;

export class CursorTable<T> {
  private readonly open = new Map<number, { source: object; it: Iterator<T> }>();
  private nextId = 1;

  /** The iterator for `cursor` over `source` (a fresh one for cursor 0 or an unknown id). */
  resume(cursor: number, source: { [Symbol.iterator](): Iterator<T> } & object): Iterator<T> {
    const found = cursor === 0 ? undefined : this.open.get(cursor);
    if (found !== undefined && found.source === source) {
      this.open.delete(cursor);
      return found.it;
    }
    return source[Symbol.iterator]();
  }

  /** Stores an unfinished iterator and returns its cursor id (never 0). */
  save(source: object, it: Iterator<T>): number {
    if (this.open.size >= MAX_CURSORS) this.open.delete(this.open.keys().next().value as number);
    const id = this.nextId++;
    if (this.nextId > 0xffffffffff) this.nextId = 1;
    this.open.set(id, { source, it });
    return id;
  }
}
