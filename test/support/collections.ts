// Helpers for differential tests of collection types: splitting raw RESP replies into their
// elements, so replies whose order (or choice of elements) legitimately differs between Redis and
// Kunyu can be compared in a canonical form. Everything works on the raw latin1 reply text.
import { ReplyReader, skipReply } from '../../src/protocol/reply-reader';
import { RawClient, resp, type RunningServer } from './servers';
import type { Cmd } from './differential';

export interface Aggregate {
  /** The header line without CRLF: "*3", "~2", "%1"... */
  head: string;
  /** The raw bytes of each element (a map's keys and values are separate elements). */
  items: string[];
}

/** Splits an aggregate reply into its header and its elements; null if it is not an aggregate. */
export function splitAggregate(reply: string): Aggregate | null {
  if (!'*~%'.includes(reply[0])) return null;
  const lineEnd = reply.indexOf('\r\n');
  const head = reply.slice(0, lineEnd);
  if (head === '*-1') return null;
  const buf = Buffer.from(reply, 'latin1');
  const items: string[] = [];
  let pos = lineEnd + 2;
  while (pos < buf.length) {
    const end = skipReply(buf, pos, buf.length);
    if (end < 0) throw new Error(`truncated reply ${JSON.stringify(reply)}`);
    items.push(reply.slice(pos, end));
    pos = end;
  }
  return { head, items };
}

/** The elements sorted, in groups of `group` (2 for field/value pairs) kept together. */
export function sortedReply(reply: string, group = 1): string {
  const agg = splitAggregate(reply);
  if (agg === null) return reply;
  const groups: string[] = [];
  for (let i = 0; i < agg.items.length; i += group) groups.push(agg.items.slice(i, i + group).join(''));
  return `${agg.head}|sorted|${groups.sort().join('')}`;
}

/** Only the shape: the header and each element's type byte (for random picks). */
export function shapeOfReply(reply: string): string {
  const agg = splitAggregate(reply);
  if (agg === null) return reply[0] === '$' && reply !== '$-1\r\n' ? '$<bulk>' : reply;
  return `${agg.head}|shape|${agg.items.map((i) => shapeOfReply(i)).join(',')}`;
}

/** A scan reply with its elements sorted (in groups), when its cursor is 0; else the shape only. */
export function sortedScanReply(reply: string, group: number): string {
  const agg = splitAggregate(reply);
  if (agg === null || agg.items.length !== 2) return reply;
  if (agg.items[0] !== '$1\r\n0\r\n') return `scan-in-progress|${agg.head}`;
  return `${agg.head}${agg.items[0]}${sortedReply(agg.items[1], group)}`;
}

/** The bulk strings of a flat aggregate, decoded (latin1). */
export function bulks(reply: string): string[] {
  const agg = splitAggregate(reply);
  if (agg === null) throw new Error(`not an aggregate: ${JSON.stringify(reply)}`);
  return agg.items.map((i) => {
    if (i[0] !== '$') throw new Error(`not a bulk string: ${JSON.stringify(i)}`);
    return i.slice(i.indexOf('\r\n') + 2, -2);
  });
}

/**
 * Runs a whole HSCAN/SSCAN iteration (until cursor 0) on one server and returns every element
 * returned (pairs joined by "=" for HSCAN), sorted, duplicates removed.
 */
export async function fullScan(server: RunningServer, cmd: Cmd, pairs: boolean, maxCalls = 10000): Promise<string[]> {
  const c = await RawClient.connect(server.port);
  try {
    const seen = new Set<string>();
    let cursor = '0';
    for (let calls = 0; calls < maxCalls; calls++) {
      const reply = await c.call(cmd[0], cmd[1], cursor, ...cmd.slice(2));
      const agg = splitAggregate(reply);
      if (agg === null) throw new Error(`bad scan reply ${JSON.stringify(reply)}`);
      cursor = agg.items[0].slice(agg.items[0].indexOf('\r\n') + 2, -2);
      const elems = bulks(agg.items[1]);
      if (pairs) for (let i = 0; i < elems.length; i += 2) seen.add(`${elems[i]}=${elems[i + 1]}`);
      else for (const e of elems) seen.add(e);
      if (cursor === '0') return [...seen].sort();
    }
    throw new Error('scan did not finish');
  } finally {
    c.close();
  }
}

/** Decodes a RESP2 flat key/value array into an object (values decoded by `value`). */
function kv(items: unknown[], value: (key: string, v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) out[String(items[i])] = value(String(items[i]), items[i + 1]);
  return out;
}

function docArgs(args: unknown): unknown {
  return (args as unknown[][]).map((a) => kv(a, (k, v) => (k === 'arguments' ? docArgs(v) : v)));
}

/**
 * COMMAND DOCS for some commands, as objects, leaving out the prose (summary, complexity) and what
 * Kunyu's command table does not describe (history, deprecation notes).
 */
export async function commandDocs(server: RunningServer, names: string[]): Promise<Record<string, unknown>> {
  const c = await RawClient.connect(server.port);
  try {
    const reader = new ReplyReader({ bulkStrings: 'latin1' });
    c.write(resp('COMMAND', 'DOCS', ...names));
    reader.push((await c.replies(1))[0]);
    const flat = reader.next() as unknown[];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < flat.length; i += 2) {
      const doc = kv(flat[i + 1] as unknown[], (k, v) => (k === 'arguments' ? docArgs(v) : v));
      for (const prose of ['summary', 'complexity', 'history', 'doc_flags', 'deprecated_since', 'replaced_by']) delete doc[prose];
      out[String(flat[i])] = doc;
    }
    return out;
  } finally {
    c.close();
  }
}
