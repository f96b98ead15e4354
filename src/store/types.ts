// What TYPE and OBJECT ENCODING report for a value, with Redis's names.
import { parseInt64 } from '../util/numbers';
import { META_RAW, type Entry, type Value } from './keyspace';

export function typeName(_value: Value): string {
  return 'string';
}

/** Redis's encoding names: strings are int, embstr (up to 44 bytes) or raw. */
export function encodingOf(e: Entry): string {
  const value = e.value;
  if (e.meta & META_RAW) return 'raw';
  if (value.length <= 20 && parseInt64(value) !== null) return 'int';
  return value.length <= 44 ? 'embstr' : 'raw';
}
