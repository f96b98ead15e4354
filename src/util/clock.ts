// The server clock as TIME reports it (a leaf module: the acceptor's TIME and TIME in scripts).
import type { ReplyWriter } from '../protocol/writer';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';

/** TIME's reply: [unix seconds, microseconds], wall clock to the millisecond. */
export function writeServerTime(w: ReplyWriter): void {
  const us = BigInt(Date.now()) * 1000n + BigInt(Math.floor((performance.now() % 1) * 1000));
  w.array(2);
  w.bulk(String(us / 1000000n));
  w.bulk(String(us % 1000000n));
}
