// Expiry with real time (lazy and active) and eviction under maxmemory for every policy.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Redis from 'ioredis';
import { startKunyu, type RunningServer } from './support/servers';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function infoField(info: string, field: string): number {
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : NaN;
}

function keyspaceKeys(info: string, db = 0): number {
  const m = new RegExp(`^db${db}:keys=(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : 0;
}

for (const shards of ['0', '2']) {
  const t = suite(`expiry (--shards ${shards})`);
  let server: RunningServer;
  let c: Redis;
  t.before(async () => {
    server = await startKunyu(['--shards', shards, '--hz', '20']);
    c = new Redis({ port: server.port, maxRetriesPerRequest: 0 });
  });
  t.after(async () => {
    c?.disconnect();
    await server?.stop();
  });

  t('a key with a TTL is gone once it passes (lazy expiry on access)', async () => {
    await c.set('short', 'v', 'PX', 150);
    assert.is(await c.get('short'), 'v');
    assert.ok((await c.pttl('short')) > 0);
    await sleep(250);
    assert.is(await c.get('short'), null);
    assert.is(await c.ttl('short'), -2);
    assert.is(await c.exists('short'), 0);
  });

  t('active expiry removes keys nobody reads, and counts them', async () => {
    const before = infoField(await c.info('stats'), 'expired_keys');
    const p = c.pipeline();
    for (let i = 0; i < 2000; i++) p.set(`vol:${i}`, 'x', 'PX', 100);
    for (let i = 0; i < 100; i++) p.set(`keep:${i}`, 'x');
    await p.exec();
    await sleep(2000);
    // INFO keyspace is what the shards published: no command touched the expired keys.
    const info = await c.info('keyspace');
    assert.is(keyspaceKeys(info), 100, info);
    const after = infoField(await c.info('stats'), 'expired_keys');
    assert.ok(after - before >= 2000, `expired_keys grew by ${after - before}`);
    assert.is(await c.dbsize(), 100);
  });

  t('EXPIREAT in the past deletes at once; PERSIST keeps a key', async () => {
    await c.set('p', 'v', 'EX', 1);
    assert.is(await c.persist('p'), 1);
    await sleep(1200);
    assert.is(await c.get('p'), 'v');
    assert.is(await c.expireat('p', 1), 1);
    assert.is(await c.exists('p'), 0);
  });

  t('KEYS lists each key once while the key table resizes and it deletes expired keys', async () => {
    await c.flushall();
    // Without active rehashing a resize moves on only with writes, so KEYS often runs during one;
    // its lazy deletes of the expired keys move keys across under it.
    await c.config('SET', 'activerehashing', 'no');
    try {
      const kept: string[] = [];
      for (let batch = 0; batch < 120; batch++) {
        const p = c.pipeline();
        for (let i = 0; i < 50; i++) { const k = `keep:${batch}:${i}`; kept.push(k); p.set(k, 'v'); }
        for (let i = 0; i < 3; i++) p.set(`brief:${batch}:${i}`, 'v', 'PX', 1);
        await p.exec();
        await sleep(2);
        const listed = await c.keys('*');
        assert.is(new Set(listed).size, listed.length, `batch ${batch}: a key listed twice`);
        const keptListed = listed.filter((k) => k.startsWith('keep:'));
        assert.is(keptListed.length, kept.length, `batch ${batch}`);
      }
    } finally {
      await c.config('SET', 'activerehashing', 'yes');
    }
  });

  t.run();
}

/** Fills a fresh server with `n` keys of `size` bytes; returns how many survive. */
async function fill(c: Redis, n: number, size: number, prefix = 'k', ttl?: number): Promise<void> {
  const value = 'x'.repeat(size);
  for (let i = 0; i < n; i += 100) {
    const p = c.pipeline();
    for (let j = i; j < Math.min(n, i + 100); j++) {
      if (ttl === undefined) p.set(`${prefix}:${j}`, value);
      else p.set(`${prefix}:${j}`, value, 'EX', ttl + j);
    }
    await p.exec();
  }
}

const ev = suite('eviction');
const LIMIT = 2 * 1024 * 1024;

async function withServer(policy: string, shards: string, body: (c: Redis) => Promise<void>): Promise<void> {
  const server = await startKunyu(['--shards', shards, '--maxmemory', String(LIMIT), '--maxmemory-policy', policy]);
  const c = new Redis({ port: server.port, maxRetriesPerRequest: 0 });
  try {
    await body(c);
  } finally {
    c.disconnect();
    await server.stop();
  }
}

for (const shards of ['0', '2']) {
  ev(`noeviction refuses writes with Redis's OOM error, still serves reads (--shards ${shards})`, async () => {
    await withServer('noeviction', shards, async (c) => {
      let oom = '';
      for (let i = 0; i < 20000 && oom === ''; i++) {
        await c.set(`k:${i}`, 'x'.repeat(500)).catch((e: Error) => { oom = e.message; });
      }
      assert.is(oom, "OOM command not allowed when used memory > 'maxmemory'.");
      assert.is(await c.get('k:0'), 'x'.repeat(500));
      assert.ok((await c.del('k:0', 'k:1')) === 2, 'deletes are allowed');
      assert.is(infoField(await c.info('stats'), 'evicted_keys'), 0);
    });
  });

  for (const policy of ['allkeys-random', 'allkeys-lru', 'allkeys-lfu']) {
    ev(`${policy} keeps memory under the limit (--shards ${shards})`, async () => {
      await withServer(policy, shards, async (c) => {
        await fill(c, 10000, 500);
        const size = await c.dbsize();
        assert.ok(size < 10000 && size > 1000, `dbsize ${size}`);
        const info = await c.info('all');
        assert.ok(infoField(info, 'evicted_keys') >= 10000 - size, info.match(/evicted_keys:\d+/)![0]);
        assert.ok(infoField(info, 'used_memory_dataset') <= LIMIT, `dataset ${infoField(info, 'used_memory_dataset')}`);
      });
    });
  }

  ev(`allkeys-lru keeps the keys that are used (--shards ${shards})`, async () => {
    await withServer('allkeys-lru', shards, async (c) => {
      await fill(c, 500, 500, 'hot');
      // Hot keys are read after every batch of new writes; cold ones are written once.
      const value = 'x'.repeat(500);
      for (let i = 0; i < 8000; i += 100) {
        const p = c.pipeline();
        for (let j = i; j < i + 100; j++) p.set(`cold:${j}`, value);
        await p.exec();
        if (i % 1000 === 0) {
          await sleep(1100); // the LRU clock has one-second resolution
          const r = c.pipeline();
          for (let h = 0; h < 500; h++) r.get(`hot:${h}`);
          await r.exec();
        }
      }
      const hot = (await c.mget(...Array.from({ length: 500 }, (_x, h) => `hot:${h}`))).filter((v) => v !== null).length;
      assert.ok(hot >= 450, `hot keys surviving: ${hot}/500`);
    });
  });

  ev(`volatile-lru and volatile-random evict only keys with a TTL, then refuse (--shards ${shards})`, async () => {
    for (const policy of ['volatile-lru', 'volatile-random', 'volatile-lfu']) {
      await withServer(policy, shards, async (c) => {
        await fill(c, 1500, 500, 'perm');
        await fill(c, 3000, 500, 'vol', 10000);
        assert.is(await c.exists(...Array.from({ length: 1500 }, (_x, i) => `perm:${i}`)), 1500, policy);
        let oom = '';
        for (let i = 0; i < 5000 && oom === ''; i++) await c.set(`more:${i}`, 'x'.repeat(500)).catch((e: Error) => { oom = e.message; });
        assert.match(oom, /^OOM /, policy);
      });
    }
  });

  ev(`volatile-ttl evicts the keys closest to expiring first (--shards ${shards})`, async () => {
    await withServer('volatile-ttl', shards, async (c) => {
      // TTLs grow with the index: low indexes should go first.
      await fill(c, 6000, 500, 'ttl', 1000);
      const early = await c.exists(...Array.from({ length: 500 }, (_x, i) => `ttl:${i}`));
      const late = await c.exists(...Array.from({ length: 500 }, (_x, i) => `ttl:${5500 + i}`));
      assert.ok(late > early, `late survivors ${late} > early survivors ${early}`);
    });
  });
}

ev('OBJECT FREQ under an LFU policy, IDLETIME under LRU', async () => {
  await withServer('allkeys-lfu', '1', async (c) => {
    await c.set('f', 'v');
    for (let i = 0; i < 200; i++) await c.get('f');
    const freq = Number(await c.object('FREQ', 'f'));
    assert.ok(freq > 5, `freq ${freq}`);
    let err = '';
    await c.object('IDLETIME', 'f').catch((e: Error) => { err = e.message; });
    assert.match(err, /An LFU maxmemory policy is selected, idle time not tracked/);
  });
  await withServer('allkeys-lru', '1', async (c) => {
    await c.set('i', 'v');
    await sleep(2100);
    assert.ok(Number(await c.object('IDLETIME', 'i')) >= 1);
    await c.get('i');
    assert.ok(Number(await c.object('IDLETIME', 'i')) <= 1);
  });
});

ev.run();
