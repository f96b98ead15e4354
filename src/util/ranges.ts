// Index ranges as Redis's commands read them: a negative index counts from the end.

/** LRANGE/LTRIM/ZRANGE (by rank) rules on n elements: [start, end] within 0..n-1, or null when empty. */
export function rankRange(start: number, end: number, n: number): [number, number] | null {
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  if (start > end || start >= n) return null;
  if (end >= n) end = n - 1;
  return [start, end];
}

/**
 * GETRANGE/BITCOUNT/BITPOS rules on n units: both ends clamped into 0..n-1 (an end before the
 * start of the string becomes 0). The range may come out empty (start > end); the caller says
 * what that answers.
 */
export function clampedRange(start: number, end: number, n: number): [number, number] {
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= n) end = n - 1;
  return [start, end];
}
