// Set commands against real redis-server, reply bytes compared, on --shards 0, 1 and 4:
// hand-written edge cases (every error text, encodings, RESP3 shapes), seeded random sequences
// with multi-key commands on one shard and across shards, whole SSCAN iterations; plus Kunyu-only
// checks of the random commands, of the SSCAN guarantee and of SMOVE's atomicity across shards.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, resp, startKunyu, type RunningServer, redisAndKunyuFor } from './support/servers';
import { pick, rng, runBoth, type Cmd } from './support/differential';
import { bulks, commandDocs, fullScan, shapeOfReply, sortedReply, sortedScanReply, splitAggregate } from './support/collections';
import { keySlotOfString, slotTable } from '../src/engine/hash';

const SET_COMMANDS = ['sadd', 'srem', 'scard', 'sismember', 'smismember', 'smembers', 'spop', 'srandmember', 'smove', 'sinter',
  'sintercard', 'sinterstore', 'sunion', 'sunionstore', 'sdiff', 'sdiffstore', 'sscan'];

/** With 4 shards, keys of these tests live here (several commands below cross shards). */
const shardOf4 = (key: string): number => slotTable(4)[keySlotOfString(key)];

/** Intsets only (and sets of one member): every reply, order included, must match byte for byte. */
const EXACT: Cmd[] = [
  ['SADD'], ['SADD', 's'], ['SADD', 's', '3', '1', '2', '1'], ['SMEMBERS', 's'], ['SCARD', 's'], ['TYPE', 's'], ['OBJECT', 'ENCODING', 's'],
  ['SADD', 's', '-5', '9223372036854775807', '-9223372036854775808', '0', '100', '3'], ['SMEMBERS', 's'], ['OBJECT', 'ENCODING', 's'],
  ['SISMEMBER', 's', '1'], ['SISMEMBER', 's', '5'], ['SISMEMBER', 's', '01'], ['SISMEMBER', 's', '+1'], ['SISMEMBER', 's', 'a'],
  ['SISMEMBER', 's', '9223372036854775807'], ['SISMEMBER', 's', '9223372036854775808'], ['SISMEMBER', 'nokey', '1'], ['SISMEMBER', 's'],
  ['SMISMEMBER', 's', '1', '5', '2', 'a', '-9223372036854775808'], ['SMISMEMBER', 'nokey', 'a', 'b'], ['SMISMEMBER', 's'],
  ['SCARD', 'nokey'], ['SCARD'], ['SMEMBERS', 'nokey'], ['SMEMBERS', 's', 'x'],
  ['SREM', 's', '1', 'zz', '1', '-5'], ['SREM', 'nokey', 'a'], ['SREM', 's'], ['SMEMBERS', 's'],
  ['SADD', 'one', 'only'], ['SMEMBERS', 'one'], ['SREM', 'one', 'only'], ['EXISTS', 'one'],
  ['SADD', 'bin', '\x00\xff'], ['SMEMBERS', 'bin'], ['SISMEMBER', 'bin', '\x00\xff'], ['SADD', 'empty', ''], ['SMEMBERS', 'empty'],
  // Multi-key commands over intsets (with 4 shards: s → 0, s2 → 2, i1 → 3, i2 → 0, dst → 1, out → 3).
  ['SADD', 's2', '2', '3', '4', '100'], ['SADD', 'i1', '3', '100', '7'], ['SADD', 'i2', '1', '2', '3', '4', '5', '6', '7', '8'],
  ['SINTER', 's', 's2'], ['SINTER', 's2', 's', 'i1'], ['SINTER', 's', 'nokey'], ['SINTER', 'nokey', 's'], ['SINTER', 's'], ['SINTER', 's', 's'],
  ['SINTER'], ['SUNION', 's', 's2', 'i1'], ['SUNION', 'nokey'], ['SUNION', 's', 'nokey'], ['SDIFF', 's', 's2'], ['SDIFF', 's2', 's', 'i1'],
  ['SDIFF', 'nokey', 's'], ['SDIFF', 's', 'nokey'], ['SDIFF', 's', 's'], ['SDIFF', 'i2', 's2', 'i1'], ['SDIFF', 'i2', 's'],
  ['SINTERSTORE', 'dst', 's', 's2'], ['SMEMBERS', 'dst'], ['OBJECT', 'ENCODING', 'dst'], ['SINTERSTORE', 'dst', 's', 'nokey'], ['EXISTS', 'dst'],
  ['SUNIONSTORE', 'dst', 's', 'i1'], ['SMEMBERS', 'dst'], ['SUNIONSTORE', 'out', 'nokey'], ['EXISTS', 'out'],
  ['SDIFFSTORE', 'out', 's', 's2'], ['SMEMBERS', 'out'], ['SDIFFSTORE', 'out', 's', 's'], ['EXISTS', 'out'],
  ['SDIFFSTORE', 'out', 'i2', 's2', 'i1'], ['SMEMBERS', 'out'], ['SINTERSTORE', 's2', 's2', 'i1'], ['SMEMBERS', 's2'],
  ['SET', 'str', 'v'], ['SUNIONSTORE', 'str', 's'], ['TYPE', 'str'], ['SET', 'str', 'v'], ['EXPIRE', 'dst', '1000'],
  ['SUNIONSTORE', 'dst', 's2'], ['TTL', 'dst'], ['SINTERSTORE'], ['SINTERSTORE', 'dst'], ['SDIFFSTORE', 'dst'],
  // SINTERCARD.
  ['SINTERCARD', '2', 's', 'i2'], ['SINTERCARD', '1', 's'], ['SINTERCARD', '2', 's', 'nokey'], ['SINTERCARD', '2', 's', 'i2', 'LIMIT', '2'],
  ['SINTERCARD', '2', 's', 'i2', 'limit', '0'], ['SINTERCARD', '2', 's', 'i2', 'LIMIT', '100'], ['SINTERCARD', '1', 's', 'LIMIT', '5', 'LIMIT', '3'],
  ['SINTERCARD', '0', 's'], ['SINTERCARD', '-1', 's'], ['SINTERCARD', 'x', 's'], ['SINTERCARD', '3', 's', 'i2'], ['SINTERCARD', '2', 's'],
  ['SINTERCARD', '1', 's', 'LIMIT', '-1'], ['SINTERCARD', '1', 's', 'LIMIT', 'x'], ['SINTERCARD', '1', 's', 'LIMIT'],
  ['SINTERCARD', '1', 's', 'FOO', '1'], ['SINTERCARD', '1'], ['SINTERCARD', '9223372036854775808', 's'], ['SINTERCARD', '2', 's', 'str'],
  ['SINTERCARD', '1', 'str', 'LIMIT', 'x'],
  // SMOVE.
  ['SMOVE', 's', 'i1', '2'], ['SMEMBERS', 's'], ['SMEMBERS', 'i1'], ['SMOVE', 's', 'i1', '2'], ['SMOVE', 'nokey', 'i1', '1'],
  ['SMOVE', 'nokey', 'str', '1'], ['SMOVE', 's', 'str', '0'], ['SMOVE', 's', 'str', 'nonmember'], ['SMOVE', 'str', 's', '1'],
  ['SMOVE', 's', 's', '0'], ['SMOVE', 's', 's', '12345'], ['SMOVE', 's', 'fresh', '0'], ['SMEMBERS', 'fresh'], ['OBJECT', 'ENCODING', 'fresh'],
  ['SMOVE', 'fresh', 's', '0'], ['EXISTS', 'fresh'], ['SMOVE', 's', 'i1'], ['EXPIRE', 'i1', '500'], ['SMOVE', 's', 'i1', '0'], ['TTL', 'i1'],
  ['SMOVE', 'i1', 's', '0'], ['TTL', 'i1'],
  // SPOP and SRANDMEMBER: deterministic cases (errors, empty, whole sets, one member).
  ['SPOP', 'nokey'], ['SPOP', 'nokey', '2'], ['SPOP', 'nokey', '0'], ['SPOP', 's', '0'], ['SPOP', 's', '-1'], ['SPOP', 's', 'x'],
  ['SPOP', 's', '1', '2'], ['SPOP', 's', '9223372036854775808'], ['SPOP', 'str'], ['SPOP', 'str', '0'], ['SPOP', 'str', '-1'], ['SPOP'],
  ['SADD', 'one', 'only'], ['SPOP', 'one'], ['EXISTS', 'one'], ['SADD', 'one', '5'], ['SPOP', 'one', '1'], ['EXISTS', 'one'],
  ['SADD', 'one', '5'], ['SRANDMEMBER', 'one'], ['SRANDMEMBER', 'one', '-3'], ['SRANDMEMBER', 'one', '3'], ['SRANDMEMBER', 'one', '1'],
  ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '5'], ['SRANDMEMBER', 'nokey', '-5'], ['SRANDMEMBER', 's', '0'],
  ['SRANDMEMBER', 's', '100'], ['SRANDMEMBER', 's', '9223372036854775807'], ['SRANDMEMBER', 's', '-9223372036854775808'],
  ['SRANDMEMBER', 's', 'x'], ['SRANDMEMBER', 's', '1', '2'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '0'], ['SRANDMEMBER', 'str', 'x'],
  ['SRANDMEMBER'], ['SPOP', 'i2', '100'], ['EXISTS', 'i2'], ['SADD', 'i2', '1', '2'], ['SPOP', 'i2', '2'], ['EXISTS', 'i2'],
  // SSCAN: an intset answers everything at once.
  ['SSCAN', 's', '0'], ['SSCAN', 's', '0', 'MATCH', '*0*'], ['SSCAN', 's', '0', 'COUNT', '1'], ['SSCAN', 's', '99'], ['SSCAN', 's', 'x'],
  ['SSCAN', 's', '-1'], ['SSCAN', 's', ''], ['SSCAN', 's', ' 0'], ['SSCAN', 's', '18446744073709551616'], ['SSCAN', 's', '0', 'COUNT', '0'],
  ['SSCAN', 's', '0', 'COUNT', 'x'], ['SSCAN', 's', '0', 'MATCH'], ['SSCAN', 's', '0', 'TYPE', 'set'], ['SSCAN', 's', '0', 'NOVALUES'],
  ['SSCAN', 'nokey', '0', 'COUNT', '0'], ['SSCAN', 'nokey', 'x'], ['SSCAN', 'str', '0'], ['SSCAN', 'str', 'x'], ['SSCAN', 's'],
  ['SSCAN', 'one', '0', 'MATCH', '5'],
  // WRONGTYPE everywhere, also when another key is missing (every key is checked).
  ['HSET', 'hash', 'f', 'v'], ['SADD', 'str', 'a'], ['SADD', 'hash', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'hash'], ['SISMEMBER', 'str', 'a'],
  ['SMISMEMBER', 'str', 'a'], ['SMEMBERS', 'hash'], ['SINTER', 's', 'str'], ['SINTER', 'nokey', 'str'], ['SINTER', 'str', 'nokey'],
  ['SUNION', 's', 'hash'], ['SUNION', 'nokey', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFF', 's', 'str'], ['SDIFF', 'str', 's'],
  ['SINTERSTORE', 'dst', 's', 'str'], ['SMEMBERS', 'dst'], ['SUNIONSTORE', 'dst', 'hash', 's'], ['SDIFFSTORE', 'dst', 's', 'hash'],
  ['SINTERSTORE', 'hash', 's', 's2'], ['TYPE', 'hash'], ['GET', 's'], ['HGET', 's', 'a'],
  // A set moved whole keeps its encoding (RENAME and COPY may cross shards).
  ['RENAME', 's', 'x2'], ['SMEMBERS', 'x2'], ['OBJECT', 'ENCODING', 'x2'], ['COPY', 'x2', 'x3'], ['SADD', 'x3', '77'], ['SMEMBERS', 'x2'],
  ['SMEMBERS', 'x3'], ['OBJECT', 'ENCODING', 'x3'],
];

/** Encodings and non-integer members (hashtables answer in an order of their own: compared sorted). */
const ENCODINGS: Cmd[] = [
  ['CONFIG', 'GET', 'set-max-intset-entries'],
  ['SADD', 'h1', 'a'], ['OBJECT', 'ENCODING', 'h1'], ['SADD', 'h1', '1', '2'], ['OBJECT', 'ENCODING', 'h1'], ['SREM', 'h1', 'a'],
  ['OBJECT', 'ENCODING', 'h1'], ['SMEMBERS', 'h1'], ['SADD', 'i1', '1', 'a'], ['OBJECT', 'ENCODING', 'i1'],
  ['SADD', 'n1', '9223372036854775808'], ['OBJECT', 'ENCODING', 'n1'], ['SADD', 'n2', '-0'], ['OBJECT', 'ENCODING', 'n2'],
  ['SADD', 'n3', '01'], ['OBJECT', 'ENCODING', 'n3'], ['SADD', 'n4', ' 1'], ['OBJECT', 'ENCODING', 'n4'], ['SADD', 'n5', '1.0'],
  ['OBJECT', 'ENCODING', 'n5'], ['SADD', 'n6', '-9223372036854775809'], ['OBJECT', 'ENCODING', 'n6'], ['SADD', 'n7', '+5'],
  ['OBJECT', 'ENCODING', 'n7'], ['SADD', 'n8', '12345678901234567', '-12345678901234567', '5'], ['OBJECT', 'ENCODING', 'n8'],
  ['SMEMBERS', 'n8'], ['SISMEMBER', 'n8', '12345678901234567'], ['SREM', 'n8', '-12345678901234567'], ['SMEMBERS', 'n8'],
  ['SADD', 'w', 'apple', 'banana', 'cherry', '1'], ['SMEMBERS', 'w'], ['SISMEMBER', 'w', 'apple'], ['SISMEMBER', 'w', '1'],
  ['SINTER', 'w', 'h1'], ['SINTER', 'w', 'i1'], ['SUNION', 'w', 'h1', 'i1'], ['SDIFF', 'w', 'h1'], ['SINTERCARD', '2', 'w', 'i1'],
  ['SINTERSTORE', 'r1', 'w', 'h1'], ['OBJECT', 'ENCODING', 'r1'], ['SUNIONSTORE', 'r2', 'h1', 'i1'], ['OBJECT', 'ENCODING', 'r2'],
  ['SUNIONSTORE', 'r3', 'h1'], ['OBJECT', 'ENCODING', 'r3'], ['SMEMBERS', 'r3'],
  // SDIFF picks one of two algorithms: the second can leave an all-integer result hashtable-encoded.
  ['SADD', 'A', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'x'], ['SADD', 'B', 'x'], ['SADD', 'C', 'x'],
  ['SDIFFSTORE', 'd1', 'A', 'B', 'C'], ['OBJECT', 'ENCODING', 'd1'], ['SDIFFSTORE', 'd2', 'A', 'B'], ['OBJECT', 'ENCODING', 'd2'],
  ['SDIFF', 'A', 'B', 'C'], ['SDIFF', 'A', 'nokey', 'B', 'C'], ['SDIFFSTORE', 'd3', 'A', 'A', 'B'], ['SDIFF', 'A', 'A'],
  ['SADD', 'D', 'x', 'y', 'z', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['SDIFFSTORE', 'd4', 'A', 'D'], ['EXISTS', 'd4'],
  ['SDIFFSTORE', 'd5', 'D', 'A'], ['OBJECT', 'ENCODING', 'd5'], ['SMEMBERS', 'd5'],
  ['SMOVE', 'A', 'm1', 'x'], ['OBJECT', 'ENCODING', 'm1'], ['SMOVE', 'A', 'm2', '1'], ['OBJECT', 'ENCODING', 'm2'],
  ['SMOVE', 'w', 'm2', 'apple'], ['OBJECT', 'ENCODING', 'm2'], ['SMEMBERS', 'm2'], ['SMOVE', 'w', 'm3', '1'], ['OBJECT', 'ENCODING', 'm3'],
  ['CONFIG', 'SET', 'set-max-intset-entries', '3'],
  ['SADD', 'c1', '1', '2', '3'], ['OBJECT', 'ENCODING', 'c1'], ['SADD', 'c1', '4'], ['OBJECT', 'ENCODING', 'c1'], ['SREM', 'c1', '1', '2'],
  ['OBJECT', 'ENCODING', 'c1'], ['SMEMBERS', 'c1'], ['SADD', 'c2', '1', '2', '3', '4', '5'], ['OBJECT', 'ENCODING', 'c2'],
  ['SPOP', 'c2', '4'], ['OBJECT', 'ENCODING', 'c2'], ['SUNIONSTORE', 'c3', 'A'], ['OBJECT', 'ENCODING', 'c3'],
  ['SINTERSTORE', 'c4', 'c1', 'c1'], ['OBJECT', 'ENCODING', 'c4'],
  ['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['SADD', 'c5', '1', '2', '3', '4', '5', '6'],
  ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
  // A lowered threshold applies when a member is added, not on re-adding one or on removals.
  ['SADD', 'c5', '1'], ['OBJECT', 'ENCODING', 'c5'], ['SPOP', 'c5', '3'], ['OBJECT', 'ENCODING', 'c5'], ['SADD', 'c5', '100'],
  ['OBJECT', 'ENCODING', 'c5'],
  ['CONFIG', 'SET', 'set-max-intset-entries', '0'], ['SADD', 'z0', '1'], ['OBJECT', 'ENCODING', 'z0'],
  ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
  // Whole-set answers of hashtables, compared sorted.
  ['SRANDMEMBER', 'w', '100'], ['SRANDMEMBER', 'D', '20'], ['SSCAN', 'w', '0', 'COUNT', '100'], ['SSCAN', 'D', '0', 'MATCH', '[x1]', 'COUNT', '50'],
  ['RENAME', 'w', 'wmoved'], ['OBJECT', 'ENCODING', 'wmoved'], ['SMEMBERS', 'wmoved'], ['RENAME', 'h1', 'h1moved'],
  ['OBJECT', 'ENCODING', 'h1moved'], ['SPOP', 'D', '100'], ['EXISTS', 'D'], ['SPOP', 'wmoved', '3'], ['EXISTS', 'wmoved'],
];

const RESP3: Cmd[] = [
  ['HELLO', '3'],
  ['SADD', 's', '1', '2', '3'], ['SADD', 't', '2', '3', 'x'], ['SMEMBERS', 's'], ['SMEMBERS', 'nokey'], ['SINTER', 's', 't'],
  ['SINTER', 's', 'nokey'], ['SUNION', 's', 't'], ['SDIFF', 's', 't'], ['SDIFF', 'nokey', 's'], ['SISMEMBER', 's', '1'],
  ['SMISMEMBER', 's', '1', '9'], ['SMISMEMBER', 'nokey', '1'], ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '3'],
  ['SRANDMEMBER', 's', '10'], ['SRANDMEMBER', 's', '0'], ['SPOP', 'nokey'], ['SPOP', 'nokey', '3'], ['SPOP', 's', '0'],
  ['SSCAN', 's', '0'], ['SINTERCARD', '2', 's', 't'], ['SINTERSTORE', 'd', 's', 't'], ['SCARD', 'd'], ['SMOVE', 's', 'd', '1'],
  ['SREM', 's', '2'], ['SADD', 'one', 'm'], ['SRANDMEMBER', 'one', '-2'], ['SPOP', 'one', '5'], ['SPOP', 's', '10'],
];

/** Normalises replies whose order or random choices may differ (hashtables, SPOP, SRANDMEMBER). */
function normalise(cmd: Cmd, reply: string): string {
  const name = cmd[0].toUpperCase();
  if (name === 'HELLO') return 'hello';
  if (['SMEMBERS', 'SINTER', 'SUNION', 'SDIFF'].includes(name)) return sortedReply(reply);
  if (name === 'SSCAN') return sortedScanReply(reply, 1);
  if (name === 'SPOP' || name === 'SRANDMEMBER') {
    // Fewer members than asked means the whole set (compared sorted); otherwise only the shape.
    if (cmd.length < 3) return shapeOfReply(reply);
    const agg = splitAggregate(reply);
    if (agg === null) return reply;
    const count = Number(cmd[2]);
    return count > 0 && agg.items.length < count ? sortedReply(reply) : shapeOfReply(reply);
  }
  return reply;
}

/** Seeded random sequences over a few sets, some sharing a hashtag, with other types mixed in. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['s1', 's2', 's3', '{t}a', '{t}b', '{t}c', 'k:' + (seed % 5), 'str'];
  const members = ['1', '2', '3', '10', '-5', '0', '9223372036854775807', 'a', 'b', 'c', 'x'.repeat(10), ''];
  const k = (): string => pick(r, keys);
  const m = (): string => pick(r, members);
  const ints = (): string => pick(r, ['1', '2', '3', '4', '5', '6', '7']);
  const some = (): string[] => Array.from({ length: 1 + Math.floor(r() * 3) }, k);
  const out: Cmd[] = [];
  if (seed % 3 === 0) out.push(['HELLO', '3']);
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 28)) {
      case 0: case 1: case 2: out.push(['SADD', k(), ...Array.from({ length: 1 + Math.floor(r() * 6) }, r() < 0.6 ? ints : m)]); break;
      case 3: out.push(['SREM', k(), m(), ints()]); break;
      case 4: out.push(['SCARD', k()]); break;
      case 5: out.push(['SISMEMBER', k(), m()]); break;
      case 6: out.push(['SMISMEMBER', k(), m(), ints(), m()]); break;
      case 7: out.push(['SMEMBERS', k()]); break;
      case 8: out.push(['SPOP', k(), pick(r, ['1000', '0'])]); break;
      case 9: out.push(['SRANDMEMBER', k(), ...pick(r, [[], ['1'], ['3'], ['100'], ['-4'], ['0']])]); break;
      case 10: case 11: out.push(['SMOVE', k(), k(), r() < 0.5 ? ints() : m()]); break;
      case 12: out.push(['SINTER', k(), ...some()]); break;
      case 13: out.push(['SUNION', k(), ...some()]); break;
      case 14: out.push(['SDIFF', k(), ...some()]); break;
      case 15: out.push(['SINTERSTORE', k(), k(), ...some()]); break;
      case 16: out.push(['SUNIONSTORE', k(), k(), ...some()]); break;
      case 17: out.push(['SDIFFSTORE', k(), k(), ...some()]); break;
      case 18: {
        const ks = [k(), ...some()];
        out.push(['SINTERCARD', String(ks.length), ...ks, ...pick(r, [[], ['LIMIT', '1'], ['LIMIT', '0'], ['LIMIT', '2']])]);
        break;
      }
      case 19: out.push(['SSCAN', k(), '0', ...pick(r, [['COUNT', '100'], ['MATCH', '[0-9]*', 'COUNT', '100'], ['MATCH', '*x*', 'COUNT', '1000']])]); break;
      case 20: out.push(['OBJECT', 'ENCODING', k()]); break;
      case 21: out.push(['DEL', k()]); break;
      case 22: out.push(['RENAME', k(), k()]); break;
      case 23: out.push(['COPY', k(), k(), ...pick(r, [[], ['REPLACE']])]); break;
      case 24: out.push(pick(r, [['SET', 'str', 'v'], ['HSET', k(), 'f', 'v'], ['TYPE', k()]])); break;
      case 25: out.push(pick(r, [['EXPIRE', k(), '1000'], ['TTL', k()]])); break;
      case 26: out.push(['CONFIG', 'SET', 'set-max-intset-entries', pick(r, ['3', '5', '512'])]); break;
      default: out.push(['SADD', k(), ints()]);
    }
  }
  out.push(['CONFIG', 'SET', 'set-max-intset-entries', '512']);
  for (const key of keys) out.push(['TYPE', key], ['OBJECT', 'ENCODING', key], ['SMEMBERS', key], ['TTL', key]);
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`set differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL'], ['CONFIG', 'SET', 'set-max-intset-entries', '512']]);
  });

  t('edge cases and error texts, exact order (intsets)', async () => {
    // The multi-key cases really cross shards with 4 of them.
    assert.not.equal(shardOf4('s'), shardOf4('s2'));
    assert.not.equal(shardOf4('s'), shardOf4('i1'));
    assert.not.equal(shardOf4('s'), shardOf4('dst'));
    assert.not.equal(shardOf4('s'), shardOf4('x2'));
    await runBoth(redis, kunyu, EXACT);
  });

  t('encodings, hashtable sets', async () => {
    assert.not.equal(shardOf4('A'), shardOf4('C'));
    await runBoth(redis, kunyu, ENCODINGS, normalise);
  });

  t('RESP3 reply shapes', async () => {
    await runBoth(redis, kunyu, RESP3, normalise);
  });

  t('COMMAND INFO and GETKEYS', async () => {
    await runBoth(redis, kunyu, [['COMMAND', 'INFO', ...SET_COMMANDS], ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
      ['COMMAND', 'GETKEYS', 'SMOVE', 'a', 'b', 'm'], ['COMMAND', 'GETKEYS', 'SUNIONSTORE', 'd', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'SINTER', 'a', 'b', 'c'], ['COMMAND', 'GETKEYS', 'SADD', 'a', 'm']]);
  });

  t('keyspace hits and misses counted as Redis counts them', async () => {
    const stats = (cmd: Cmd, reply: string): string =>
      (cmd[0] === 'INFO' ? (reply.match(/keyspace_(hits|misses):\d+/g) ?? []).join(',') : shapeOfReply(reply));
    // Separate round trips: INFO runs on the acceptor and must see the shards' counts.
    await runBoth(redis, kunyu, [['CONFIG', 'RESETSTAT']]);
    await runBoth(redis, kunyu, [['SADD', '{k}s', '1', '2'], ['SADD', '{k}t', '2'], ['SINTER', '{k}s', '{k}t', '{k}no'], ['SUNION', '{k}s', '{k}no'],
      ['SDIFF', '{k}s', '{k}t'], ['SINTERCARD', '2', '{k}s', '{k}t'], ['SINTERSTORE', '{k}d', '{k}s', '{k}t'],
      ['SUNIONSTORE', '{k}d', '{k}s', '{k}no'], ['SDIFFSTORE', '{k}d', '{k}s', '{k}no'], ['SMOVE', '{k}s', '{k}t', '1'],
      ['SMOVE', '{k}no', '{k}t', '1'], ['SPOP', '{k}s'], ['SPOP', '{k}no'], ['SRANDMEMBER', '{k}t'], ['SRANDMEMBER', '{k}no', '3'],
      ['SREM', '{k}no', 'a'], ['SREM', '{k}t', '2'], ['SMEMBERS', '{k}t'], ['SCARD', '{k}no'], ['SISMEMBER', '{k}s', '1'],
      ['SMISMEMBER', '{k}t', '1'], ['SSCAN', '{k}no', '0'], ['SSCAN', '{k}s', '0'], ['SADD', '{k}s', '5']], stats);
    await runBoth(redis, kunyu, [['INFO', 'stats']], stats);
  });

  t('COMMAND DOCS arguments', async () => {
    const [a, b] = await Promise.all([commandDocs(redis, SET_COMMANDS), commandDocs(kunyu, SET_COMMANDS)]);
    assert.equal(b, a);
    assert.is(Object.keys(b).length, SET_COMMANDS.length);
  });

  t('generated sequences', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 104729 + Number(shards), 250)], normalise);
    }
  });

  t('whole SSCAN iterations of hashtables match', async () => {
    const setup: Cmd[] = [['SADD', 'big']];
    for (let i = 0; i < 700; i++) setup[0].push(i % 2 ? `m${i}` : String(i));
    setup.push(['SADD', 'ints', '5', '3', '1'], ['OBJECT', 'ENCODING', 'big']);
    await runBoth(redis, kunyu, setup);
    for (const args of [[], ['COUNT', '7'], ['MATCH', 'm1*'], ['MATCH', '1*', 'COUNT', '3'], ['COUNT', '1000'], ['MATCH', 'nomatch']]) {
      const [a, b] = await Promise.all([fullScan(redis, ['SSCAN', 'big', ...args], false), fullScan(kunyu, ['SSCAN', 'big', ...args], false)]);
      assert.equal(b, a, `SSCAN big ${args.join(' ')}`);
    }
    const [a, b] = await Promise.all([fullScan(redis, ['SSCAN', 'ints'], false), fullScan(kunyu, ['SSCAN', 'ints'], false)]);
    assert.equal(b, a);
    assert.equal(b, ['1', '3', '5']);
  });

  t.run();
}

// ---------------------------------------------------------------- Kunyu alone

const k = suite('set random commands, SSCAN guarantee, SMOVE atomicity (--shards 4)');
let kunyu4: RunningServer;
let c: RawClient;
k.before(async () => {
  kunyu4 = await startKunyu(['--shards', '4']);
  c = await RawClient.connect(kunyu4.port);
});
k.after(async () => {
  c?.close();
  await kunyu4?.stop();
});

async function fillSet(key: string, members: string[]): Promise<void> {
  await c.call('DEL', key);
  await c.call('SADD', key, ...members);
}

const intMembers = Array.from({ length: 20 }, (_, i) => String(i * 3 - 10));
const strMembers = Array.from({ length: 20 }, (_, i) => `m${i}`);

k('SRANDMEMBER: distinct picks for positive counts, repeats allowed for negative ones, fair', async () => {
  for (const members of [intMembers, strMembers]) {
    await fillSet('r', members);
    const all = new Set(members);
    for (const count of [1, 5, 7, 19, 20, 25]) {
      const got = bulks(await c.call('SRANDMEMBER', 'r', String(count)));
      assert.is(got.length, Math.min(count, 20));
      assert.is(new Set(got).size, got.length, 'distinct');
      for (const m of got) assert.ok(all.has(m), m);
    }
    const many = bulks(await c.call('SRANDMEMBER', 'r', '-2000'));
    assert.is(many.length, 2000);
    const counts = new Map<string, number>();
    for (const m of many) { assert.ok(all.has(m)); counts.set(m, (counts.get(m) ?? 0) + 1); }
    assert.is(counts.size, 20);
    for (const n of counts.values()) assert.ok(n > 40 && n < 180, `count ${n}`);
    const one = await c.call('SRANDMEMBER', 'r');
    assert.ok(all.has(bulks(`*1\r\n${one}`)[0]));
  }
});

k('SPOP: removes what it returns, distinct, for every path (one, few, most, all)', async () => {
  for (const members of [intMembers, strMembers]) {
    for (const count of [undefined, 1, 3, 15, 19, 20, 30]) {
      await fillSet('p', members);
      const reply = count === undefined ? `*1\r\n${await c.call('SPOP', 'p')}` : await c.call('SPOP', 'p', String(count));
      const popped = bulks(reply);
      const left = bulks(await c.call('SMEMBERS', 'p'));
      assert.is(popped.length, Math.min(count ?? 1, 20));
      assert.is(new Set(popped).size, popped.length);
      assert.is(popped.length + left.length, 20);
      assert.equal([...popped, ...left].sort(), [...members].sort());
      assert.is(await c.call('SCARD', 'p'), `:${left.length}\r\n`);
      assert.is(await c.call('EXISTS', 'p'), left.length > 0 ? ':1\r\n' : ':0\r\n');
    }
  }
  // Draining a big set one at a time stays fast (constant-time random removal).
  const big = Array.from({ length: 20000 }, (_, i) => `e${i}`);
  await fillSet('drain', big);
  const started = Date.now();
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(bulks(await c.call('SPOP', 'drain', '100')).join(','));
  assert.is(await c.call('EXISTS', 'drain'), ':0\r\n');
  assert.ok(Date.now() - started < 5000);
});

k('SSCAN returns every member present for the whole scan, despite changes between calls', async () => {
  const members = Array.from({ length: 3000 }, (_, i) => `m${i}`);
  await fillSet('scan', members);
  const stable = members.filter((_, i) => i % 3 !== 0);
  const seen = new Set<string>();
  let cursor = '0';
  let round = 0;
  do {
    const agg = splitAggregate(await c.call('SSCAN', 'scan', cursor, 'COUNT', '20'))!;
    cursor = bulks(`*1\r\n${agg.items[0]}`)[0];
    for (const m of bulks(agg.items[1])) seen.add(m);
    // Meanwhile: remove unstable members (moving others around in the dense array), add new ones.
    await c.call('SREM', 'scan', `m${(round * 3) % 3000}`, `m${(round * 3 + 1500) % 3000}`);
    await c.call('SADD', 'scan', `new${round}`, `${round}`);
    round++;
  } while (cursor !== '0' && round < 10000);
  assert.is(cursor, '0');
  for (const m of stable) assert.ok(seen.has(m), `missed ${m}`);
});

k('SMOVE across shards is atomic: multi-key readers never see a member in both sets or in neither', async () => {
  const pairs = [['left', 'right'], ['x1', 'x2'], ['y1', 'y2']];
  for (const [a, b] of pairs) assert.not.equal(shardOf4(a), shardOf4(b), `${a} and ${b} on one shard`);
  const members = Array.from({ length: 30 }, (_, i) => `m${i}`);
  for (const [a, b] of pairs) {
    await c.call('DEL', a, b);
    await c.call('SADD', a, ...members.slice(0, 15));
    await c.call('SADD', b, ...members.slice(15));
  }
  const movers = await Promise.all([0, 1, 2].map(() => RawClient.connect(kunyu4.port)));
  const reader = await RawClient.connect(kunyu4.port);
  try {
    let stop = false;
    const r = rng(42);
    const move = async (cl: RawClient): Promise<void> => {
      while (!stop) {
        const batch: Buffer[] = [];
        for (let i = 0; i < 20; i++) {
          const [a, b] = pick(r, pairs);
          batch.push(r() < 0.5 ? resp('SMOVE', a, b, pick(r, members)) : resp('SMOVE', b, a, pick(r, members)));
        }
        cl.write(Buffer.concat(batch));
        await cl.replies(20);
      }
    };
    const running = movers.map(move);
    let moved = 0;
    for (let i = 0; i < 150; i++) {
      const [a, b] = pick(r, pairs);
      const union = bulks(await reader.call('SUNION', a, b));
      assert.is(union.length, 30, 'SUNION sees every member once');
      assert.is(await reader.call('SINTERCARD', '2', a, b), ':0\r\n', 'no member in both');
      const total = bulks(await reader.call('SMEMBERS', a)).length;
      moved += total;
    }
    stop = true;
    await Promise.all(running);
    assert.ok(moved > 0);
    for (const [a, b] of pairs) {
      const all = [...bulks(await c.call('SMEMBERS', a)), ...bulks(await c.call('SMEMBERS', b))].sort();
      assert.equal(all, [...members].sort());
    }
  } finally {
    for (const m of movers) m.close();
    reader.close();
  }
});

k('memory accounting follows sets up and back down to nothing', async () => {
  await c.call('FLUSHALL');
  const dataset = async (): Promise<number> => Number(/used_memory_dataset:(\d+)/.exec(await c.call('INFO', 'memory'))![1]);
  assert.is(await dataset(), 0);
  await fillSet('ints', Array.from({ length: 400 }, (_, i) => String(i * 7)));
  await fillSet('strs', Array.from({ length: 3000 }, (_, i) => `member:${i}`));
  assert.ok(await dataset() > 3000 * 60);
  await c.call('SADD', 'ints', '12345678901234567890', 'x'); // not an int64, then not a number: converts
  await c.call('SREM', 'ints', '0', '7', 'x');
  await c.call('SPOP', 'strs', '10');
  await c.call('SPOP', 'strs');
  await c.call('SMOVE', 'strs', 'elsewhere', 'member:2999');
  await c.call('SUNIONSTORE', 'u', 'ints', 'elsewhere');
  await c.call('SINTERSTORE', 'i', 'strs', 'strs');
  await c.call('SDIFFSTORE', 'd', 'strs', 'ints');
  await c.call('RENAME', 'u', 'u2');
  await c.call('COPY', 'ints', 'ints2');
  assert.ok(await dataset() > 0);
  await c.call('DEL', 'ints', 'strs', 'elsewhere', 'i', 'd', 'u2');
  await c.call('SPOP', 'ints2', '100000');
  assert.is(await dataset(), 0);
});

k.run();

export {};
