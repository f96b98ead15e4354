// Lua scripting (EVAL/EVALSHA/SCRIPT, FUNCTION/FCALL): replies compared byte for byte with a real
// redis-server on --shards 0, 1 and 4, over a corpus of scripts (conversions both ways in RESP2
// and RESP3, cjson, cmsgpack, bit, struct, errors and their formats, the sandbox, Lua 5.1
// behaviours, real-world patterns with keys on several shards); BUSY / SCRIPT KILL / UNKILLABLE
// in every mode (an inline script gives the thread back past the threshold); atomicity of
// scripts under concurrent clients; the effects list.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, resp, startKunyu, type RunningServer, redisAndKunyuFor } from './support/servers';
import { runBoth, type Cmd } from './support/differential';
import {
  A, B, C, D, BIT_STRUCT, CJSON, CMSGPACK, ERRORS, FUNCTIONS, LUA51, LUA_TO_RESP, LUA_TO_RESP3, PATTERNS, RESP_TO_LUA, SANDBOX, SCRIPT_CACHE,
  ev, normalise, spread,
} from './support/scripting-corpus';
import { Shard } from '../src/store/shard';
import { ShardStats } from '../src/engine/stats';
import { commandsById, findCommand } from '../src/commands/table';
import { ReplyWriter } from '../src/protocol/writer';
import { lastScriptEffects } from '../src/commands/scripting';
import { crc64, dumpFunctions, lzfCompress, lzfDecompress, parseFunctionDump } from '../src/scripting/dump';
import { formatG, luaNumberToString } from '../src/scripting/cformat';

const MODES = ['0', '1', '4'];

// ---------------------------------------------------------------- differential suites

for (const shards of MODES) {
  const t = suite(`Scripting differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL'], ['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH']]);
  });

  t('Lua → RESP2 conversions', async () => { await runBoth(redis, kunyu, LUA_TO_RESP); });
  t('Lua → RESP3 conversions, redis.setresp', async () => { await runBoth(redis, kunyu, LUA_TO_RESP3, normalise); });
  t('redis.call replies → Lua (RESP2 and RESP3), numbers as arguments', async () => { await runBoth(redis, kunyu, RESP_TO_LUA); });
  t('cjson', async () => { await runBoth(redis, kunyu, CJSON); });
  t('cmsgpack', async () => { await runBoth(redis, kunyu, CMSGPACK); });
  t('bit and struct', async () => { await runBoth(redis, kunyu, BIT_STRUCT); });
  t('Lua 5.1 behaviours and the redis API', async () => { await runBoth(redis, kunyu, LUA51); });
  t('errors and their formats', async () => { await runBoth(redis, kunyu, ERRORS); });
  t('sandbox: globals, removed libraries, read-only tables', async () => { await runBoth(redis, kunyu, SANDBOX); });
  t('script cache: EVALSHA, SCRIPT LOAD/EXISTS/FLUSH', async () => { await runBoth(redis, kunyu, SCRIPT_CACHE); });
  t('real-world patterns across shards, undeclared keys', async () => { await runBoth(redis, kunyu, PATTERNS); });

  t('MULTI/EXEC with EVAL; WATCH invalidated by a script', async () => {
    await runBoth(redis, kunyu, [
      ['MULTI'], ['SET', A, '1'], ev("return redis.call('incr', KEYS[1]) + redis.call('incr', KEYS[2])", [A, B]), ['GET', A],
      ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], ev('return x +'), ['SET', C, 'after'], ['EXEC'],
      ['MGET', A, B, C],
      ['SCRIPT', 'LOAD', "return redis.call('get', KEYS[1])"],
      ['MULTI'], ['EVALSHA', '4e6d8fc8bb01276962cce5371fa795a7763657ae', '1', C], ['EXEC'],
    ]);
    // WATCH: a script's write to the watched key makes EXEC fail (one client, so ordered).
    await runBoth(redis, kunyu, [
      ['WATCH', D], ev("return redis.call('set', KEYS[1], 'by-script')", [D]), ['MULTI'], ['SET', D, 'tx'], ['EXEC'], ['GET', D],
      ['WATCH', D], ev("return redis.call('get', KEYS[1])", [D]), ['MULTI'], ['SET', D, 'tx'], ['EXEC'], ['GET', D],
    ]);
  });

  t('FUNCTION LOAD/FCALL/LIST/DELETE/DUMP/RESTORE/STATS', async () => {
    await runBoth(redis, kunyu, FUNCTIONS);
    // DUMP from Redis restores into Kunyu and back (byte-identical payloads were compared above).
    const r = await RawClient.connect(redis.port);
    const k = await RawClient.connect(kunyu.port);
    try {
      const lib = "#!lua name=dumped\nredis.register_function('dumped_fn', function(keys, args) return 'restored ' .. (args[1] or '') end)";
      assert.is(await r.call('FUNCTION', 'LOAD', lib), '$6\r\ndumped\r\n');
      r.write(resp('FUNCTION', 'DUMP'));
      const payload = (await r.replies(1))[0];
      const bytes = payload.subarray(payload.indexOf(10) + 1, payload.length - 2);
      await runBoth(redis, kunyu, [
        ['FUNCTION', 'FLUSH'], ['FUNCTION', 'RESTORE', bytes.toString('latin1')], ['FCALL', 'dumped_fn', '0', 'x'],
        ['FUNCTION', 'RESTORE', bytes.toString('latin1')], ['FUNCTION', 'RESTORE', bytes.toString('latin1'), 'APPEND'],
        ['FUNCTION', 'RESTORE', bytes.toString('latin1'), 'REPLACE'], ['FUNCTION', 'RESTORE', bytes.toString('latin1'), 'FLUSH'],
        ['FUNCTION', 'LIST'], ['FUNCTION', 'DUMP'],
        ['FUNCTION', 'LOAD', "#!lua name=clash\nredis.register_function('dumped_fn', function() return 1 end)"],
        ['FUNCTION', 'DELETE', 'dumped'], ['FUNCTION', 'LOAD', "#!lua name=clash\nredis.register_function('dumped_fn', function() return 1 end)"],
        ['FUNCTION', 'RESTORE', bytes.toString('latin1')], ['FUNCTION', 'RESTORE', bytes.toString('latin1'), 'REPLACE'],
        ['FUNCTION', 'RESTORE', Buffer.concat([bytes.subarray(0, 5), Buffer.from('x'), bytes.subarray(6)]).toString('latin1')],
        ['FUNCTION', 'RESTORE', bytes.subarray(0, 9).toString('latin1')],
      ]);
    } finally {
      r.close();
      k.close();
    }
  });

  t('COMMAND INFO of the scripting commands', async () => {
    const leaves = ['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'script|load', 'script|flush', 'script|debug',
      'script|exists', 'script|help', 'script|kill', 'function|dump', 'function|load', 'function|kill', 'function|restore',
      'function|stats', 'function|flush', 'function|list', 'function|help', 'function|delete'];
    await runBoth(redis, kunyu, [
      ...leaves.map((n): Cmd => ['COMMAND', 'INFO', n]),
      ['COMMAND', 'GETKEYS', 'EVAL', 'return 1', '2', 'a', 'b', 'c'], ['COMMAND', 'GETKEYS', 'FCALL', 'f', '1', 'a'],
      ['COMMAND', 'GETKEYS', 'EVAL', 'return 1', '0'], ['COMMAND', 'GETKEYSANDFLAGS', 'EVAL_RO', 'return 1', '1', 'k'],
    ]);
  });

  t.run();
}

// ---------------------------------------------------------------- BUSY, SCRIPT KILL, FUNCTION KILL

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** PINGs until the answer is BUSY (Redis answers once the threshold passed; Kunyu answers at once). */
async function waitBusy(c: RawClient): Promise<string> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const r = await c.call('PING');
    if (r.startsWith('-BUSY') || Date.now() > deadline) return r;
    await sleep(20);
  }
}

/**
 * One long script, other clients meanwhile: returns what everyone got. Timing-based, so run
 * against Redis and Kunyu with the same pauses and compared.
 */
async function busyScenario(port: number): Promise<string[]> {
  const a = await RawClient.connect(port);
  const b = await RawClient.connect(port);
  const out: string[] = [];
  const note = (label: string, reply: string): void => { out.push(`${label}: ${reply.replace(/duration_ms\r\n:\d+/, 'duration_ms\r\n:N')}`); };
  try {
    note('config', await b.call('CONFIG', 'SET', 'busy-reply-threshold', '100'));
    await b.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=busy\nredis.register_function('spin', function() while true do end end)");
    // 1. A read-only infinite loop: BUSY for others, SCRIPT KILL stops it.
    a.write(resp('EVAL', 'local i = 0 while true do i = i + 1 end', '0'));
    note('ping while busy', await waitBusy(b));
    note('get while busy', await b.call('GET', 'x'));
    note('multi while busy', await b.call('MULTI'));
    note('discard while busy', await b.call('DISCARD'));
    note('function stats (eval running)', await b.call('FUNCTION', 'STATS'));
    note('function kill (eval running)', await b.call('FUNCTION', 'KILL'));
    note('shutdown (no nosave)', await b.call('SHUTDOWN'));
    note('script kill', await b.call('SCRIPT', 'KILL'));
    note('killed script', (await a.replies(1, 10000))[0].toString('latin1'));
    note('ping after', await b.call('PING'));
    note('script kill, nothing running', await b.call('SCRIPT', 'KILL'));
    // 1b. A loop inside a pcall: pcall catches the kill, which is raised again at the next line.
    a.write(resp('EVAL', 'local ok = pcall(function() while true do end end) return 1', '0'));
    note('ping while busy in pcall', await waitBusy(b));
    note('script kill (pcall)', await b.call('SCRIPT', 'KILL'));
    note('killed script (pcall)', (await a.replies(1, 10000))[0].toString('latin1'));
    a.write(resp('EVAL', 'local ok = pcall(function() while true do end end)\nwhile true do end', '0'));
    note('ping while busy in pcall, then a loop', await waitBusy(b));
    note('script kill (pcall, then a loop)', await b.call('SCRIPT', 'KILL'));
    note('killed script (pcall, then a loop)', (await a.replies(1, 10000))[0].toString('latin1'));
    // 2. A script that wrote, then runs for a while: UNKILLABLE.
    a.write(resp('EVAL', "redis.call('set', 'written', '1') local t = redis.call('time') local s = tonumber(t[1]) while tonumber(redis.call('time')[1]) < s + 2 do end return 'done'", '0'));
    note('ping while the writer runs', await waitBusy(b));
    note('script kill after a write', await b.call('SCRIPT', 'KILL'));
    note('function kill after a write', await b.call('FUNCTION', 'KILL'));
    note('writer finishes', (await a.replies(1, 15000))[0].toString('latin1'));
    note('written', await b.call('GET', 'written'));
    // 3. A function: FUNCTION STATS shows it; SCRIPT KILL refuses; FUNCTION KILL stops it.
    a.write(resp('FCALL', 'spin', '0'));
    note('ping while function busy', await waitBusy(b));
    await sleep(50);
    note('function stats', await b.call('FUNCTION', 'STATS'));
    note('script kill (function running)', await b.call('SCRIPT', 'KILL'));
    note('function kill', await b.call('FUNCTION', 'KILL'));
    note('killed function', (await a.replies(1, 10000))[0].toString('latin1'));
    // 4. A client blocked on a key the script pushed to is served only once the script ends, and
    //    the caller's pipelined command runs after it (not refused BUSY).
    const c = await RawClient.connect(port);
    try {
      c.write(resp('BLPOP', 'queue', '0'));
      await sleep(50);
      a.write(Buffer.concat([resp('EVAL', "redis.call('rpush', 'queue', 'v') local s = tonumber(redis.call('time')[1]) while tonumber(redis.call('time')[1]) < s + 2 do end return 'done'", '0'), resp('GET', 'written')]));
      note('ping while the pusher runs', await waitBusy(b));
      note('blocked client while busy', await c.replies(1, 200).then((r) => r[0].toString('latin1'), () => 'nothing yet'));
      note('pusher and the pipelined GET', (await a.replies(2, 15000)).map((r) => r.toString('latin1')).join(''));
      note('blocked client served', (await c.replies(1, 5000))[0].toString('latin1'));
    } finally {
      c.close();
    }
    note('threshold back', await b.call('CONFIG', 'SET', 'busy-reply-threshold', '5000'));
  } finally {
    a.close();
    b.close();
  }
  return out;
}

for (const shards of MODES) {
  const t = suite(`BUSY, SCRIPT KILL, FUNCTION KILL, UNKILLABLE (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });

  t('the same replies as Redis while scripts run past busy-reply-threshold', async () => {
    const [r, k] = await Promise.all([busyScenario(redis.port), busyScenario(kunyu.port)]);
    assert.equal(k, r);
  });

  t('the acceptor stays responsive; SHUTDOWN NOSAVE stops a server stuck in a script', async () => {
    const own = await startKunyu(['--shards', shards, '--busy-reply-threshold', '100']);
    try {
      const a = await RawClient.connect(own.port);
      const b = await RawClient.connect(own.port);
      a.write(resp('EVAL', "redis.call('set', 'x', 1) while true do end", '0'));
      assert.match(await waitBusy(b), /^-BUSY/);
      const started = Date.now();
      assert.match(await b.call('GET', 'x'), /^-BUSY/);
      assert.ok(Date.now() - started < 500, 'BUSY answered at once');
      assert.match(await b.call('SCRIPT', 'KILL'), /^-UNKILLABLE/);
      b.write(resp('SHUTDOWN', 'NOSAVE'));
      await b.waitClosed(8000);
      await new Promise<void>((resolve) => {
        if (own.proc.exitCode !== null) resolve(); else own.proc.once('exit', () => resolve());
      });
      a.close();
    } finally {
      await own.stop();
    }
  });

  t.run();
}

// ---------------------------------------------------------------- atomicity under concurrency

const at = suite('Scripts are atomic across shards (--shards 4)');
let server4: RunningServer;
at.before(async () => { server4 = await startKunyu(['--shards', '4']); });
at.after(async () => { await server4?.stop(); });

at('a value moved between keys on different shards is always in exactly one of them', async () => {
  const [k1, k2] = spread('mv', 2);
  const setup = await RawClient.connect(server4.port);
  await setup.call('SET', k1, 'token');
  const move = "local v = redis.call('get', KEYS[1]) if v then redis.call('del', KEYS[1]) redis.call('set', KEYS[2], v) return 1 end return 0";
  let stop = false;
  const movers = [0, 1].map(async (m) => {
    const c = await RawClient.connect(server4.port);
    for (let i = 0; !stop; i++) {
      const [from, to] = (i + m) % 2 === 0 ? [k1, k2] : [k2, k1];
      await c.call('EVAL', move, '2', from, to);
    }
    c.close();
  });
  const reader = await RawClient.connect(server4.port);
  for (let i = 0; i < 300; i++) {
    const r = i % 2 === 0 ? await reader.call('MGET', k1, k2)
      : await reader.call('EVAL', "return {redis.call('get', KEYS[1]), redis.call('get', KEYS[2])}", '2', k1, k2);
    const present = (r.match(/token/g) ?? []).length;
    assert.is(present, 1, `exactly one key holds the value: ${JSON.stringify(r)}`);
  }
  stop = true;
  await Promise.all(movers);
  reader.close();
  setup.close();
});

at('concurrent increments through scripts on keys of every shard lose nothing', async () => {
  const keys = spread('cnt', 4);
  const clients = await Promise.all([0, 1, 2, 3].map(() => RawClient.connect(server4.port)));
  const script = "for i = 1, #KEYS do redis.call('incr', KEYS[i]) end return redis.call('get', KEYS[1])";
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < 100; i++) await c.call('EVAL', script, '4', ...keys);
  }));
  const r = await clients[0].call('MGET', ...keys);
  assert.is(r, `*4\r\n${keys.map(() => '$3\r\n400\r\n').join('')}`);
  for (const c of clients) c.close();
});

at.run();

// ---------------------------------------------------------------- PUBLISH from scripts

for (const shards of MODES) {
  const t = suite(`PUBLISH from a script reaches subscribers (--shards ${shards})`);
  let server: RunningServer;
  t.before(async () => { server = await startKunyu(['--shards', shards]); });
  t.after(async () => { await server?.stop(); });

  t('messages arrive in order; inline mode also counts receivers', async () => {
    const sub = await RawClient.connect(server.port);
    await sub.call('SUBSCRIBE', 'news');
    const c = await RawClient.connect(server.port);
    const r = await c.call('EVAL', "redis.call('publish', 'news', 'one') return redis.call('publish', KEYS[1], ARGV[1])", '1', 'news', 'two');
    const got = (await sub.replies(2)).map((b) => b.toString('latin1'));
    assert.equal(got, ['*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\none\r\n', '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\ntwo\r\n']);
    // The receiver count is exact when the shard shares the acceptor's thread; workers answer 0.
    assert.is(r, shards === '0' ? ':1\r\n' : ':0\r\n');
    sub.close();
    c.close();
  });

  t.run();
}

// ---------------------------------------------------------------- in-process checks

const unit = suite('Scripting internals');

unit('a script execution records its write commands (effects) with their db', () => {
  const shard = new Shard(0, 16, new ShardStats(16, commandsById.length));
  const w = new ReplyWriter();
  const run = (...argv: string[]): string => {
    w.pos = 0;
    shard.execute(findCommand(argv[0])!, 0, 0, argv, w);
    return w.copyFrom(0).toString('latin1');
  };
  assert.is(run('eval', "redis.call('set', 'a', 1) redis.call('get', 'a') redis.call('select', 3) redis.call('incr', 'b') redis.pcall('incr', 'nope', 'x') return 1", '0'), ':1\r\n');
  assert.equal(lastScriptEffects(shard), [
    { db: 0, argv: ['set', 'a', '1'], repl: 3 },
    { db: 3, argv: ['incr', 'b'], repl: 3 },
  ]);
  assert.is(run('eval', "redis.set_repl(redis.REPL_AOF) redis.call('del', 'a') return 0", '0'), ':0\r\n');
  assert.equal(lastScriptEffects(shard), [{ db: 0, argv: ['del', 'a'], repl: 1 }]);
  assert.is(run('eval', "return redis.call('get', 'a')", '0'), '$-1\r\n');
  assert.equal(lastScriptEffects(shard), []);
});

unit('number formatting matches C printf', () => {
  assert.is(luaNumberToString(3), '3');
  assert.is(luaNumberToString(2 ** 53), '9.007199254741e+15');
  assert.is(luaNumberToString(0.1), '0.1');
  assert.is(luaNumberToString(-0), '-0');
  assert.is(luaNumberToString(1e15), '1e+15');
  assert.is(formatG(0.125, 2), '0.12'); // ties to even, like glibc
  assert.is(formatG(2.5, 1), '2');
  assert.is(formatG(123456789, 6), '1.23457e+08');
  assert.is(formatG(1e-5, 6), '1e-05');
});

unit('CRC64 and LZF as Redis computes them', () => {
  assert.is(crc64(Buffer.from('123456789')).toString(16), 'e9c6d914c4b8d9ca');
  const text = Buffer.from("#!lua name=lib\nredis.register_function('f', function(keys, args) return {keys, args} end)".repeat(3));
  const packed = lzfCompress(text, text.length - 4)!;
  assert.ok(packed.length < text.length);
  assert.equal(Buffer.from(lzfDecompress(packed, text.length)!), text);
  const codes = ['#!lua name=a\nredis.register_function("a", function() return 1 end)', '#!lua name=b\n' + 'x'.repeat(500)];
  assert.equal(parseFunctionDump(dumpFunctions(codes, true)), codes);
  assert.equal(parseFunctionDump(dumpFunctions(codes, false)), codes);
});

unit.run();
