// Lists against real redis-server (reply bytes compared) on --shards 0, 1 and 4, and blocking
// commands with several clients, timeouts, FIFO order and keys on different shards.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Redis from 'ioredis';
import { RawClient, resp, startKunyu, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, rng, pick, type Cmd } from './support/differential';
import { keySlotOfString, slotTable } from '../src/engine/hash';

const EDGE_CASES: Cmd[] = [
  ['LPUSH', 'l', 'a', 'b', 'c'], ['RPUSH', 'l', 'd'], ['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'], ['LLEN', 'nokey'],
  ['LPUSHX', 'nokey', 'x'], ['RPUSHX', 'l', 'e', 'f'], ['LPUSH'], ['LPUSH', 'l'],
  ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['LPOP', 'l', '0'], ['LPOP', 'l', '-1'], ['LPOP', 'l', 'x'],
  ['LPOP', 'nokey'], ['LPOP', 'nokey', '2'], ['RPOP', 'nokey', '0'], ['LPOP', 'l', '100'], ['EXISTS', 'l'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'b', 'a', 'b'], ['LINDEX', 'l', '0'], ['LINDEX', 'l', '-1'], ['LINDEX', 'l', '10'],
  ['LINDEX', 'l', 'x'], ['LINDEX', 'nokey', '0'], ['LSET', 'l', '1', 'B'], ['LSET', 'l', '-1', 'Z'], ['LSET', 'l', '10', 'x'],
  ['LSET', 'nokey', '0', 'x'], ['LSET', 'l', 'x', 'y'], ['LRANGE', 'l', '0', '-1'], ['LRANGE', 'l', '-100', '100'],
  ['LRANGE', 'l', '5', '2'], ['LRANGE', 'l', 'a', '2'], ['LRANGE', 'nokey', '0', '-1'],
  ['LINSERT', 'l', 'BEFORE', 'c', 'X'], ['LINSERT', 'l', 'after', 'a', 'Y'], ['LINSERT', 'l', 'BEFORE', 'nope', 'X'],
  ['LINSERT', 'nokey', 'BEFORE', 'a', 'X'], ['LINSERT', 'l', 'middle', 'a', 'X'], ['LRANGE', 'l', '0', '-1'],
  ['LPOS', 'l', 'b'], ['LPOS', 'l', 'b', 'RANK', '2'], ['LPOS', 'l', 'b', 'RANK', '-1'], ['LPOS', 'l', 'b', 'COUNT', '0'],
  ['LPOS', 'l', 'b', 'COUNT', '2', 'RANK', '-1'], ['LPOS', 'l', 'b', 'MAXLEN', '2'], ['LPOS', 'l', 'zzz'], ['LPOS', 'l', 'zzz', 'COUNT', '3'],
  ['LPOS', 'l', 'b', 'RANK', '0'], ['LPOS', 'l', 'b', 'COUNT', '-1'], ['LPOS', 'l', 'b', 'MAXLEN', '-1'], ['LPOS', 'l', 'b', 'BOGUS', '1'],
  ['LPOS', 'l', 'b', 'RANK'], ['LPOS', 'nokey', 'b'], ['LPOS', 'nokey', 'b', 'COUNT', '1'],
  ['LREM', 'l', '1', 'b'], ['LREM', 'l', '-1', 'b'], ['LREM', 'l', '0', 'a'], ['LREM', 'l', 'x', 'a'], ['LREM', 'nokey', '0', 'a'],
  ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '1', '-2'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '5', '1'], ['EXISTS', 'l'],
  ['LTRIM', 'nokey', '0', '1'], ['LTRIM', 'l', 'a', '1'],
  ['RPUSH', 's', '1', '2', '3'], ['LMOVE', 's', 'd', 'LEFT', 'RIGHT'], ['LMOVE', 's', 'd', 'RIGHT', 'LEFT'], ['LMOVE', 's', 's', 'LEFT', 'RIGHT'],
  ['LRANGE', 's', '0', '-1'], ['LRANGE', 'd', '0', '-1'], ['LMOVE', 's', 'd', 'UP', 'LEFT'], ['LMOVE', 'nokey', 'd', 'LEFT', 'LEFT'],
  ['SET', 'str', 'x'], ['LMOVE', 's', 'str', 'LEFT', 'LEFT'], ['LRANGE', 's', '0', '-1'], ['LMOVE', 'str', 'd', 'LEFT', 'LEFT'],
  ['RPOPLPUSH', 's', 'd'], ['RPOPLPUSH', 's', 'd'], ['RPOPLPUSH', 'd', 'd'], ['LRANGE', 'd', '0', '-1'],
  ['LPUSH', 'str', 'x'], ['LPUSHX', 'str', 'x'], ['LPOP', 'str'], ['LRANGE', 'str', '0', '1'], ['LLEN', 'str'], ['LINDEX', 'str', '0'],
  ['RPUSH', 'm1', 'a', 'b', 'c'], ['RPUSH', 'm2', 'x'], ['LMPOP', '2', 'nokey', 'm1', 'LEFT'], ['LMPOP', '2', 'm1', 'm2', 'RIGHT', 'COUNT', '5'],
  ['LMPOP', '0', 'm1', 'LEFT'], ['LMPOP', '2', 'm1', 'LEFT'], ['LMPOP', '1', 'm1', 'UP'], ['LMPOP', '1', 'm1', 'LEFT', 'COUNT', '0'],
  ['LMPOP', '1', 'm1', 'LEFT', 'COUNT'], ['LMPOP', '1', 'm1', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['LMPOP', 'x', 'm1', 'LEFT'],
  ['LMPOP', '1', 'nokey', 'LEFT'], ['LMPOP', '2', 'str', 'm2', 'LEFT'],
  ['BLPOP', 'm2', '0'], ['BLPOP', 'nokey', 'x'], ['BLPOP', 'nokey', '-1'], ['BLPOP', 'nokey', '1.5e300'], ['BLPOP', 'nokey', 'inf'],
  ['RPUSH', 'b1', 'x', 'y'], ['BLPOP', 'nokey', 'b1', '1'], ['BRPOP', 'b1', 'nokey', '1'], ['BLPOP', 'str', '1'],
  ['RPUSH', 'b2', 'p', 'q'], ['BRPOPLPUSH', 'b2', 'b3', '1'], ['BLMOVE', 'b2', 'b3', 'LEFT', 'LEFT', '1'], ['BLMOVE', 'b2', 'b3', 'UP', 'LEFT', '1'],
  ['BLMOVE', 'b3', 'b3', 'LEFT', 'RIGHT', 'x'], ['LRANGE', 'b3', '0', '-1'], ['RPUSH', 'b4', '1', '2'],
  ['BLMPOP', '1', '2', 'nokey', 'b4', 'LEFT', 'COUNT', '10'], ['BLMPOP', 'x', '1', 'b4', 'LEFT'], ['BLMPOP', '1', '0', 'b4', 'LEFT'],
  ['OBJECT', 'ENCODING', 'b3'], ['TYPE', 'b3'],
  ['COMMAND', 'INFO', 'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem'],
  ['COMMAND', 'INFO', 'ltrim', 'lpos', 'lmove', 'rpoplpush', 'lmpop', 'blpop', 'brpop', 'brpoplpush', 'blmove', 'blmpop'],
  ['COMMAND', 'GETKEYS', 'BLMPOP', '0', '2', 'a', 'b', 'LEFT'], ['COMMAND', 'GETKEYS', 'BLPOP', 'a', 'b', '0'],
  ['ZADD', 'zz', '1', 'a', '2', 'b'], ['BZPOPMIN', 'nokey', 'zz', '1'], ['BZPOPMAX', 'zz', '1'], ['BZPOPMIN', 'zz', 'x'],
  ['BZMPOP', '1', '1', 'zz', 'MIN'], ['BZMPOP', '0.01', '1', 'zz', 'MIN'], ['BZPOPMIN', 'str', '1'], ['BZMPOP', '1', '0', 'zz', 'MIN'],
  ['COMMAND', 'INFO', 'bzpopmin', 'bzpopmax', 'bzmpop'],
];

function generated(seed: number, n: number): Cmd[] {
  const r = rng(seed);
  const keys = ['l1', 'l2', '{t}a', '{t}b', 'x' + (seed % 5), 'str'];
  const k = (): string => pick(r, keys);
  const el = (): string => pick(r, ['a', 'b', 'c', '1', '', 'long'.repeat(Math.floor(r() * 5))]);
  const idx = (): string => pick(r, ['0', '1', '-1', '-2', '3', '10', '-10']);
  const end = (): string => pick(r, ['LEFT', 'RIGHT']);
  const out: Cmd[] = [['SET', 'str', 'x']];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 18)) {
      case 0: out.push([pick(r, ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']), k(), el(), el()]); break;
      case 1: out.push([pick(r, ['LPOP', 'RPOP']), k()]); break;
      case 2: out.push([pick(r, ['LPOP', 'RPOP']), k(), pick(r, ['0', '1', '3'])]); break;
      case 3: out.push(['LRANGE', k(), idx(), idx()]); break;
      case 4: out.push(['LINDEX', k(), idx()]); break;
      case 5: out.push(['LSET', k(), idx(), el()]); break;
      case 6: out.push(['LINSERT', k(), pick(r, ['BEFORE', 'AFTER']), el(), el()]); break;
      case 7: out.push(['LREM', k(), idx(), el()]); break;
      case 8: out.push(['LTRIM', k(), idx(), idx()]); break;
      case 9: out.push(['LPOS', k(), el(), ...pick(r, [[], ['RANK', '-1'], ['COUNT', '0'], ['COUNT', '2', 'MAXLEN', '3']])]); break;
      case 10: out.push(['LMOVE', k(), k(), end(), end()]); break;
      case 11: out.push(['RPOPLPUSH', k(), k()]); break;
      case 12: out.push(['LMPOP', '2', k(), k(), end(), ...pick(r, [[], ['COUNT', '2']])]); break;
      case 13: out.push(['BLPOP', k(), k(), '0.01']); break;
      case 14: out.push(['BLMOVE', k(), k(), end(), end(), '0.01']); break;
      case 15: out.push(['LLEN', k()]); break;
      case 16: out.push(['RENAME', k(), k()]); break;
      default: out.push(['DEL', k()]);
    }
  }
  return out;
}

for (const shards of ['0', '1', '4']) {
  const t = suite(`list differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('edge cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('RESP3 shapes', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ['RPUSH', 'l', 'a', 'b'], ['LPOP', 'nokey'], ['LPOP', 'nokey', '2'], ['LPOP', 'l', '1'],
      ['LMPOP', '1', 'nokey', 'LEFT'], ['BLPOP', 'nokey', '0.01'], ['BLMOVE', 'nokey', 'x', 'LEFT', 'LEFT', '0.01'], ['LPOS', 'l', 'zz']],
    (cmd, reply) => (cmd[0] === 'HELLO' ? '' : reply));
  });

  t('generated sequences', async () => {
    for (let seed = 1; seed <= 6; seed++) await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 7877 + Number(shards), 300)]);
  });

  t.run();
}

const SHARDS = 4;
const table = slotTable(SHARDS);
const shardOf = (key: string): number => table[keySlotOfString(key)];

const b = suite('blocking commands (--shards 4)');
let server: RunningServer;
const conns: Redis[] = [];
const conn = (): Redis => {
  const c = new Redis({ port: server.port, maxRetriesPerRequest: 0 });
  conns.push(c);
  return c;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

b.before(async () => {
  server = await startKunyu(['--shards', String(SHARDS)]);
});
b.after(async () => {
  for (const c of conns) c.disconnect();
  await server?.stop();
});

b('a push from another client wakes a blocked BLPOP; clients are served in the order they blocked', async () => {
  const pusher = conn();
  const results: string[] = [];
  const waiters = [0, 1, 2].map(async (i) => {
    await sleep(i * 50);
    const r = await conn().blpop('fifo', 0);
    results.push(`${i}:${r![1]}`);
  });
  await sleep(300);
  assert.is(Number(/blocked_clients:(\d+)/.exec(await pusher.info('clients'))![1]), 3);
  await pusher.rpush('fifo', 'a', 'b', 'c');
  await Promise.all(waiters);
  assert.equal(results.sort(), ['0:a', '1:b', '2:c']);
  assert.is(await pusher.exists('fifo'), 0);
});

b('BLPOP on keys of different shards is served by whichever gets data', async () => {
  const keys: string[] = [];
  for (let i = 0; keys.length < 3; i++) {
    const k = `multi:${i}`;
    if (!keys.some((x) => shardOf(x) === shardOf(k))) keys.push(k);
  }
  const waiter = conn().blpop(...keys, 0);
  await sleep(100);
  await conn().lpush(keys[2], 'v2');
  assert.equal(await waiter, [keys[2], 'v2']);
});

b('timeouts: fractional seconds, and 0 blocks until data', async () => {
  const c = conn();
  const started = Date.now();
  assert.is(await c.blpop('never', 0.3), null);
  const took = Date.now() - started;
  assert.ok(took >= 280 && took < 2000, `took ${took}ms`);
  const forever = conn().brpop('later', 0);
  await sleep(400);
  await conn().rpush('later', 'x');
  assert.equal(await forever, ['later', 'x']);
});

b('a timeout longer than a Node timer can hold (3,000,000 s) still waits', async () => {
  const waiter = conn().blpop('long-wait', 3000000);
  await sleep(200);
  await conn().rpush('long-wait', 'late');
  assert.equal(await waiter, ['long-wait', 'late']);
});

b('BLMOVE and BRPOPLPUSH across shards move atomically once data arrives', async () => {
  const src = 'mv:src';
  let dst = 'mv:dst0';
  for (let i = 1; shardOf(dst) === shardOf(src); i++) dst = `mv:dst${i}`;
  const waiter = conn().blmove(src, dst, 'LEFT', 'RIGHT', 0);
  const waiter2 = conn().brpoplpush(src, dst, 0);
  await sleep(100);
  await conn().rpush(src, 'one', 'two');
  assert.is(await waiter, 'one');
  assert.is(await waiter2, 'two');
  // BRPOPLPUSH pushes at the head, BLMOVE ... RIGHT at the tail.
  assert.equal(await conn().lrange(dst, 0, -1), ['two', 'one']);
});

b('a blocked client holds back its pipelined commands; CLIENT UNBLOCK releases it', async () => {
  const raw = await RawClient.connect(server.port);
  raw.write(Buffer.concat([resp('CLIENT', 'ID'), resp('BLPOP', 'held', '0'), resp('SET', 'after', 'yes')]));
  const [idReply] = await raw.replies(1);
  const id = idReply.toString().slice(1, -2);
  await sleep(200);
  const other = conn();
  assert.is(await other.get('after'), null, 'the SET after the BLPOP has not run');
  assert.is(await other.client('UNBLOCK', id, 'ERROR'), 1);
  const [blpop, set] = await raw.replies(2);
  assert.is(blpop.toString(), '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
  assert.is(set.toString(), '+OK\r\n');
  assert.is(await other.client('UNBLOCK', id), 0);
  raw.write(resp('BLPOP', 'held', '0'));
  await sleep(100);
  assert.is(await other.client('UNBLOCK', id, 'TIMEOUT'), 1);
  assert.is((await raw.replies(1))[0].toString(), '*-1\r\n');
  raw.close();
});

b('a client that disconnects while blocked takes nothing', async () => {
  const raw = await RawClient.connect(server.port);
  raw.write(resp('BLPOP', 'gone', '0'));
  await sleep(100);
  raw.close();
  await sleep(100);
  const c = conn();
  await c.rpush('gone', 'kept');
  await sleep(100);
  assert.equal(await c.lrange('gone', 0, -1), ['kept']);
  assert.is(Number(/blocked_clients:(\d+)/.exec(await c.info('clients'))![1]), 0);
});

b('BZPOPMIN/BZPOPMAX/BZMPOP wake on ZADD from another client', async () => {
  const c = conn();
  const min = conn().bzpopmin('bz:a', 'bz:b', 0);
  const max = conn().bzpopmax('bz:b', 0);
  await sleep(150);
  await c.zadd('bz:b', 1, 'one', 5, 'five', 9, 'nine');
  const [rmin, rmax] = await Promise.all([min, max]);
  assert.equal(rmin, ['bz:b', 'one', '1']);
  assert.equal(rmax, ['bz:b', 'nine', '9']);
  const mpop = conn().call('BZMPOP', '0', '2', 'bz:x', 'bz:y', 'MAX', 'COUNT', '2');
  await sleep(100);
  await c.zadd('bz:y', 1, 'a', 2, 'b', 3, 'c');
  assert.equal(await mpop, ['bz:y', [['c', '3'], ['b', '2']]]);
  assert.is(await c.call('BZPOPMIN', 'bz:none', '0.1'), null);
});

b('many producers and consumers: every element is delivered exactly once', async () => {
  const consumers = 6;
  const perProducer = 100;
  const got: string[] = [];
  let stop = false;
  const consumerLoops = Array.from({ length: consumers }, async () => {
    const c = conn();
    while (!stop) {
      const r = await c.blpop('work:a', 'work:b', 0.2);
      if (r) got.push(r[1]);
    }
  });
  await Promise.all(['work:a', 'work:b'].map(async (key) => {
    const p = conn();
    for (let i = 0; i < perProducer; i++) await p.rpush(key, `${key}-${i}`);
  }));
  while (got.length < 2 * perProducer) await sleep(50);
  stop = true;
  await Promise.all(consumerLoops);
  assert.is(got.length, 2 * perProducer);
  assert.is(new Set(got).size, 2 * perProducer);
});

b.run();
