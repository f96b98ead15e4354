// SORT and SORT_RO against real redis-server, raw reply bytes compared, on --shards 0, 1 and 4:
// hand-written cases for every option, pattern form and error (RESP2 and RESP3), seeded random
// option combinations over lists, sets and sorted sets with BY/GET patterns naming keys that share
// a {hashtag} with the sorted key and keys that do not (other shards), STORE destinations on other
// shards, SORT inside MULTI, and COMMAND INFO / GETKEYS.
//
// Two Redis behaviours are kept out of the generated inputs because they are not deterministic in
// Redis itself: the order of a hashtable set (or the ties of ALPHA BY on sets and sorted sets,
// which follow it), and SORT's conversion check reading a stale errno (after a value that
// overflows, later SORTs in the same pipeline fail too), so weights never overflow there.
import { suite } from 'uvu';
import { type RunningServer, redisAndKunyuFor } from './support/servers';
import { ignoreHello, runBoth, rng, pick, type Cmd } from './support/differential';

const SETUP: Cmd[] = [
  ['RPUSH', 'l', '3', '1', '2', '10', '-5', '1.5', '03', '1e2'],
  ['RPUSH', 'words', 'banana', 'apple', 'Cherry', 'apple', '', 'b\0x', 'b\0a', 'é', 'zeta'],
  ['SADD', 'si', '5', '3', '1', '10', '-7'],
  ['SADD', 'sh', 'x', 'y', 'z', '10', '2'],
  ['ZADD', 'z', '1', 'c', '2', 'b', '3', 'a', '3', 'aa', '0', '5'],
  ['MSET', 'w_3', '30', 'w_1', '10', 'w_2', '20', 'w_10', '5', 'w_-5', '0', 'w_1.5', '15', 'w_03', '30', 'w_1e2', '-1'],
  ['MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2', 'w_aa', '3', 'w_5', '-1', 'w_x', '7', 'w_y', '7', 'w_z', '7'],
  ['MSET', 's_3', 'three', 's_1', 'one', 's_2', 'two', 's_10', 'ten', 's_a', 'A', 's_b', 'B'],
  ['HSET', 'h_3', 'f', 'c', 'g', '3'], ['HSET', 'h_1', 'f', 'a', 'g', '1'], ['HSET', 'h_2', 'f', 'b', 'g', '2'],
  ['HSET', 'h_10', 'f', 'z', 'g', 'x'], ['HSET', 'h_a', 'f->g', 'arrow', '*', 'star'],
  ['SADD', 'notastring_1', 'x'],
];

const EDGE_CASES: Cmd[] = [
  ...SETUP,
  // Plain sorts.
  ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'ASC'], ['SORT', 'l', 'ALPHA'], ['SORT', 'l', 'ALPHA', 'DESC'],
  ['SORT', 'words'], ['SORT', 'words', 'ALPHA'], ['SORT', 'words', 'ALPHA', 'DESC'], ['SORT', 'words', 'alpha', 'limit', '1', '3'],
  ['SORT', 'si'], ['SORT', 'si', 'DESC'], ['SORT', 'sh', 'ALPHA'], ['SORT', 'sh'], ['SORT', 'z'], ['SORT', 'z', 'ALPHA'],
  ['SORT', 'z', 'ALPHA', 'DESC', 'LIMIT', '1', '2'], ['SORT', 'nokey'], ['SORT', 'nokey', 'ALPHA', 'LIMIT', '0', '5'],
  // LIMIT.
  ['SORT', 'l', 'LIMIT', '0', '3'], ['SORT', 'l', 'LIMIT', '2', '3'], ['SORT', 'l', 'LIMIT', '-5', '2'], ['SORT', 'l', 'LIMIT', '0', '-1'],
  ['SORT', 'l', 'LIMIT', '5', '0'], ['SORT', 'l', 'LIMIT', '7', '5'], ['SORT', 'l', 'LIMIT', '8', '1'], ['SORT', 'l', 'LIMIT', '100', '1'],
  ['SORT', 'l', 'LIMIT', '1', '9223372036854775807'], ['SORT', 'l', 'LIMIT', '2', '9223372036854775807'],
  ['SORT', 'l', 'LIMIT', '-9223372036854775808', '2'], ['SORT', 'l', 'LIMIT', 'x', '1'], ['SORT', 'l', 'LIMIT', '0', '1.5'],
  ['SORT', 'l', 'LIMIT', '0'], ['SORT', 'l', 'LIMIT', '0', '2', 'LIMIT', '1', '1'], ['SORT', 'l', 'LIMIT', ' 1', '2'],
  // BY a constant: no sorting, the type's own order (ASC/DESC and LIMIT still apply to lists and sorted sets).
  ['SORT', 'l', 'BY', 'nosort'], ['SORT', 'l', 'BY', 'nosort', 'DESC'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '2', '3'],
  ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '2', '3'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '6', '10'],
  ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '7', '10'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '8', '1'],
  ['SORT', 'z', 'BY', 'nosort'], ['SORT', 'z', 'BY', 'nosort', 'DESC'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '3'],
  ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '3'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '4', '9'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '9', '9'],
  ['SORT', 'si', 'BY', 'nosort'], ['SORT', 'si', 'BY', 'nosort', 'DESC'], ['SORT', 'si', 'BY', 'nosort', 'LIMIT', '1', '2'],
  ['SORT', 'l', 'BY', 'nosort', 'ALPHA'], ['SORT', 'l', 'BY', '#'], ['SORT', 'l', 'BY', 'w_\0*'], ['SORT', 'nokey', 'BY', 'nosort'],
  // BY patterns.
  ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'DESC'], ['SORT', 'l', 'BY', 'w_*', 'LIMIT', '1', '3'],
  ['SORT', 'l', 'BY', 'nosuch_*'], ['SORT', 'l', 'BY', 'nosuch_*', 'DESC', 'LIMIT', '2', '4'], ['SORT', 'l', 'BY', 's_*'],
  ['SORT', 'l', 'BY', 's_*', 'ALPHA'], ['SORT', 'l', 'BY', 's_*', 'ALPHA', 'DESC'], ['SORT', 'l', 'BY', 's_*', 'ALPHA', 'LIMIT', '0', '3'],
  ['SORT', 'l', 'BY', 'h_*->f', 'ALPHA'], ['SORT', 'l', 'BY', 'h_*->g'], ['SORT', 'l', 'BY', 'h_*->nofield'], ['SORT', 'l', 'BY', 'h_*->'],
  ['SORT', 'l', 'BY', 'notastring_*'], ['SORT', 'si', 'BY', 'w_*'], ['SORT', 'z', 'BY', 'w_*'], ['SORT', 'sh', 'BY', 'w_*'],
  ['SORT', 'z', 'BY', 'w_*', 'DESC', 'LIMIT', '0', '3'], ['SORT', 'l', 'BY', 'w_*', 'BY', 'nosort'], ['SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'],
  ['SORT', 'l', 'by', 'W_*'], ['SORT', 'z', 'BY', '*'], ['SORT', 'l', 'BY', '**'],
  // GET patterns.
  ['SORT', 'l', 'GET', '#'], ['SORT', 'l', 'GET', 's_*'], ['SORT', 'l', 'GET', '#', 'GET', 's_*', 'GET', 'h_*->f', 'GET', 'nosuch_*'],
  ['SORT', 'l', 'GET', 'constant'], ['SORT', 'l', 'GET', 'h_*->'], ['SORT', 'l', 'GET', 'h_*->f->g'], ['SORT', 'words', 'ALPHA', 'GET', 'h_*->f->g'],
  ['SORT', 'words', 'ALPHA', 'GET', 'h_*->*'], ['SORT', 'l', 'GET', '#\0ignored'], ['SORT', 'l', 'GET', '#x'], ['SORT', 'l', 'GET', 'notastring_*'],
  ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*', 'LIMIT', '1', '4'], ['SORT', 'z', 'BY', 'nosort', 'GET', 'w_*', 'GET', '#'],
  ['SORT', 'l', 'GET', 's_*', 'LIMIT', '0', '0'], ['SORT', 'nokey', 'GET', '#'], ['SORT', 'l', 'GET', 's_\0*'],
  // Numeric conversion: what strtod takes whole, and what it does not.
  ['SET', 'w_2', '  20'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', '0x14'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', 'inf'],
  ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', '-Infinity'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', ''], ['SORT', 'l', 'BY', 'w_*'],
  ['SET', 'w_2', '20\0junk'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', '+2e1'], ['SORT', 'l', 'BY', 'w_*'],
  ['SET', 'w_2', '20 '], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', 'nan'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', 'abc'],
  ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'ALPHA'], ['SORT', 'l', 'BY', 'w_*', 'STORE', 'failed'], ['EXISTS', 'failed'],
  ['SET', 'w_2', '0x'], ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_2', '20'], ['SORT', 'words'], ['SORT', 'sh'],
  // STORE.
  ['SORT', 'l', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['TYPE', 'dst'], ['OBJECT', 'ENCODING', 'dst'],
  ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'nosuch_*', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  ['SET', 'ttl', 'x', 'EX', '100'], ['SORT', 'l', 'STORE', 'ttl'], ['TTL', 'ttl'], ['SORT', 'l', 'LIMIT', '0', '0', 'STORE', 'ttl'], ['EXISTS', 'ttl'],
  ['SORT', 'nokey', 'STORE', 'dst'], ['EXISTS', 'dst'], ['SORT', 'l', 'STORE', 'a', 'STORE', 'b'], ['EXISTS', 'a', 'b'],
  ['SORT', 'sh', 'BY', 'nosort', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['SORT', 'sh', 'BY', 'nosort', 'DESC', 'STORE', 'dst'],
  ['LRANGE', 'dst', '0', '-1'], ['SORT', 'words', 'ALPHA', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  ['SORT', 'l', 'BY', 's_*', 'ALPHA', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['SORT', 'l', 'STORE', 'l'], ['LRANGE', 'l', '0', '-1'],
  ['SORT', 'l', 'STORE'], ['SORT_RO', 'l', 'STORE', 'dst'],
  // The sorted set becomes skiplist-encoded, even for SORT_RO.
  ['ZADD', 'zz', '1', 'x', '2', 'y'], ['OBJECT', 'ENCODING', 'zz'], ['SORT_RO', 'zz', 'BY', 'nosort'], ['OBJECT', 'ENCODING', 'zz'],
  // SORT_RO.
  ['SORT_RO', 'l'], ['SORT_RO', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 's_*', 'DESC', 'LIMIT', '1', '5'], ['SORT_RO', 'z', 'ALPHA'],
  // Errors and types.
  ['SET', 'str', 'x'], ['SORT', 'str'], ['SORT', 'str', 'BY', 'nosort'], ['SORT', 'str', 'BOGUS'], ['HSET', 'hash', 'a', 'b'], ['SORT', 'hash'],
  ['SORT', 'l', 'BOGUS'], ['SORT', 'l', 'BY'], ['SORT', 'l', 'GET'], ['SORT', 'l', 'ALPHA', 'DESC', 'ASC', 'x'], ['SORT'], ['SORT_RO'],
  ['SORT', 'l', 'desc\0x', 'alpha\0'],
];

// ---------------------------------------------------------------- generated cases

function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const numbers = ['0', '1', '2', '3', '7', '10', '-1', '-12', '2.5', '100', '0.25', '42', '8', '9', '11'];
  const words = ['a', 'b', 'ab', 'B', 'ba', 'zz', 'x y', 'é', '', 'a\0b', 'a\0c', '10', '9'];
  const elem = (): string => (r() < 0.6 ? pick(r, numbers) : pick(r, words));
  // Lists (any elements, duplicates too), an intset, hashtable sets and sorted sets, some with
  // the {t} hashtag of the pattern keys, some without.
  const out: Cmd[] = [];
  for (const key of ['{t}l', 'l2']) {
    const items = Array.from({ length: 5 + Math.floor(r() * 60) }, elem);
    out.push(['RPUSH', key, ...items]);
  }
  out.push(['RPUSH', '{t}ln', ...Array.from({ length: 50 }, () => pick(r, numbers))]);
  out.push(['SADD', '{t}si', ...Array.from({ length: 12 }, () => String(Math.floor(r() * 40) - 10))]);
  for (const key of ['{t}sh', 'sh2']) out.push(['SADD', key, ...Array.from({ length: 15 }, () => pick(r, [...numbers, ...words.filter((w) => !w.includes('\0'))]))]);
  for (const key of ['{t}z', 'z2']) {
    const args: string[] = [];
    for (let i = 0; i < 20; i++) args.push(String(Math.floor(r() * 10)), pick(r, [...numbers, ...words.filter((w) => !w.includes('\0'))]));
    out.push(['ZADD', key, ...args]);
  }
  // Weights and values for every element, on the hashtag's shard and elsewhere; some missing.
  const weight = (): string => pick(r, ['1', '2', '2', '5', '-3', '10', '0.5', '1e2', ' 7', '0x10', 'inf', '-inf', '', 'abc', 'x1']);
  for (const e of [...numbers, ...words]) {
    for (const prefix of ['{t}w_', 'w_']) {
      if (r() < 0.85) out.push(['SET', prefix + e, r() < 0.9 ? weight().replace(/^(abc|x1)$/, r() < 0.7 ? '4' : '$&') : weight()]);
    }
    for (const prefix of ['{t}h_', 'h_']) {
      if (r() < 0.8) out.push(['HSET', prefix + e, 'n', pick(r, ['1', '3', '-2', '8']), 's', pick(r, ['p', 'q', 'r', 'pp'])]);
    }
  }
  const lists = ['{t}l', 'l2', '{t}ln', 'nokey'];
  const sets = ['{t}si', '{t}sh', 'sh2', '{t}z', 'z2'];
  for (let i = 0; i < n; i++) {
    const isList = r() < 0.6;
    const key = pick(r, isList ? lists : sets);
    const hashtable = key.endsWith('sh') || key === 'sh2';
    const args: string[] = [];
    const alpha = r() < 0.35;
    let by: string | null = null;
    const byKind = r();
    if (byKind < 0.2) by = pick(r, ['nosort', 'constant', '#']);
    else if (byKind < 0.6) {
      // ALPHA BY ties follow the element order, which only lists have deterministically.
      if (!alpha || isList) by = pick(r, alpha ? ['{t}h_*->s', 'h_*->s', '{t}w_*', 'w_*', 'nosuch_*'] : ['{t}w_*', 'w_*', '{t}h_*->n', 'h_*->n', 'nosuch_*']);
    }
    const store = r() < 0.25 ? pick(r, ['{t}dst', 'dst', 'far']) : null;
    // A hashtable set has no deterministic order to return unsorted.
    if (by !== null && !by.includes('*') && hashtable && store === null) by = null;
    if (by !== null) args.push('BY', by);
    if (alpha) args.push('ALPHA');
    const order = r();
    if (order < 0.3) args.push('DESC'); else if (order < 0.45) args.push('ASC');
    if (r() < 0.4) args.push('LIMIT', String(Math.floor(r() * 8) - 2), String(Math.floor(r() * 12) - 2));
    const gets = Math.floor(r() * 4) - 1;
    for (let g = 0; g < gets; g++) args.push('GET', pick(r, ['#', '{t}w_*', 'w_*', '{t}h_*->s', 'h_*->n', 'nosuch_*', 'fixed']));
    // Shuffle the option groups: any order is accepted.
    const groups: string[][] = [];
    for (let j = 0; j < args.length;) {
      const k = args[j] === 'LIMIT' ? 3 : args[j] === 'BY' || args[j] === 'GET' ? 2 : 1;
      groups.push(args.slice(j, j + k));
      j += k;
    }
    for (let j = groups.length - 1; j > 0; j--) {
      const k = Math.floor(r() * (j + 1));
      [groups[j], groups[k]] = [groups[k], groups[j]];
    }
    const cmd = [store === null && r() < 0.3 ? 'SORT_RO' : 'SORT', key, ...groups.flat()];
    if (store !== null) {
      cmd.push('STORE', store);
      out.push(cmd, ['LRANGE', store, '0', '-1']);
    } else {
      out.push(cmd);
    }
    if (r() < 0.05) out.push(['SET', pick(r, ['{t}w_1', 'w_2', '{t}w_a', 'w_é']), weight()]);
  }
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`sort differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('hand-written cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('RESP3 replies', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ...EDGE_CASES], ignoreHello);
  });

  t('values that overflow strtod fail the conversion', async () => {
    // Each in a pipeline of its own, followed by ZADD (which resets Redis's errno).
    for (const v of ['1e400', '-1e400', '1e-400', '1e-310', '2.2250738585072011e-308', '0x1p-1074', '0x1.8p-1074', '2.2250738585072014e-308']) {
      await runBoth(redis, kunyu, [['RPUSH', 'l', '1', '2'], ['SET', 'w_1', v], ['SET', 'w_2', '0'], ['SORT', 'l', 'BY', 'w_*'], ['ZADD', 'reset', '1', 'x']]);
    }
  });

  t('seeded random option combinations', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 3571 + Number(shards), 200)]);
    }
    await runBoth(redis, kunyu, [['FLUSHALL'], ['HELLO', '3'], ...generated(99 + Number(shards), 150)], ignoreHello);
  });

  t('partial sorts of long lists with many equal weights', async () => {
    const r = rng(5 + Number(shards));
    const cmds: Cmd[] = [['RPUSH', 'big', ...Array.from({ length: 300 }, (_, i) => `e${i}`)]];
    for (let i = 0; i < 300; i++) if (r() < 0.9) cmds.push(['SET', `w_e${i}`, String(Math.floor(r() * 4))], ['SET', `a_e${i}`, pick(r, ['x', 'y', 'z'])]);
    for (let q = 0; q < 40; q++) {
      const start = Math.floor(r() * 320) - 10;
      const count = Math.floor(r() * 60) - 5;
      cmds.push(['SORT', 'big', 'BY', pick(r, ['w_*', 'a_*']), ...(r() < 0.5 ? ['ALPHA'] : []), ...(r() < 0.5 ? ['DESC'] : []),
        'LIMIT', String(start), String(count)]);
    }
    await runBoth(redis, kunyu, cmds);
  });

  t('patterns and destinations across shards, and inside MULTI', async () => {
    await runBoth(redis, kunyu, [
      ...SETUP,
      ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 's_*', 'GET', 'h_*->f', 'STORE', 'elsewhere'], ['LRANGE', 'elsewhere', '0', '-1'],
      ['MULTI'], ['SORT', 'l', 'BY', 'w_*', 'GET', 's_*'], ['SORT', 'z', 'BY', 'w_*', 'STORE', 'another'], ['LRANGE', 'another', '0', '-1'],
      ['SORT_RO', 'words', 'ALPHA', 'GET', 'h_*->f'], ['EXEC'],
    ]);
  });

  t('COMMAND INFO and key extraction match', async () => {
    await runBoth(redis, kunyu, [['COMMAND', 'INFO', 'sort', 'sort_ro']]);
    await runBoth(redis, kunyu, [['HELLO', '3'], ['COMMAND', 'INFO', 'sort'], ['COMMAND', 'INFO', 'sort_ro']], ignoreHello);
    await runBoth(redis, kunyu, [
      ['COMMAND', 'GETKEYS', 'SORT', 'k'], ['COMMAND', 'GETKEYS', 'SORT', 'k', 'STORE', 'd'],
      ['COMMAND', 'GETKEYS', 'SORT', 'k', 'BY', 'store', 'GET', 'store', 'LIMIT', 'store', 'x', 'STORE', 'd1', 'STORE', 'd2'],
      ['COMMAND', 'GETKEYS', 'SORT', 'k', 'LIMIT', '0', 'STORE', 'd'], ['COMMAND', 'GETKEYS', 'SORT', 'k', 'STORE'],
      ['COMMAND', 'GETKEYS', 'SORT_RO', 'k', 'BY', 'x', 'STORE', 'd'],
    ]);
  });

  t.run();
}

export {};
