// Counters each shard publishes for INFO without any messaging: a Float64Array per shard over a
// SharedArrayBuffer that the shard writes and the acceptor reads. Eventually consistent, which
// is what INFO promises anyway.

export const enum Stat {
  KeyspaceHits,
  KeyspaceMisses,
  ExpiredKeys,
  EvictedKeys,
  /** Count of fields above. */
  Fields,
}

/** Per database: keys, keys with an expiry, estimated bytes. */
export const DB_FIELDS = 3;

export class ShardStats {
  readonly values: Float64Array;
  private readonly dbBase = Stat.Fields;
  private readonly cmdBase: number;

  constructor(readonly dbCount: number, readonly commandCount: number, buffer?: SharedArrayBuffer) {
    const fields = Stat.Fields + dbCount * DB_FIELDS + commandCount;
    this.values = new Float64Array(buffer ?? new SharedArrayBuffer(fields * 8));
    this.cmdBase = this.dbBase + dbCount * DB_FIELDS;
  }

  get buffer(): SharedArrayBuffer { return this.values.buffer as SharedArrayBuffer; }

  add(stat: Stat, n: number): void { this.values[stat] += n; }
  get(stat: Stat): number { return this.values[stat]; }

  setDb(db: number, keys: number, expires: number, bytes: number): void {
    const at = this.dbBase + db * DB_FIELDS;
    this.values[at] = keys;
    this.values[at + 1] = expires;
    this.values[at + 2] = bytes;
  }

  /** Estimated bytes of the shard's data, over all dbs. */
  dataBytes(): number {
    let total = 0;
    for (let db = 0; db < this.dbCount; db++) total += this.values[this.dbBase + db * DB_FIELDS + 2];
    return total;
  }

  dbKeys(db: number): number { return this.values[this.dbBase + db * DB_FIELDS]; }
  dbExpires(db: number): number { return this.values[this.dbBase + db * DB_FIELDS + 1]; }

  /** Microseconds spent executing a command, by command id. */
  addCommandTime(id: number, usec: number): void { this.values[this.cmdBase + id] += usec; }
  commandTime(id: number): number { return this.values[this.cmdBase + id]; }

  resetCounters(): void {
    this.values[Stat.KeyspaceHits] = 0;
    this.values[Stat.KeyspaceMisses] = 0;
    this.values[Stat.ExpiredKeys] = 0;
    this.values[Stat.EvictedKeys] = 0;
    this.values.fill(0, this.cmdBase);
  }
}
