// What TYPE and OBJECT ENCODING report for a value, with Redis's names.
import { parseInt64 } from '../util/numbers';
import type { Value } from './keyspace';

export function typeName(_value: Value): string {
  return 'string';
}

/** Redis's encoding names: strings are int, embstr (up to 44 bytes) or raw. */
export function encodingOf(value: Value): string {
  if (value.length <= 20 && parseInt64(value) !== null) return 'int';
  return value.length <= 44 ? 'embstr' : 'raw';
}
