// Bitmap commands against real redis-server, reply bytes compared, on --shards 0, 1 and 4:
// every error text and argument-order quirk, exhaustive BITCOUNT/BITPOS ranges over small
// strings, seeded SETBIT/BITFIELD/BITOP sequences over keys that share a {hashtag} and keys that
// do not (BITOP on one shard and across shards), big bitmaps (the rope-mirror path) mixed with
// other string commands, and GET of every result compared byte for byte.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, type RunningServer, redisAndKunyuFor } from './support/servers';
import { ignoreHello, notificationsOf, pick, rng, runBoth, type Cmd } from './support/differential';
import { commandDocs } from './support/collections';

const BITMAP_COMMANDS = ['setbit', 'getbit', 'bitcount', 'bitpos', 'bitop', 'bitfield', 'bitfield_ro'];

const EDGE_CASES: Cmd[] = [
  // SETBIT / GETBIT: argument errors, in Redis's order (offset, then bit, then type).
  ['SETBIT', 'k', '7', '1'], ['GET', 'k'], ['SETBIT', 'k', '7', '1'], ['SETBIT', 'k', '0', '0'], ['SETBIT', 'k', '-1', '1'],
  ['SETBIT', 'k', '4294967296', '1'], ['SETBIT', 'k', '4294967295x', '1'], ['SETBIT', 'k', ' 1', '1'], ['SETBIT', 'k', '01', '1'],
  ['SETBIT', 'k', '', '1'], ['SETBIT', 'k', '+1', '1'], ['SETBIT', 'k', '0', '2'], ['SETBIT', 'k', '0', '-1'], ['SETBIT', 'k', '0', 'x'],
  ['SETBIT', 'k', '0', ''], ['SETBIT', 'k', '0', '01'], ['SETBIT', 'k', 'x', 'x'], ['SETBIT', 'k', '0'], ['SETBIT', 'k', '0', '1', '1'],
  ['GETBIT', 'k', '7'], ['GETBIT', 'k', '6'], ['GETBIT', 'k', '100'], ['GETBIT', 'k', 'x'], ['GETBIT', 'k', '-1'],
  ['GETBIT', 'k', '4294967296'], ['GETBIT', 'k', '4294967295'], ['GETBIT', 'nokey', '0'], ['GETBIT', 'k'],
  ['SETBIT', 'grow', '100', '0'], ['GET', 'grow'], ['STRLEN', 'grow'], ['SETBIT', 'grow', '3', '1'], ['GET', 'grow'],
  ['SETBIT', 'nb', '0', '0'], ['EXISTS', 'nb'], ['GET', 'nb'],
  ['SET', 'num', '5'], ['GETBIT', 'num', '2'], ['GETBIT', 'num', '5'], ['OBJECT', 'ENCODING', 'num'], ['SETBIT', 'num', '0', '0'],
  ['OBJECT', 'ENCODING', 'num'], ['SET', 'emb', 'hello'], ['SETBIT', 'emb', '1', '1'], ['OBJECT', 'ENCODING', 'emb'], ['GET', 'emb'],
  ['SET', 'ttl', 'a', 'EX', '1000'], ['SETBIT', 'ttl', '100', '1'], ['TTL', 'ttl'],
  ['LPUSH', 'list', 'a'], ['SETBIT', 'list', '0', '1'], ['SETBIT', 'list', 'x', '1'], ['SETBIT', 'list', '0', 'x'], ['GETBIT', 'list', '0'],
  ['GETBIT', 'list', 'x'],
  // BITCOUNT: the key is looked up before the range is parsed.
  ['SET', 's', 'foobar'], ['BITCOUNT', 's'], ['BITCOUNT', 's', '0', '0'], ['BITCOUNT', 's', '1', '1'], ['BITCOUNT', 's', '1', '1', 'BYTE'],
  ['BITCOUNT', 's', '5', '30', 'BIT'], ['BITCOUNT', 's', '5', '30', 'bit'], ['BITCOUNT', 's', '-1', '-1'], ['BITCOUNT', 's', '-1', '-5'],
  ['BITCOUNT', 's', '-1', '-5', 'foo'], ['BITCOUNT', 's', '0', '-100'], ['BITCOUNT', 's', '-100', '-1'], ['BITCOUNT', 's', '100', '200'],
  ['BITCOUNT', 's', '0'], ['BITCOUNT', 's', '0', '1', 'foo'], ['BITCOUNT', 's', '0', '1', 'BIT', 'x'], ['BITCOUNT', 's', 'a', 'b'],
  ['BITCOUNT', 's', '0', 'b'], ['BITCOUNT', 's', '0', '1', ''], ['BITCOUNT', 'nokey'], ['BITCOUNT', 'nokey', 'a', 'b'],
  ['BITCOUNT', 'nokey', '0'], ['BITCOUNT', 'nokey', '0', '1', 'foo'], ['BITCOUNT', 'list'], ['BITCOUNT', 'list', 'a', 'b'],
  ['BITCOUNT', 'list', '0', '1', 'foo'], ['BITCOUNT'], ['SET', 'e', ''], ['BITCOUNT', 'e'], ['BITCOUNT', 'e', '0', '-1'],
  ['BITCOUNT', 'e', '0', '-1', 'BIT'],
  ['BITCOUNT', 's', '-9223372036854775808', '9223372036854775807'], ['BITCOUNT', 's', '9223372036854775807', '-9223372036854775808', 'BIT'],
  ['BITCOUNT', 's', '9223372036854775808', '1'],
  // BITPOS: bit argument first, then the key, then start, unit, end.
  ['SET', 'p', '\xff\xf0\x00'], ['BITPOS', 'p', '0'], ['BITPOS', 'p', '1'], ['BITPOS', 'p', '0', '1'], ['BITPOS', 'p', '1', '2'],
  ['BITPOS', 'p', '0', '0', '0'], ['BITPOS', 'p', '0', '0', '1'], ['BITPOS', 'p', '1', '2', '-1'], ['BITPOS', 'p', '0', '2', '-1'],
  ['BITPOS', 'p', '0', '7', '15', 'BIT'], ['BITPOS', 'p', '0', '0', '7', 'BIT'], ['BITPOS', 'p', '1', '12', '23', 'BIT'],
  ['BITPOS', 'p', '1', '-1', '-1', 'bit'], ['BITPOS', 'p', '0', '-12', '-1', 'BIT'], ['BITPOS', 'p', '2'], ['BITPOS', 'p', '-1'],
  ['BITPOS', 'p', 'x'], ['BITPOS', 'p', '1', 'x'], ['BITPOS', 'p', '1', '0', 'x'], ['BITPOS', 'p', '1', '0', '1', 'foo'],
  ['BITPOS', 'p', '1', 'x', '1', 'foo'], ['BITPOS', 'p', '1', '0', 'x', 'foo'], ['BITPOS', 'p', '1', '0', '1', 'BIT', 'x'],
  ['BITPOS', 'p', '1', '10', '5'], ['BITPOS', 'p', '0', '5'], ['BITPOS', 'p', '0', '5', '10'], ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '1'],
  ['BITPOS', 'nokey', '1', 'a'], ['BITPOS', 'nokey', '3'], ['BITPOS', 'nokey', '0', '5', '10', 'BIT'], ['BITPOS', 'list', '1'],
  ['BITPOS', 'list', '3'], ['BITPOS', 'list', '1', 'a'], ['BITPOS', 'e', '0'], ['BITPOS', 'e', '1'], ['BITPOS', 'e', '0', '0', '-1'],
  ['SET', 'ones', '\xff\xff'], ['BITPOS', 'ones', '0'], ['BITPOS', 'ones', '0', '0'], ['BITPOS', 'ones', '0', '0', '-1'],
  ['BITPOS', 'ones', '0', '1', '1'], ['BITPOS', 'ones', '1', '0', '-1', 'BIT'], ['BITPOS', 'ones', '0', '0', '-1', 'BIT'],
  ['SET', 'zeros', '\x00\x00\x00'], ['BITPOS', 'zeros', '1'], ['BITPOS', 'zeros', '0'], ['BITPOS', 'zeros', '1', '0', '-1', 'BIT'],
  // BITOP
  ['SET', 'a', '\xf0\x0f\xaa'], ['SET', 'b', '\xff'], ['BITOP', 'AND', 'dest', 'a', 'b'], ['GET', 'dest'], ['BITOP', 'or', 'dest', 'a', 'b'],
  ['GET', 'dest'], ['BITOP', 'XoR', 'dest', 'a', 'b', 'a'], ['GET', 'dest'], ['BITOP', 'NOT', 'dest', 'a'], ['GET', 'dest'],
  ['OBJECT', 'ENCODING', 'dest'], ['BITOP', 'NOT', 'dest', 'a', 'b'], ['BITOP', 'NOT', 'dest'], ['BITOP', 'nand', 'dest', 'a'],
  ['BITOP', 'AND', 'dest'], ['BITOP', 'AND', 'dest', 'nokey'], ['EXISTS', 'dest'], ['SET', 'dest', 'x', 'EX', '100'],
  ['BITOP', 'AND', 'dest', 'a'], ['TTL', 'dest'], ['BITOP', 'AND', 'dest', 'nokey', 'nokey2'], ['EXISTS', 'dest'],
  ['BITOP', 'AND', 'dest', 'a', 'list'], ['BITOP', 'NOT', 'dest', 'list'], ['BITOP', 'OR', 'list', 'a'], ['TYPE', 'list'], ['GET', 'list'],
  ['BITOP', 'OR', 'e2', 'e'], ['EXISTS', 'e2'], ['BITOP', 'AND', 'a', 'a', 'b'], ['GET', 'a'],
  // BITFIELD
  ['BITFIELD', 'bf', 'SET', 'i8', '0', '100'], ['BITFIELD', 'bf', 'GET', 'i8', '0'], ['BITFIELD', 'bf', 'INCRBY', 'i8', '0', '100'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '100'], ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '100'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'wrap', 'INCRBY', 'u2', '100', '1', 'overflow', 'sat', 'INCRBY', 'u2', '102', '1',
    'OVERFLOW', 'Fail', 'INCRBY', 'u2', '104', '5', 'GET', 'u2', '100', 'GET', 'u2', '102', 'GET', 'u2', '104'],
  ['GET', 'bf'], ['BITFIELD', 'bf', 'SET', 'u8', '#1', '255', 'GET', 'u8', '#1', 'GET', 'i8', '#1', 'GET', 'u4', '#3', 'GET', 'i4', '#3'],
  ['BITFIELD', 'bf', 'GET', 'u64', '0'], ['BITFIELD', 'bf', 'GET', 'i65', '0'], ['BITFIELD', 'bf', 'GET', 'i0', '0'],
  ['BITFIELD', 'bf', 'GET', 'u0', '0'], ['BITFIELD', 'bf', 'GET', 'U8', '0'], ['BITFIELD', 'bf', 'GET', 'I8', '0'],
  ['BITFIELD', 'bf', 'GET', 'i08', '0'], ['BITFIELD', 'bf', 'GET', 'i', '0'], ['BITFIELD', 'bf', 'GET', '', '0'],
  ['BITFIELD', 'bf', 'GET', 'i8\x00junk', '0'], ['BITFIELD', 'bf', 'GET', 'u63', '0'], ['BITFIELD', 'bf', 'GET', 'i64', '0'],
  ['BITFIELD', 'bf', 'GET', 'u8', '-1'], ['BITFIELD', 'bf', 'GET', 'u8', '#-1'], ['BITFIELD', 'bf', 'GET', 'u8', '#'],
  ['BITFIELD', 'bf', 'GET', 'u8', '##1'], ['BITFIELD', 'bf', 'GET', 'u8', 'x'], ['BITFIELD', 'bf', 'GET', 'u8', '4294967288'],
  ['BITFIELD', 'bf', 'GET', 'u8', '4294967296'], ['BITFIELD', 'bf', 'GET', 'i8', '#2305843009213693952'],
  ['BITFIELD', 'bf', 'GET', 'i64', '#144115188075855872'], ['BITFIELD', 'bf', 'GET', 'i64', '#288230376151711744'],
  ['BITFIELD', 'bf', 'SET', 'i8', '#1152921504606846976', '1'], ['BITFIELD', 'bf', 'GET', 'u8', '#536870911'],
  ['BITFIELD', 'bf', 'GET', 'u8', '#536870912'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'foo'], ['BITFIELD', 'bf', 'OVERFLOW'], ['BITFIELD', 'bf', 'bogus'], ['BITFIELD', 'bf', 'GET', 'u8'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0'], ['BITFIELD', 'bf', 'SET', 'u8', '0', 'x'], ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1.5'],
  ['BITFIELD', 'bf', 'SET', 'u8', 'x', 'x'], ['BITFIELD', 'bf', 'SET', 'u99', 'x', 'x'], ['BITFIELD', 'bf', 'GET', 'u8', '0', 'FOO'],
  ['BITFIELD', 'bf', 'SET', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-1', 'GET', 'i64', '0'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '9223372036854775807'],
  ['BITFIELD', 'bf', 'SET', 'u63', '0', '-1', 'GET', 'u63', '0', 'OVERFLOW', 'SAT', 'SET', 'u63', '0', '-1', 'GET', 'u63', '0'],
  ['BITFIELD', 'bf', 'SET', 'i8', '0', '200', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', '200', 'SET', 'i8', '0', '-200', 'OVERFLOW', 'FAIL',
    'SET', 'i8', '0', '200', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '256'],
  ['BITFIELD', 'bf', 'SET', 'i8', '0', '9223372036854775808'], ['GET', 'bf'],
  ['BITFIELD', 'nokey', 'GET', 'u8', '0', 'GET', 'i16', '100'], ['EXISTS', 'nokey'], ['BITFIELD', 'nokey'], ['BITFIELD_RO', 'nokey'],
  ['EXISTS', 'nokey'], ['BITFIELD', 'nf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '10', '10'], ['GET', 'nf'],
  ['BITFIELD', 'list', 'GET', 'u8', '0'], ['BITFIELD', 'list', 'SET', 'u8', '0', '1'], ['BITFIELD', 'list', 'SET', 'u8', '0', 'x'],
  ['BITFIELD', 'list', 'SET', 'u99', '0', '1'], ['BITFIELD_RO', 'list', 'GET', 'u8', '0'], ['BITFIELD_RO', 'list', 'SET', 'u8', '0', '1'],
  ['BITFIELD_RO', 'bf', 'GET', 'u8', '0', 'GET', 'i4', '4'], ['BITFIELD_RO', 'bf', 'SET', 'u8', '0', '1'],
  ['BITFIELD_RO', 'bf', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'bf', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
  ['BITFIELD_RO', 'bf', 'GET', 'u99', '0', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'bf', 'OVERFLOW', 'bad'], ['BITFIELD_RO'],
  ['SET', 'ttl2', 'abc', 'EX', '1000'], ['BITFIELD', 'ttl2', 'SET', 'u8', '100', '1'], ['TTL', 'ttl2'], ['OBJECT', 'ENCODING', 'ttl2'],
  ['SET', 'emb2', 'abc'], ['BITFIELD', 'emb2', 'SET', 'u8', '0', '97'], ['OBJECT', 'ENCODING', 'emb2'],
  ['SET', 'emb3', 'abc'], ['BITFIELD', 'emb3', 'GET', 'u8', '0'], ['OBJECT', 'ENCODING', 'emb3'],
  // Bitmaps are strings: other string commands see the same bytes.
  ['SETBIT', 'mix', '20', '1'], ['APPEND', 'mix', 'xyz'], ['GETRANGE', 'mix', '0', '-1'], ['SETRANGE', 'mix', '1', '\xff'],
  ['BITCOUNT', 'mix'], ['SETBIT', 'mix', '63', '1'], ['GET', 'mix'], ['STRLEN', 'mix'], ['TYPE', 'mix'], ['OBJECT', 'ENCODING', 'mix'],
  // Arity
  ['SETBIT', 'k'], ['GETBIT'], ['BITPOS', 'k'], ['BITOP', 'AND'], ['BITFIELD'],
  // Offsets are limited by proto-max-bulk-len.
  ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'], ['SETBIT', 'lim', '8388607', '1'], ['SETBIT', 'lim', '8388608', '1'],
  ['GETBIT', 'lim', '8388608'], ['BITFIELD', 'lim', 'GET', 'u8', '8388607'], ['BITFIELD', 'lim', 'GET', 'u8', '8388608'],
  ['BITFIELD', 'lim', 'SET', 'u8', '#1048575', '1'], ['BITFIELD', 'lim', 'SET', 'u8', '#1048576', '1'], ['STRLEN', 'lim'],
  ['BITCOUNT', 'lim'], ['BITPOS', 'lim', '1', '-2'], ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
];

/** BITCOUNT and BITPOS over every small range of a few strings, in both units. */
function ranges(): Cmd[] {
  const out: Cmd[] = [];
  const values = ['', '\x00', '\xff', '\x80', '\x01', '\x00\xff\x00', '\xff\x00\xff', '\x0f\xf0', 'foobar', '\xff\xff\xff\xfe', '\x00\x00\x01'];
  values.forEach((v, i) => {
    const key = `r${i}`;
    out.push(['SET', key, v]);
    for (const bit of ['0', '1']) out.push(['BITPOS', key, bit]);
    for (let s = -4; s <= 4; s++) {
      for (const bit of ['0', '1']) out.push(['BITPOS', key, bit, String(s)]);
      for (let e = -4; e <= 4; e++) {
        out.push(['BITCOUNT', key, String(s), String(e)]);
        for (const bit of ['0', '1']) out.push(['BITPOS', key, bit, String(s), String(e)]);
      }
    }
    for (let s = -26; s <= 26; s += 3) {
      for (let e = -26; e <= 26; e += 2) {
        out.push(['BITCOUNT', key, String(s), String(e), 'BIT']);
        for (const bit of ['0', '1']) out.push(['BITPOS', key, bit, String(s), String(e), 'BIT']);
      }
    }
  });
  return out;
}

const KEYS = ['a', 'b', 'c', '{t}a', '{t}b', '{t}c', 'x:1', 'x:2'];

/** Seeded random bit commands over small bitmaps. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const k = (): string => pick(r, KEYS);
  const tagged = (): string => pick(r, ['{t}a', '{t}b', '{t}c']);
  const int = (lo: number, hi: number): string => String(lo + Math.floor(r() * (hi - lo + 1)));
  const offset = (): string => (r() < 0.8 ? int(0, 200) : int(0, 5000));
  const type = (): string => (r() < 0.5 ? 'i' : 'u') + int(1, 63 + (r() < 0.5 ? 1 : 0));
  const fieldOffset = (): string => (r() < 0.3 ? '#' + int(0, 20) : int(0, 300));
  const fieldValue = (): string => pick(r, [int(-300, 300), '0', '-1', '9223372036854775807', '-9223372036854775808',
    '4611686018427387904', int(0, 1e9), '-' + int(0, 1e9)]);
  const out: Cmd[] = [];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 14)) {
      case 0: case 1: out.push(['SETBIT', k(), offset(), pick(r, ['0', '1'])]); break;
      case 2: out.push(['GETBIT', k(), offset()]); break;
      case 3: out.push(r() < 0.3 ? ['BITCOUNT', k()] : ['BITCOUNT', k(), int(-40, 40), int(-40, 40), ...pick(r, [[], ['BIT'], ['BYTE']])]); break;
      case 4: {
        const args = pick(r, [[], [int(-30, 30)], [int(-30, 30), int(-30, 30)], [int(-300, 300), int(-300, 300), 'BIT']]);
        out.push(['BITPOS', k(), pick(r, ['0', '1']), ...args]);
        break;
      }
      case 5: case 6: {
        const op = pick(r, ['AND', 'OR', 'XOR', 'NOT']);
        const srcs = op === 'NOT' ? [k()] : Array.from({ length: 1 + Math.floor(r() * 3) }, k);
        // Half of them on one shard (shared hashtag), half spread over shards.
        out.push(r() < 0.5 ? ['BITOP', op, tagged(), ...(op === 'NOT' ? [tagged()] : srcs.map(() => tagged()))] : ['BITOP', op, k(), ...srcs]);
        break;
      }
      case 7: case 8: case 9: {
        const args: string[] = [];
        const nops = 1 + Math.floor(r() * 4);
        for (let j = 0; j < nops; j++) {
          if (r() < 0.3) args.push('OVERFLOW', pick(r, ['WRAP', 'SAT', 'FAIL']));
          const sub = pick(r, ['GET', 'SET', 'INCRBY']);
          args.push(sub, type(), fieldOffset());
          if (sub !== 'GET') args.push(fieldValue());
        }
        out.push(['BITFIELD', k(), ...args]);
        break;
      }
      case 10: out.push(['BITFIELD_RO', k(), 'GET', type(), fieldOffset(), 'GET', type(), fieldOffset()]); break;
      case 11: out.push(['GET', k()]); break;
      case 12: out.push(pick(r, [['APPEND', k(), 'ab'], ['SETRANGE', k(), int(0, 30), '\xff\x00'], ['DEL', k()], ['SET', k(), 'hello']])); break;
      default: out.push(['STRLEN', k()]);
    }
  }
  for (const key of KEYS) out.push(['GET', key], ['OBJECT', 'ENCODING', key]);
  return out;
}

/**
 * Big bitmaps: SETBIT at random offsets up to 10M bits (the rope-mirror path in Kunyu), with reads,
 * BITFIELD, BITOP, and other string commands that replace the value in between.
 */
function big(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const int = (lo: number, hi: number): string => String(lo + Math.floor(r() * (hi - lo + 1)));
  const keys = ['{b}big', '{b}big2', 'big3'];
  const k = (): string => pick(r, keys);
  const out: Cmd[] = [['SETBIT', '{b}big', '10000000', '1'], ['SETBIT', '{b}big2', int(100000, 400000), '1'], ['SETBIT', 'big3', '200000', '1']];
  for (let i = 0; i < n; i++) {
    const d = r();
    if (d < 0.5) out.push(['SETBIT', k(), r() < 0.7 ? int(0, 10_000_000) : int(0, 300_000), pick(r, ['0', '1', '1'])]);
    else if (d < 0.6) out.push(['GETBIT', k(), int(0, 10_100_000)]);
    else if (d < 0.65) out.push(['BITCOUNT', k(), ...pick(r, [[], [int(-200000, 200000), int(-200000, 1300000)], [int(0, 10_000_000), '-1', 'BIT']])]);
    else if (d < 0.7) out.push(['BITPOS', k(), pick(r, ['0', '1']), ...pick(r, [[], [int(0, 300000)], [int(0, 300000), int(300000, 1300000)], [int(0, 9_000_000), '-1', 'BIT']])]);
    else if (d < 0.8) out.push(['BITFIELD', k(), 'INCRBY', pick(r, ['u8', 'i16', 'u31', 'i64']), int(0, 10_000_000), int(-1000, 1000), 'GET', 'u32', int(0, 10_000_000)]);
    else if (d < 0.83) out.push(['SETRANGE', k(), int(0, 1_300_000), 'abc']);
    else if (d < 0.85) out.push(['APPEND', k(), '\xff\xff']);
    else if (d < 0.87) out.push(['BITOP', pick(r, ['AND', 'OR', 'XOR']), pick(r, ['{b}big', '{b}big2', '{b}dst', 'dst2']), k(), k()]);
    else if (d < 0.88) out.push(['BITOP', 'NOT', k(), k()]);
    else if (d < 0.9) out.push(['STRLEN', k()]);
    else if (d < 0.91) out.push(['GET', k()]);
    else if (d < 0.92) out.push(['RENAME', k(), k()]);
    else if (d < 0.93) out.push(['GETRANGE', k(), int(0, 1_300_000), int(0, 1_300_000)]);
    else out.push(['BITCOUNT', k(), int(0, 1_250_000), int(0, 1_250_000)]);
  }
  for (const key of [...keys, '{b}dst', 'dst2']) out.push(['GET', key], ['STRLEN', key], ['BITCOUNT', key], ['OBJECT', 'ENCODING', key]);
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`bitmap differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('edge cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('every small BITCOUNT/BITPOS range, bytes and bits', async () => {
    await runBoth(redis, kunyu, ranges());
  });

  t('generated SETBIT/BITFIELD/BITOP sequences on one shard and across shards', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 7919 + Number(shards), 300)]);
    }
  });

  t('big bitmaps: SETBIT at random offsets up to 10M bits, mixed with other string commands', async () => {
    await runBoth(redis, kunyu, big(4242 + Number(shards), 1500));
  });

  t('WATCH sees a bit write only when it changes the value', async () => {
    const watched = (cmd: Cmd): Cmd[] => [['WATCH', 'w'], cmd, ['MULTI'], ['PING'], ['EXEC']];
    await runBoth(redis, kunyu, [['SET', 'w', 'a'],
      ...watched(['SETBIT', 'w', '0', '0']), ...watched(['SETBIT', 'w', '1', '1']), ...watched(['SETBIT', 'w', '100', '0']),
      ...watched(['BITFIELD', 'w', 'SET', 'u8', '0', '97']), ...watched(['BITFIELD', 'w', 'SET', 'u8', '0', '98']),
      ...watched(['BITFIELD', 'w', 'GET', 'u8', '0']), ...watched(['BITFIELD', 'w', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10']),
      ...watched(['BITOP', 'OR', 'w', 'w']), ...watched(['BITOP', 'AND', 'w', 'nokey'])]);
  });

  t('RESP3 replies', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ['SETBIT', 'r', '3', '1'], ['GETBIT', 'r', '3'], ['BITCOUNT', 'r'], ['BITPOS', 'r', '1'],
      ['BITFIELD', 'r', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '9', 'GET', 'i8', '0', 'SET', 'u8', '8', '255'],
      ['BITFIELD_RO', 'r', 'GET', 'u16', '0'], ['BITFIELD', 'r'], ['BITOP', 'NOT', 'r2', 'r'], ['GET', 'r2']], ignoreHello);
  });

  t('keyspace notifications', async () => {
    const cmds: Cmd[] = [['SETBIT', 'n', '3', '1'], ['SETBIT', 'n', '3', '1'], ['SETBIT', 'n', '100', '0'], ['GETBIT', 'n', '0'],
      ['BITFIELD', 'n', 'SET', 'u8', '0', '1'], ['BITFIELD', 'n', 'SET', 'u8', '0', '1'], ['BITFIELD', 'n', 'GET', 'u8', '0'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '9'], ['BITOP', 'OR', '{n}d', '{n}a', 'n'], ['BITOP', 'AND', '{n}d', 'nokey'],
      ['SET', 'x', 'v'], ['BITOP', 'OR', 'x', 'n', 'nokey'], ['BITOP', 'AND', 'x', 'nokey'], ['BITCOUNT', 'nokey']];
    const [a, b] = [await notificationsOf(redis, 'KEAm', cmds), await notificationsOf(kunyu, 'KEAm', cmds)];
    assert.ok(a.length > 5, `${a.length} notifications`);
    assert.equal(b, a);
  });

  t('keyspace hits and misses counted as Redis counts them', async () => {
    const stats = (cmd: Cmd, reply: string): string =>
      (cmd[0] === 'INFO' ? (reply.match(/keyspace_(hits|misses):\d+/g) ?? []).join(',') : reply);
    await runBoth(redis, kunyu, [['CONFIG', 'RESETSTAT']]);
    await runBoth(redis, kunyu, [['SETBIT', '{k}a', '1', '1'], ['GETBIT', '{k}a', '1'], ['GETBIT', '{k}no', '1'], ['BITCOUNT', '{k}a'],
      ['BITCOUNT', '{k}no'], ['BITPOS', '{k}a', '1'], ['BITPOS', '{k}no', '0'], ['BITOP', 'OR', '{k}d', '{k}a', '{k}no'],
      ['BITOP', 'OR', 'd', 'a', 'no', 'x'], ['BITFIELD', '{k}a', 'GET', 'u8', '0'], ['BITFIELD', '{k}no', 'GET', 'u8', '0'],
      ['BITFIELD', '{k}a', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', '{k}a', 'GET', 'u8', '0']], stats);
    await runBoth(redis, kunyu, [['INFO', 'stats']], stats);
  });

  t('COMMAND INFO, DOCS and GETKEYS', async () => {
    await runBoth(redis, kunyu, [['COMMAND', 'INFO', ...BITMAP_COMMANDS], ['COMMAND', 'GETKEYS', 'BITOP', 'AND', 'd', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'BITFIELD', 'k', 'GET', 'u8', '0'], ['COMMAND', 'GETKEYS', 'SETBIT', 'k', '0', '1']]);
    const [a, b] = await Promise.all([commandDocs(redis, BITMAP_COMMANDS), commandDocs(kunyu, BITMAP_COMMANDS)]);
    assert.equal(b, a);
    assert.is(Object.keys(b).length, BITMAP_COMMANDS.length);
  });

  t('a big bitmap read back with GET equals the same SETBITs applied to a buffer', async () => {
    const c = await RawClient.connect(kunyu.port);
    try {
      const r = rng(99 + Number(shards));
      const bytes = Buffer.alloc(1_250_001);
      for (let i = 0; i < 3000; i++) {
        const off = Math.floor(r() * 10_000_008);
        const on = r() < 0.8 ? 1 : 0;
        await c.call('SETBIT', 'bm', String(off), String(on));
        const mask = 0x80 >> (off % 8);
        bytes[Math.floor(off / 8)] = on ? bytes[Math.floor(off / 8)] | mask : bytes[Math.floor(off / 8)] & ~mask;
      }
      const len = Number((await c.call('STRLEN', 'bm')).slice(1, -2));
      const got = await c.call('GET', 'bm');
      const body = got.slice(got.indexOf('\r\n') + 2, -2);
      assert.is(body.length, len);
      assert.ok(body === bytes.latin1Slice(0, len), 'GET returns the bytes the SETBITs made');
      const count = Number((await c.call('BITCOUNT', 'bm')).slice(1, -2));
      let expected = 0;
      for (let i = 0; i < len; i++) for (let v = bytes[i]; v; v &= v - 1) expected++;
      assert.is(count, expected);
    } finally {
      c.close();
    }
  });

  t.run();
}
