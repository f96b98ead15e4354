// Shorthands for the key specs most commands use.
import type { KeySpec } from './types';

/** One key at argv[index]. */
export function keyAt(index: number, ...flags: string[]): KeySpec[] {
  return [{ flags, begin: { index }, find: { range: { lastKey: 0, step: 1, limit: 0 } } }];
}

/** Keys from argv[index] to the end, every `step` arguments (MGET: 1, MSET: 2). */
export function keysToEnd(index: number, step: number, ...flags: string[]): KeySpec[] {
  return [{ flags, begin: { index }, find: { range: { lastKey: -1, step, limit: 0 } } }];
}
