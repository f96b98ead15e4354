// MULTI/EXEC/DISCARD/WATCH: replies against real redis-server on every shard mode, WATCH
// invalidation by every kind of change, and atomicity across shards under concurrent clients.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Redis from 'ioredis';
import { keySlotOfString, slotTable } from '../src/engine/hash';
import { RawClient, startKunyu, SHARD_MODES, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, rng, pick, type Cmd } from './support/differential';

const EDGE_CASES: Cmd[] = [
  ['EXEC'], ['DISCARD'], ['MULTI'], ['MULTI'], ['WATCH', 'x'], ['SHUTDOWN'], ['NOSUCH'], ['GET'], ['SET', 'a', '1'], ['EXEC'],
  ['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['SELECT', '3'], ['SET', 'b', '2'], ['BLPOP', 'l', '0'], ['PING'],
  ['MSET', 'x', '1', 'y', '2', 'z', '3'], ['MGET', 'x', 'y', 'z', 'a'], ['RENAME', 'x', 'newx'], ['DBSIZE'], ['INCR', 'b'],
  ['LPUSH', 'b', 'x'], ['SELECT', '0'], ['GET', 'a'], ['EXEC'], ['GET', 'a'], ['SELECT', '3'], ['GET', 'newx'], ['SELECT', '0'],
  ['MULTI'], ['SET', 'd', 'x'], ['DISCARD'], ['GET', 'd'], ['MULTI'], ['EXEC'],
  ['WATCH'], ['UNWATCH'], ['WATCH', 'a', 'b'], ['MULTI'], ['UNWATCH'], ['INCR', 'a'], ['EXEC'],
  ['WATCH', 'a'], ['SET', 'a', '100'], ['MULTI'], ['INCR', 'a'], ['EXEC'], ['GET', 'a'],
  ['WATCH', 'nokey'], ['MULTI'], ['SET', 'nokey', '1'], ['EXEC'],
  ['WATCH', 'a'], ['MULTI'], ['DISCARD'], ['SET', 'a', '5'], ['MULTI'], ['INCR', 'a'], ['EXEC'],
  ['MULTI'], ['CLIENT', 'SETNAME', 'n'], ['GET', 'a'], ['ECHO', 'e'], ['EXEC'], ['CLIENT', 'GETNAME'],
  ['MULTI'], ['FLUSHALL'], ['SET', 'k', 'v'], ['KEYS', '*'], ['EXEC'],
  ['COMMAND', 'INFO', 'multi', 'exec', 'discard', 'watch', 'unwatch'],
];

function generated(seed: number, blocks: number): Cmd[] {
  const r = rng(seed);
  const keys = ['a', 'b', '{t}1', '{t}2', 'c' + (seed % 3)];
  const k = (): string => pick(r, keys);
  const out: Cmd[] = [];
  for (let b = 0; b < blocks; b++) {
    if (r() < 0.3) out.push(['WATCH', k(), k()]);
    if (r() < 0.2) out.push(['SET', k(), 'touched']);
    out.push(['MULTI']);
    for (let i = Math.floor(r() * 6); i > 0; i--) {
      out.push(pick(r, [['INCR', k()], ['SET', k(), String(b)], ['GET', k()], ['MGET', k(), k()], ['DEL', k()],
        ['RENAME', k(), k()], ['LPUSH', k(), 'x'], ['MSETNX', k(), '1', k(), '2'], ['EXISTS', k(), k()], ['APPEND', k(), 'z']]));
    }
    out.push(r() < 0.85 ? ['EXEC'] : ['DISCARD']);
  }
  return out;
}

for (const shards of SHARD_MODES) {
  const t = suite(`MULTI/EXEC differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('edge cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('generated transactions', async () => {
    for (let seed = 1; seed <= 5; seed++) await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 31 + Number(shards), 40)]);
  });

  t.run();
}

const SHARDS = 4;
const table = slotTable(SHARDS);
const shardOf = (key: string): number => table[keySlotOfString(key)];
function keysOnDistinctShards(prefix: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const k = `${prefix}${i}`;
    if (!out.some((x) => shardOf(x) === shardOf(k))) out.push(k);
  }
  return out;
}

const w = suite('WATCH and atomicity (--shards 4)');
let server: RunningServer;
const conns: Redis[] = [];
const conn = (): Redis => {
  const c = new Redis({ port: server.port, maxRetriesPerRequest: 0 });
  conns.push(c);
  return c;
};
w.before(async () => {
  server = await startKunyu(['--shards', String(SHARDS), '--hz', '50']);
});
w.after(async () => {
  for (const c of conns) c.disconnect();
  await server?.stop();
});

w('WATCH is invalidated by another client, expiry, FLUSHDB, SWAPDB; not by a read', async () => {
  const a = conn();
  const other = conn();
  const cases: Array<[string, (key: string) => Promise<unknown>, boolean]> = [
    ['write by another client', (k) => other.set(k, 'x'), true],
    ['a read', (k) => other.get(k), false],
    ['DEL', (k) => other.del(k), true],
    ['expiry', async (k) => { await other.pexpire(k, 50); await new Promise((r) => setTimeout(r, 200)); }, true],
    ['FLUSHDB', () => other.flushdb(), true],
    ['SWAPDB', () => other.swapdb(0, 1), true],
  ];
  for (const [name, change, invalidates] of cases) {
    await a.set('w', 'v');
    await a.watch('w');
    await change('w');
    const r = await a.multi().set('w', 'mine').exec();
    assert.is(r === null, invalidates, name);
    await a.unwatch();
    await other.swapdb(0, 1).then(() => other.swapdb(0, 1));
  }
});

w('WATCH on several shards; EXEC touching other shards', async () => {
  const [k1, k2, k3] = keysOnDistinctShards('ws', 3);
  const a = conn();
  await a.watch(k1, k2);
  assert.equal(await a.multi().set(k3, '1').exec(), [[null, 'OK']]);
  await a.watch(k1, k2);
  await conn().set(k2, 'changed');
  assert.is(await a.multi().set(k3, '2').exec(), null);
  assert.is(await a.get(k3), '1');
});

w('transfers between accounts on different shards keep the total', async () => {
  const accounts = keysOnDistinctShards('acct', 4);
  const setup = conn();
  for (const k of accounts) await setup.set(k, '1000');
  let stop = false;
  const movers = Array.from({ length: 4 }, async (_x, m) => {
    const c = conn();
    for (let i = 0; !stop; i++) {
      const from = accounts[(i + m) % 4];
      const to = accounts[(i + m + 1 + (i % 3)) % 4];
      await c.multi().decrby(from, 7).incrby(to, 7).exec();
    }
  });
  let checks = 0;
  const checker = (async () => {
    const c = conn();
    while (!stop) {
      const values = await c.mget(...accounts);
      assert.is(values.reduce((s, v) => s + Number(v), 0), 4000, JSON.stringify(values));
      const inTx = await c.multi().mget(...accounts).exec();
      assert.is((inTx![0][1] as string[]).reduce((s, v) => s + Number(v), 0), 4000);
      checks++;
    }
  })();
  await new Promise((r) => setTimeout(r, 2500));
  stop = true;
  await Promise.all([...movers, checker]);
  assert.ok(checks > 20, `checks ${checks}`);
});

w('optimistic locking with WATCH: concurrent increments lose nothing', async () => {
  const key = 'counter';
  await conn().set(key, '0');
  const workers = Array.from({ length: 5 }, async () => {
    const c = conn();
    for (let done = 0; done < 20;) {
      await c.watch(key);
      const v = Number(await c.get(key));
      if ((await c.multi().set(key, String(v + 1)).exec()) !== null) done++;
    }
  });
  await Promise.all(workers);
  assert.is(await conn().get(key), '100');
});

w('a raw pipeline of MULTI blocks from many clients is never seen half-applied', async () => {
  const [x, y] = keysOnDistinctShards('pair', 2);
  const c = await RawClient.connect(server.port);
  await c.call('MSET', x, '0', y, '0');
  let stop = false;
  const writer = (async () => {
    const wc = conn();
    for (let i = 1; !stop; i++) await wc.multi().set(x, String(i)).set(y, String(i)).exec();
  })();
  const reader = conn();
  for (let i = 0; i < 300; i++) {
    const [vx, vy] = await reader.mget(x, y);
    assert.is(vx, vy);
  }
  stop = true;
  await writer;
  c.close();
});

w.run();
