// Pub/Sub against real redis-server (reply bytes compared), delivery between clients, RESP3
// pushes, and the pubsub output-buffer limit cutting off a slow subscriber.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, resp, startKunyu, SHARD_MODES, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth } from './support/differential';

for (const shards of SHARD_MODES) {
  const t = suite(`pubsub (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });

  t('RESP2 subscribe/unsubscribe replies, subscribed-mode errors, PING', async () => {
    await runBoth(redis, kunyu, [
      ['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['PUBSUB', 'NUMPAT'], ['PUBLISH', 'nobody', 'x'],
      ['SUBSCRIBE', 'a', 'b', 'a'], ['GET', 'x'], ['PING'], ['PING', 'hi'], ['PSUBSCRIBE', 'x*', 'y?'], ['SSUBSCRIBE', 's1'],
      ['CLIENT', 'ID'], ['UNSUBSCRIBE', 'a', 'zz'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE', 's1'], ['UNSUBSCRIBE'], ['PING'],
      ['SUBSCRIBE'], ['PUBSUB', 'NOPE'], ['PUBSUB', 'NUMSUB'], ['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'CHANNELS', 'x', 'y'],
      ['COMMAND', 'INFO', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'publish', 'spublish'],
      ['COMMAND', 'INFO', 'pubsub|channels', 'pubsub|numsub', 'pubsub|numpat', 'pubsub|shardchannels', 'pubsub|shardnumsub'],
    ]);
  });

  t('RESP3: pushes while normal commands keep working', async () => {
    await runBoth(redis, kunyu, [
      ['HELLO', '3'], ['SUBSCRIBE', 'c1'], ['SET', 'k', 'v'], ['GET', 'k'], ['PUBLISH', 'c1', 'to-self'], ['PING'],
      ['PSUBSCRIBE', 'c*'], ['PUBLISH', 'c1', 'twice'], ['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['DEL', 'k'],
      // runBoth reads one frame per command, and the three message pushes above are frames too:
      // three more commands, so that every reply above is read and compared.
      ['PING'], ['PING'], ['PING'],
    ], (cmd, reply) => (cmd[0] === 'HELLO' ? '' : reply));
  });

  t('RESP3: NUMSUB and SHARDNUMSUB are still flat arrays, as Redis 7.0 answers them', async () => {
    await runBoth(redis, kunyu, [
      ['HELLO', '3'], ['PUBSUB', 'NUMSUB'], ['PUBSUB', 'NUMSUB', 'c1', 'c2'], ['PUBSUB', 'SHARDNUMSUB', 's1'], ['PUBSUB', 'SHARDNUMSUB'],
    ], (cmd, reply) => (cmd[0] === 'HELLO' ? '' : reply));
  });

  t('messages reach every subscriber, pattern and shard channel; PUBLISH counts receivers', async () => {
    const sub1 = await RawClient.connect(kunyu.port);
    const sub2 = await RawClient.connect(kunyu.port);
    const pub = await RawClient.connect(kunyu.port);
    sub1.write(resp('SUBSCRIBE', 'news'));
    await sub1.replies(1);
    sub2.write(resp('PSUBSCRIBE', 'n*'));
    await sub2.replies(1);
    sub2.write(resp('SSUBSCRIBE', 'orders'));
    await sub2.replies(1);
    assert.is(await pub.call('PUBLISH', 'news', 'hello'), ':2\r\n');
    assert.is((await sub1.replies(1))[0].toString(), '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n');
    assert.is((await sub2.replies(1))[0].toString(), '*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n');
    assert.is(await pub.call('SPUBLISH', 'orders', 'o1'), ':1\r\n');
    assert.is((await sub2.replies(1))[0].toString(), '*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$2\r\no1\r\n');
    assert.is(await pub.call('PUBSUB', 'NUMSUB', 'news', 'none'), '*4\r\n$4\r\nnews\r\n:1\r\n$4\r\nnone\r\n:0\r\n');
    assert.is(await pub.call('PUBSUB', 'NUMPAT'), ':1\r\n');
    assert.is(await pub.call('PUBSUB', 'SHARDCHANNELS'), '*1\r\n$6\r\norders\r\n');
    sub1.close();
    await new Promise((r) => setTimeout(r, 100));
    assert.is(await pub.call('PUBLISH', 'news', 'again'), ':1\r\n');
    sub2.close();
    pub.close();
  });

  t.run();
}

const limit = suite('pubsub output limit');

limit('a subscriber that stops reading is disconnected at the hard limit; memory stays bounded', async () => {
  const server = await startKunyu(['--shards', '1', '--client-output-buffer-limit', 'pubsub 256kb 128kb 60']);
  try {
    const slow = await RawClient.connect(server.port);
    slow.write(resp('SUBSCRIBE', 'firehose'));
    await slow.replies(1);
    slow.pause();
    const pub = await RawClient.connect(server.port);
    const big = 'x'.repeat(64 * 1024);
    let receivers = 1;
    for (let i = 0; i < 400 && receivers > 0; i++) receivers = Number((await pub.call('PUBLISH', 'firehose', big)).slice(1, -2));
    assert.is(receivers, 0, 'the slow subscriber was cut off');
    assert.is(await pub.call('PUBSUB', 'NUMSUB', 'firehose'), '*2\r\n$8\r\nfirehose\r\n:0\r\n');
    pub.close();
    slow.close();
  } finally {
    await server.stop();
  }
});

limit.run();
