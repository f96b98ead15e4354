// The timeout argument of blocking commands (BLPOP, BZPOPMIN, BLMOVE...), parsed as Redis does.
import type { ReplyWriter } from '../protocol/writer';
import type { BlockingSpec } from './types';
import { parseLongDouble } from '../util/longdouble';

/** Redis's blocking timeout rules: seconds as a float, ≥ 0; returns ms, or writes the error. */
export function parseBlockTimeout(arg: string, w: ReplyWriter): number {
  const parsed = parseLongDouble(arg);
  if (parsed === null) { w.error('ERR timeout is not a float or out of range'); return -1; }
  const seconds = typeof parsed === 'number' ? parsed : Number(arg);
  const ms = seconds * 1000;
  // Redis casts to a 64-bit integer: huge or infinite timeouts wrap to negative.
  if (!(ms >= 0) || ms >= 9.223372036854776e18) { w.error('ERR timeout is negative'); return -1; }
  return Math.floor(ms);
}

/** BlockingSpec.timeoutMs for a command whose timeout is argv[index(argv)] (already validated). */
export const timeoutOf = (index: (argv: string[]) => number): BlockingSpec['timeoutMs'] =>
  (argv) => Math.floor(Number(argv[index(argv)]) * 1000);

