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

/**
 * Error codes counted for INFO errorstats (the first word of an error reply). Shards write only
 * these codes; anything else would count as the last one.
 */
export const ERROR_CODES = ['ERR', 'WRONGTYPE', 'OOM', 'NOSCRIPT', 'BUSY', 'NOTBUSY', 'UNKILLABLE', 'EXECABORT',
  'BUSYGROUP', 'NOGROUP', 'INVALIDOBJ', 'CROSSSLOT', 'NOPERM', 'UNBLOCKED', 'NOAUTH', 'WRONGPASS', 'NOPROTO', 'DENIED',
  'OTHER'];

/**
 * Latency histogram buckets per command: bucket i holds durations below 2^((i + 1) / 4) µs, so
 * percentiles are reported within 19% (the last bucket takes everything above ~1 s).
 */
export const LATENCY_BUCKETS = 80;

export function latencyBucket(usec: number): number {
  if (usec < 1) return 0;
  const b = Math.floor(Math.log2(usec) * 4);
  return b >= LATENCY_BUCKETS ? LATENCY_BUCKETS - 1 : b;
}

export function bucketUpperUsec(bucket: number): number {
  return Math.pow(2, (bucket + 1) / 4);
}

/** Per command: execution µs, failed calls, then the latency histogram. */
const CMD_FIELDS = 2 + LATENCY_BUCKETS;

/** The first word of an error reply written at buf[from] ("-WRONGTYPE ..." → "WRONGTYPE"). */
export function errorCodeAt(buf: Buffer, from: number, to: number): string {
  let end = from + 1;
  while (end < to && buf[end] !== 0x20 && buf[end] !== 0x0d) end++;
  return buf.latin1Slice(from + 1, end);
}

/** Execution counters of one shard, or of the acceptor for the commands it runs itself. */
export class ShardStats {
  readonly values: Float64Array;
  private readonly dbBase = Stat.Fields;
  private readonly errorBase: number;
  private readonly cmdBase: number;

  constructor(readonly dbCount: number, readonly commandCount: number, buffer?: SharedArrayBuffer) {
    this.errorBase = this.dbBase + dbCount * DB_FIELDS;
    this.cmdBase = this.errorBase + ERROR_CODES.length;
    const fields = this.cmdBase + commandCount * CMD_FIELDS;
    this.values = new Float64Array(buffer ?? new SharedArrayBuffer(fields * 8));
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

  /** Records one execution of a command: its time, and whether it replied with an error code. */
  recordCommand(id: number, usec: number, errorCode: string | null): void {
    const at = this.cmdBase + id * CMD_FIELDS;
    this.values[at] += usec;
    this.values[at + 2 + latencyBucket(usec)]++;
    if (errorCode !== null) {
      this.values[at + 1]++;
      this.recordError(errorCode);
    }
  }

  /** Counts an error reply by its code (also for commands refused before running). */
  recordError(code: string): void {
    const i = ERROR_CODES.indexOf(code);
    this.values[this.errorBase + (i < 0 ? ERROR_CODES.length - 1 : i)]++;
  }

  commandTime(id: number): number { return this.values[this.cmdBase + id * CMD_FIELDS]; }
  commandFailures(id: number): number { return this.values[this.cmdBase + id * CMD_FIELDS + 1]; }
  errorCount(code: number): number { return this.values[this.errorBase + code]; }

  /** Adds this shard's latency histogram of a command into `into`. */
  addLatencies(id: number, into: Float64Array): void {
    const at = this.cmdBase + id * CMD_FIELDS + 2;
    for (let i = 0; i < LATENCY_BUCKETS; i++) into[i] += this.values[at + i];
  }

  resetCounters(): void {
    this.values[Stat.KeyspaceHits] = 0;
    this.values[Stat.KeyspaceMisses] = 0;
    this.values[Stat.ExpiredKeys] = 0;
    this.values[Stat.EvictedKeys] = 0;
    this.values.fill(0, this.errorBase);
  }
}
