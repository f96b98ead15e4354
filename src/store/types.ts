// Value types: strings are latin1 strings; every other type is a Collection object. This module
// says what TYPE and OBJECT ENCODING report, and how collections travel between shards.
import { parseInt64 } from '../util/numbers';
import { META_NO_INT, META_RAW, type Entry } from './keyspace';
import type { ShardSettings } from './settings';

/** A non-string value (list, hash, set, sorted set, stream). Commands mutate it in place. */
export abstract class Collection {
  /**
   * Estimated heap bytes of the contents, kept current by the collection itself; the Db adds the
   * change to its total after each command (Shard.afterWrite).
   */
  bytes = 0;
  /** TYPE's answer: 'list', 'hash', 'set', 'zset', 'stream'. */
  abstract readonly type: CollectionType;
  /** Number of elements; an empty collection's key is deleted, as in Redis. */
  abstract get size(): number;
  /** OBJECT ENCODING's answer, with Redis's names and thresholds. */
  abstract encoding(settings: ShardSettings): string;
  /** A deep copy (COPY, and values moved between shards keep no shared state). */
  abstract clone(): Collection;
  /** The contents as strings, in a form the type's factory rebuilds (moving between shards). */
  abstract toStrings(): string[];
}

export type CollectionType = 'list' | 'hash' | 'set' | 'zset' | 'stream';

/** Rebuilds a collection from toStrings() output. Each type module registers its own. */
export type CollectionFactory = (strings: string[], settings: ShardSettings) => Collection;

const factories = new Map<CollectionType, CollectionFactory>();

export function registerCollection(type: CollectionType, factory: CollectionFactory): void {
  factories.set(type, factory);
}

export function rebuildCollection(type: CollectionType, strings: string[], settings: ShardSettings): Collection {
  const f = factories.get(type);
  if (f === undefined) throw new Error(`no factory for ${type}`);
  return f(strings, settings);
}

export function typeName(value: string | Collection): string {
  return typeof value === 'string' ? 'string' : value.type;
}

/** Redis's encoding names: strings are int, embstr (up to 44 bytes) or raw. */
export function encodingOf(e: Entry, settings: ShardSettings): string {
  const value = e.value;
  if (typeof value !== 'string') return value.encoding(settings);
  if (e.meta & META_RAW) return 'raw';
  if (e.meta & META_NO_INT) return value.length <= 44 ? 'embstr' : 'raw';
  if (value.length <= 20 && parseInt64(value) !== null) return 'int';
  return value.length <= 44 ? 'embstr' : 'raw';
}
