// Hash commands against real redis-server, reply bytes compared, on --shards 0, 1 and 4:
// hand-written edge cases (every error text, encodings, RESP3 shapes), seeded random sequences,
// whole HSCAN iterations; plus Kunyu-only checks of the random commands and of the HSCAN guarantee.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, startKunyu, type RunningServer, redisAndKunyuFor } from './support/servers';
import { pick, rng, runBoth, type Cmd } from './support/differential';
import { bulks, commandDocs, fullScan, shapeOfReply, sortedReply, sortedScanReply, splitAggregate } from './support/collections';

const LONG = 'L'.repeat(65);
const HASH_COMMANDS = ['hset', 'hsetnx', 'hget', 'hmset', 'hmget', 'hdel', 'hlen', 'hstrlen', 'hexists', 'hkeys', 'hvals',
  'hgetall', 'hincrby', 'hincrbyfloat', 'hrandfield', 'hscan'];

/** Small (listpack) hashes only: every reply, order included, must match byte for byte. */
const EXACT: Cmd[] = [
  ['HSET'], ['HSET', 'h'], ['HSET', 'h', 'f'], ['HSET', 'h', 'a', '1', 'b'], ['HMSET', 'h', 'a'], ['HMSET', 'h', 'a', '1', 'b'],
  ['EXISTS', 'h'],
  ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['HSET', 'h', 'a', '10', 'd', '4', 'a', '11'], ['HMSET', 'h', 'e', '5', 'b', '20'],
  ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HLEN', 'h'], ['TYPE', 'h'], ['OBJECT', 'ENCODING', 'h'],
  ['HGET', 'h', 'a'], ['HGET', 'h', 'zz'], ['HGET', 'nokey', 'a'], ['HGET', 'h'], ['HGET', 'h', 'a', 'b'],
  ['HMGET', 'h', 'a', 'zz', 'b', 'a'], ['HMGET', 'nokey', 'a', 'b'], ['HMGET', 'h'],
  ['HLEN', 'nokey'], ['HLEN'], ['HSTRLEN', 'h', 'a'], ['HSTRLEN', 'h', 'zz'], ['HSTRLEN', 'nokey', 'a'],
  ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'zz'], ['HEXISTS', 'nokey', 'a'], ['HEXISTS', 'h'],
  ['HKEYS', 'nokey'], ['HVALS', 'nokey'], ['HGETALL', 'nokey'], ['HKEYS', 'h', 'x'],
  ['HSETNX', 'h', 'a', 'x'], ['HSETNX', 'h', 'f', '6'], ['HSETNX', 'h', 'g'], ['HSETNX', 'new', 'f', 'v'], ['HGETALL', 'new'],
  ['HDEL', 'h', 'a', 'zz', 'a'], ['HDEL', 'h'], ['HDEL', 'nokey', 'a'], ['HGETALL', 'h'],
  ['HDEL', 'new', 'f'], ['EXISTS', 'new'], ['HDEL', 'new', 'f'],
  // Empty and binary fields and values.
  ['HSET', 'bin', '', '', '\x00\xff', '\r\n', 'a b', '\x00'], ['HGETALL', 'bin'], ['HGET', 'bin', ''], ['HSTRLEN', 'bin', '\x00\xff'],
  // HINCRBY: integers with Redis's strict parsing and 64-bit overflow checks.
  ['HINCRBY', 'n', 'i', '5'], ['HINCRBY', 'n', 'i', '-10'], ['HINCRBY', 'n', 'i', 'x'], ['HINCRBY', 'n', 'i', '1.5'],
  ['HINCRBY', 'n', 'i', ''], ['HINCRBY', 'n', 'i', ' 1'], ['HINCRBY', 'n', 'i', '+1'], ['HINCRBY', 'n', 'i', '01'],
  ['HINCRBY', 'n', 'i', '9223372036854775808'], ['HINCRBY', 'n', 'i'], ['HINCRBY', 'fresh', 'f', '0'], ['HGETALL', 'fresh'],
  ['HSET', 'n', 's', 'abc', 'big', '9223372036854775807', 'neg', '-9223372036854775808', 'sp', ' 1', 'lz', '01', 'fl', '1.0'],
  ['HINCRBY', 'n', 's', '1'], ['HINCRBY', 'n', 'big', '1'], ['HINCRBY', 'n', 'big', '-1'], ['HINCRBY', 'n', 'big', '0'],
  ['HINCRBY', 'n', 'neg', '-1'], ['HINCRBY', 'n', 'neg', '9223372036854775807'], ['HINCRBY', 'n', 'neg', '-9223372036854775808'],
  ['HINCRBY', 'n', 'sp', '1'], ['HINCRBY', 'n', 'lz', '1'], ['HINCRBY', 'n', 'fl', '1'], ['HGETALL', 'n'],
  // HINCRBYFLOAT: long double arithmetic and %.17Lf formatting, as INCRBYFLOAT.
  ['HINCRBYFLOAT', 'fl', 'a', '10.5'], ['HINCRBYFLOAT', 'fl', 'a', '0.1'], ['HINCRBYFLOAT', 'fl', 'a', '-10.6'],
  ['HINCRBYFLOAT', 'fl', 'b', '1e30'], ['HINCRBYFLOAT', 'fl', 'b', '1'], ['HINCRBYFLOAT', 'fl', 'c', '5e17'], ['HINCRBYFLOAT', 'fl', 'c', '1e-5'],
  ['HINCRBYFLOAT', 'fl', 'd', 'inf'], ['HINCRBYFLOAT', 'fl', 'd', '-inf'], ['HINCRBYFLOAT', 'fl', 'd', 'nan'], ['HINCRBYFLOAT', 'fl', 'd', 'x'],
  ['HINCRBYFLOAT', 'fl', 'd', ''], ['HINCRBYFLOAT', 'fl', 'd', ' 1'], ['HINCRBYFLOAT', 'fl', 'd', '1 '], ['HINCRBYFLOAT', 'fl', 'd', '1e5000'],
  ['HINCRBYFLOAT', 'fl', 'e', '0x10'], ['HINCRBYFLOAT', 'fl', 'e', '3.0'], ['HINCRBYFLOAT', 'fl', 'f', '0'], ['HINCRBYFLOAT', 'fl', 'g', '-0.0'],
  ['HINCRBYFLOAT', 'fl', 'h', '.5'], ['HINCRBYFLOAT', 'fl', 'h', '5.'], ['HINCRBYFLOAT', 'fl', 'h', '1e3'],
  ['HINCRBYFLOAT', 'fl', 'third', '0.3333333333333333'], ['HINCRBYFLOAT', 'fl', 'third', '0.3333333333333333'],
  ['HSET', 'fl', 's', 'abc', 'inf', 'inf', 'nan', 'nan', 'int', '7', 'sp', ' 2', 'huge', '1e4932'],
  ['HINCRBYFLOAT', 'fl', 's', '1'], ['HINCRBYFLOAT', 'fl', 'inf', '1'], ['HINCRBYFLOAT', 'fl', 'nan', '1'], ['HINCRBYFLOAT', 'fl', 'int', '1.5'],
  ['HINCRBYFLOAT', 'fl', 'sp', '1'], ['HINCRBYFLOAT', 'fl', 'huge', '1e4932'], ['HINCRBYFLOAT', 'fl', 'huge', '-1e4932'],
  ['HINCRBYFLOAT', 'fl', 'x'], ['HGETALL', 'fl'],
  // HRANDFIELD: deterministic cases only (errors, empty, whole hash, single-field hash).
  ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '5'], ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'], ['HRANDFIELD', 'h', '0'],
  ['HRANDFIELD', 'h', '0', 'WITHVALUES'], ['HRANDFIELD', 'h', '100'], ['HRANDFIELD', 'h', '100', 'withvalues'], ['HRANDFIELD', 'h', '5'],
  ['HRANDFIELD', 'h', 'x'], ['HRANDFIELD', 'h', '1.5'], ['HRANDFIELD', 'h', '1', 'foo'], ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
  ['HRANDFIELD', 'h', 'x', 'foo'], ['HRANDFIELD', 'h', '-9223372036854775808'], ['HRANDFIELD', 'h', '-9223372036854775808', 'WITHVALUES'],
  ['HRANDFIELD', 'h', '9223372036854775807', 'WITHVALUES'], ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
  ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'], ['HRANDFIELD', 'h', '9223372036854775807'],
  ['HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES'], ['HRANDFIELD', 'nokey', '9223372036854775808'],
  ['HSET', 'one', 'f', 'v'], ['HRANDFIELD', 'one'], ['HRANDFIELD', 'one', '1'], ['HRANDFIELD', 'one', '-3'],
  ['HRANDFIELD', 'one', '-3', 'WITHVALUES'], ['HRANDFIELD', 'one', '1', 'WITHVALUES'], ['HRANDFIELD'],
  // HSCAN: a listpack answers everything at once, whatever the cursor and COUNT.
  ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'MATCH', '[ab]*'], ['HSCAN', 'h', '0', 'COUNT', '1'], ['HSCAN', 'h', '7'],
  ['HSCAN', 'h', '0', 'match', '*', 'count', '2'], ['HSCAN', 'h', '0', 'MATCH', 'x*', 'MATCH', 'b'], ['HSCAN', 'h', 'x'], ['HSCAN', 'h', '-1'],
  ['HSCAN', 'h', ''], ['HSCAN', 'h', ' 1'], ['HSCAN', 'h', '1 '], ['HSCAN', 'h', '+1'], ['HSCAN', 'h', '-'], ['HSCAN', 'h', '01'],
  ['HSCAN', 'h', '18446744073709551615'], ['HSCAN', 'h', '18446744073709551616'], ['HSCAN', 'h', '-18446744073709551615'],
  ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'COUNT', '-1'], ['HSCAN', 'h', '0', 'COUNT', 'x'], ['HSCAN', 'h', '0', 'MATCH'],
  ['HSCAN', 'h', '0', 'foo', 'bar'], ['HSCAN', 'h', '0', 'TYPE', 'string'], ['HSCAN', 'h', '0', 'NOVALUES'], ['HSCAN', 'h', '0', 'COUNT'],
  ['HSCAN', 'nokey', '0', 'COUNT', '0'], ['HSCAN', 'nokey', 'x'], ['HSCAN', 'h'], ['HSCAN', 'bin', '0', 'MATCH', '\x00*'],
  // WRONGTYPE, checked after the argument errors Redis checks first.
  ['SET', 'str', 'v'], ['SADD', 'set', 'm'],
  ['HSET', 'str', 'a', '1'], ['HSET', 'str', 'a'], ['HMSET', 'set', 'a', '1'], ['HSETNX', 'str', 'a', '1'], ['HGET', 'str', 'a'],
  ['HMGET', 'set', 'a'], ['HDEL', 'str', 'a'], ['HLEN', 'set'], ['HSTRLEN', 'str', 'a'], ['HEXISTS', 'str', 'a'], ['HKEYS', 'str'],
  ['HVALS', 'set'], ['HGETALL', 'str'], ['HINCRBY', 'str', 'a', '1'], ['HINCRBY', 'str', 'a', 'x'], ['HINCRBYFLOAT', 'str', 'a', '1'],
  ['HINCRBYFLOAT', 'str', 'a', 'x'], ['HRANDFIELD', 'str'], ['HRANDFIELD', 'str', '0'], ['HRANDFIELD', 'str', 'x'],
  ['HRANDFIELD', 'str', '1', 'bad'], ['HSCAN', 'str', '0'], ['HSCAN', 'str', 'x'], ['HSCAN', 'str', '0', 'COUNT', '0'],
  ['GET', 'h'], ['SADD', 'h', 'x'], ['GET', 'str'],
  // A hash moved whole keeps its encoding and contents (RENAME and COPY may cross shards).
  // (with 4 shards: h → shard 2, h9 → 0, hcopy → 3)
  ['RENAME', 'h', 'h9'], ['HGETALL', 'h9'], ['OBJECT', 'ENCODING', 'h9'], ['COPY', 'h9', 'hcopy'], ['HSET', 'hcopy', 'zz', '1'],
  ['HGETALL', 'h9'], ['HGETALL', 'hcopy'], ['EXPIRE', 'hcopy', '100'], ['HSET', 'hcopy', 'a', '1'], ['TTL', 'hcopy'], ['HDEL', 'hcopy', 'zz'],
  ['TTL', 'hcopy'], ['DEL', 'h9', 'hcopy'], ['EXISTS', 'h9', 'hcopy'],
];

/** Encoding changes (hashtables answer in an order of their own: those replies are compared sorted). */
const ENCODINGS: Cmd[] = [
  ['CONFIG', 'GET', 'hash-max-listpack-entries'], ['CONFIG', 'GET', 'hash-max-listpack-value'],
  ['HSET', 'e1', 'a', '1'], ['OBJECT', 'ENCODING', 'e1'], ['HSET', 'e1', 'b', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'e1'],
  ['HSET', 'e1', 'c', LONG], ['OBJECT', 'ENCODING', 'e1'], ['HDEL', 'e1', 'c', 'b'], ['OBJECT', 'ENCODING', 'e1'], ['HGETALL', 'e1'],
  ['HSET', 'e2', LONG, '1'], ['OBJECT', 'ENCODING', 'e2'],
  ['HSET', 'e3', 'a', '1'], ['HSETNX', 'e3', 'a', LONG], ['OBJECT', 'ENCODING', 'e3'], ['HSETNX', 'e3', 'b', LONG], ['OBJECT', 'ENCODING', 'e3'],
  ['HSET', 'e4', 'a', '1'], ['HINCRBY', 'e4', LONG, '1'], ['OBJECT', 'ENCODING', 'e4'], ['HGETALL', 'e4'],
  ['HSET', 'e5', 'a', '1'], ['HINCRBYFLOAT', 'e5', LONG, '1.5'], ['OBJECT', 'ENCODING', 'e5'],
  ['HSET', 'e6', 'a', '1', 'b', LONG, 'c', '3'], ['OBJECT', 'ENCODING', 'e6'], ['HKEYS', 'e6'], ['HVALS', 'e6'],
  ['HSET', 'e7', 'a', '1'], ['HSET', 'e7', 'a', LONG], ['OBJECT', 'ENCODING', 'e7'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '3'],
  ['HSET', 'c1', 'a', '1', 'b', '2', 'c', '3'], ['OBJECT', 'ENCODING', 'c1'], ['HSET', 'c1', 'd', '4'], ['OBJECT', 'ENCODING', 'c1'],
  ['HDEL', 'c1', 'a', 'b', 'c'], ['OBJECT', 'ENCODING', 'c1'], ['HGETALL', 'c1'],
  ['HSET', 'c2', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['OBJECT', 'ENCODING', 'c2'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
  ['HSET', 'c3', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], ['OBJECT', 'ENCODING', 'c3'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
  // A lowered threshold applies on the next write, even an update of an existing field...
  ['HGET', 'c3', 'a'], ['OBJECT', 'ENCODING', 'c3'], ['HSET', 'c3', 'a', '9'], ['OBJECT', 'ENCODING', 'c3'],
  // ... but not on HSETNX of an existing field (nothing is written).
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['HSET', 'c4', 'a', '1', 'b', '2', 'c', '3'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'], ['HSETNX', 'c4', 'a', '1'], ['OBJECT', 'ENCODING', 'c4'],
  ['HINCRBY', 'c4', 'a', '1'], ['OBJECT', 'ENCODING', 'c4'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'], ['HSET', 'z0', 'a', '1'], ['OBJECT', 'ENCODING', 'z0'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'hash-max-listpack-value', '4'],
  ['HSET', 'v1', 'abcd', 'wxyz'], ['OBJECT', 'ENCODING', 'v1'], ['HSET', 'v1', 'abcde', '1'], ['OBJECT', 'ENCODING', 'v1'],
  ['HSET', 'v2', 'a', '12345'], ['OBJECT', 'ENCODING', 'v2'], ['HSET', 'v3', 'a', '1'], ['HINCRBY', 'v3', 'a', '99999'],
  ['OBJECT', 'ENCODING', 'v3'], ['HINCRBYFLOAT', 'v3', 'a', '0.5'], ['OBJECT', 'ENCODING', 'v3'], ['HGETALL', 'v3'],
  ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  // Encodings survive moves between keys (and shards).
  ['RENAME', 'e1', 'moved1'], ['OBJECT', 'ENCODING', 'moved1'], ['HGETALL', 'moved1'], ['COPY', 'moved1', 'copied1'],
  ['OBJECT', 'ENCODING', 'copied1'], ['RENAME', 'c3', '{x}c3'], ['OBJECT', 'ENCODING', '{x}c3'], ['HGETALL', '{x}c3'],
  ['HRANDFIELD', 'moved1', '10'], ['HRANDFIELD', '{x}c3', '10', 'WITHVALUES'], ['HRANDFIELD', 'e4', '1', 'WITHVALUES'],
  ['HSCAN', 'e6', '0', 'COUNT', '100'], ['HSCAN', 'e6', '0', 'MATCH', '[ab]', 'COUNT', '100'], ['HSCAN', 'c1', '0'],
];

const RESP3: Cmd[] = [
  ['HELLO', '3'],
  ['HSET', 'h', 'a', '1', 'b', '2'], ['HGETALL', 'h'], ['HGETALL', 'nokey'], ['HKEYS', 'h'], ['HVALS', 'nokey'], ['HGET', 'nokey', 'a'],
  ['HMGET', 'h', 'a', 'zz'], ['HRANDFIELD', 'h', '10', 'WITHVALUES'], ['HRANDFIELD', 'h', '10'], ['HRANDFIELD', 'nokey'],
  ['HRANDFIELD', 'nokey', '2', 'WITHVALUES'], ['HRANDFIELD', 'h', '0', 'WITHVALUES'], ['HSET', 'one', 'f', 'v'],
  ['HRANDFIELD', 'one', '-2', 'WITHVALUES'], ['HRANDFIELD', 'one', '1', 'WITHVALUES'], ['HINCRBYFLOAT', 'h', 'a', '1.5'],
  ['HINCRBY', 'h', 'b', '1'], ['HSCAN', 'h', '0'], ['HSCAN', 'nokey', '0'], ['HEXISTS', 'h', 'a'], ['HSTRLEN', 'h', 'a'],
  ['HLEN', 'h'], ['HDEL', 'h', 'a'], ['HSETNX', 'h', 'a', '1'], ['HMSET', 'h', 'c', '3'], ['HGET', 'h', 'c'],
  ['HSET', 'ht', 'a', LONG, 'b', '2'], ['HGETALL', 'ht'], ['HRANDFIELD', 'ht', '5', 'WITHVALUES'],
];

/** Normalises replies whose order or random choices may differ (hashtables, HRANDFIELD). */
function normalise(cmd: Cmd, reply: string): string {
  const name = cmd[0].toUpperCase();
  if (name === 'HELLO') return 'hello';
  if (name === 'HKEYS' || name === 'HVALS') return sortedReply(reply);
  if (name === 'HGETALL') return sortedReply(reply, 2);
  if (name === 'HSCAN') return sortedScanReply(reply, 2);
  if (name === 'HRANDFIELD') return normaliseRandom(cmd, reply);
  return reply;
}

/**
 * HRANDFIELD: fewer picks than asked means the whole hash (compared sorted); as many as asked may
 * be a random subset (only the shape is compared), as are negative counts.
 */
function normaliseRandom(cmd: Cmd, reply: string): string {
  if (cmd.length < 3) return shapeOfReply(reply);
  const agg = splitAggregate(reply);
  if (agg === null) return reply;
  const count = Number(cmd[2]);
  const flatPairs = cmd.length > 3 && agg.items.length > 0 && agg.items[0][0] === '$';
  const picks = flatPairs ? agg.items.length / 2 : agg.items.length;
  if (count > 0 && picks < count) return sortedReply(reply, flatPairs ? 2 : 1);
  return shapeOfReply(reply);
}

/** Seeded random sequences over a few hashes, some sharing a hashtag, with strings mixed in. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['h1', 'h2', '{t}a', '{t}b', 'k:' + (seed % 5), 'str'];
  const fields = ['a', 'b', 'c', 'd', 'e', 'f', 'n', 'm', 'x'.repeat(20), LONG];
  const k = (): string => pick(r, keys);
  const f = (): string => pick(r, fields);
  const v = (): string => pick(r, ['', 'v', '1', '-7', '42', '3.5', 'abc', '9223372036854775807', 'x'.repeat(Math.floor(r() * 70))]);
  const out: Cmd[] = [];
  if (seed % 3 === 0) out.push(['HELLO', '3']);
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 26)) {
      case 0: case 1: case 2: {
        const c: Cmd = [pick(r, ['HSET', 'HSET', 'HMSET']), k()];
        for (let p = 1 + Math.floor(r() * 3); p > 0; p--) c.push(f(), v());
        out.push(c);
        break;
      }
      case 3: out.push(['HSETNX', k(), f(), v()]); break;
      case 4: out.push(['HGET', k(), f()]); break;
      case 5: out.push(['HMGET', k(), f(), f(), f()]); break;
      case 6: out.push(['HDEL', k(), f(), f()]); break;
      case 7: out.push(['HLEN', k()]); break;
      case 8: out.push(['HSTRLEN', k(), f()]); break;
      case 9: out.push(['HEXISTS', k(), f()]); break;
      case 10: out.push([pick(r, ['HKEYS', 'HVALS', 'HGETALL']), k()]); break;
      case 11: out.push(['HINCRBY', k(), f(), pick(r, ['1', '-3', '100', '9223372036854775807', 'x'])]); break;
      case 12: out.push(['HINCRBYFLOAT', k(), f(), pick(r, ['1.5', '-0.25', '10', '1e3', 'x', '0.1'])]); break;
      case 13: out.push(['HRANDFIELD', k(), ...pick(r, [[], ['1'], ['3'], ['100'], ['-4'], ['0'], ['100', 'WITHVALUES'], ['-2', 'WITHVALUES'], ['2', 'WITHVALUES']])]); break;
      case 14: out.push(['HSCAN', k(), '0', ...pick(r, [['COUNT', '100'], ['MATCH', '[a-d]', 'COUNT', '100'], ['MATCH', '*x*', 'COUNT', '1000']])]); break;
      case 15: out.push(['OBJECT', 'ENCODING', k()]); break;
      case 16: out.push(['DEL', k()]); break;
      case 17: out.push(['RENAME', k(), k()]); break;
      case 18: out.push(['COPY', k(), k(), ...pick(r, [[], ['REPLACE']])]); break;
      case 19: out.push(['TYPE', k()]); break;
      case 20: out.push(['SET', pick(r, ['str', 'str', 'str', 'str', k()]), 'v']); break;
      case 21: out.push(['EXPIRE', k(), '1000']); break;
      case 22: out.push(['TTL', k()]); break;
      case 23: out.push(['CONFIG', 'SET', 'hash-max-listpack-entries', pick(r, ['3', '6', '512'])]); break;
      case 24: out.push(['CONFIG', 'SET', 'hash-max-listpack-value', pick(r, ['8', '30', '64'])]); break;
      default: out.push(['HSET', k(), f(), v()]);
    }
  }
  out.push(['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64']);
  for (const key of keys) out.push(['TYPE', key], ['OBJECT', 'ENCODING', key], ['HGETALL', key]);
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`hash differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL'], ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64']]);
  });

  t('edge cases and error texts, exact order (listpack)', async () => {
    await runBoth(redis, kunyu, EXACT);
  });

  t('encoding conversions and thresholds', async () => {
    await runBoth(redis, kunyu, ENCODINGS, normalise);
  });

  t('RESP3 reply shapes', async () => {
    await runBoth(redis, kunyu, RESP3, normalise);
  });

  t('COMMAND INFO and GETKEYS', async () => {
    await runBoth(redis, kunyu, [['COMMAND', 'INFO', ...HASH_COMMANDS], ['COMMAND', 'GETKEYS', 'HSET', 'h', 'f', 'v'],
      ['COMMAND', 'GETKEYS', 'HMGET', 'h', 'a', 'b'], ['COMMAND', 'GETKEYS', 'HSCAN', 'h', '0']]);
  });

  t('keyspace hits and misses counted as Redis counts them', async () => {
    const stats = (cmd: Cmd, reply: string): string =>
      (cmd[0] === 'INFO' ? (reply.match(/keyspace_(hits|misses):\d+/g) ?? []).join(',') : shapeOfReply(reply));
    // Separate round trips: INFO runs on the acceptor and must see the shards' counts.
    await runBoth(redis, kunyu, [['CONFIG', 'RESETSTAT']]);
    await runBoth(redis, kunyu, [['HSET', '{k}h', 'a', '1'], ['HGET', '{k}h', 'a'], ['HGET', '{k}no', 'a'], ['HDEL', '{k}h', 'x'], ['HDEL', '{k}no', 'x'],
      ['HINCRBY', '{k}h', 'a', '1'], ['HINCRBY', '{k}h2', 'a', '1'], ['HSETNX', '{k}h', 'a', '1'], ['HRANDFIELD', '{k}h'],
      ['HRANDFIELD', '{k}no', '2', 'WITHVALUES'], ['HSCAN', '{k}h', '0'], ['HSCAN', '{k}no', '0'], ['HMGET', '{k}h', 'a'],
      ['HEXISTS', '{k}h', 'a'], ['HSTRLEN', '{k}no', 'a'], ['HLEN', '{k}h'], ['HKEYS', '{k}h'], ['HVALS', '{k}no'], ['HGETALL', '{k}h'],
      ['HINCRBYFLOAT', '{k}h', 'a', '1'], ['HMSET', '{k}h', 'b', '2']], stats);
    await runBoth(redis, kunyu, [['INFO', 'stats']], stats);
  });

  t('COMMAND DOCS arguments', async () => {
    const [a, b] = await Promise.all([commandDocs(redis, HASH_COMMANDS), commandDocs(kunyu, HASH_COMMANDS)]);
    assert.equal(b, a);
    assert.is(Object.keys(b).length, HASH_COMMANDS.length);
  });

  t('generated sequences', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 7919 + Number(shards), 250)], normalise);
    }
  });

  t('whole HSCAN iterations of hashtables match', async () => {
    const setup: Cmd[] = [];
    for (let i = 0; i < 600; i++) setup.push(['HSET', 'big', `f${i}`, `v${i}`]);
    setup.push(['HSET', 'lp', 'a', '1', 'b', '2'], ['OBJECT', 'ENCODING', 'big']);
    await runBoth(redis, kunyu, setup);
    for (const args of [[], ['COUNT', '7'], ['MATCH', 'f1*'], ['MATCH', 'f1*', 'COUNT', '3'], ['COUNT', '1000'], ['MATCH', 'nomatch']]) {
      const [a, b] = await Promise.all([fullScan(redis, ['HSCAN', 'big', ...args], true), fullScan(kunyu, ['HSCAN', 'big', ...args], true)]);
      assert.equal(b, a, `HSCAN big ${args.join(' ')}`);
    }
    const [a, b] = await Promise.all([fullScan(redis, ['HSCAN', 'lp'], true), fullScan(kunyu, ['HSCAN', 'lp'], true)]);
    assert.equal(b, a);
    assert.equal(b.length, 2);
  });

  t.run();
}

// ---------------------------------------------------------------- Kunyu alone: random choices, HSCAN guarantee

const k = suite('hash random commands and HSCAN guarantee (--shards 2)');
let kunyu2: RunningServer;
let c: RawClient;
k.before(async () => {
  kunyu2 = await startKunyu(['--shards', '2']);
  c = await RawClient.connect(kunyu2.port);
});
k.after(async () => {
  c?.close();
  await kunyu2?.stop();
});

async function fillHash(key: string, n: number, long = false): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  const args = ['HSET', key];
  for (let i = 0; i < n; i++) {
    const v = long && i === 0 ? LONG : `v${i}`;
    m.set(`f${i}`, v);
    args.push(`f${i}`, v);
  }
  await c.call('DEL', key);
  await c.call(...args);
  return m;
}

k('HRANDFIELD: distinct picks for positive counts, repeats allowed for negative ones', async () => {
  for (const long of [false, true]) {
    const fields = await fillHash('r', 20, long);
    assert.is(await c.call('OBJECT', 'ENCODING', 'r'), long ? '$9\r\nhashtable\r\n' : '$8\r\nlistpack\r\n');
    for (const count of [1, 5, 19, 20, 25]) {
      const got = bulks(await c.call('HRANDFIELD', 'r', String(count)));
      assert.is(got.length, Math.min(count, 20));
      assert.is(new Set(got).size, got.length, 'distinct');
      for (const f of got) assert.ok(fields.has(f), f);
    }
    const many = bulks(await c.call('HRANDFIELD', 'r', '-2000'));
    assert.is(many.length, 2000);
    const counts = new Map<string, number>();
    for (const f of many) { assert.ok(fields.has(f)); counts.set(f, (counts.get(f) ?? 0) + 1); }
    // Every field comes up, none far from its share (100 expected each).
    assert.is(counts.size, 20);
    for (const n of counts.values()) assert.ok(n > 40 && n < 180, `count ${n}`);
    const pairs = bulks(await c.call('HRANDFIELD', 'r', '-30', 'WITHVALUES'));
    assert.is(pairs.length, 60);
    for (let i = 0; i < pairs.length; i += 2) assert.is(pairs[i + 1], fields.get(pairs[i]));
    const single = bulks(`*1\r\n${await c.call('HRANDFIELD', 'r')}`);
    assert.ok(fields.has(single[0]));
  }
});

k('HRANDFIELD WITHVALUES in RESP3: an array of [field, value] pairs', async () => {
  const fields = await fillHash('r3', 5);
  const c3 = await RawClient.connect(kunyu2.port);
  try {
    await c3.call('HELLO', '3');
    const reply = await c3.call('HRANDFIELD', 'r3', '-7', 'WITHVALUES');
    const agg = splitAggregate(reply)!;
    assert.is(agg.head, '*7');
    for (const item of agg.items) {
      const [f, v] = bulks(item);
      assert.ok(item.startsWith('*2\r\n'));
      assert.is(v, fields.get(f));
    }
  } finally {
    c3.close();
  }
});

k('HSCAN returns every field present for the whole scan, despite changes between calls', async () => {
  const fields = await fillHash('scan', 2000);
  assert.is(await c.call('OBJECT', 'ENCODING', 'scan'), '$9\r\nhashtable\r\n');
  const stable = new Set([...fields.keys()].filter((_, i) => i % 3 !== 0));
  const seen = new Set<string>();
  let cursor = '0';
  let round = 0;
  do {
    const agg = splitAggregate(await c.call('HSCAN', 'scan', cursor, 'COUNT', '25'))!;
    cursor = bulks(`*1\r\n${agg.items[0]}`)[0];
    const items = bulks(agg.items[1]);
    for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
    // Meanwhile: delete some unstable fields, add new ones.
    await c.call('HDEL', 'scan', `f${round * 3}`, `f${round * 3 + 1500}`);
    await c.call('HSET', 'scan', `new${round}`, 'x', `new${round}b`, 'y');
    round++;
  } while (cursor !== '0' && round < 10000);
  assert.is(cursor, '0');
  for (const f of stable) assert.ok(seen.has(f), `missed ${f}`);
  // A cursor from another key or an unknown one starts over rather than failing.
  const restart = splitAggregate(await c.call('HSCAN', 'scan', '123456789', 'COUNT', '5'))!;
  assert.is(bulks(restart.items[1]).length, 10);
});

k('memory accounting follows hashes up and back down to nothing', async () => {
  await c.call('FLUSHALL');
  const dataset = async (): Promise<number> => Number(/used_memory_dataset:(\d+)/.exec(await c.call('INFO', 'memory'))![1]);
  assert.is(await dataset(), 0);
  await fillHash('mem', 5000);
  await fillHash('{mem}small', 10);
  const grown = await dataset();
  assert.ok(grown > 5000 * 60, `grew by ${grown}`);
  // Updates, deletions, conversions, moves between shards: the estimate must stay consistent.
  await c.call('HSET', '{mem}small', 'f1', 'a much longer value than before', 'f2', '');
  await c.call('HDEL', '{mem}small', 'f3', 'f4', 'nope');
  await c.call('HINCRBY', '{mem}small', 'counter', '12345');
  await c.call('HINCRBYFLOAT', '{mem}small', 'counter', '0.5');
  await c.call('HSET', '{mem}small', 'big', LONG);
  await c.call('HDEL', 'mem', 'f1', 'f2', 'f3');
  await c.call('RENAME', '{mem}small', 'elsewhere');
  await c.call('COPY', 'elsewhere', 'copy');
  await c.call('RENAME', 'mem', 'mem2');
  assert.ok(await dataset() > 0);
  await c.call('HDEL', 'copy', ...Array.from({ length: 12 }, (_, i) => `f${i}`), 'counter', 'big');
  assert.is(await c.call('EXISTS', 'copy'), ':0\r\n');
  await c.call('DEL', 'mem2', 'elsewhere');
  assert.is(await dataset(), 0);
});

k.run();

export {};
