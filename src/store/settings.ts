import type { Config } from '../server/config';
// The configuration a shard needs, copied into each shard at start and updated on CONFIG SET
// (the acceptor sends changed values to every shard in ring order).

export class ShardSettings {
  /** proto-max-bulk-len: also the largest string a command may build (APPEND, SETRANGE). */
  protoMaxBulkLen = 512 * 1024 * 1024;
  /** This shard's share of maxmemory (bytes; 0 = no limit). */
  maxmemory = 0;
  maxmemoryPolicy = 'noeviction';
  /** An LFU policy: read on every key access, so kept as a flag. */
  lfuPolicy = false;
  maxmemorySamples = 5;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  hz = 10;
  /** activerehashing: housekeeping moves a resizing key table along, not only writes. */
  activeRehashing = true;
  /** notify-keyspace-events as KeyspaceEvents flags (src/server/config.ts). */
  notifyFlags = 0;
  // Thresholds of the compact encodings (OBJECT ENCODING reports listpack/intset below them).
  listMaxListpackSize = -2;
  hashMaxListpackEntries = 512;
  hashMaxListpackValue = 64;
  setMaxIntsetEntries = 512;
  zsetMaxListpackEntries = 128;
  zsetMaxListpackValue = 64;
  /** hll-sparse-max-bytes: a sparse HyperLogLog longer than this becomes dense. */
  hllSparseMaxBytes = 3000;
  /** Where a stream node (Redis's listpack) closes: its encoded size, its entries (0 = no limit). */
  streamNodeMaxBytes = 4096;
  streamNodeMaxEntries = 100;
  /** busy-reply-threshold (ms): where an inline shard's script starts giving the thread back. */
  busyReplyThreshold = 5000;

  /** Applies one directive's value (as CONFIG GET shows it). Unknown names are ignored. */
  apply(name: string, value: string, shards: number): void {
    switch (name) {
      case 'proto-max-bulk-len': this.protoMaxBulkLen = Number(value); break;
      case 'maxmemory': this.maxmemory = Math.floor(Number(value) / Math.max(1, shards)); break;
      case 'maxmemory-policy': this.maxmemoryPolicy = value; this.lfuPolicy = value.endsWith('-lfu'); break;
      case 'maxmemory-samples': this.maxmemorySamples = Number(value); break;
      case 'lfu-log-factor': this.lfuLogFactor = Number(value); break;
      case 'lfu-decay-time': this.lfuDecayTime = Number(value); break;
      case 'notify-keyspace-events': this.notifyFlags = Number(value); break;
      case 'activerehashing': this.activeRehashing = value === 'yes'; break;
      case 'hz': this.hz = Math.min(500, Math.max(1, Number(value))); break;
      case 'list-max-listpack-size': this.listMaxListpackSize = Number(value); break;
      case 'hash-max-listpack-entries': this.hashMaxListpackEntries = Number(value); break;
      case 'hash-max-listpack-value': this.hashMaxListpackValue = Number(value); break;
      case 'set-max-intset-entries': this.setMaxIntsetEntries = Number(value); break;
      case 'zset-max-listpack-entries': this.zsetMaxListpackEntries = Number(value); break;
      case 'zset-max-listpack-value': this.zsetMaxListpackValue = Number(value); break;
      case 'hll-sparse-max-bytes': this.hllSparseMaxBytes = Number(value); break;
      case 'stream-node-max-bytes': this.streamNodeMaxBytes = Number(value); break;
      case 'stream-node-max-entries': this.streamNodeMaxEntries = Number(value); break;
      case 'busy-reply-threshold': this.busyReplyThreshold = Number(value); break;
    }
  }
}

/** Directives whose values shards need. */
export const SHARD_DIRECTIVES = [
  'proto-max-bulk-len', 'maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'lfu-log-factor', 'lfu-decay-time', 'hz', 'activerehashing',
  'list-max-listpack-size', 'hash-max-listpack-entries', 'hash-max-listpack-value', 'set-max-intset-entries',
  'zset-max-listpack-entries', 'zset-max-listpack-value', 'notify-keyspace-events', 'hll-sparse-max-bytes',
  'stream-node-max-bytes', 'stream-node-max-entries', 'busy-reply-threshold',
];

/**
 * A directive's value as shards receive it: CONFIG GET's text, except notify-keyspace-events,
 * which goes as its flag bits (its text form cannot show 'n' together with 'A').
 */
export function shardSettingValue(config: Config, name: string): string {
  return name === 'notify-keyspace-events' ? String(config.getInt(name)) : config.get(name);
}
