// Strings and generic key commands against real redis-server, reply bytes compared, on
// --shards 0, 1 and 4: hand-written edge cases plus seeded random sequences (with TTLs).
import { suite } from 'uvu';
import { type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, rng, pick, type Cmd } from './support/differential';
import { sortedScanReply } from './support/collections';

const EDGE_CASES: Cmd[] = [
  ['SET', 's', 'hello'], ['SETNX', 's', 'x'], ['SETNX', 'n', 'x'], ['SETEX', 'k', '0', 'v'], ['SETEX', 'k', 'x', 'v'],
  ['SETEX', 'k', '100', 'v'], ['TTL', 'k'], ['PSETEX', 'k', '-1', 'v'], ['PSETEX', 'k', '100000', 'v'], ['TTL', 'k'],
  ['GETSET', 's', 'world'], ['GETSET', 'nokey', 'x'], ['GETEX', 's', 'EX', '0'], ['GETEX', 's', 'PERSIST', 'EX', '1'],
  ['GETEX', 's', 'EX', '100'], ['TTL', 's'], ['GETEX', 's', 'PERSIST'], ['TTL', 's'], ['GETEX', 'nokey'], ['GETDEL', 's'], ['GETDEL', 's'],
  ['SET', 'i', '10'], ['INCR', 'i'], ['DECR', 'i'], ['INCRBY', 'i', '-20'], ['DECRBY', 'i', '5'], ['INCRBY', 'i', 'x'],
  ['SET', 'big', '9223372036854775807'], ['INCR', 'big'], ['DECRBY', 'big', '-9223372036854775808'], ['DECR', 'big'],
  ['SET', 'neg', '-9223372036854775808'], ['DECR', 'neg'], ['INCRBY', 'neg', '9223372036854775807'],
  // Around 2^53, where INCR leaves its double fast path for exact 64-bit arithmetic.
  ['SET', 's53', '9007199254740990'], ['INCR', 's53'], ['INCR', 's53'], ['INCR', 's53'], ['DECRBY', 's53', '-9007199254740993'],
  ['INCRBY', 'n53', '-9007199254740991'], ['DECR', 'n53'], ['DECR', 'n53'], ['INCRBY', 'n53', '18014398509481984'],
  ['SET', 'sp', ' 1'], ['INCR', 'sp'], ['SET', 'lz', '01'], ['INCR', 'lz'], ['SET', 'f', '1.5'], ['INCR', 'f'],
  ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'g', '10.5'], ['INCRBYFLOAT', 'g', '0.1'], ['INCRBYFLOAT', 'g', '-10.6'],
  ['INCRBYFLOAT', 'h', '1e30'], ['INCRBYFLOAT', 'h', '1'], ['INCRBYFLOAT', 'q', '5e17'], ['INCRBYFLOAT', 'q', '1e-5'],
  ['INCRBYFLOAT', 'z', 'inf'], ['INCRBYFLOAT', 'z', 'abc'], ['INCRBYFLOAT', 'z', ' 1'], ['INCRBYFLOAT', 'z', '1.0e2'],
  ['INCRBYFLOAT', 'y', '3.0'], ['INCRBYFLOAT', 'x16', '0x10'], ['INCRBYFLOAT', 'tiny', '0.000001'], ['INCRBYFLOAT', 'tiny', '-0.000001'],
  ['INCRBYFLOAT', 'third', '0.3333333333333333'], ['INCRBYFLOAT', 'third', '0.3333333333333333'],
  ['APPEND', 'ap', 'abc'], ['APPEND', 'ap', 'def'], ['STRLEN', 'ap'], ['STRLEN', 'nokey'],
  ['SETRANGE', 'sr', '-1', 'x'], ['SETRANGE', 'sr', '536870912', 'x'], ['SETRANGE', 'nosr', '0', ''], ['EXISTS', 'nosr'],
  ['SETRANGE', 'sr', '5', 'xy'], ['GET', 'sr'], ['SETRANGE', 'sr', '1', 'Z'], ['GET', 'sr'], ['SETRANGE', 'ap', '0', ''],
  ['GETRANGE', 'ap', '0', '-1'], ['GETRANGE', 'ap', '-3', '-1'], ['GETRANGE', 'ap', '-1', '-3'], ['GETRANGE', 'ap', '10', '20'],
  ['GETRANGE', 'ap', '0', '100'], ['GETRANGE', 'ap', '-100', '-50'], ['GETRANGE', 'ap', 'a', '1'], ['SUBSTR', 'ap', '1', '2'],
  ['GETRANGE', 'nokey', '0', '-1'],
  ['SET', 'l1', 'ohmytext'], ['SET', 'l2', 'mynewtext'], ['LCS', 'l1', 'l2'], ['LCS', 'l1', 'l2', 'LEN'],
  ['LCS', 'l1', 'l2', 'IDX'], ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['LCS', 'l1', 'l2', 'LEN', 'IDX'],
  ['LCS', 'l1', 'nokey'], ['LCS', 'l1', 'l2', 'BOGUS'],
  ['MSETNX', 'm1', 'a', 'm2', 'b'], ['MSETNX', 'm2', 'x', 'm3', 'y'], ['MGET', 'm1', 'm2', 'm3'], ['MSETNX', 'm1'],
  ['EXPIRE', 'm1', '100'], ['TTL', 'm1'], ['EXPIRE', 'm1', '100', 'NX'], ['EXPIRE', 'm1', '200', 'XX'], ['EXPIRE', 'm1', '50', 'GT'],
  ['EXPIRE', 'm1', '500', 'GT'], ['EXPIRE', 'm1', '600', 'LT'], ['EXPIRE', 'm1', '10', 'LT'], ['TTL', 'm1'],
  ['EXPIRE', 'm2', '10', 'XX'], ['EXPIRE', 'm2', '10', 'GT'], ['EXPIRE', 'm2', '10', 'LT'], ['TTL', 'm2'],
  ['EXPIRE', 's', '10', 'NX', 'XX'], ['EXPIRE', 'm1', '10', 'GT', 'LT'], ['EXPIRE', 'm1', '10', 'FOO'], ['EXPIRE', 'm1', 'x'],
  ['EXPIRE', 'm1', '9223372036854775807'], ['EXPIRE', 'm1', '-9223372036854775808'], ['PEXPIRE', 'm1', '9223372036854775807'],
  ['EXPIRE', 'nokey', '10'], ['EXPIREAT', 'm1', '1'], ['EXISTS', 'm1'], ['PEXPIREAT', 'm2', '99999999999999'], ['PEXPIRETIME', 'm2'],
  ['EXPIRETIME', 'm2'], ['EXPIRETIME', 'absent'], ['EXPIRETIME', 'm3'], ['PERSIST', 'm2'], ['PERSIST', 'm2'], ['PERSIST', 'nokey'],
  ['TTL', 'nokey'], ['PTTL', 'm3'], ['EXPIRE', 'm3', '-1'], ['EXISTS', 'm3'],
  ['TYPE', 'ap'], ['TYPE', 'nokey'], ['TOUCH', 'ap', 'nokey', 'sr'],
  ['SET', 'r1', 'v'], ['RENAME', 'r1', 'r2'], ['GET', 'r1'], ['GET', 'r2'], ['RENAME', 'nokey', 'x'], ['RENAME', 'r2', 'r2'],
  ['RENAMENX', 'r2', 'r2'], ['RENAMENX', 'r2', 'ap'], ['RENAMENX', 'r2', 'r3'], ['RENAMENX', 'nokey', 'x'],
  ['SET', 'ttlsrc', 'v', 'EX', '1000'], ['RENAME', 'ttlsrc', 'ttldst'], ['TTL', 'ttldst'],
  ['COPY', 'ttldst', 'c1'], ['TTL', 'c1'], ['COPY', 'ttldst', 'c1'], ['COPY', 'ttldst', 'c1', 'REPLACE'], ['COPY', 'c1', 'c1'],
  ['COPY', 'c1', 'c1', 'DB', '1'], ['COPY', 'c1', 'c2', 'DB', '16'], ['COPY', 'c1', 'c2', 'DB', 'x'], ['COPY', 'c1', 'c2', 'BOGUS'],
  ['COPY', 'nokey', 'c3'], ['MOVE', 'c1', '1'], ['MOVE', 'c1', '1'], ['MOVE', 'ap', '0'], ['MOVE', 'ap', '16'], ['MOVE', 'ap', 'x'],
  ['SELECT', '1'], ['GET', 'c1'], ['TTL', 'c1'], ['DBSIZE'], ['SELECT', '0'],
  ['SWAPDB', '0', '1'], ['DBSIZE'], ['GET', 'c1'], ['SWAPDB', '0', '1'], ['SWAPDB', '0', 'x'], ['SWAPDB', 'x', '0'], ['SWAPDB', '0', '16'],
  ['OBJECT', 'ENCODING', 'ap'], ['SET', 'num', '100'], ['OBJECT', 'ENCODING', 'num'], ['OBJECT', 'REFCOUNT', 'num'],
  ['OBJECT', 'REFCOUNT', 'ap'], ['SET', 'long', 'x'.repeat(45)], ['OBJECT', 'ENCODING', 'long'], ['OBJECT', 'ENCODING', 'nokey'],
  ['OBJECT', 'FREQ', 'ap'], ['OBJECT', 'NOSUCH', 'x'], ['OBJECT'],
  ['SCAN', 'x'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', 'x'], ['SCAN', '0', 'BOGUS', '1'], ['SCAN', '0', 'COUNT'],
  ['KEYS', 'nomatch*'], ['RANDOMKEY', 'x'],
  ['SET', 'w', 'v'], ['EXPIRE', 'w', '100'], ['SET', 'w', 'v2', 'KEEPTTL'], ['TTL', 'w'], ['SET', 'w', 'v3'], ['TTL', 'w'],
  ['SET', 'w', 'v', 'PX', '100000'], ['APPEND', 'w', 'x'], ['TTL', 'w'], ['INCR', 'w'], ['SETRANGE', 'w', '0', 'z'], ['TTL', 'w'],
];

/** Seeded random sequences over a few keys, several of them sharing a hashtag. */
function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['a', 'b', 'c', 'n1', 'n2', '{h}x', '{h}y', 'k:' + (seed % 7), 'zz'];
  const k = (): string => pick(r, keys);
  const num = (): string => pick(r, ['0', '1', '-1', '7', '100', '-250', '9223372036854775806', 'abc', '1.5']);
  const val = (): string => pick(r, ['', 'v', 'hello', '42', '-3', '3.25', 'x'.repeat(Math.floor(r() * 50))]);
  const ttl = (): string => pick(r, ['100', '5000', '-1', '0', 'x']);
  const out: Cmd[] = [];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 24)) {
      case 0: out.push(['GET', k()]); break;
      case 1: out.push(['SET', k(), val(), ...pick(r, [[], ['NX'], ['XX'], ['GET'], ['EX', ttl()], ['PX', '100000'], ['KEEPTTL'], ['XX', 'GET']])]); break;
      case 2: out.push(['INCRBY', k(), num()]); break;
      case 3: out.push(['INCR', k()]); break;
      case 4: out.push(['INCRBYFLOAT', k(), pick(r, ['1.5', '-0.25', '10', '1e3', 'x', '0.1'])]); break;
      case 5: out.push(['APPEND', k(), val()]); break;
      case 6: out.push(['STRLEN', k()]); break;
      case 7: out.push(['GETRANGE', k(), num(), num()]); break;
      case 8: out.push(['SETRANGE', k(), pick(r, ['0', '3', '10', '-1']), val()]); break;
      case 9: out.push(['DEL', k(), k()]); break;
      case 10: out.push(['EXISTS', k(), k(), k()]); break;
      case 11: out.push(['EXPIRE', k(), ttl(), ...pick(r, [[], ['NX'], ['XX'], ['GT'], ['LT']])]); break;
      case 12: out.push(['TTL', k()]); break;
      case 13: out.push(['PERSIST', k()]); break;
      case 14: out.push(['RENAME', k(), k()]); break;
      case 15: out.push(['RENAMENX', k(), k()]); break;
      case 16: out.push(['COPY', k(), k(), ...pick(r, [[], ['REPLACE'], ['DB', '1'], ['DB', '1', 'REPLACE']])]); break;
      case 17: out.push(['MSETNX', k(), val(), k(), val()]); break;
      case 18: out.push(['GETDEL', k()]); break;
      case 19: out.push(['GETEX', k(), ...pick(r, [[], ['PERSIST'], ['EX', '100']])]); break;
      case 20: out.push(['TYPE', k()]); break;
      case 21: out.push(['MGET', k(), k(), k()]); break;
      case 22: out.push(['DBSIZE']); break;
      default: out.push(['MOVE', k(), '1']);
    }
  }
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`keyspace differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('edge cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('generated sequences with TTLs', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 104729 + Number(shards), 300)]);
    }
  });

  t('SCAN cursors parse as strtoul does; a small keyspace comes back in one call', async () => {
    await runBoth(redis, kunyu, [
      ['SCAN', '-1'], ['SCAN', '+0'], ['SCAN', ''], ['SCAN', '-18446744073709551615'], ['SCAN', '-1', 'a*'],
      ['SCAN', '18446744073709551616'], ['SCAN', ' 1'], ['SCAN', '1 '], ['SCAN', '0', 'TYPE'], ['SCAN', '0', 'type', 'STRING'],
    ]);
    const keys = ['a', 'b', 'c', '{t}x', '{t}y', 'user:1', 'user:2'];
    await runBoth(redis, kunyu, [
      ...keys.map((k) => ['SET', k, 'v']), ['LPUSH', 'list', 'x'],
      ['SCAN', '0'], ['SCAN', '0', 'MATCH', 'user:*'], ['SCAN', '0', 'TYPE', 'list'], ['SCAN', '0', 'COUNT', '100', 'TYPE', 'STRING'],
      ['EVAL', "return redis.call('scan', ARGV[1])", '0', '0'],
    ], (cmd, reply) => (cmd[0] === 'SCAN' || cmd[0] === 'EVAL' ? sortedScanReply(reply, 1) : reply));
  });

  t('KEYS and SCAN see the same keys (order aside)', async () => {
    const setup: Cmd[] = [];
    for (let i = 0; i < 300; i++) setup.push(['SET', `key:${i}`, String(i)]);
    setup.push(['SET', 'other', 'x'], ['SET', 'k[1]', 'y'], ['SET', 'k1', 'z']);
    await runBoth(redis, kunyu, setup);
    const sorted = (reply: string): string => {
      const lines = reply.split('\r\n');
      const items: string[] = [];
      for (let i = 1; i + 1 < lines.length; i += 2) items.push(lines[i] + '\r\n' + lines[i + 1]);
      return lines[0] + '|' + items.sort().join('|');
    };
    await runBoth(redis, kunyu, [['KEYS', '*'], ['KEYS', 'key:1?'], ['KEYS', 'k\\[1\\]'], ['KEYS', 'k[1]'], ['KEYS', '*[^0-9]']],
      (_cmd, reply) => sorted(reply));
  });

  t.run();
}

export {};
