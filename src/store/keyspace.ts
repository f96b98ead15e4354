// One database of one shard: the keys it owns, their values and their expiry times.
//
// Keys are latin1 strings (one char per byte: binary-safe, compact one-byte strings in V8, hashed
// once and cached by V8). String values are latin1 strings too; other types are objects.
// Expiry times live in a second map, as in Redis, so keys without a TTL pay nothing for it.

export type Value = string;

export class Entry {
  constructor(
    public value: Value,
    /** LRU clock (seconds, 24 bits) of the last access, or LFU data; a small integer, never boxed. */
    public lru: number,
  ) {}
}

export class Db {
  readonly dict = new Map<string, Entry>();
  /** Absolute expiry time in ms, for keys that have one. */
  readonly expires = new Map<string, number>();

  /** The database number; changes when SWAPDB swaps two Db objects. */
  constructor(public id: number) {}

  get size(): number { return this.dict.size; }

  /** The live entry for a key, deleting it first if it has expired. */
  lookup(key: string, now: number): Entry | undefined {
    const e = this.dict.get(key);
    if (e === undefined) return undefined;
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= now) {
        this.dict.delete(key);
        this.expires.delete(key);
        return undefined;
      }
    }
    return e;
  }

  /** Sets a key's value. SET semantics drop the TTL; in-place updates (APPEND, INCR) keep it. */
  set(key: string, value: Value, lru: number, keepTtl = false): void {
    const e = this.dict.get(key);
    if (e !== undefined) {
      e.value = value;
      e.lru = lru;
    } else {
      this.dict.set(key, new Entry(value, lru));
    }
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
  }

  /** Deletes a key if it exists and is live. */
  delete(key: string, now: number): boolean {
    if (this.lookup(key, now) === undefined) return false;
    this.dict.delete(key);
    this.expires.delete(key);
    return true;
  }

  flush(): void {
    this.dict.clear();
    this.expires.clear();
  }
}
