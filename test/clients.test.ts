// Real clients against kunyu-server on every shard mode: ioredis, node-redis, redis-cli,
// redis-benchmark; pipelines across shards, RESP3, big values, connection commands.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { RawClient, resp, startKunyu, SHARD_MODES, type RunningServer } from './support/servers';

const exec = promisify(execFile);

for (const shards of SHARD_MODES) {
  const t = suite(`clients (--shards ${shards})`);
  let server: RunningServer;
  let io: Redis;
  t.before(async () => {
    server = await startKunyu(['--shards', shards]);
    io = new Redis({ port: server.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await io.connect();
  });
  t.after(async () => {
    io?.disconnect();
    await server?.stop();
  });

  t('ioredis: strings and multi-key commands across shards', async () => {
    await io.flushall();
    assert.is(await io.set('a', '1'), 'OK');
    assert.is(await io.get('a'), '1');
    await io.mset('k1', 'v1', 'k2', 'v2', 'k3', 'v3', 'k4', 'v4');
    assert.equal(await io.mget('k4', 'nope', 'k1', 'k3', 'k2'), ['v4', null, 'v1', 'v3', 'v2']);
    assert.is(await io.exists('k1', 'k2', 'nope', 'k1'), 3);
    assert.is(await io.del('k1', 'k2', 'nope'), 2);
    assert.is(await io.dbsize(), 3);
  });

  t('ioredis: a pipeline of 2000 commands over many keys keeps its order', async () => {
    await io.flushall();
    const p = io.pipeline();
    for (let i = 0; i < 1000; i++) {
      p.set(`key:${i}`, `value:${i}`);
      p.get(`key:${(i * 7) % (i + 1)}`);
    }
    const results = await p.exec();
    for (let i = 0; i < 1000; i++) {
      assert.equal(results![2 * i], [null, 'OK']);
      assert.equal(results![2 * i + 1], [null, `value:${(i * 7) % (i + 1)}`]);
    }
    assert.is(await io.dbsize(), 1000);
  });

  t('node-redis over RESP2 and RESP3', async () => {
    for (const RESP of [2, 3] as const) {
      const c = createClient({ socket: { port: server.port }, RESP });
      await c.connect();
      await c.set('nr', 'x');
      assert.is(await c.get('nr'), 'x');
      assert.equal(await c.mGet(['nr', 'missing']), ['x', null]);
      await c.quit();
    }
  });

  t('redis-cli and redis-benchmark work', async () => {
    const { stdout } = await exec('redis-cli', ['-p', String(server.port), 'SET', 'cli', 'hello']);
    assert.is(stdout.trim(), 'OK');
    const got = await exec('redis-cli', ['-p', String(server.port), 'GET', 'cli']);
    assert.is(got.stdout.trim(), 'hello');
    const bench = await exec('redis-benchmark', ['-p', String(server.port), '-t', 'set,get', '-n', '2000', '-r', '1000', '-P', '8', '-q']);
    assert.match(bench.stdout, /SET: [\d.]+ requests per second/);
    assert.match(bench.stdout, /GET: [\d.]+ requests per second/);
  });

  t('RESP3: HELLO 3 switches replies to RESP3 types', async () => {
    const c = await RawClient.connect(server.port);
    const hello = await c.call('HELLO', '3');
    assert.match(hello, /^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n/);
    assert.is(await c.call('GET', 'no-such-key'), '_\r\n');
    assert.is(await c.call('MGET', 'no-such-key', 'other'), '*2\r\n_\r\n_\r\n');
    assert.match(await c.call('CONFIG', 'GET', 'databases'), /^%1\r\n/);
    c.close();
  });

  t('a value much bigger than the rings (100 MB) round-trips', async () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 0x78);
    big.write('head', 0);
    big.write('tail', big.length - 4);
    assert.is(await io.set('big', big), 'OK');
    const back = await io.getBuffer('big');
    assert.ok(back !== null && back.equals(big));
    // The rings still carry ordinary traffic afterwards.
    assert.is(await io.set('small', 's'), 'OK');
    assert.is(await io.get('small'), 's');
    await io.del('big');
  });

  t('replies stay intact while a slow reader leaves them queued in the socket', async () => {
    // The server reuses a client's output buffer once a write went out whole; while the socket
    // still holds a write (the reader is slow), later replies must go to a new buffer.
    const values: string[] = [];
    const set = io.pipeline();
    for (let i = 0; i < 12; i++) {
      values.push(String.fromCharCode(97 + i).repeat(15000) + `#${i}`);
      set.set(`slow:${i}`, values[i]);
    }
    await set.exec();
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    // Three GETs (~45 KB of replies) per turn, 300 turns: far more than the socket buffers hold.
    const turns = 300;
    for (let t = 0; t < turns; t++) {
      const batch: Buffer[] = [];
      for (let j = 0; j < 3; j++) batch.push(resp('GET', `slow:${(t * 3 + j) % 12}`));
      socket.write(Buffer.concat(batch));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    let expected = '';
    for (let k = 0; k < turns * 3; k++) expected += `$${values[k % 12].length}\r\n${values[k % 12]}\r\n`;
    const chunks: Buffer[] = [];
    let got = 0;
    await new Promise<void>((resolve) => {
      socket.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got >= expected.length) resolve();
      });
      socket.resume();
    });
    socket.destroy();
    const text = Buffer.concat(chunks).toString('latin1');
    assert.is(text.length, expected.length);
    assert.ok(text === expected, 'every reply arrives whole and in order');
  });

  t('connection commands: CLIENT ID/INFO/LIST/SETNAME/REPLY, SELECT, RESET, QUIT', async () => {
    const c = await RawClient.connect(server.port);
    const id = Number((await c.call('CLIENT', 'ID')).slice(1, -2));
    assert.ok(id > 0);
    assert.is(await c.call('CLIENT', 'SETNAME', 'tester'), '+OK\r\n');
    assert.match(await c.call('CLIENT', 'INFO'), new RegExp(`id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${server.port} fd=\\d+ name=tester `));
    assert.match(await c.call('CLIENT', 'LIST'), /name=tester .* cmd=client\|list /);
    assert.is(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib'), '+OK\r\n');
    assert.match(await c.call('CLIENT', 'INFO'), /lib-name=mylib/);
    assert.is(await c.call('CLIENT', 'NO-TOUCH', 'on'), '+OK\r\n');
    assert.is(await c.call('SELECT', '3'), '+OK\r\n');
    assert.is(await c.call('SET', 'in3', 'x'), '+OK\r\n');
    // CLIENT REPLY OFF: nothing comes back until ON.
    c.write(Buffer.concat([resp('CLIENT', 'REPLY', 'OFF'), resp('SET', 'silent', '1'), resp('GET', 'in3'), resp('CLIENT', 'REPLY', 'ON')]));
    assert.equal((await c.replies(1))[0].toString(), '+OK\r\n');
    c.write(Buffer.concat([resp('CLIENT', 'REPLY', 'SKIP'), resp('GET', 'in3'), resp('GET', 'silent')]));
    assert.equal((await c.replies(1))[0].toString(), '$1\r\n1\r\n');
    assert.is(await c.call('RESET'), '+RESET\r\n');
    assert.is(await c.call('GET', 'in3'), '$-1\r\n');
    assert.is(await c.call('QUIT'), '+OK\r\n');
    await c.waitClosed();
  });

  t('CLIENT KILL closes other connections', async () => {
    const victim = await RawClient.connect(server.port);
    const vid = (await victim.call('CLIENT', 'ID')).slice(1, -2);
    const killer = await RawClient.connect(server.port);
    assert.is(await killer.call('CLIENT', 'KILL', 'ID', vid), ':1\r\n');
    await victim.waitClosed();
    assert.is(await killer.call('CLIENT', 'KILL', 'ID', vid), ':0\r\n');
    killer.close();
  });

  t('INFO reports Redis field names and the Kunyu version', async () => {
    const info = await io.info();
    assert.match(info, /# Server\r\nredis_version:7\.0\.15\r\n/);
    assert.match(info, /kunyu_version:\d+\.\d+\.\d+/);
    assert.match(info, /connected_clients:\d+/);
    assert.match(info, /used_memory:\d+/);
    assert.match(info, /# Keyspace\r\ndb0:keys=\d+,expires=0,avg_ttl=0/);
    const all = await io.info('all');
    assert.match(all, /cmdstat_get:calls=\d+,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0/);
    assert.match(all, /# Errorstats/);
    const only = await io.info('clients');
    assert.not.match(only, /# Server/);
  });

  t('INFO used_memory grows by about the data loaded, not twice (inline mode keeps data in the main heap)', async () => {
    await io.flushall();
    const field = async (name: string): Promise<number> => Number(new RegExp(`${name}:(\\d+)`).exec(await io.info('memory'))![1]);
    const usedBefore = await field('used_memory');
    const datasetBefore = await field('used_memory_dataset');
    const value = 'v'.repeat(100);
    for (let i = 0; i < 400_000; i += 10_000) {
      const p = io.pipeline();
      for (let j = i; j < i + 10_000; j++) p.set(`mem:${j}`, value);
      await p.exec();
    }
    const grown = (await field('used_memory')) - usedBefore;
    const data = (await field('used_memory_dataset')) - datasetBefore;
    assert.ok(data > 400_000 * 100, `dataset grew ${data}`);
    assert.ok(grown < 1.6 * data, `used_memory grew ${grown} for ${data} bytes of data`);
    await io.flushall();
  });

  t.run();
}

const limits = suite('connection limits');

limits('maxclients refuses extra connections with Redis\'s error', async () => {
  const server = await startKunyu(['--maxclients', '2', '--shards', '1']);
  try {
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    assert.is(await a.call('PING'), '+PONG\r\n');
    assert.is(await b.call('PING'), '+PONG\r\n');
    const c = await RawClient.connect(server.port);
    assert.is(await c.waitClosed(), '-ERR max number of clients reached\r\n');
    a.close();
    b.close();
  } finally {
    await server.stop();
  }
});

limits('idle clients are closed after `timeout` seconds', async () => {
  const server = await startKunyu(['--timeout', '1', '--shards', '0']);
  try {
    const c = await RawClient.connect(server.port);
    assert.is(await c.call('PING'), '+PONG\r\n');
    await c.waitClosed(4000);
  } finally {
    await server.stop();
  }
});

limits('requirepass: NOAUTH until AUTH, small frames before it', async () => {
  const server = await startKunyu(['--requirepass', 'secret', '--shards', '1']);
  try {
    const c = await RawClient.connect(server.port);
    assert.is(await c.call('GET', 'x'), '-NOAUTH Authentication required.\r\n');
    assert.is(await c.call('AUTH', 'wrong'), '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    assert.is(await c.call('AUTH', 'secret'), '+OK\r\n');
    assert.is(await c.call('GET', 'x'), '$-1\r\n');
    const d = await RawClient.connect(server.port);
    d.write('*20\r\n');
    assert.is(await d.waitClosed(), '-ERR Protocol error: unauthenticated multibulk length\r\n');
    c.close();
  } finally {
    await server.stop();
  }
});

limits.run();
