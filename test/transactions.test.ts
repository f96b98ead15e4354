// The cross-shard transaction framework under concurrent load on 4 shards: invariants that any
// partial state would break.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Redis from 'ioredis';
import { keySlotOfString, slotTable } from '../src/engine/hash';
import { startKunyu, type RunningServer } from './support/servers';

const SHARDS = 4;
const table = slotTable(SHARDS);
const shardOf = (key: string): number => table[keySlotOfString(key)];

/** n keys with the given prefix, each on a different shard. */
function keysOnDistinctShards(prefix: string, n: number): string[] {
  const out: string[] = [];
  const used = new Set<number>();
  for (let i = 0; out.length < n; i++) {
    const k = `${prefix}${i}`;
    if (!used.has(shardOf(k))) { used.add(shardOf(k)); out.push(k); }
  }
  return out;
}

let server: RunningServer;
const clients: Redis[] = [];
const client = (): Redis => {
  const c = new Redis({ port: server.port, maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
};

test.before(async () => {
  server = await startKunyu(['--shards', String(SHARDS)]);
});
test.after(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
});

test('RENAME ping-pong across shards: the value is never in both keys or in neither', async () => {
  const [a, b] = keysOnDistinctShards('pp:', 2);
  assert.is.not(shardOf(a), shardOf(b));
  const writer = client();
  await writer.set(a, 'token');
  let stop = false;
  let renames = 0;
  const mover = (async () => {
    let from = a;
    let to = b;
    while (!stop) {
      await writer.rename(from, to);
      [from, to] = [to, from];
      renames++;
    }
  })();
  let reads = 0;
  const readers = Array.from({ length: 4 }, async () => {
    const r = client();
    while (!stop) {
      // MGET is one-hop: both parts sit at the same point of the global order.
      const [va, vb] = await r.mget(a, b);
      assert.ok((va === null) !== (vb === null), `exactly one key holds the value (got ${va}, ${vb})`);
      assert.is(va ?? vb, 'token');
      assert.is(await r.exists(a, b), 1);
      reads++;
    }
  });
  await new Promise((r) => setTimeout(r, 3000));
  stop = true;
  await Promise.all([mover, ...readers]);
  assert.ok(renames > 50, `renames ${renames}`);
  assert.ok(reads > 50, `reads ${reads}`);
});

test('MSETNX across shards is all-or-nothing under contention', async () => {
  const keys = keysOnDistinctShards('nx:', 4);
  const c1 = client();
  const c2 = client();
  for (let round = 0; round < 200; round++) {
    // Two clients race to claim overlapping key sets; exactly one may win, and wholly.
    const [r1, r2] = await Promise.all([
      c1.msetnx(keys[0], `r${round}a`, keys[1], `r${round}a`, keys[2], `r${round}a`),
      c2.msetnx(keys[2], `r${round}b`, keys[3], `r${round}b`),
    ]);
    assert.is(r1 + r2, 1, `round ${round}: exactly one MSETNX wins`);
    const values = await c1.mget(...keys);
    if (r1 === 1) assert.equal(values, [`r${round}a`, `r${round}a`, `r${round}a`, null]);
    else assert.equal(values, [null, null, `r${round}b`, `r${round}b`]);
    await c1.del(...keys);
  }
});

test('balances moved between shards through RENAME always exist exactly once', async () => {
  const accounts = keysOnDistinctShards('acct:', 4);
  const temps = ['tmp:0', 'tmp:1', 'tmp:2'];
  const c = client();
  await c.del(...temps);
  for (const k of accounts) await c.set(k, '1000');
  let stop = false;
  const movers = temps.map(async (temp, m) => {
    const r = client();
    for (let i = m; !stop; i++) {
      const account = accounts[i % accounts.length];
      // Movers may collide on an account: a failed RENAME (no such key) is fine.
      const moved = await r.rename(account, temp).then(() => true, () => false);
      if (moved) await r.rename(temp, account);
    }
  });
  let checks = 0;
  const checker = (async () => {
    const r = client();
    while (!stop) {
      // One MGET is one instant of the global order on every shard it touches.
      const values = await r.mget(...accounts, ...temps);
      const present = values.filter((v) => v !== null);
      assert.is(present.length, accounts.length, `balances present: ${JSON.stringify(values)}`);
      for (const v of present) assert.is(v, '1000');
      checks++;
    }
  })();
  await new Promise((r) => setTimeout(r, 2000));
  stop = true;
  await Promise.all([...movers, checker]);
  assert.ok(checks > 20, `checks ${checks}`);
  assert.equal(await c.mget(...accounts), ['1000', '1000', '1000', '1000']);
});

test('a transaction whose keys share a hashtag stays on one shard and still works', async () => {
  const c = client();
  await c.set('{user:7}:a', 'x');
  await c.rename('{user:7}:a', '{user:7}:b');
  assert.is(await c.get('{user:7}:b'), 'x');
  assert.is(await c.copy('{user:7}:b', '{user:7}:c'), 1);
  assert.equal(await c.mget('{user:7}:a', '{user:7}:b', '{user:7}:c'), [null, 'x', 'x']);
});

test('values larger than the peer rings move between shards', async () => {
  const [a, b] = keysOnDistinctShards('bigmove:', 2);
  const c = client();
  const big = 'v'.repeat(3 * 1024 * 1024) + 'end';
  await c.set(a, big);
  await c.rename(a, b);
  assert.is(await c.strlen(b), big.length);
  assert.is(await c.getrange(b, -3, -1), 'end');
  assert.is(await c.copy(b, a), 1);
  assert.is(await c.get(a), big);
});

test.run();
