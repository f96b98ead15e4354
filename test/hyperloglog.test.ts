// HyperLogLog commands against real redis-server, reply bytes compared, on --shards 0, 1 and 4:
// every error text (corrupted and foreign values included), seeded PFADD sets crossing the
// sparse -> dense threshold with GET of every value compared byte for byte, PFCOUNT unions and
// PFMERGE on one shard and across shards, and HLL values moved from Redis to Kunyu and back.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, type RunningServer, redisAndKunyuFor } from './support/servers';
import { ignoreHello, notificationsOf, pick, rng, runBoth, type Cmd } from './support/differential';
import { commandDocs } from './support/collections';

const HLL_COMMANDS = ['pfadd', 'pfcount', 'pfmerge', 'pfdebug', 'pfselftest'];

const HDR_SPARSE = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';
const HDR_DENSE = 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';
/** A dense HLL whose registers are all `reg`. */
const denseAll = (reg: number): string => {
  const b = Buffer.alloc(12288);
  for (let i = 0; i < 16384; i++) {
    const bit = i * 6;
    const byte = bit >> 3;
    const fb = bit & 7;
    b[byte] |= (reg << fb) & 0xff;
    if (fb > 2) b[byte + 1] |= reg >> (8 - fb);
  }
  return HDR_DENSE + b.latin1Slice(0, b.length);
};

const EDGE_CASES: Cmd[] = [
  ['PFADD', 'h'], ['GET', 'h'], ['PFADD', 'h'], ['PFADD', 'h', 'a', 'b', 'c'], ['PFADD', 'h', 'a'], ['PFADD', 'h', 'a', 'd'], ['GET', 'h'],
  ['PFCOUNT', 'h'], ['GET', 'h'], ['PFCOUNT', 'h'], ['OBJECT', 'ENCODING', 'h'], ['PFCOUNT', 'nokey'], ['EXISTS', 'nokey'],
  ['PFADD'], ['PFCOUNT'], ['PFMERGE'],
  ['PFADD', 'e', '', '\x00', '\xff\xfe', 'x'.repeat(1), 'x'.repeat(2), 'x'.repeat(3), 'x'.repeat(4), 'x'.repeat(5), 'x'.repeat(6),
    'x'.repeat(7), 'x'.repeat(8), 'x'.repeat(9), 'y'.repeat(15), 'z'.repeat(16), 'w'.repeat(1000)], ['GET', 'e'], ['PFCOUNT', 'e'],
  // Wrong types, and strings that are not HLLs.
  ['LPUSH', 'list', 'a'], ['PFADD', 'list', 'a'], ['PFADD', 'list'], ['PFCOUNT', 'list'], ['PFCOUNT', 'h', 'list'], ['PFMERGE', 'd', 'list'],
  ['PFMERGE', 'list', 'h'], ['PFDEBUG', 'ENCODING', 'list'],
  ['SET', 's', 'foo'], ['PFADD', 's', 'a'], ['PFADD', 's'], ['PFCOUNT', 's'], ['PFCOUNT', 's', 'h'], ['PFCOUNT', 'h', 's'], ['PFMERGE', 'd', 's'],
  ['PFMERGE', 's', 'h'], ['PFDEBUG', 'ENCODING', 's'], ['EXISTS', 'd'],
  ['SET', 'short', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'], ['PFCOUNT', 'short'],
  ['SET', 'magic', 'HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff'], ['PFCOUNT', 'magic'],
  ['SET', 'enc2', 'HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff'], ['PFADD', 'enc2', 'a'],
  ['SET', 'dshort', HDR_DENSE + '\x00'.repeat(100)], ['PFCOUNT', 'dshort'], ['PFMERGE', 'd', 'dshort'],
  ['SET', 'hdronly', HDR_SPARSE], ['PFCOUNT', 'hdronly'], ['PFADD', 'hdronly', 'a'], ['PFMERGE', 'd', 'hdronly'], ['GET', 'hdronly'],
  // Corrupted sparse values: too many registers, too few, a VAL run past the end.
  ['SET', 'over', HDR_SPARSE + '\x7f\xff\x80'], ['PFCOUNT', 'over'], ['PFADD', 'over', 'x'], ['GET', 'over'], ['PFCOUNT', 'over', 'h'],
  ['PFMERGE', 'd', 'over'], ['EXISTS', 'd'], ['PFDEBUG', 'TODENSE', 'over'], ['PFDEBUG', 'GETREG', 'over'], ['PFDEBUG', 'DECODE', 'over'],
  ['SET', 'under', HDR_SPARSE + '\x7f\x00'], ['PFCOUNT', 'under'], ['PFADD', 'under', 'a', 'b', 'c'], ['GET', 'under'],
  ['PFCOUNT', 'under', 'h'], ['PFMERGE', 'd', 'h', 'under'],
  ['SET', 'valrun', HDR_SPARSE + '\x7f\xfd\x83'], ['PFCOUNT', 'valrun'], ['PFMERGE', 'd', 'valrun'], ['PFDEBUG', 'DECODE', 'valrun'],
  // A cached count is returned as stored while its top bit is clear.
  ['SET', 'cached', 'HYLL\x01\x00\x00\x00\x39\x30\x00\x00\x00\x00\x00\x00\x7f\xff'], ['PFCOUNT', 'cached'], ['PFCOUNT', 'cached', 'nokey'],
  ['SET', 'cachedbig', 'HYLL\x01\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\x7f\x7f\xff'], ['PFCOUNT', 'cachedbig'],
  ['PFADD', 'cached', 'zz'], ['PFCOUNT', 'cached'], ['GET', 'cached'],
  ['SET', 'dense63', denseAll(63)], ['PFCOUNT', 'dense63'], ['GET', 'dense63'], ['PFCOUNT', 'dense63'], ['PFCOUNT', 'dense63', 'h'],
  ['SET', 'dense1', denseAll(1)], ['PFCOUNT', 'dense1'], ['PFADD', 'dense1', 'a'], ['PFCOUNT', 'dense1', 'dense63'],
  ['SET', 'dense0', denseAll(0)], ['PFCOUNT', 'dense0'], ['PFMERGE', 'm0', 'dense0'], ['GET', 'm0'], ['PFDEBUG', 'ENCODING', 'm0'],
  // PFMERGE: creates its destination even from nothing, keeps its TTL, includes it as an input.
  ['PFMERGE', 'empty'], ['GET', 'empty'], ['PFMERGE', 'empty2', 'nokey1', 'nokey2'], ['GET', 'empty2'],
  ['PFADD', 'm1', 'a', 'b'], ['PFADD', 'm2', 'c', 'd'], ['EXPIRE', 'm1', '1000'], ['PFMERGE', 'm1', 'm2'], ['TTL', 'm1'], ['PFCOUNT', 'm1'],
  ['GET', 'm1'], ['PFMERGE', 'm1', 'm1'], ['GET', 'm1'], ['PFMERGE', 'm3', 'm1', 'dense1'], ['GET', 'm3'], ['PFDEBUG', 'ENCODING', 'm3'],
  ['OBJECT', 'ENCODING', 'm3'],
  // PFDEBUG
  ['PFDEBUG', 'ENCODING', 'h'], ['PFDEBUG', 'DECODE', 'h'], ['PFDEBUG', 'decode', 'e'], ['PFDEBUG', 'FOO', 'h'], ['PFDEBUG', 'FOO', 'nokey'],
  ['PFDEBUG', 'ENCODING', 'nokey'], ['PFDEBUG', 'ENCODING'], ['PFDEBUG', 'GETREG', 'h'], ['GET', 'h'], ['PFDEBUG', 'DECODE', 'h'],
  ['PFDEBUG', 'TODENSE', 'e'], ['PFDEBUG', 'TODENSE', 'e'], ['GET', 'e'], ['PFDEBUG', 'ENCODING', 'e'],
  // A foreign string that is a valid HLL embstr becomes raw once an HLL command unshares it.
  ['SET', 'emb', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff'], ['OBJECT', 'ENCODING', 'emb'], ['PFCOUNT', 'emb'],
  ['OBJECT', 'ENCODING', 'emb'], ['GET', 'emb'],
];

/** Sparse size limits (hll-sparse-max-bytes) change where the representation turns dense. */
const THRESHOLDS: Cmd[] = [
  ['CONFIG', 'SET', 'hll-sparse-max-bytes', '30'], ['PFADD', 't1', 'a', 'b', 'c', 'd', 'e', 'f', 'g'], ['PFDEBUG', 'ENCODING', 't1'],
  ['GET', 't1'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '0'], ['PFADD', 't2', 'a'], ['PFDEBUG', 'ENCODING', 't2'], ['PFADD', 't3'],
  ['PFDEBUG', 'ENCODING', 't3'], ['PFMERGE', 't4', 't3'], ['PFDEBUG', 'ENCODING', 't4'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '100000'],
  ['CONFIG', 'GET', 'hll-sparse-max-bytes'],
];

function element(r: () => number): string {
  const len = Math.floor(r() * 24);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(r() < 0.7 ? 97 + Math.floor(r() * 26) : Math.floor(r() * 256));
  return s;
}

const KEYS = ['a', 'b', '{h}a', '{h}b', '{h}c', 'x:1'];

/** Seeded PFADD batches growing sets past the sparse limit, with counts, unions and merges. */
function generated(seed: number, rounds: number): Cmd[] {
  const r = rng(seed);
  const out: Cmd[] = [];
  if (seed % 3 === 0) out.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', pick(r, ['200', '1000', '3000', '6000'])]);
  for (let i = 0; i < rounds; i++) {
    const key = pick(r, KEYS);
    const d = r();
    if (d < 0.55) {
      const n = 1 + Math.floor(r() * (r() < 0.3 ? 400 : 60));
      const els: string[] = [];
      for (let j = 0; j < n; j++) els.push(r() < 0.1 ? String(Math.floor(r() * 50)) : element(r));
      out.push(['PFADD', key, ...els], ['GET', key]);
    } else if (d < 0.7) {
      out.push(['PFCOUNT', key], ['GET', key]);
    } else if (d < 0.8) {
      out.push(r() < 0.5 ? ['PFCOUNT', '{h}a', '{h}b', '{h}c'] : ['PFCOUNT', pick(r, KEYS), pick(r, KEYS), pick(r, KEYS)]);
    } else if (d < 0.92) {
      const merge = r() < 0.5 ? ['PFMERGE', pick(r, ['{h}a', '{h}b', '{h}c', '{h}d']), '{h}a', '{h}b']
        : ['PFMERGE', pick(r, [...KEYS, 'dst']), pick(r, KEYS), pick(r, KEYS)];
      out.push(merge, ['GET', merge[1]]);
    } else if (d < 0.95) {
      out.push(['PFDEBUG', 'ENCODING', key]);
    } else {
      out.push(['DEL', key]);
    }
  }
  for (const key of [...KEYS, '{h}d', 'dst']) out.push(['GET', key], ['PFCOUNT', key]);
  out.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
  return out;
}

/** The body of a bulk string reply. */
function bulkBody(reply: string): string {
  assert.ok(reply.startsWith('$') && !reply.startsWith('$-1'), `not a bulk string: ${JSON.stringify(reply.slice(0, 40))}`);
  return reply.slice(reply.indexOf('\r\n') + 2, -2);
}

/** Builds HLLs on one server, copies their bytes to the other, then runs the same commands on both. */
async function moveBetween(from: RunningServer, to: RunningServer, redis: RunningServer, kunyu: RunningServer, seed: number): Promise<void> {
  const r = rng(seed);
  const src = await RawClient.connect(from.port);
  const dst = await RawClient.connect(to.port);
  try {
    const sizes = { 'mv:sparse': 20, 'mv:near': 1400, 'mv:dense': 4000 };
    for (const [key, n] of Object.entries(sizes)) {
      for (let done = 0; done < n; done += 200) {
        const els: string[] = [];
        for (let j = 0; j < Math.min(200, n - done); j++) els.push(element(r) + j);
        await src.call('PFADD', key, ...els);
      }
      const bytes = bulkBody(await src.call('GET', key));
      assert.is(await dst.call('SET', key, bytes), '+OK\r\n');
    }
  } finally {
    src.close();
    dst.close();
  }
  const follow: Cmd[] = [];
  for (const key of ['mv:sparse', 'mv:near', 'mv:dense']) {
    follow.push(['PFCOUNT', key], ['GET', key], ['PFDEBUG', 'ENCODING', key]);
    const els: string[] = [];
    for (let j = 0; j < 150; j++) els.push(element(r));
    follow.push(['PFADD', key, ...els], ['GET', key], ['PFCOUNT', key], ['GET', key]);
  }
  follow.push(['PFCOUNT', 'mv:sparse', 'mv:near', 'mv:dense'], ['PFMERGE', 'mv:all', 'mv:sparse', 'mv:near'], ['GET', 'mv:all'],
    ['PFMERGE', 'mv:all', 'mv:dense'], ['GET', 'mv:all'], ['PFCOUNT', 'mv:all']);
  await runBoth(redis, kunyu, follow);
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`hyperloglog differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']]);
  });

  t('edge cases, corrupted values and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('hll-sparse-max-bytes decides when sparse turns dense', async () => {
    await runBoth(redis, kunyu, THRESHOLDS);
  });

  t('generated PFADD/PFCOUNT/PFMERGE across the sparse -> dense threshold, on one shard and across shards', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 104729 + Number(shards), 120)]);
    }
  });

  t('HLL values built in Redis work in Kunyu, and the other way round', async () => {
    await moveBetween(redis, kunyu, redis, kunyu, 11 + Number(shards));
    await runBoth(redis, kunyu, [['FLUSHALL']]);
    await moveBetween(kunyu, redis, redis, kunyu, 23 + Number(shards));
  });

  t('WATCH sees the cached count being written, not a cached read', async () => {
    const watched = (cmd: Cmd): Cmd[] => [['WATCH', 'w'], cmd, ['MULTI'], ['PING'], ['EXEC']];
    await runBoth(redis, kunyu, [['PFADD', 'w', 'a'], ...watched(['PFADD', 'w', 'a']), ...watched(['PFCOUNT', 'w']),
      ...watched(['PFCOUNT', 'w']), ...watched(['PFCOUNT', 'w', 'nokey']), ...watched(['PFADD', 'w', 'b']),
      ...watched(['PFMERGE', 'w']), ...watched(['PFDEBUG', 'ENCODING', 'w'])]);
  });

  t('RESP3 replies', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ['PFADD', 'r', 'a', 'b'], ['PFCOUNT', 'r'], ['PFCOUNT', 'r', 'nokey'], ['PFMERGE', 'r2', 'r'],
      ['PFDEBUG', 'ENCODING', 'r2'], ['PFDEBUG', 'DECODE', 'r2'], ['SET', 'bad', 'x'], ['PFCOUNT', 'bad']], ignoreHello);
  });

  t('keyspace notifications', async () => {
    const cmds: Cmd[] = [['PFADD', 'n', 'a'], ['PFADD', 'n', 'a'], ['PFADD', 'n'], ['PFCOUNT', 'n'], ['PFCOUNT', 'n', 'nokey'], ['PFMERGE', 'm', 'n'],
      ['PFMERGE', '{n}m', '{n}a'], ['PFDEBUG', 'TODENSE', 'n'], ['PFADD', 'n', 'zz']];
    const [a, b] = [await notificationsOf(redis, 'KEAm', cmds), await notificationsOf(kunyu, 'KEAm', cmds)];
    assert.ok(a.length > 5, `${a.length} notifications`);
    assert.equal(b, a);
  });

  t('keyspace hits and misses counted as Redis counts them', async () => {
    const stats = (cmd: Cmd, reply: string): string =>
      (cmd[0] === 'INFO' ? (reply.match(/keyspace_(hits|misses):\d+/g) ?? []).join(',') : reply);
    await runBoth(redis, kunyu, [['CONFIG', 'RESETSTAT']]);
    await runBoth(redis, kunyu, [['PFADD', '{k}a', 'x'], ['PFADD', '{k}a', 'y'], ['PFCOUNT', '{k}a'], ['PFCOUNT', '{k}no'],
      ['PFCOUNT', '{k}a', '{k}no'], ['PFCOUNT', 'a', 'no', 'x'], ['PFMERGE', '{k}d', '{k}a', '{k}no'], ['PFMERGE', 'd', 'a', 'b'],
      ['PFDEBUG', 'ENCODING', '{k}a']], stats);
    await runBoth(redis, kunyu, [['INFO', 'stats']], stats);
  });

  t('COMMAND INFO, DOCS and GETKEYS', async () => {
    await runBoth(redis, kunyu, [['COMMAND', 'INFO', ...HLL_COMMANDS], ['COMMAND', 'GETKEYS', 'PFMERGE', 'd', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'PFCOUNT', 'a', 'b'], ['COMMAND', 'GETKEYS', 'PFDEBUG', 'GETREG', 'k']]);
    const [a, b] = await Promise.all([commandDocs(redis, HLL_COMMANDS), commandDocs(kunyu, HLL_COMMANDS)]);
    assert.equal(b, a);
    assert.is(Object.keys(b).length, HLL_COMMANDS.length);
  });

  t('PFSELFTEST passes (Kunyu only: Redis takes seconds for it)', async () => {
    const c = await RawClient.connect(kunyu.port);
    try {
      assert.is(await c.call('PFSELFTEST'), '+OK\r\n');
    } finally {
      c.close();
    }
  });

  t.run();
}
