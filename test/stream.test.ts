// Streams against real redis-server, reply bytes compared, on --shards 0, 1 and 4: every command,
// option and error text, RESP3 shapes, seeded sequences with explicit IDs over several keys (some
// sharing a hashtag, some on other shards), node boundaries under small stream-node-max-* settings
// (approximate trimming and XINFO's radix tree figures depend on them), COMMAND INFO and DOCS; then
// blocking XREAD/XREADGROUP with several clients, run the same way on both servers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, resp, startKunyu, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, rng, pick, type Cmd } from './support/differential';
import { commandDocs } from './support/collections';
import { keySlotOfString, slotTable } from '../src/engine/hash';

const STREAM_COMMANDS = ['xadd', 'xrange', 'xrevrange', 'xlen', 'xdel', 'xtrim', 'xsetid', 'xread', 'xreadgroup', 'xack', 'xpending',
  'xclaim', 'xautoclaim', 'xgroup', 'xinfo'];
const SUBCOMMANDS = ['xgroup|create', 'xgroup|setid', 'xgroup|destroy', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|help',
  'xinfo|stream', 'xinfo|groups', 'xinfo|consumers', 'xinfo|help'];

// ---------------------------------------------------------------- normalising time-dependent values

/** A reply as a tree: the header (or whole simple reply) and, for aggregates, its elements. */
interface Node {
  head: string;
  items: Node[] | null;
}

function parseNode(s: string, pos: number): [Node, number] {
  const eol = s.indexOf('\r\n', pos);
  const head = s.slice(pos, eol + 2);
  const t = s[pos];
  if (t === '$' || t === '=' || t === '!') {
    const n = Number(s.slice(pos + 1, eol));
    if (n < 0) return [{ head, items: null }, eol + 2];
    return [{ head: s.slice(pos, eol + 2 + n + 2), items: null }, eol + 2 + n + 2];
  }
  if ('*%~>|'.includes(t)) {
    let n = Number(s.slice(pos + 1, eol));
    if (n < 0) return [{ head, items: null }, eol + 2];
    if (t === '%' || t === '|') n *= 2;
    const items: Node[] = [];
    let p = eol + 2;
    for (let i = 0; i < n; i++) {
      const [child, next] = parseNode(s, p);
      items.push(child);
      p = next;
    }
    return [{ head, items }, p];
  }
  return [{ head, items: null }, eol + 2];
}

const show = (n: Node): string => n.head + (n.items === null ? '' : n.items.map(show).join(''));
const T: Node = { head: ':<time>\r\n', items: null };
const isBulk = (n: Node, text: string): boolean => n.head === `$${text.length}\r\n${text}\r\n`;

/** Blanks the value after `key` in every map (flat or RESP3) inside the tree. */
function blankAfter(n: Node, key: string, fn: (v: Node) => Node): void {
  if (n.items === null) return;
  for (let i = 0; i < n.items.length; i++) {
    if (i + 1 < n.items.length && isBulk(n.items[i], key)) n.items[i + 1] = fn(n.items[i + 1]);
    blankAfter(n.items[i], key, fn);
  }
}

/** Idle times, delivery times and seen-times differ between two servers: they are blanked. */
function normalise(cmd: Cmd, reply: string): string {
  const name = cmd[0].toUpperCase();
  const sub = (cmd[1] ?? '').toUpperCase();
  if (reply[0] === '-' || reply === '') return reply;
  if (name === 'XADD' && cmd.includes('*')) return '$<auto-id>';
  if (name === 'HELLO') return '<hello>';
  const tree = parseNode(reply, 0)[0];
  if (name === 'COMMAND' && sub === 'INFO') {
    // Redis lists a container's subcommands in its dict's (per-process random) order: sorted here.
    for (const cmd of tree.items ?? []) cmd.items?.[9]?.items?.sort((a, b) => (show(a) < show(b) ? -1 : 1));
    return show(tree);
  }
  if (name === 'XPENDING' && cmd.length > 3) {
    for (const row of tree.items ?? []) if (row.items?.length === 4) row.items[2] = T;
  } else if (name === 'XINFO' && sub === 'CONSUMERS') {
    blankAfter(tree, 'idle', () => T);
  } else if (name === 'XINFO' && sub === 'STREAM') {
    blankAfter(tree, 'seen-time', () => T);
    blankAfter(tree, 'pending', (v) => {
      for (const row of v.items ?? []) if (row.items !== null) row.items[row.items.length - 2] = T;
      return v;
    });
  } else {
    return reply;
  }
  return show(tree);
}

// ---------------------------------------------------------------- hand-written cases

const big = '18446744073709551615';

const EDGE_CASES: Cmd[] = [
  // XADD: IDs, options, errors.
  ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '0-0', 'a', '1'], ['XADD', 'new', '0-0', 'a', '1'],
  ['EXISTS', 'new'], ['XADD', 's', '1-*', 'b', '2'], ['XADD', 's', '5', 'c', '3'], ['XADD', 's', '*'], ['XADD', 's', '*', 'a'],
  ['XADD', 's', '6-0', 'a', '1', 'b'], ['XADD', 's', '-', 'a', '1'], ['XADD', 's', '+', 'a', '1'], ['XADD', 's', '10-x', 'a', '1'],
  ['XADD', 's', '10-', 'a', '1'], ['XADD', 's', '-10', 'a', '1'], ['XADD', 's', 'abc', 'a', '1'], ['XADD', 's', '1-2-3', 'a', '1'],
  ['XADD', 's', '00010-0005', 'a', '1'], ['XADD', 's', ' 11', 'a', '1'], ['XADD', 's', '12-+5', 'a', '1'], ['XADD', 's', '12- 6', 'a', '1'],
  ['XADD', 's', '12-*', 'a', '1'], ['XADD', 's', '12', 'a', '1'], ['XADD', 's', '11-*', 'a', '1'], ['XADD', 's', '13\x00junk', 'z', '9'],
  ['XADD', 's', `${big}0`, 'a', '1'], ['XADD', 's', 'x'.repeat(130), 'a', '1'],
  ['XADD', 's2', `${big}-*`, 'a', '1'], ['XADD', 's2', `${big}-*`, 'a', '1'], ['XADD', 's3', `5-${big}`, 'a', '1'], ['XADD', 's3', '5-*', 'a', '1'],
  ['XADD', 's4', '0-*', 'a', '1'], ['XADD', 's4', '0-*', 'a', '1'], ['XADD', 's5', `${big}-${big}`, 'a', '1'], ['XADD', 's5', '*', 'a', '1'],
  ['XADD', 's5', `${big}-*`, 'a', '1'], ['XINFO', 'STREAM', 's5'], ['XADD', 's6', '1- -1', 'a', '1'], ['XADD', 's6', '2--1', 'a', '1'],
  ['XADD', 's6', '3--0', 'a', '1'], ['XRANGE', 's6', '-', '+'],
  ['XADD', 'bin', '1-0', 'f\x00\r\n', '\xff\x00v\r\n', '', ''], ['XADD', 'bin', '2-0', 'f\x00\r\n', 'x'], ['XRANGE', 'bin', '-', '+'],
  ['XGROUP', 'CREATE', 'bin', 'gr\xff', '0'], ['XGROUP', 'CREATE', 'bin', 'gr\x00', '0'], ['XGROUP', 'CREATE', 'bin', 'Gr', '0'],
  ['XREADGROUP', 'GROUP', 'gr\xff', 'c\xfe', 'STREAMS', 'bin', '>'], ['XGROUP', 'CREATECONSUMER', 'bin', 'gr\xff', 'c\x01'],
  ['XINFO', 'GROUPS', 'bin'], ['XINFO', 'CONSUMERS', 'bin', 'gr\xff'], ['XPENDING', 'bin', 'gr\xff'],
  ['XADD', 'nm', 'NOMKSTREAM', '1-1', 'a', '1'], ['EXISTS', 'nm'], ['XADD', 'nm', 'NOMKSTREAM', 'NOMKSTREAM', 'MAXLEN', '0', '1-1', 'a', '1'],
  ['XADD', 'z', 'MAXLEN', '0', '1-1', 'a', '1'], ['XLEN', 'z'], ['EXISTS', 'z'], ['XINFO', 'STREAM', 'z'], ['TYPE', 'z'],
  ['OBJECT', 'ENCODING', 'z'],
  ['XADD', 't', 'MAXLEN', '2', '1-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '=', '2', '2-0', 'a', '1'], ['XADD', 't', 'maxlen', '~', '2', '3-0', 'a', '1'],
  ['XADD', 't', 'MAXLEN', '~', '2', 'LIMIT', '10', '4-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '2', 'LIMIT', '10', '5-0', 'a', '1'],
  ['XADD', 't', 'LIMIT', '10', '5-0', 'a', '1'], ['XADD', 't', 'LIMIT', '0', '5-0', 'a', '1'], ['XADD', 't', 'MINID', '2', '5-0', 'a', '1'],
  ['XADD', 't', 'MINID', '~', '2', '6-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '2', 'MINID', '3', '7-0', 'a', '1'],
  ['XADD', 't', 'MINID', '3', 'MAXLEN', '2', '7-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '-1', '7-0', 'a', '1'],
  ['XADD', 't', 'MAXLEN', 'x', '7-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '~', 'x', '7-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '~', '7-0', 'a', '1'],
  ['XADD', 't', 'MINID', 'x', '7-0', 'a', '1'], ['XADD', 't', 'MINID', '-', '7-0', 'a', '1'], ['XADD', 't', 'MINID', '+', '7-0', 'a', '1'],
  ['XADD', 't', 'MAXLEN', '~', '2', 'LIMIT', '-1', '7-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '~', '2', 'LIMIT', 'x', '7-0', 'a', '1'],
  ['XADD', 't', 'FOO', '8-0', 'a', '1'], ['XADD', 't', 'MAXLEN', '1'], ['XADD', 't', 'MAXLEN', '5', '*'],
  ['XADD', 't', 'MAXLEN', '~', '10', 'LIMIT', '0', '9-0', 'a', '1'], ['XLEN', 't'], ['XRANGE', 't', '-', '+'],
  ['SET', 'str', 'x'], ['XADD', 'str', '*', 'a', '1'], ['XLEN', 'str'], ['XLEN', 'nokey'],
  // XRANGE / XREVRANGE.
  ['XADD', 'r', '1-0', 'a', '1'], ['XADD', 'r', '1-5', 'b', '2'], ['XADD', 'r', '2-0', 'c', '3', 'd', '4'],
  ['XADD', 'r', `3-${big}`, 'e', '5'], ['XADD', 'r', '4-0', 'f', '6'], ['XRANGE', 'r', '-', '+'], ['XRANGE', 'r', '(1-0', '+'],
  ['XRANGE', 'r', '-', '(4-0'], ['XRANGE', 'r', '(1-0', '(4-0'], ['XRANGE', 'r', '(', '+'], ['XRANGE', 'r', '(-', '+'],
  ['XRANGE', 'r', '-', '(+'], ['XRANGE', 'r', `(${big}-${big}`, '+'], ['XRANGE', 'r', '-', '(0-0'], ['XRANGE', 'r', '2', '2'],
  ['XRANGE', 'r', '3', '3'], ['XRANGE', 'r', '(3', '+'], ['XRANGE', 'r', '1', '1-4'], ['XRANGE', 'r', `(3-${big}`, '+'],
  ['XRANGE', 'r', '-', '+', 'COUNT', '2'], ['XRANGE', 'r', '-', '+', 'COUNT', '0'], ['XRANGE', 'r', '-', '+', 'COUNT', '-1'],
  ['XRANGE', 'r', '-', '+', 'COUNT', 'x'], ['XRANGE', 'r', '-', '+', 'COUNT'], ['XRANGE', 'r', '-', '+', 'count', '1', 'COUNT', '2'],
  ['XRANGE', 'r', '-', '+', 'FOO'], ['XRANGE', 'r', '5', '1'], ['XRANGE', 'r', 'x', '+'], ['XRANGE', 'nokey', '-', '+'],
  ['XRANGE', 'nokey', 'x', '+'], ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'], ['XREVRANGE', 'r', '+', '-'],
  ['XREVRANGE', 'r', '+', '-', 'COUNT', '2'], ['XREVRANGE', 'r', '(4-0', '-'], ['XREVRANGE', 'r', '+', '(1-5'], ['XREVRANGE', 'r', '-', '+'],
  ['XREVRANGE', 'r', '3', '3'], ['XREVRANGE', 'r', '+', '-', 'COUNT', '0'], ['XREVRANGE', 'r', '(-', '+'], ['XRANGE', 'str', '-', '+'],
  ['XREVRANGE', 'str', '+', '-'],
  // XDEL and what it leaves behind.
  ['XDEL', 'r', '1-5', '9-9', '2'], ['XDEL', 'r', 'x'], ['XDEL', 'r', '1-0', 'x'], ['XDEL', 'nokey', '1-0'], ['XDEL', 'nokey', 'x'],
  ['XDEL', 'r', '-'], ['XDEL', 'r', '+'], ['XDEL', 'str', '1'], ['XLEN', 'r'], ['XINFO', 'STREAM', 'r'], ['XDEL', 'r', '1-0'],
  ['XINFO', 'STREAM', 'r'], ['XDEL', 'r', '4-0', `3-${big}`], ['XINFO', 'STREAM', 'r'], ['EXISTS', 'r'], ['XADD', 'r', '5-0', 'g', '7'],
  ['XINFO', 'STREAM', 'r'], ['XDEL', 'r', '5-0'], ['XINFO', 'STREAM', 'r'],
  // XTRIM.
  ['XTRIM', 'r'], ['XTRIM', 'r', 'MAXLEN'], ['XTRIM', 'r', 'FOO', '1'], ['XTRIM', 'r', 'LIMIT', '5'], ['XTRIM', 'r', 'LIMIT', '0'],
  ['XTRIM', 'r', 'MAXLEN', '5', 'LIMIT', '5'], ['XTRIM', 'r', 'MAXLEN', '5', 'NOMKSTREAM'], ['XTRIM', 'r', 'MAXLEN', '5', '5-0'],
  ['XTRIM', 'nokey', 'MAXLEN', '5'], ['XTRIM', 'nokey', 'MAXLEN', 'x'], ['XTRIM', 'nokey', 'FOO', '5'], ['XTRIM', 'str', 'MAXLEN', '1'],
  ['XTRIM', 'r', 'MAXLEN', '1', 'MAXLEN', '2'], ['XTRIM', 'r', 'MINID', '1', 'MINID', '2'], ['XTRIM', 'r', 'MAXLEN', '~', '1', 'LIMIT', '1', 'LIMIT', '2'],
  ['XTRIM', 'r', 'MAXLEN', '=', '1'], ['XTRIM', 'r', 'MAXLEN', '=', '=', '1'], ['XTRIM', 'r', 'MAXLEN', '~'], ['XTRIM', 'r', 'MINID', `${big}-${big}`],
  // XSETID.
  ['XSETID', 'nokey', '1-0'], ['XSETID', 'nokey', '1', 'ENTRIESADDED', '-1'], ['XSETID', 'nokey', '1', 'FOO'], ['XSETID', 'nokey', 'x'],
  ['XADD', 'i', '5-0', 'a', '1'], ['XADD', 'i', '6-0', 'a', '1'], ['XSETID', 'i', '4-0'], ['XSETID', 'i', '6-0'], ['XSETID', 'i', '10-0'],
  ['XSETID', 'i', '10-0', 'ENTRIESADDED', '1'], ['XSETID', 'i', '10-0', 'ENTRIESADDED', '2'], ['XSETID', 'i', '10-0', 'ENTRIESADDED', 'x'],
  ['XSETID', 'i', '10-0', 'MAXDELETEDID', '11-0'], ['XSETID', 'i', '10-0', 'MAXDELETEDID', '3-0'], ['XSETID', 'i', '10-0', 'MAXDELETEDID', '10-0'],
  ['XSETID', 'i', '9-0'], ['XSETID', 'i', '10-0', 'MAXDELETEDID', '0-0'], ['XSETID', 'i', '10-0', 'FOO'], ['XSETID', 'i', '10-0', 'ENTRIESADDED'],
  ['XSETID', 'i', '-'], ['XSETID', 'i', '+'], ['XSETID', 'i', '10', 'MAXDELETEDID', '+'],
  ['XSETID', 'i', '10', 'ENTRIESADDED', '5', 'MAXDELETEDID', '2', 'ENTRIESADDED', '7'], ['XINFO', 'STREAM', 'i'], ['XSETID', 'str', '1'],
  ['XSETID', 'i', '10', 'ENTRIESADDED', '9223372036854775807'], ['XINFO', 'STREAM', 'i'], ['XDEL', 'i', '5-0', '6-0'], ['XSETID', 'i', '1-0'],
  ['XSETID', 'i', '10-0', 'ENTRIESADDED', '0'], ['XINFO', 'STREAM', 'i'],
  // XGROUP.
  ['XGROUP', 'CREATE', 'g1', 'g', '$'], ['XGROUP', 'CREATE', 'g1', 'g', '$', 'MKSTREAM'], ['XINFO', 'STREAM', 'g1'], ['XINFO', 'GROUPS', 'g1'],
  ['XGROUP', 'CREATE', 'g1', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 'g1', 'g2', 'x', 'MKSTREAM'], ['XGROUP', 'CREATE', 'g1', 'g2', '-'],
  ['XGROUP', 'CREATE', 'g1', 'g2', '+'], ['XGROUP', 'CREATE', 'k2', 'g', '0', 'FOO'], ['XGROUP', 'create', 'k2', 'g', '0', 'MKSTREAM', 'FOO'],
  ['XGROUP', 'CREATE', 'k2', 'g', '0', 'MKSTREAM', 'ENTRIESREAD'], ['XGROUP', 'CREATE', 'k2', 'g', '0', 'MKSTREAM', 'ENTRIESREAD', '-2'],
  ['XGROUP', 'CREATE', 'k2', 'g', '0', 'MKSTREAM', 'ENTRIESREAD', '-1'], ['XGROUP', 'CREATE', 'k2', 'g2', '0', 'MKSTREAM', 'ENTRIESREAD', '5'],
  ['XGROUP', 'CREATE', 'k2', 'g3', '0', 'ENTRIESREAD', 'x', 'MKSTREAM'], ['XGROUP', 'CREATE', 'k2', 'g3', '0', 'MKSTREAM', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 'k2', 'g4', '0', 'ENTRIESREAD', '1', 'ENTRIESREAD', '2'], ['XGROUP', 'CREATE', 'nokey', 'g4', '0', 'ENTRIESREAD', '1', 'ENTRIESREAD', '2'],
  ['XINFO', 'GROUPS', 'k2'], ['XGROUP', 'SETID', 'k2', 'g', '5'], ['XGROUP', 'SETID', 'k2', 'g', '5', 'ENTRIESREAD', '3'],
  ['XGROUP', 'SETID', 'k2', 'g', '$', 'ENTRIESREAD', '3'], ['XGROUP', 'SETID', 'k2', 'g', '-'], ['XGROUP', 'SETID', 'k2', 'g', '+'],
  ['XGROUP', 'SETID', 'k2', 'g', 'x'], ['XGROUP', 'SETID', 'k2', 'nog', '5'], ['XGROUP', 'SETID', 'nokey', 'g', '5'],
  ['XGROUP', 'SETID', 'k2', 'g', '5', 'MKSTREAM'], ['XGROUP', 'SETID', 'k2', 'g', '5', 'ENTRIESREAD'], ['XGROUP', 'SETID', 'k2', 'g', '5', 'ENTRIESREAD', '-5'],
  ['XGROUP', 'SETID', 'k2', 'g2', '0', 'x', 'y'], ['XINFO', 'GROUPS', 'k2'], ['XGROUP', 'CREATECONSUMER', 'k2', 'g', 'c1'],
  ['XGROUP', 'CREATECONSUMER', 'k2', 'g', 'c1'], ['XGROUP', 'CREATECONSUMER', 'k2', 'nog', 'c1'], ['XGROUP', 'CREATECONSUMER', 'nokey', 'g', 'c1'],
  ['XGROUP', 'CREATECONSUMER', 'k2', 'g', 'c1', 'x'], ['XGROUP', 'DELCONSUMER', 'k2', 'g', 'c1'], ['XGROUP', 'DELCONSUMER', 'k2', 'g', 'c1'],
  ['XGROUP', 'DELCONSUMER', 'k2', 'nog', 'c1'], ['XGROUP', 'DESTROY', 'k2', 'g'], ['XGROUP', 'DESTROY', 'k2', 'g'], ['XGROUP', 'DESTROY', 'nokey', 'g'],
  ['XGROUP', 'DESTROY', 'k2', 'g', 'x'], ['XGROUP', 'CREATE', 'str', 'g', '0'], ['XGROUP', 'CREATE', 'str', 'g', '0', 'MKSTREAM'],
  ['XGROUP', 'SETID', 'str', 'g', '0'], ['XGROUP', 'DESTROY', 'str', 'g'], ['XGROUP', 'CREATECONSUMER', 'str', 'g', 'c'], ['XGROUP', 'CREATE', 'k2', 'g2', '0'],
  ['XGROUP'], ['XGROUP', 'FOO'], ['XGROUP', 'FOO', 'a', 'b'], ['XGROUP', 'HELP'], ['XGROUP', 'help', 'x'], ['XGROUP', 'CREATE', 'k'],
  // XINFO.
  ['XINFO'], ['XINFO', 'FOO'], ['XINFO', 'FOO', 'k'], ['XINFO', 'HELP'], ['XINFO', 'HELP', 'x'], ['XINFO', 'STREAM'], ['XINFO', 'GROUPS', 'str'],
  ['XINFO', 'GROUPS', 'nokey'], ['XINFO', 'CONSUMERS', 'k2', 'nog'], ['XINFO', 'CONSUMERS', 'nokey', 'g'], ['XINFO', 'STREAM', 'k2', 'FULL', 'COUNT'],
  ['XINFO', 'STREAM', 'k2', 'FULL', 'COUNT', 'x'], ['XINFO', 'STREAM', 'k2', 'FOO'], ['XINFO', 'stream', 'k2', 'FULL', 'FOO', '1'],
  ['XINFO', 'STREAM', 'nokey', 'FOO'], ['XINFO', 'STREAM', 'str'], ['XINFO', 'GROUPS', 'k2', 'x'], ['XINFO', 'CONSUMERS', 'k2'],
  ['XINFO', 'STREAM', 'k2', 'FULL', 'COUNT', '-1'], ['XINFO', 'STREAM', 'k2', 'full', 'count', '0'],
  // Consumer groups at work: XREADGROUP, XPENDING, XACK, XCLAIM, XAUTOCLAIM.
  ['XADD', 'q', '1-0', 'a', '1'], ['XADD', 'q', '2-0', 'b', '2'], ['XADD', 'q', '3-0', 'c', '3'], ['XADD', 'q', '4-0', 'd', '4'],
  ['XGROUP', 'CREATE', 'q', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 'q', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 'q', '>'], ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 'q', '>'], ['XPENDING', 'q', 'g'],
  ['XPENDING', 'q', 'g', '-', '+', '10'], ['XPENDING', 'q', 'g', '-', '+', '10', 'bob'], ['XPENDING', 'q', 'g', '-', '+', '10', 'nobody'],
  ['XPENDING', 'q', 'g', 'IDLE', '100000', '-', '+', '10'], ['XPENDING', 'q', 'g', 'IDLE', '0', '-', '+', '10', 'alice'],
  ['XPENDING', 'q', 'g', '(1-0', '(4-0', '10'], ['XPENDING', 'q', 'g', '-', '+', '0'], ['XPENDING', 'q', 'g', '-', '+', '-1'],
  ['XPENDING', 'q', 'g', '-', '+', 'x'], ['XPENDING', 'q', 'g', 'x', '+', '1'], ['XPENDING', 'q', 'g', '-', '+', '1', 'alice', 'extra'],
  ['XPENDING', 'q', 'g', 'IDLE', 'x', '-', '+', '10'], ['XPENDING', 'q', 'g', 'IDLE', '10', '-', '+'], ['XPENDING', 'q', 'g', '-', '+'],
  ['XPENDING', 'q', 'g', '-'], ['XPENDING', 'q', 'nog'], ['XPENDING', 'nokey', 'g'], ['XPENDING', 'nokey', 'g', 'x', '+', '1'],
  ['XPENDING', 'q', 'g', `(${big}-${big}`, '+', '1'], ['XPENDING', 'q', 'g', '-', '(0', '1'], ['XPENDING', 'q', 'g', 'IDLE', '-5', '-', '+', '10'],
  ['XPENDING', 'q', 'g', 'FOO', '5', '-', '+', '10'], ['XPENDING', 'str', 'g'], ['XPENDING', 'q', 'g', '-', '+', '1', 'a', 'b', 'c'],
  ['XINFO', 'CONSUMERS', 'q', 'g'], ['XINFO', 'GROUPS', 'q'], ['XINFO', 'STREAM', 'q', 'FULL'],
  ['XACK', 'q', 'g', '1-0', '1-0', '9-0'], ['XACK', 'q', 'g', 'x'], ['XACK', 'q', 'g', '2-0', 'x'], ['XACK', 'q', 'nog', '2-0'],
  ['XACK', 'nokey', 'g', '2-0'], ['XACK', 'nokey', 'g', 'x'], ['XACK', 'str', 'g', '1'], ['XACK', 'q', 'g', '-'], ['XPENDING', 'q', 'g'],
  ['XCLAIM', 'q', 'g', 'carol', '0', '2-0', '3-0', '9-0'], ['XCLAIM', 'q', 'g', 'carol', '0', '2-0', 'JUSTID'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '1-0', 'FORCE', 'JUSTID'], ['XCLAIM', 'q', 'g', 'dave', '0', '1-0', 'FORCE'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'RETRYCOUNT', '7', 'JUSTID'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'IDLE', '5000', 'JUSTID'],
  ['XPENDING', 'q', 'g', '-', '+', '10'], ['XCLAIM', 'q', 'g', 'dave', '100000', '2-0'], ['XCLAIM', 'q', 'g', 'dave', '1000', '2-0'],
  ['XCLAIM', 'q', 'g', 'dave', 'x', '2-0'], ['XCLAIM', 'q', 'g', 'dave', '-5', '2-0', 'JUSTID'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'IDLE', 'x'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'TIME', 'x'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'RETRYCOUNT', 'x'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'LASTID', 'x'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'FOO'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'IDLE'],
  ['XCLAIM', 'q', 'g', 'dave', '0', 'x', '2-0'], ['XCLAIM', 'q', 'nog', 'dave', '0', '2-0'], ['XCLAIM', 'nokey', 'g', 'dave', '0', '2-0'],
  ['XCLAIM', 'str', 'g', 'dave', '0', '2-0'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'LASTID', '9-0', 'JUSTID'], ['XINFO', 'GROUPS', 'q'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'LASTID', '1-0', 'JUSTID'], ['XCLAIM', 'q', 'g', 'dave', '0', '2-0', 'RETRYCOUNT', '9223372036854775807', 'JUSTID'],
  ['XCLAIM', 'q', 'g', 'dave', '0', '2-0'], ['XPENDING', 'q', 'g', '-', '+', '10'], ['XCLAIM', 'q', 'g', 'newc', '0', '99-0'],
  ['XCLAIM', 'q', 'g', 'newc2', '9999999', '1-0'], ['XCLAIM', 'q', 'g', 'erin', '0', '3-0', 'TIME', '1', 'JUSTID'],
  ['XCLAIM', 'q', 'g', 'erin', '0', '4-0', 'TIME', '99999999999999', 'JUSTID'], ['XDEL', 'q', '3-0'], ['XCLAIM', 'q', 'g', 'erin', '0', '3-0', '4-0'],
  ['XPENDING', 'q', 'g', '-', '+', '10'], ['XINFO', 'CONSUMERS', 'q', 'g'],
  ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', '1'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', '1', 'JUSTID'],
  ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '(2-0', 'JUSTID'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', '0'],
  ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', 'x'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'FOO'], ['XAUTOCLAIM', 'q', 'g', 'frank', 'x', '0'],
  ['XAUTOCLAIM', 'q', 'g', 'frank', '0', 'x'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', `(${big}-${big}`], ['XAUTOCLAIM', 'q', 'nog', 'frank', '0', '0'],
  ['XAUTOCLAIM', 'nokey', 'g', 'frank', '0', '0'], ['XAUTOCLAIM', 'q', 'g', 'frank', '999999', '0'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', '9223372036854775807'],
  ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '0', 'COUNT', '576460752303423488'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '-'], ['XAUTOCLAIM', 'q', 'g', 'frank', '0', '+'],
  ['XAUTOCLAIM', 'str', 'g', 'frank', '0', '0'], ['XINFO', 'CONSUMERS', 'q', 'g'], ['XPENDING', 'q', 'g'],
  ['XADD', 'd', '1-0', 'a', '1'], ['XADD', 'd', '2-0', 'a', '1'], ['XADD', 'd', '3-0', 'a', '1'], ['XADD', 'd', '4-0', 'a', '1'], ['XGROUP', 'CREATE', 'd', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'd', '>'], ['XDEL', 'd', '1-0', '2-0', '3-0'], ['XAUTOCLAIM', 'd', 'g', 'c2', '0', '0', 'COUNT', '1'],
  ['XINFO', 'CONSUMERS', 'd', 'g'], ['XAUTOCLAIM', 'd', 'g', 'c2', '0', '0', 'COUNT', '1'], ['XAUTOCLAIM', 'd', 'g', 'c2', '0', '0', 'COUNT', '2'],
  ['XINFO', 'CONSUMERS', 'd', 'g'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'd', '0'],
  ['XGROUP', 'CREATE', 'd', 'g2', '$'], ['XINFO', 'GROUPS', 'd'], ['XGROUP', 'DELCONSUMER', 'd', 'g', 'c2'], ['XPENDING', 'd', 'g'],
  // XREAD / XREADGROUP synchronous replies and argument errors.
  ['XADD', 'rd', '1-0', 'a', '1'], ['XADD', 'rd', '2-0', 'a', '2'], ['XDEL', 'rd', '2-0'], ['XREAD', 'STREAMS', 'rd', '1-0'], ['XREAD', 'STREAMS', 'rd', '0'],
  ['XGROUP', 'CREATE', 'rd', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'rd', '>'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'rd', '>'],
  ['XINFO', 'GROUPS', 'rd'], ['XGROUP', 'CREATE', 'rd', 'g2', '1-0'], ['XREADGROUP', 'GROUP', 'g2', 'c2', 'STREAMS', 'rd', '>'], ['XINFO', 'CONSUMERS', 'rd', 'g2'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'rd', '0'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 'rd', '0-0'],
  ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 'rd', '0'], ['XINFO', 'CONSUMERS', 'rd', 'g'], ['XREAD', 'BLOCK', '10', 'STREAMS', 'rd', '$'],
  ['XREAD', 'STREAMS', 'rd', '$'], ['XREAD', 'COUNT', '1', 'STREAMS', 'rd'], ['XREAD', 'STREAMS', 'rd', 'rd', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'rd'],
  ['XREADGROUP', 'STREAMS', 'rd', '>'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'rd', '0'], ['XREAD', 'NOACK', 'STREAMS', 'rd', '0'],
  ['XREAD', 'STREAMS', 'rd', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'rd', '$'], ['XREAD', 'BLOCK', '-1', 'STREAMS', 'rd', '0'],
  ['XREAD', 'BLOCK', 'x', 'STREAMS', 'rd', '0'], ['XREAD', 'BLOCK', '1.5', 'STREAMS', 'rd', '0'], ['XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 'rd', '0'],
  ['XREAD', 'COUNT', 'x', 'STREAMS', 'rd', '0'], ['XREAD', 'COUNT', '-5', 'STREAMS', 'rd', '0'], ['XREAD', 'FOO', 'STREAMS', 'rd', '0'],
  ['XREAD', 'STREAMS', 'nokey', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', '>'], ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 'rd', '>'],
  ['XREAD', 'STREAMS', 'str', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'], ['XREAD', 'STREAMS', 'rd', 'abc'],
  ['XREAD', 'STREAMS', 'rd', '-'], ['XREAD', 'STREAMS', 'rd', '+'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'rd', 'rd', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'GROUP', 'g', 'c', 'STREAMS', 'rd', '0'], ['XREADGROUP', 'NOACK', 'GROUP', 'g', 'c', 'STREAMS', 'rd', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'BLOCK', '10', 'NOACK', 'STREAMS', 'rd', '0'], ['XREAD', 'STREAMS', 'rd', 'q', '0', '0'],
  ['XREAD', 'COUNT', '1', 'STREAMS', 'q', 'rd', 'nokey', '1', '0', '0'], ['XREAD', 'STREAMS', 'rd', 'str', '0', '0'], ['XREAD', 'STREAMS', 'nokey', 'rd', 'x', 'y'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'rd', 'q', '>', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'q', 'rd', '0', '>'],
  ['XREAD', 'STREAMS', 'rd', 'rd', '0', '0'], ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'nokey', '$'], ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'rd', '>'],
  ['EXEC'], ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 'rd', '>'], ['XADD', 'rd', '3-0', 'x', '1'], ['XREADGROUP', 'GROUP', 'g', 'c3', 'NOACK', 'STREAMS', 'rd', '>'],
  ['XPENDING', 'rd', 'g'], ['XINFO', 'CONSUMERS', 'rd', 'g'],
  // Keys move between shards and databases with everything in them.
  ['RENAME', 'q', 'q2'], ['XINFO', 'STREAM', 'q2', 'FULL'], ['XPENDING', 'q2', 'g', '-', '+', '10'], ['COPY', 'q2', '{q2}copy'],
  ['XINFO', 'STREAM', '{q2}copy', 'FULL'], ['COPY', 'd', 'd2'], ['XINFO', 'GROUPS', 'd2'], ['XINFO', 'CONSUMERS', 'd2', 'g'], ['MOVE', 'd2', '1'],
  ['SELECT', '1'], ['XINFO', 'STREAM', 'd2', 'FULL'], ['SELECT', '0'], ['TYPE', 'q2'], ['OBJECT', 'ENCODING', 'q2'], ['DEL', 'q2'], ['EXISTS', 'q2'],
  // Only XADD, XDEL and XTRIM that change something, and creating the key, touch WATCHed keys.
  ['XADD', 'w', '1-0', 'a', '1'], ['XADD', 'w', '2-0', 'a', '1'], ['XGROUP', 'CREATE', 'w', 'g', '0'],
  ['WATCH', 'w'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'w', '>'], ['XACK', 'w', 'g', '1-0'], ['XCLAIM', 'w', 'g', 'c2', '0', '1-0'],
  ['XGROUP', 'SETID', 'w', 'g', '0'], ['XSETID', 'w', '5-0'], ['XDEL', 'w', '9-0'], ['XTRIM', 'w', 'MAXLEN', '10'], ['MULTI'], ['PING'], ['EXEC'],
  ['WATCH', 'w'], ['XDEL', 'w', '1-0'], ['MULTI'], ['PING'], ['EXEC'], ['WATCH', 'w'], ['XTRIM', 'w', 'MAXLEN', '0'], ['MULTI'], ['PING'], ['EXEC'],
  ['WATCH', 'w2'], ['XGROUP', 'CREATE', 'w2', 'g', '$', 'MKSTREAM'], ['MULTI'], ['PING'], ['EXEC'],
  ['COMMAND', 'INFO', ...STREAM_COMMANDS], ['COMMAND', 'INFO', ...SUBCOMMANDS],
  ['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'], ['COMMAND', 'GETKEYS', 'XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
  ['COMMAND', 'GETKEYS', 'XADD', 'k', '*', 'f', 'v'], ['COMMAND', 'GETKEYS', 'XGROUP', 'CREATE', 'k', 'g', '$'],
];

// ---------------------------------------------------------------- generated sequences

/** Seeded sequences with explicit IDs: every command, valid and not, over a few keys. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['s1', 's2', '{t}a', '{t}b', 'x' + (seed % 3)];
  const k = (): string => pick(r, keys);
  const last = new Map<string, number>();
  const groups = ['g1', 'g2'];
  const consumers = ['alice', 'bob', 'carol'];
  const int = (max: number): number => Math.floor(r() * max);
  const value = (): string => pick(r, ['v', '1', '42', '-7', '300', '70000', '', 'x'.repeat(int(80)), 'y'.repeat(130), '12345678901']);
  const field = (): string => pick(r, ['f', 'g', 'h', '1']);
  const someId = (key: string): string => {
    const top = last.get(key) ?? 5;
    return pick(r, [`${int(top + 2)}-${int(3)}`, `${int(top + 2)}`, '0', '0-0', `${top}-0`, `${top}-1`]);
  };
  const nextId = (key: string): string => {
    const top = last.get(key) ?? 0;
    const roll = r();
    if (roll < 0.05) return `${Math.max(0, top - 1)}-0`; // too small
    if (roll < 0.15) return `${top}-*`;
    const ms = top + (r() < 0.3 ? 0 : 1 + int(3));
    last.set(key, ms);
    return r() < 0.5 ? `${ms}-*` : `${ms}-${1 + int(2)}`;
  };
  const bound = (key: string, end: boolean): string =>
    pick(r, [end ? '+' : '-', someId(key), `(${someId(key)}`, end ? `${last.get(key) ?? 1}` : '0']);
  const trim = (key: string): string[] => {
    const how = pick(r, [[], ['='], ['~']]);
    const what = r() < 0.6 ? ['MAXLEN', ...how, String(int(40))] : ['MINID', ...how, someId(key)];
    return how[0] === '~' && r() < 0.3 ? [...what, 'LIMIT', String(int(30))] : what;
  };
  const g = (): string => pick(r, groups);
  const c = (): string => pick(r, consumers);
  const out: Cmd[] = [['SET', 'str', 'x']];
  for (let i = 0; i < n; i++) {
    const key = k();
    switch (int(24)) {
      case 0: case 1: case 2: case 3: {
        const pairs: string[] = [];
        const nf = r() < 0.2 ? 2 : 1;
        for (let f = 0; f < nf; f++) pairs.push(field(), value());
        const opts = r() < 0.3 ? trim(key) : [];
        out.push(['XADD', key, ...(r() < 0.05 ? ['NOMKSTREAM'] : []), ...opts, nextId(key), ...pairs]);
        break;
      }
      case 4: out.push(['XDEL', key, someId(key), ...(r() < 0.5 ? [someId(key)] : [])]); break;
      case 5: out.push(['XTRIM', key, ...trim(key)]); break;
      case 6: out.push([pick(r, ['XRANGE', 'XREVRANGE']), key, bound(key, false), bound(key, true), ...(r() < 0.4 ? ['COUNT', String(int(5))] : [])]);
        break;
      case 7: out.push(['XLEN', key]); break;
      case 8: {
        const k2 = k();
        out.push(['XREAD', ...(r() < 0.5 ? ['COUNT', String(1 + int(3))] : []), 'STREAMS', key, k2, pick(r, ['$', someId(key)]), someId(k2)]);
        break;
      }
      case 9: out.push(['XGROUP', 'CREATE', key, g(), pick(r, ['$', '0', someId(key)]), ...(r() < 0.3 ? ['MKSTREAM'] : []),
        ...(r() < 0.2 ? ['ENTRIESREAD', String(int(5))] : [])]);
        break;
      case 10: out.push(['XGROUP', 'SETID', key, g(), pick(r, ['$', '0', someId(key)]), ...(r() < 0.3 ? ['ENTRIESREAD', String(int(5))] : [])]);
        break;
      case 11: out.push(pick(r, [['XGROUP', 'DESTROY', key, g()], ['XGROUP', 'CREATECONSUMER', key, g(), c()], ['XGROUP', 'DELCONSUMER', key, g(), c()]]));
        break;
      case 12: case 13: {
        const more = r() < 0.25 ? [k()] : [];
        out.push(['XREADGROUP', 'GROUP', g(), c(), ...(r() < 0.5 ? ['COUNT', String(1 + int(3))] : []),
          ...(r() < 0.15 ? ['NOACK'] : []), 'STREAMS', key, ...more, pick(r, ['>', '>', '0', someId(key)]), ...more.map(() => pick(r, ['>', '0']))]);
        break;
      }
      case 14: out.push(['XACK', key, g(), someId(key), someId(key)]); break;
      case 15: out.push(['XCLAIM', key, g(), c(), pick(r, ['0', '3600000']), someId(key), someId(key),
        ...pick(r, [[], ['JUSTID'], ['FORCE'], ['RETRYCOUNT', '5'], ['LASTID', someId(key)], ['FORCE', 'JUSTID']])]);
        break;
      case 16: out.push(['XAUTOCLAIM', key, g(), c(), pick(r, ['0', '3600000']), bound(key, false), ...(r() < 0.5 ? ['COUNT', String(1 + int(3))] : []),
        ...(r() < 0.3 ? ['JUSTID'] : [])]);
        break;
      case 17: out.push(r() < 0.5 ? ['XPENDING', key, g()] : ['XPENDING', key, g(), bound(key, false), bound(key, true), String(int(6)),
        ...(r() < 0.4 ? [c()] : [])]);
        break;
      case 18: out.push(pick(r, [['XINFO', 'STREAM', key], ['XINFO', 'GROUPS', key], ['XINFO', 'CONSUMERS', key, g()],
        ['XINFO', 'STREAM', key, 'FULL', 'COUNT', String(int(4))]]));
        break;
      case 19: out.push(['XSETID', key, someId(key), ...(r() < 0.3 ? ['ENTRIESADDED', String(int(30))] : []),
        ...(r() < 0.3 ? ['MAXDELETEDID', someId(key)] : [])]);
        break;
      case 20: out.push([pick(r, ['RENAME', 'COPY']), key, k()]); break;
      case 21: out.push(['DEL', key]); break;
      case 22: out.push(['XINFO', 'STREAM', key]); break;
      default: out.push(['TYPE', key]);
    }
  }
  for (const key of keys) out.push(['XINFO', 'STREAM', key, 'FULL', 'COUNT', '0']);
  return out;
}

/** Long streams under small node settings: node boundaries, approximate trims, radix tree figures. */
function nodeSequence(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const out: Cmd[] = [];
  let ms = 1;
  const values = ['', '1', '127', '128', '-4096', '4095', '70000', '8388608', '2147483648', '9223372036854775807', 'abc',
    'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(125), 'x'.repeat(126), 'x'.repeat(300)];
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.75) {
      ms += r() < 0.2 ? 0 : Math.floor(r() * 1000);
      const same = r() < 0.7;
      out.push(['XADD', 'n', `${ms}-*`, same ? 'f' : pick(r, ['f', 'g', '123']), pick(r, values), ...(r() < 0.2 ? ['f2', pick(r, values)] : [])]);
      if (r() < 0.1) ms += 2 ** 32;
    } else if (roll < 0.85) {
      out.push(['XDEL', 'n', `${Math.floor(r() * ms)}-0`, `${ms}-0`]);
    } else if (roll < 0.92) {
      out.push(['XTRIM', 'n', 'MAXLEN', '~', String(Math.floor(r() * 60)), ...(r() < 0.3 ? ['LIMIT', String(Math.floor(r() * 20))] : [])]);
    } else if (roll < 0.96) {
      out.push(['XTRIM', 'n', 'MINID', pick(r, ['~', '=']), `${Math.floor(r() * ms)}`]);
    } else {
      out.push(['XINFO', 'STREAM', 'n']);
    }
  }
  out.push(['XINFO', 'STREAM', 'n'], ['XRANGE', 'n', '-', '+'], ['XREVRANGE', 'n', '+', '-', 'COUNT', '7']);
  return out;
}

const DEFAULT_NODES: Cmd[] = [['CONFIG', 'SET', 'stream-node-max-bytes', '4096'], ['CONFIG', 'SET', 'stream-node-max-entries', '100']];

for (const shards of ['0', '1', '4']) {
  const t = suite(`stream differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL'], ...DEFAULT_NODES]);
  });

  t('edge cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES, normalise);
  });

  t('RESP3 shapes', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '2-0', 'b', '2'], ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XRANGE', 's', '-', '+'], ['XREAD', 'STREAMS', 's', '0'], ['XREAD', 'STREAMS', 's', 'nokey', '0', '0'], ['XREAD', 'STREAMS', 's', '5'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
      ['XINFO', 'GROUPS', 's'], ['XINFO', 'CONSUMERS', 's', 'g'], ['XINFO', 'STREAM', 's'], ['XPENDING', 's', 'g'], ['XGROUP', 'CREATE', 's', 'g2', '0'],
      ['XPENDING', 's', 'g2'], ['XPENDING', 's', 'g', '-', '+', '5'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0'], ['XREAD', 'BLOCK', '10', 'STREAMS', 's', '5'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'], ['XINFO', 'STREAM', 's', 'FULL'], ['XDEL', 's', '1-0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
      ['XINFO', 'STREAM', 's'], ['XGROUP', 'HELP'], ['XINFO', 'HELP'], ['XADD', 's', 'NOMKSTREAM', '3-0', 'a', '1'],
      ['XADD', 'nokey', 'NOMKSTREAM', '3-0', 'a', '1'], ['XGROUP', 'CREATE', 's', 'g3', '$'], ['XINFO', 'GROUPS', 's']], normalise);
  });

  t('generated sequences', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 7919 + Number(shards), 350)], normalise);
    }
  });

  t('node boundaries under small stream-node-max-* settings', async () => {
    const settings: Array<[string, string]> = [['100', '0'], ['0', '5'], ['200', '7'], ['4096', '100'], ['1', '1']];
    for (let i = 0; i < settings.length; i++) {
      const [bytes, entries] = settings[i];
      await runBoth(redis, kunyu, [['FLUSHALL'], ['CONFIG', 'SET', 'stream-node-max-bytes', bytes],
        ['CONFIG', 'SET', 'stream-node-max-entries', entries], ...nodeSequence(i * 31 + Number(shards), 400)]);
    }
  });

  t('keyspace notifications', async () => {
    const cmds: Cmd[] = [['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', 'MAXLEN', '1', '2-0', 'a', '1'], ['XADD', 's', 'MAXLEN', '5', '3-0', 'a', '1'],
      ['XDEL', 's', '2-0'], ['XDEL', 's', '9-0'], ['XTRIM', 's', 'MAXLEN', '0'], ['XTRIM', 's', 'MAXLEN', '0'], ['XSETID', 's', '10-0'],
      ['XGROUP', 'CREATE', 's', 'g', '$'], ['XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM'], ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'], ['XADD', 's', '11-0', 'a', '1'],
      ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>'], ['XCLAIM', 's', 'g', 'c3', '0', '11-0'], ['XAUTOCLAIM', 's', 'g', 'c4', '0', '0'],
      ['XACK', 's', 'g', '11-0'], ['XGROUP', 'DESTROY', 's', 'g'], ['XADD', 's', 'NOMKSTREAM', 'MAXLEN', '0', '12-0', 'a', '1'], ['DEL', 's'],
      ['XADD', 's3', 'MINID', '5', '1-0', 'a', '1'], ['XADD', 'nokey', 'NOMKSTREAM', '1-0', 'a', '1']];
    const collect = async (server: RunningServer): Promise<string[]> => {
      const sub = await RawClient.connect(server.port);
      const c = await RawClient.connect(server.port);
      try {
        await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
        await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
        for (const cmd of cmds) await c.call(...cmd);
        await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
        await c.call('PUBLISH', '__keyevent@0__:end', 'done');
        const out: string[] = [];
        // Each event comes as a message on its channel; the PUBLISH marks the end.
        for (;;) {
          const [m] = await sub.replies(1);
          const text = m.toString('latin1');
          if (text.includes('__keyevent@0__:end')) return out;
          out.push(text);
        }
      } finally {
        sub.close();
        c.close();
      }
    };
    const [a, b] = await Promise.all([collect(redis), collect(kunyu)]);
    assert.ok(a.length > 20);
    assert.equal(b, a);
  });

  t('COMMAND DOCS', async () => {
    // Containers are compared through their subcommands (their docs nest the prose).
    const names = [...STREAM_COMMANDS.filter((n) => n !== 'xgroup' && n !== 'xinfo'), ...SUBCOMMANDS];
    const [a, b] = await Promise.all([commandDocs(redis, names), commandDocs(kunyu, names)]);
    for (const n of names) assert.equal(b[n], a[n], n);
  });

  t.run();
}

// ---------------------------------------------------------------- blocking, on both servers

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function blockedClients(c: RawClient): Promise<number> {
  const info = await c.call('INFO', 'clients');
  return Number(/blocked_clients:(\d+)/.exec(info)![1]);
}

async function waitBlocked(c: RawClient, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (await blockedClients(c) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients`);
    await sleep(10);
  }
}

interface Scenario {
  setup: Cmd[];
  /** Commands that block, each on its own connection, in this order ('RESP3' first: after HELLO 3). */
  blockers: Cmd[];
  /** Blockers not woken by the actions answer at their timeout. */
  actions: Cmd[];
}

/** Runs a scenario on one server: the replies of the actions, then of each blocker. */
async function runScenario(server: RunningServer, s: Scenario): Promise<string[]> {
  const ctl = await RawClient.connect(server.port);
  const clients: RawClient[] = [];
  try {
    await ctl.call('FLUSHALL');
    for (const c of s.setup) await ctl.call(...c);
    for (const b of s.blockers) {
      const c = await RawClient.connect(server.port);
      clients.push(c);
      if (b[0] === 'RESP3') await c.call('HELLO', '3');
      c.write(resp(...(b[0] === 'RESP3' ? b.slice(1) : b)));
      await waitBlocked(ctl, clients.length);
    }
    const out: string[] = [];
    for (const a of s.actions) out.push(normalise(a, await ctl.call(...a)));
    for (const c of clients) out.push((await c.replies(1, 8000))[0].toString('latin1'));
    return out;
  } finally {
    ctl.close();
    for (const c of clients) c.close();
  }
}

const SHARDS = 4;
const table = slotTable(SHARDS);
const shardOf = (key: string): number => table[keySlotOfString(key)];
/** Keys on different shards of a 4-shard server. */
const spread = (prefix: string, n: number): string[] => {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const k = `${prefix}${i}`;
    if (!out.some((x) => shardOf(x) === shardOf(k))) out.push(k);
  }
  return out;
};
const [ka, kb, kc] = spread('bk', 3);
const base: Cmd[] = [['XADD', 's', '1-0', 'a', '1'], ['XGROUP', 'CREATE', 's', 'g', '$']];

const SCENARIOS: Record<string, Scenario> = {
  'XREAD $ woken by XADD': { setup: base, blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']], actions: [['XADD', 's', '2-0', 'b', '2']] },
  'every XREAD $ gets the new entry': { setup: base, blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
    ['XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 's', '1-0']], actions: [['XADD', 's', '2-0', 'b', '2']] },
  'XREAD on a missing key with $ (resolved to 0-0)': { setup: [], blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 'nokey', '$']],
    actions: [['XADD', 'nokey', '5-0', 'x', '1']] },
  'XREAD with a future ID waits for it, others are served': { setup: base,
    blockers: [['XREAD', 'BLOCK', '1000', 'STREAMS', 's', '10-0'], ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']],
    actions: [['XADD', 's', '2-0', 'b', '2']] },
  'XREAD on keys of different shards': { setup: [['XADD', ka, '1-0', 'a', '1'], ['XADD', kb, '1-0', 'a', '1']],
    blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', ka, kb, kc, '$', '$', '$']], actions: [['XADD', kc, '3-0', 'c', '3']] },
  'XREAD across shards: the key that woke it is served': { setup: [['XADD', ka, '1-0', 'a', '1']],
    blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', ka, kb, '$', '0']], actions: [['XADD', kb, '1-0', 'b', '1']] },
  'XREAD: one key served when a MULTI fills two': { setup: base, blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 's', 't', '$', '$']],
    actions: [['MULTI'], ['XADD', 't', '1-0', 'y', '1'], ['XADD', 's', '7-0', 'y', '1'], ['EXEC']] },
  'XREAD woken by XADD then XDEL in MULTI gets an empty list': { setup: base, blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']],
    actions: [['MULTI'], ['XADD', 's', '6-0', 'y', '1'], ['XDEL', 's', '6-0'], ['EXEC']] },
  'XREAD woken reader gets at most 1000 entries without COUNT': { setup: base, blockers: [['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']],
    actions: [['MULTI'], ...Array.from({ length: 1100 }, (_, i): Cmd => ['XADD', 's', `${i + 2}-0`, 'f', 'v']), ['EXEC']] },
  'XREAD timeout and RESP3 timeout': { setup: base, blockers: [['XREAD', 'BLOCK', '400', 'STREAMS', 's', '$'],
    ['RESP3', 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '400', 'STREAMS', 's', '>']], actions: [] },
  'RESP3 reader woken': { setup: base, blockers: [['RESP3', 'XREAD', 'BLOCK', '0', 'STREAMS', 's', 'nokey', '$', '$']],
    actions: [['XADD', 's', '2-0', 'b', '2']] },
  'XREAD stays blocked when its key is deleted or becomes a list': { setup: base,
    blockers: [['XREAD', 'BLOCK', '300', 'STREAMS', 's', '$']], actions: [['DEL', 's'], ['RPUSH', 's', 'a']] },
  'XREADGROUP > woken by XADD, FIFO within a group': { setup: base,
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '400', 'STREAMS', 's', '>']],
    actions: [['XADD', 's', '2-0', 'b', '2'], ['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's']] },
  'XREADGROUP: each group gets the entry': { setup: [...base, ['XGROUP', 'CREATE', 's', 'h', '$']],
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '300', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'h', 'c1', 'BLOCK', '0', 'NOACK', 'STREAMS', 's', '>']],
    actions: [['XADD', 's', '2-0', 'b', '2'], ['XPENDING', 's', 'g'], ['XPENDING', 's', 'h']] },
  'XREADGROUP across shards': { setup: [['XADD', ka, '1-0', 'a', '1'], ['XGROUP', 'CREATE', ka, 'g', '$'], ['XADD', kb, '1-0', 'a', '1'],
    ['XGROUP', 'CREATE', kb, 'g', '$']], blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', ka, kb, '>', '>']],
  actions: [['XADD', kb, '2-0', 'b', '2'], ['XPENDING', kb, 'g'], ['XINFO', 'CONSUMERS', ka, 'g']] },
  'XREADGROUP: group destroyed': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']],
    actions: [['XGROUP', 'DESTROY', 's', 'g']] },
  'XREADGROUP: stream deleted': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']], actions: [['DEL', 's']] },
  'XREADGROUP: stream overwritten': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']], actions: [['SET', 's', 'x']] },
  'XREADGROUP: stream renamed away': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']],
    actions: [['RENAME', 's', 's2']] },
  'XREADGROUP: SWAPDB with a db without the stream': { setup: base,
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']], actions: [['SWAPDB', '0', '1'], ['SWAPDB', '0', '1']] },
  'XREADGROUP: stream expired': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']],
    actions: [['PEXPIRE', 's', '20']] },
  'XREADGROUP: FLUSHALL': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']], actions: [['FLUSHALL']] },
  'XREADGROUP: stream deleted and recreated in MULTI': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']],
    actions: [['MULTI'], ['DEL', 's'], ['XADD', 's', '2-0', 'a', '1'], ['EXEC']] },
  'XREADGROUP: SETID does not wake': { setup: base, blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '300', 'STREAMS', 's', '>']],
    actions: [['XGROUP', 'SETID', 's', 'g', '0'], ['XINFO', 'CONSUMERS', 's', 'g']] },
  'XREADGROUP: consumer created when served, not when blocking': { setup: base,
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']],
    actions: [['XINFO', 'CONSUMERS', 's', 'g'], ['XADD', 's', '2-0', 'a', '1'], ['XINFO', 'CONSUMERS', 's', 'g']] },
  'XREADGROUP on two keys, one deleted first': { setup: [...base, ['XADD', 't', '1-0', 'a', '1'], ['XGROUP', 'CREATE', 't', 'g', '$']],
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', 't', '>', '>']],
    actions: [['MULTI'], ['DEL', 't'], ['XADD', 's', '2-0', 'a', '1'], ['EXEC']] },
  'XREADGROUP on two keys, the other deleted after': { setup: [...base, ['XADD', 't', '1-0', 'a', '1'], ['XGROUP', 'CREATE', 't', 'g', '$']],
    blockers: [['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', 't', '>', '>']],
    actions: [['MULTI'], ['XADD', 's', '2-0', 'a', '1'], ['DEL', 't'], ['EXEC']] },
};

for (const shards of ['0', '4']) {
  const b = suite(`stream blocking (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(b, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  for (const [name, s] of Object.entries(SCENARIOS)) {
    b(name, async () => {
      const [a, k] = await Promise.all([runScenario(redis, s), runScenario(kunyu, s)]);
      assert.equal(k, a);
    });
  }

  b('a blocked XREAD takes the resolved $ even if the stream changes before it is served', async () => {
    const c = await RawClient.connect(kunyu.port);
    const w = await RawClient.connect(kunyu.port);
    try {
      await c.call('FLUSHALL');
      await c.call('XADD', 'st', '5-0', 'a', '1');
      w.write(resp('XREAD', 'BLOCK', '0', 'STREAMS', 'st', '$'));
      await waitBlocked(c, 1);
      // XSETID moves the last ID without waking it; then two entries come at once: both are
      // after the ID `$` stood for when it blocked (5-0), so both are served.
      assert.is(await c.call('XSETID', 'st', '6-0'), '+OK\r\n');
      await c.call('MULTI');
      await c.call('XADD', 'st', '7-0', 'b', '2');
      await c.call('XADD', 'st', '8-0', 'c', '3');
      await c.call('EXEC');
      const [reply] = await w.replies(1);
      assert.is(reply.toString(), '*1\r\n*2\r\n$2\r\nst\r\n*2\r\n*2\r\n$3\r\n7-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n'
        + '*2\r\n$3\r\n8-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n');
    } finally {
      c.close();
      w.close();
    }
  });

  b('CLIENT UNBLOCK answers a blocked XREAD like a timeout', async () => {
    const c = await RawClient.connect(kunyu.port);
    const w = await RawClient.connect(kunyu.port);
    try {
      const id = (await w.call('CLIENT', 'ID')).slice(1, -2);
      w.write(resp('XREADGROUP', 'GROUP', 'nog', 'c', 'BLOCK', '0', 'STREAMS', 'nokey', '>'));
      assert.match((await w.replies(1))[0].toString(), /^-NOGROUP/);
      w.write(resp('XREAD', 'BLOCK', '0', 'STREAMS', 'nokey', '$'));
      await waitBlocked(c, 1);
      assert.is(await c.call('CLIENT', 'UNBLOCK', id), ':1\r\n');
      assert.is((await w.replies(1))[0].toString(), '*-1\r\n');
    } finally {
      c.close();
      w.close();
    }
  });

  b.run();
}

// ---------------------------------------------------------------- consumers racing on a group

const race = suite('stream consumers racing on one group (--shards 4)');
let raceServer: RunningServer;
race.before(async () => {
  raceServer = await startKunyu(['--shards', '4']);
});
race.after(async () => {
  await raceServer?.stop();
});

race('every entry is delivered to exactly one consumer, blocked or not', async () => {
  const ctl = await RawClient.connect(raceServer.port);
  await ctl.call('XGROUP', 'CREATE', 'work', 'g', '$', 'MKSTREAM');
  const total = 300;
  const got: string[] = [];
  let done = false;
  const consumers = Array.from({ length: 5 }, async (_, i) => {
    const c = await RawClient.connect(raceServer.port);
    while (!done) {
      const reply = (await c.call('XREADGROUP', 'GROUP', 'g', `c${i}`, 'COUNT', '7', 'BLOCK', '100', 'STREAMS', 'work', '>'));
      for (const m of reply.matchAll(/\$\d+\r\n(\d+-\d+)\r\n\*2/g)) got.push(m[1]);
    }
    c.close();
  });
  const producer = await RawClient.connect(raceServer.port);
  for (let i = 1; i <= total; i++) await producer.call('XADD', 'work', `${i}-0`, 'n', String(i));
  while (got.length < total) await sleep(20);
  done = true;
  await Promise.all(consumers);
  assert.is(got.length, total);
  assert.is(new Set(got).size, total);
  const pending = await ctl.call('XPENDING', 'work', 'g');
  assert.ok(pending.startsWith(`*4\r\n:${total}\r\n`), pending);
  producer.close();
  ctl.close();
});

race.run();
