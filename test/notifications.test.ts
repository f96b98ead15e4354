// Keyspace notifications against real redis-server: the same commands on both servers, and the
// same sequence of __keyspace@db__/__keyevent@db__ messages, on every shard mode.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SHARD_MODES, type RunningServer, redisAndKunyuFor } from './support/servers';
import { notificationsOf, type Cmd } from './support/differential';

const STRINGS: Cmd[] = [
  ['SET', 's', 'v'], ['SET', 's', 'v', 'EX', '100'], ['SETNX', 's', 'x'], ['SETNX', 's2', 'x'], ['SETEX', 's3', '100', 'v'],
  ['PSETEX', 's4', '100000', 'v'], ['GETSET', 's', 'w'], ['MSET', 'm1', '1', 'm2', '2'], ['MSETNX', 'm3', '3', 'm4', '4'],
  ['APPEND', 's', 'x'], ['INCR', 'n'], ['INCRBY', 'n', '5'], ['DECR', 'n'], ['DECRBY', 'n', '2'], ['INCRBYFLOAT', 'f', '1.5'],
  ['SETRANGE', 's', '1', 'zz'], ['GETEX', 's', 'EX', '50'], ['GETEX', 's', 'PERSIST'], ['GETDEL', 's'], ['GET', 'missing'],
];

const GENERIC: Cmd[] = [
  ['SET', 'a', '1'], ['SET', 'b', '2'], ['EXPIRE', 'a', '100'], ['PEXPIRE', 'a', '100000'], ['EXPIREAT', 'a', '9999999999'],
  ['PERSIST', 'a'], ['RENAME', 'a', 'c'], ['RENAMENX', 'c', 'd'], ['COPY', 'd', 'e'], ['MOVE', 'e', '1'], ['DEL', 'b', 'nope', 'd'],
  ['SET', 'x', '1'], ['EXPIRE', 'x', '-1'], ['SET', 'y', '1'], ['UNLINK', 'y'],
];

const COLLECTIONS: Cmd[] = [
  ['LPUSH', 'l', 'a', 'b'], ['RPUSH', 'l', 'c'], ['LPUSHX', 'l', 'd'], ['RPUSHX', 'l', 'e'], ['LSET', 'l', '0', 'z'],
  ['LINSERT', 'l', 'BEFORE', 'z', 'y'], ['LREM', 'l', '1', 'y'], ['LTRIM', 'l', '0', '2'], ['LPOP', 'l'], ['RPOP', 'l'],
  ['RPUSH', 'src', '1', '2'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['RPOPLPUSH', 'src', 'dst'], ['LMPOP', '1', 'dst', 'LEFT', 'COUNT', '5'],
  ['HSET', 'h', 'f', 'v', 'g', 'w'], ['HSETNX', 'h', 'x', 'y'], ['HINCRBY', 'h', 'n', '2'], ['HINCRBYFLOAT', 'h', 'fl', '1.5'],
  ['HDEL', 'h', 'f', 'g', 'x', 'n', 'fl'],
  ['SADD', 'st', 'a', 'b', 'c'], ['SREM', 'st', 'a'], ['SMOVE', 'st', 'st2', 'b'], ['SPOP', 'st'], ['SADD', 'o', 'x', 'y'],
  ['SINTERSTORE', 'si', 'o', 'st2'], ['SUNIONSTORE', 'su', 'o', 'st2'], ['SDIFFSTORE', 'sd', 'o', 'st2'], ['SINTERSTORE', 'su', 'o', 'nokey'],
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', 'INCR', '5', 'a'], ['ZINCRBY', 'z', '1', 'b'], ['ZREM', 'z', 'c'],
  ['ZADD', 'z', '10', 'd', '11', 'e', '12', 'f'], ['ZREMRANGEBYSCORE', 'z', '10', '10'], ['ZREMRANGEBYRANK', 'z', '0', '0'],
  ['ZREMRANGEBYLEX', 'z', '-', '(b'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z'], ['ZADD', 'z2', '1', 'q'],
  ['ZUNIONSTORE', 'zu', '2', 'z', 'z2'], ['ZINTERSTORE', 'zi', '2', 'z', 'z2'], ['ZDIFFSTORE', 'zd', '1', 'z2'],
  ['ZRANGESTORE', 'zr', 'z2', '0', '-1'], ['ZMPOP', '1', 'zr', 'MIN'], ['DEL', 'zu', 'zd'],
];

for (const shards of SHARD_MODES) {
  const t = suite(`keyspace notifications (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });

  const same = async (flags: string, cmds: Cmd[], waitMs = 0, anyOrder = false): Promise<void> => {
    const [expected, actual] = await Promise.all([notificationsOf(redis, flags, cmds, waitMs), notificationsOf(kunyu, flags, cmds, waitMs)]);
    if (anyOrder) { expected.sort(); actual.sort(); }
    assert.equal(actual, expected, `notify-keyspace-events ${flags}`);
  };

  t('string commands (KEA, and each class alone)', async () => {
    await same('KEA', STRINGS);
    await same('K$', STRINGS);
    await same('Eg', STRINGS);
  });

  t('generic commands: expire, rename, copy, move, del', async () => {
    await same('KEA', GENERIC);
  });

  t('lists, hashes, sets and sorted sets, including deletions of emptied keys', async () => {
    await same('KEA', COLLECTIONS);
    await same('El', COLLECTIONS);
  });

  t('new keys (n), key misses (m), expired keys (x)', async () => {
    await same('KEAnm', [['SET', 'a', '1'], ['SET', 'a', '2'], ['GET', 'missing'], ['LPUSH', 'l', 'x'], ['HGET', 'h', 'f']]);
    // Active expiry walks keys in no particular order, in Redis too.
    await same('Ex', [['SET', 'e', '1', 'PX', '50'], ['SET', 'f', '1', 'PX', '50']], 600, true);
  });

  t.run();
}
