import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Config,
  ConfigError,
  ConfigRewriteError,
  ConfigSetError,
  defaultShardCount,
  KeyspaceEvents,
  listDirectives,
  notActedDirectives,
  startupAction,
} from '../src/server/config';
import { quoteRepr, splitArgs } from '../src/util/sds';
import { KUNYU_VERSION } from '../src/server/version';
import {
  realRedisArgs,
  realRedisAvailable,
  realRedisStartupStderr,
  RespError,
  startRealRedis,
  type RealRedis,
  type RespReply,
} from './support/real-redis';

/** Directives redis-server does not have. */
const KUNYU_ONLY = new Set(['shards', 'spin-us']);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kunyu-config-test-'));
let fileCounter = 0;

function writeConf(content: string, name = `c${++fileCounter}.conf`): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content, 'latin1');
  return file;
}

function load(argv: string[], options: { readStdin?: () => string } = {}): Config {
  return Config.load(argv, { cwd: scratch, ...options });
}

function loadError(argv: string[], options: { readStdin?: () => string } = {}): ConfigError {
  try {
    load(argv, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(argv)}`);
}

function setError(config: Config, pairs: [string, string][]): string {
  try {
    config.setMany(pairs);
  } catch (err) {
    if (err instanceof ConfigSetError) return err.message;
    throw err;
  }
  return 'OK';
}

test.after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Parsing

test('splitArgs follows sdssplitargs quoting rules', () => {
  assert.equal(splitArgs('a b   c'), ['a', 'b', 'c']);
  assert.equal(splitArgs('"a b" \'c d\''), ['a b', 'c d']);
  assert.equal(splitArgs('"\\n\\r\\t\\b\\a\\x41\\"\\\\\\q"'), ['\n\r\t\b\x07A"\\q']);
  assert.equal(splitArgs("'it\\'s' '\\n'"), ["it's", '\\n']);
  assert.equal(splitArgs('ab"cd" x'), ['abcd', 'x']);
  assert.equal(splitArgs('"\\xZZ"'), ['xZZ']);
  assert.equal(splitArgs('""'), ['']);
  assert.equal(splitArgs('   '), []);
  assert.is(splitArgs('"unterminated'), null);
  assert.is(splitArgs('"a"b'), null);
  assert.is(splitArgs("'a'b"), null);
});

test('quoteRepr round-trips through splitArgs', () => {
  const tricky = 'a "b" \\ \n\r\t\x07\x08\x00\x7f\u00ff';
  assert.is(quoteRepr('x"y'), '"x\\"y"');
  assert.is(quoteRepr('\u00e9'), '"\\xe9"');
  assert.equal(splitArgs(quoteRepr(tricky)), [tricky]);
});

test('config file: comments, blank lines, quotes, case-insensitive names, CRLF', () => {
  const file = writeConf(
    [
      '# a comment',
      '',
      '   # indented comment',
      'PORT 7001\r',
      '\tmaxmemory-policy   allkeys-lru  ',
      'requirepass "s3\\x63ret\\n"',
      "masteruser 'o\\'k'",
      'notify-keyspace-events ""',
    ].join('\n'),
  );
  const config = load([file]);
  assert.is(config.get('port'), '7001');
  assert.is(config.getInt('port'), 7001);
  assert.is(config.get('maxmemory-policy'), 'allkeys-lru');
  assert.is(config.get('requirepass'), 's3cret\n');
  assert.is(config.get('masteruser'), "o'k");
  assert.is(config.get('notify-keyspace-events'), '');
  assert.is(config.configFile, file);
});

test('aliases set the same directive and CONFIG GET answers under both names', () => {
  const config = load([writeConf('slaveof 10.0.0.1 6380\nhash-max-ziplist-entries 77\nlua-time-limit 42\nslave-read-only no\n')]);
  assert.is(config.get('replicaof'), '10.0.0.1 6380');
  assert.is(config.get('slaveof'), '10.0.0.1 6380');
  assert.is(config.getInt('hash-max-listpack-entries'), 77);
  assert.is(config.getInt('busy-reply-threshold'), 42);
  assert.is(config.getBool('replica-read-only'), false);
});

test('include: absolute, relative to dir, glob, and a glob without matches', () => {
  const sub = path.join(scratch, 'conf.d');
  fs.mkdirSync(sub, { recursive: true });
  fs.writeFileSync(path.join(sub, '10-a.conf'), 'timeout 10\n');
  fs.writeFileSync(path.join(sub, '20-b.conf'), 'timeout 20\ntcp-keepalive 5\n');
  fs.writeFileSync(path.join(sub, '.hidden.conf'), 'timeout 99\n');
  writeConf('databases 3\n', 'relative.conf');
  const config = load([
    writeConf(`include ${path.join(sub, '*.conf')}\ndir ${scratch}\ninclude relative.conf\ninclude ${scratch}/nothing-*.conf\n`),
  ]);
  assert.is(config.get('timeout'), '20');
  assert.is(config.get('tcp-keepalive'), '5');
  assert.is(config.get('databases'), '3');
});

test('save lines add up within a file and the command line; an include resets that', () => {
  assert.is(load([writeConf('save 900 1\nsave 300 10\n')]).get('save'), '900 1 300 10');
  const empty = writeConf('');
  assert.is(load([writeConf(`save 900 1\ninclude ${empty}\nsave 300 10\nsave 60 5\n`)]).get('save'), '60 5');
  // Command-line options are read as more lines of the same file, so they add up too (as in redis-server).
  assert.is(load([writeConf('save 900 1\nsave 300 10\n'), '--save', '1', '2']).get('save'), '900 1 300 10 1 2');
  // One argument holding several values is split again.
  assert.is(load(['--save', '1 2 3 4']).get('save'), '1 2 3 4');
  assert.is(load([writeConf('save "5 6"\nbind "1.2.3.4 5.6.7.8"\n')]).get('bind'), '1.2.3.4 5.6.7.8');
  assert.is(load([writeConf('save ""\nsave 10 1\n')]).get('save'), '10 1');
  assert.is(load([]).get('save'), '3600 1 300 100 60 10000');
});

test('command line: --name value, --save with no value, one-argument options, stdin', () => {
  const config = load(['--port', '7000', '--shards', '4', '--save', '']);
  assert.is(config.get('port'), '7000');
  assert.is(config.getInt('shards'), 4);
  assert.is(config.get('save'), '');
  assert.is(config.configFile, null);

  assert.is(load(['--save', '--port', '7002']).get('save'), '');
  assert.is(load(['--port', '7003', '--save']).get('save'), '');
  assert.is(load(['--port 7004']).get('port'), '7004');
  assert.is(load(['--bind', '1.2.3.4', '5.6.7.8']).get('bind'), '1.2.3.4 5.6.7.8');
  assert.is(load(['--requirepass', 'p w"\\']).get('requirepass'), 'p w"\\');
  // UTF-8 argv becomes the binary (latin1) string of its bytes.
  assert.is(load(['--masteruser', 'é']).get('masteruser'), '\u00c3\u00a9');

  const file = writeConf('port 7005\nhz 20\n');
  const piped = load([file, '--hz', '30', '-'], { readStdin: () => 'port 7006\n' });
  assert.is(piped.get('port'), '7006');
  assert.is(piped.get('hz'), '30');
  assert.is(load(['-'], { readStdin: () => 'timeout 9' }).get('timeout'), '9');
});

test('defaults: Kunyu binds to loopback, shards is CPU cores - 1 (inline below 3 cores), dir is the working directory', () => {
  const config = load([]);
  assert.is(config.get('bind'), '127.0.0.1 -::1');
  assert.equal(config.bindAddresses(), ['127.0.0.1', '-::1']);
  assert.is(config.getInt('shards'), Number(defaultShardCount()));
  assert.equal([1, 2, 3, 8, 16].map((cores) => Number(defaultShardCount(cores))), [0, 0, 2, 7, 15]);
  assert.is(config.get('dir'), fs.realpathSync(scratch));
  assert.is(config.get('protected-mode'), 'yes');
  assert.is(config.get('client-output-buffer-limit'), 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
  assert.is(config.get('maxmemory'), '0');
  assert.is(config.get('latency-tracking-info-percentiles'), '50 99 99.9');
  assert.is(load(['--shards', '0']).getInt('shards'), 0);
});

test('memory units as Redis parses them (k=1000, kb=1024, any case) and 64-bit wrap-around', () => {
  const config = load([]);
  const cases: [string, string][] = [
    ['1k', '1000'],
    ['1kb', '1024'],
    ['1KB', '1024'],
    ['1Kb', '1024'],
    ['2m', '2000000'],
    ['2mb', '2097152'],
    ['1g', '1000000000'],
    ['1GB', '1073741824'],
    ['7b', '7'],
    ['007', '7'],
    ['', '0'],
    ['gb', '0'],
    ['18446744073709551616', '18446744073709551615'],
    ['20000000000gb', '3028092406290448384'],
  ];
  for (const [input, expected] of cases) {
    config.set('maxmemory', input);
    assert.is(config.get('maxmemory'), expected, input);
  }
  for (const bad of ['-1', '1.5mb', '1 mb', '0x10', '+1', ' 1', '1tb']) {
    assert.is(setError(config, [['maxmemory', bad]]), "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", bad);
  }
  assert.is(load(['--client-output-buffer-limit', 'pubsub', '1mb', '2kb', '3']).clientOutputBufferLimits()[2].softBytes, 2048n);
});

test('CONFIG SET semantics: errors, precedence, atomicity, duplicates, aliases, hz clamp', () => {
  const config = load([]);
  assert.is(setError(config, [['foo', 'bar']]), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  assert.is(setError(config, [['daemonize', 'no'], ['foo', 'bar']]), "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config");
  assert.is(setError(config, [['foo', 'bar'], ['daemonize', 'no']]), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  assert.is(setError(config, [['Port', '1'], ['PORT', '2']]), "ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter");
  assert.is(setError(config, [['PORT', 'abc']]), "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer");
  assert.is(setError(config, [['dir', '/tmp']]), "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");

  assert.is(setError(config, [['maxmemory', '10mb'], ['hz', 'abc']]), "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer");
  assert.is(config.get('maxmemory'), '0');
  assert.is(setError(config, [['hash-max-ziplist-entries', '1'], ['hash-max-listpack-entries', '2']]), 'OK');
  assert.is(config.get('hash-max-listpack-entries'), '2');

  config.set('hz', '0');
  assert.is(config.get('hz'), '1');
  config.set('hz', '1000');
  assert.is(config.get('hz'), '500');

  assert.is(setError(config, [['appendonly', 'yes']]), 'OK');
  assert.throws(() => config.set('appendonly', 'no', { loading: true }), (err: Error) => err.message === 'LOADING Redis is loading the dataset in memory');
});

test('protected configs follow enable-protected-configs', () => {
  assert.not.throws(() => load(['--enable-protected-configs', 'yes']).set('dir', os.tmpdir()));
  const local = load(['--enable-protected-configs', 'local']);
  assert.throws(() => local.set('dbfilename', 'x.rdb'), /can't set protected config/);
  local.set('dbfilename', 'x.rdb', { localClient: true });
  assert.is(local.get('dbfilename'), 'x.rdb');
  assert.throws(() => local.set('dir', path.join(scratch, 'missing'), { localClient: true }), /No such file or directory/);
});

test('onChange runs after a change; a listener that throws rolls everything back', () => {
  const config = load([]);
  const seen: string[] = [];
  config.onChange('maxmemory', (value) => seen.push(`maxmemory=${value}`));
  config.onChange('lua-time-limit', (value) => seen.push(`busy=${value}`));
  config.setMany([
    ['maxmemory', '1mb'],
    ['busy-reply-threshold', '100'],
  ]);
  config.set('maxmemory', '1mb');
  assert.equal(seen, ['maxmemory=1048576', 'busy=100']);

  config.onChange('port', (value) => {
    if (value === '1') throw new Error('Unable to listen on this port. Check server logs.');
  });
  assert.is(
    setError(config, [['maxmemory', '2mb'], ['port', '1']]),
    "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
  );
  assert.is(config.get('maxmemory'), '1048576');
  assert.is(config.get('port'), '6379');
  assert.equal(seen.slice(2), ['maxmemory=2097152', 'maxmemory=1048576']);
});

test('CONFIG GET patterns: case-insensitive, aliases included, hidden only by exact name, no duplicates', () => {
  const config = load([]);
  const names = (patterns: string[]) => config.getMatching(patterns).map(([name]) => name);
  assert.equal(names(['PORT']), ['PORT']);
  assert.equal(names(['port', 'PORT', 'p?rt']), ['port']);
  assert.equal(names(['maxmemory-p*']), ['maxmemory-policy']);
  assert.ok(names(['*']).includes('slaveof'));
  assert.ok(names(['*']).includes('shards'));
  assert.not.ok(names(['*']).includes('use-exit-on-panic'));
  assert.equal(config.getMatching(['use-exit-on-panic']), [['use-exit-on-panic', 'no']]);
  assert.equal(names(['nonexistent']), []);
  assert.equal(names(['hash-max-*-entries']), ['hash-max-listpack-entries', 'hash-max-ziplist-entries']);
});

test('special directives: notify-keyspace-events, shutdown flags, percentiles, oom-score-adj synonyms', () => {
  const config = load([]);
  config.set('notify-keyspace-events', 'KEA');
  assert.is(config.get('notify-keyspace-events'), 'AKE');
  assert.is(config.getInt('notify-keyspace-events') & KeyspaceEvents.EXPIRED, KeyspaceEvents.EXPIRED);
  config.set('notify-keyspace-events', 'nmEKdtexzhsl$');
  assert.is(config.get('notify-keyspace-events'), '$lshzxetdnKEm');
  config.set('shutdown-on-sigterm', 'force nosave now');
  assert.is(config.get('shutdown-on-sigterm'), 'nosave now force');
  config.set('latency-tracking-info-percentiles', '0.0001 1.50 1e1 0x10 1.23456789');
  assert.is(config.get('latency-tracking-info-percentiles'), '0.0001 1.5 10 16 1.234568');
  config.set('oom-score-adj', 'relative');
  assert.is(config.get('oom-score-adj'), 'yes');
  config.set('save', '10 +5 20 ');
  assert.equal(config.saveParams(), [
    { seconds: 10n, changes: 5 },
    { seconds: 20n, changes: 0 },
  ]);
});

test('daemonize yes is accepted with a warning', () => {
  const config = load(['--daemonize', 'yes']);
  assert.is(config.get('daemonize'), 'yes');
  assert.is(config.warnings.length, 1);
  assert.match(config.warnings[0], /foreground/);
  assert.is(load([]).warnings.length, 0);
});

test('rename-command, user, loadmodule and module configs are handed to the server', () => {
  const config = load([writeConf('rename-command FLUSHALL ""\nuser alice on >pw ~* +@all\nmymod.opt 5\n')]);
  assert.equal(
    config.startupDirectives.map(({ name, args, at }) => [name, args, at.line]),
    [
      ['rename-command', ['FLUSHALL', ''], 1],
      ['user', ['alice', 'on', '>pw', '~*', '+@all'], 2],
      ['mymod.opt', ['5'], 3],
    ],
  );
});

test('start-up errors have the redis-server layout', () => {
  const err = loadError([writeConf('daemonize no\nport "abc"\n')]);
  assert.is(
    err.message,
    "\n*** FATAL CONFIG FILE ERROR (Kunyu 0.1.0, Redis 7.0.15 compatible) ***\nReading the configuration file, at line 2\n>>> 'port \"abc\"'\nargument couldn't be parsed into an integer",
  );
  assert.equal(err.at, { line: 2, text: 'port "abc"' });
  assert.is(loadError([path.join(scratch, 'missing.conf')]).message, `Fatal error, can't open config file '${path.join(scratch, 'missing.conf')}': No such file or directory`);
});

test('CONFIG REWRITE without a config file', () => {
  assert.throws(() => load([]).rewrite(), (err: Error) => err instanceof ConfigRewriteError && err.message === 'The server is running without a config file');
});

test('CONFIG REWRITE keeps comments, reuses lines, appends under the marker', () => {
  const file = writeConf('# top\n\n\nport 7390\nslave-read-only yes\nsave 900 1\nsave 300 10\n   maxmemory   2mb  \nrename-command DEBUG FOO\n');
  const config = load([file]);
  fs.appendFileSync(file, 'bogus directive here\n');
  config.setMany([
    ['maxmemory', '3gb'],
    ['hz', '20'],
    ['save', '60 1'],
    ['notify-keyspace-events', 'KEx'],
  ]);
  config.rewrite();
  assert.is(
    fs.readFileSync(file, 'latin1'),
    [
      '# top',
      '',
      'port 7390',
      'replica-read-only yes',
      'save 60 1',
      '',
      'maxmemory 3gb',
      'rename-command DEBUG FOO',
      '# ??? bogus directive here',
      '',
      '# Generated by CONFIG REWRITE',
      'hz 20',
      `dir ${quoteRepr(fs.realpathSync(scratch))}`,
      'notify-keyspace-events "xKE"',
      'latency-tracking-info-percentiles 50 99 99.9',
      '',
    ].join('\n'),
  );
  // The rewritten file loads back to the same values.
  const reloaded = load([file]);
  for (const name of ['maxmemory', 'hz', 'save', 'notify-keyspace-events', 'port']) assert.is(reloaded.get(name), config.get(name), name);
});

test('--help and --version', () => {
  const packageVersion = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  assert.is(KUNYU_VERSION, packageVersion);
  assert.equal(startupAction(['--version']), { kind: 'print', text: `Kunyu server v=${packageVersion} redis_version=7.0.15\n`, stream: 'stdout', exitCode: 0 });
  const help = startupAction(['-h']);
  assert.is(help.kind, 'print');
  assert.match(help.kind === 'print' ? help.text : '', /^Usage: kunyu-server \[\/path\/to\/kunyu.conf\]/);
  assert.equal(startupAction(['--port', '1']), { kind: 'run' });
  assert.equal(startupAction(['x.conf', '--version']), { kind: 'run' });
});

test('the directive table marks exactly the directives Kunyu acts on', () => {
  const acted = listDirectives()
    .filter((info) => info.acted)
    .map((info) => info.name)
    .sort();
  assert.equal(
    acted,
    [
      'activerehashing', 'appendonly', 'bind', 'busy-reply-threshold', 'client-output-buffer-limit', 'client-query-buffer-limit', 'daemonize',
      'databases', 'dbfilename', 'dir', 'hash-max-listpack-entries', 'hash-max-listpack-value', 'hll-sparse-max-bytes', 'hz', 'latency-tracking',
      'lfu-decay-time', 'lfu-log-factor', 'list-max-listpack-size', 'logfile', 'loglevel', 'maxclients', 'maxmemory', 'maxmemory-policy',
      'maxmemory-samples', 'notify-keyspace-events', 'pidfile', 'port', 'protected-mode', 'proto-max-bulk-len', 'requirepass',
      'save', 'set-max-intset-entries', 'shards', 'spin-us', 'stream-node-max-bytes', 'stream-node-max-entries', 'tcp-keepalive', 'timeout',
      'zset-max-listpack-entries', 'zset-max-listpack-value',
    ],
  );
  assert.ok(notActedDirectives().some((info) => info.name === 'rdbcompression'));
  assert.not.ok(notActedDirectives().some((info) => info.name === 'port'));
});

if (fs.existsSync('/etc/redis/redis.conf')) {
  test("Debian's /etc/redis/redis.conf loads", () => {
    // Overriding logfile keeps the test from touching /var/log/redis.
    const config = load(['/etc/redis/redis.conf', '--logfile', '', '--dir', scratch]);
    assert.is(config.get('port'), '6379');
    assert.is(config.get('bind'), '127.0.0.1 -::1');
    assert.is(config.get('client-output-buffer-limit'), 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
  });
}

// ---------------------------------------------------------------------------
// Differential tests against the real redis-server 7.0.15

// Everything redis-server prints after its banner line.
function afterBanner(stderr: string): string[] {
  const lines = stderr.split('\n');
  const banner = lines.findIndex((line) => line.startsWith('*** FATAL CONFIG FILE ERROR'));
  if (banner < 0) throw new Error(`no fatal config error in:\n${stderr}`);
  return lines.slice(banner + 1).filter((line, i, all) => i < all.length - 1 || line !== '');
}

if (realRedisAvailable()) {
  test('start-up errors match redis-server for bad files and command lines', () => {
    const badFiles = [
      'daemonize no\nport "abc"\n',
      'port "6379\n',
      'port 1 2\n',
      'foo bar\n',
      'save 1\n',
      'save 100 -1\n',
      `bind ${Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`).join(' ')}\n`,
      '"port" 7000\nfoo\n',
      'list-max-ziplist-entries 5\nlist-max-ziplist-entries 5 6\n',
      'lua-replicate-commands yes\nlua-replicate-commands\n',
      'sentinel monitor x\n',
      'sentinel\nfoo\n',
      'user\n',
      'foo.bar\n',
      '""\n',
      'dir /nonexistent-kunyu-dir\n',
      'unixsocketperm 999\n',
      'unixsocketperm 1000\n',
      'replicaof a\n',
      'replicaof host abc\n',
      '"a"b 1\n',
      "port 'abc'x\n",
      'maxmemory 1.5gb\n',
      'loglevel loud\n',
      'client-output-buffer-limit normal 1 2\n',
      'client-output-buffer-limit master 1 2 3\n',
      'notify-keyspace-events q\n',
      'latency-tracking-info-percentiles 101\n',
      'oom-score-adj-values 1 2 x\n',
      'shutdown-on-sigint save nosave\n',
      'enable-protected-configs maybe\n',
      'dbfilename a/b\n',
      'appendfilename ""\n',
      'appenddirname a/b\n',
      'proc-title-template "{title}"\n',
      'cluster-announce-hostname a_b\n',
      'tls-port 99999\n',
      'databases 0\n',
      'maxclients 0\n',
      'maxmemory-clients 101%\n',
      'proto-max-bulk-len 1\n',
      'activedefrag yes\n',
      'io-threads abc\n',
      'logfile /nonexistent-kunyu-dir/x.log\n',
      'slaveof 1.2.3.4 6379\ncluster-enabled yes\n',
      `include ${path.join(scratch, 'bad-include.conf')}\n`,
    ];
    fs.writeFileSync(path.join(scratch, 'bad-include.conf'), '# included\nmaxmemory lots\n');
    for (const content of badFiles) {
      const file = writeConf(content);
      const expected = afterBanner(realRedisStartupStderr([file]));
      const actual = afterBanner(loadError([file]).message);
      assert.equal(actual, expected, JSON.stringify(content));
    }

    const badCommandLines = [
      ['--port', 'abc'],
      ['--port'],
      ['--port', ''],
      ['--foo', '--bar'],
      ['-x'],
      ['--port', '1', '--save', '--foo', 'a b'],
      ['--port', '1', '--save', '--appendonly', 'x'],
      ['--bind', "a'b", '--foo', 'x"y', '\n\u00e9'],
      ['--port 1', '--foo'],
      [writeConf('daemonize no\n'), '--port', '1', '--foo', 'bar'],
      [writeConf('daemonize no'), '--port', '1', '--foo', 'bar'],
    ];
    for (const args of badCommandLines) {
      const expected = afterBanner(realRedisStartupStderr(args));
      assert.equal(afterBanner(loadError(args).message), expected, JSON.stringify(args));
    }

    const stdinCases: [string[], string][] = [
      [['-'], 'port abc\n'],
      [[writeConf('daemonize no\n'), '-'], 'port abc\n'],
      [[writeConf('daemonize no\n'), '--foo', '1', '-'], 'port abc\n'],
      [['-', '--foo', '1'], 'port 1\n'],
    ];
    for (const [args, stdin] of stdinCases) {
      const expected = afterBanner(realRedisStartupStderr(args, stdin));
      assert.equal(afterBanner(loadError(args, { readStdin: () => stdin }).message), expected, JSON.stringify([args, stdin]));
    }
  });

  let real: RealRedis;

  test.before(async () => {
    real = await startRealRedis();
  });

  test.after(async () => {
    await real.stop();
  });

  // A Kunyu config in the same state as the real server.
  const mirror = () => load(realRedisArgs(real.port, real.dir));

  const replyText = (reply: RespReply): string => (reply instanceof RespError ? reply.message : String(reply));

  async function realGet(name: string): Promise<string> {
    const reply = (await real.client.call('CONFIG', 'GET', name)) as string[];
    return reply[1];
  }

  test('CONFIG GET * gives the same names and values as redis-server (besides Kunyu\'s own)', async () => {
    const config = mirror();
    const reply = (await real.client.call('CONFIG', 'GET', '*')) as string[];
    const expected = new Map<string, string>();
    for (let i = 0; i < reply.length; i += 2) expected.set(reply[i], reply[i + 1]);
    const actual = new Map(config.getMatching(['*']).filter(([name]) => !KUNYU_ONLY.has(name)));
    assert.equal([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [name, value] of expected) assert.is(actual.get(name), value, name);
  });

  test('CONFIG GET patterns match redis-server', async () => {
    const config = mirror();
    const patternSets = [
      ['*max*'],
      ['MAX*'],
      ['PORT'],
      ['port', 'PORT'],
      ['slave*'],
      ['[m]ax*'],
      ['[^a-m]*'],
      ['hash-max-*-entries'],
      ['*panic*'],
      ['use-exit-on-panic'],
      ['nonexistent'],
      ['*-time*', 'timeout', '*out'],
      ['?z', 'h?'],
    ];
    for (const patterns of patternSets) {
      const reply = (await real.client.call('CONFIG', 'GET', ...patterns)) as string[];
      const expected: string[] = [];
      for (let i = 0; i < reply.length; i += 2) expected.push(`${reply[i]}=${reply[i + 1]}`);
      const actual = config
        .getMatching(patterns)
        .filter(([name]) => !KUNYU_ONLY.has(name))
        .map(([name, value]) => `${name}=${value}`);
      assert.equal(actual.sort(), expected.sort(), JSON.stringify(patterns));
    }
  });

  test('CONFIG SET replies and resulting values match redis-server', async () => {
    const config = mirror();
    // Directives whose CONFIG SET makes the real server do something to this
    // machine (listen, fork, open files, TLS) are only probed with bad values.
    // maxmemory-clients and timeout could disconnect the test's own client.
    const sideEffects = /^(port|bind|appendonly|maxclients|maxmemory-clients|timeout|oom-score-adj|tls-.*|dir|jemalloc-bg-thread|crash-log-enabled|watchdog-period)$/;
    const cases: [string, string][] = [];
    for (const info of listDirectives()) {
      if (KUNYU_ONLY.has(info.name)) continue;
      const probes = ['abc', '', '-1', '0', '1', '99999999999999999999', '18446744073709551615', '1k', '5mb', '1.5', 'yes', 'NO', 'maybe', '50%', '101%'];
      for (const probe of probes) cases.push([info.name, probe]);
      if (info.alias !== null) cases.push([info.alias, 'abc']);
    }
    cases.push(
      ['maxmemory-policy', 'ALLKEYS-LRU'],
      ['maxmemory-policy', 'allkeys-lru '],
      ['loglevel', 'bogus'],
      ['save', '3600 1 300 100'],
      ['save', '3600  1'],
      ['save', '10 4294967296'],
      ['save', '99999999999999999999 1'],
      ['client-output-buffer-limit', 'NORMAL 1mb 2mb 3'],
      ['client-output-buffer-limit', 'replica 1 2 3 pubsub 4 5 6'],
      ['client-output-buffer-limit', 'normal 1 2 4294967296'],
      ['client-output-buffer-limit', 'normal 1 2 4294967295'],
      ['notify-keyspace-events', 'KEA'],
      ['notify-keyspace-events', 'Kn'],
      ['notify-keyspace-events', 'An'],
      ['latency-tracking-info-percentiles', '1 2'],
      ['latency-tracking-info-percentiles', 'nan'],
      ['latency-tracking-info-percentiles', 'inf'],
      ['latency-tracking-info-percentiles', '1e-400'],
      ['oom-score-adj-values', '800 200 0'],
      ['oom-score-adj-values', '0 200 800 1'],
      ['shutdown-on-sigint', 'now save'],
      ['shutdown-on-sigint', 'save  now'],
      ['proc-title-template', '{title}'],
      ['proc-title-template', 'x {title}'],
      ['proc-title-template', '{{'],
      ['proc-title-template', '{foo}'],
      ['cluster-announce-hostname', 'a.b-c'],
      ['cluster-announce-hostname', 'a_b'],
      ['dbfilename', 'x.rdb'],
      ['slowlog-log-slower-than', '9223372036854775807'],
      ['list-max-listpack-size', '-2147483649'],
      ['maxmemory-clients', '0%'],
      ['maxmemory-clients', '%'],
      ['requirepass', ''],
      ['masteruser', 'someone'],
    );
    for (const [name, value] of cases) {
      const skipSuccess = sideEffects.test(name);
      const before = await realGet(name);
      const actual = setError(config, [[name, value]]);
      if (skipSuccess && actual === 'OK') {
        config.set(name, before);
        continue;
      }
      const expected = replyText(await real.client.call('CONFIG', 'SET', name, value));
      assert.is(actual, expected, `CONFIG SET ${name} ${JSON.stringify(value)}`);
      if (expected === 'OK') {
        assert.is(config.get(name), await realGet(name), `CONFIG GET ${name} after ${JSON.stringify(value)}`);
        config.set(name, before);
        assert.is(replyText(await real.client.call('CONFIG', 'SET', name, before)), 'OK');
      }
    }
  });

  test('multi-pair CONFIG SET matches redis-server', async () => {
    const config = mirror();
    const cases: string[][] = [
      ['maxmemory', '10mb', 'hz', 'abc'],
      ['hz', 'abc', 'maxmemory', 'abc'],
      ['daemonize', 'no', 'foo', 'bar'],
      ['foo', 'bar', 'daemonize', 'no'],
      ['timeout', '1', 'TIMEOUT', '2'],
      ['hash-max-ziplist-entries', '1', 'hash-max-listpack-entries', '2'],
      ['dbfilename', 'x', 'foo', 'bar'],
      ['maxmemory', '1mb', 'maxmemory-policy', 'allkeys-lru', 'hz', '15'],
    ];
    for (const flat of cases) {
      const pairs: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      assert.is(setError(config, pairs), replyText(await real.client.call('CONFIG', 'SET', ...flat)), flat.join(' '));
      for (const [name] of pairs) {
        if (config.getMatching([name]).length > 0) assert.is(config.get(name), await realGet(name), name);
      }
    }
  });

  test('CONFIG REWRITE output matches redis-server', async () => {
    const initial = [
      '# Kunyu rewrite test',
      '',
      '',
      'slave-read-only yes',
      'hash-max-ziplist-entries 100',
      'save 900 1',
      'save 300 10',
      '   maxmemory   2mb  ',
      'loglevel notice',
      'rename-command DEBUG FOO',
      '# trailing comment',
      '',
    ].join('\n');
    const redis = await startRealRedis({ configText: initial });
    try {
      const kunyuDir = fs.mkdtempSync(path.join(scratch, 'rewrite-'));
      const kunyuFile = path.join(kunyuDir, 'redis.conf');
      fs.writeFileSync(kunyuFile, initial);
      const config = load([kunyuFile, ...realRedisArgs(redis.port, kunyuDir)]);
      const changes: [string, string][] = [
        ['maxmemory', '3gb'],
        ['hz', '20'],
        ['hash-max-listpack-entries', '7'],
        ['client-output-buffer-limit', 'pubsub 1mb 1000 5'],
        ['notify-keyspace-events', 'KEx'],
        ['masteruser', 'p"w\\x'],
        ['save', '60 1 120 2'],
        ['maxmemory-clients', '10%'],
      ];
      for (const [name, value] of changes) {
        assert.is(replyText(await redis.client.call('CONFIG', 'SET', name, value)), 'OK');
        config.set(name, value);
      }
      fs.appendFileSync(redis.configFile as string, 'bogus directive here\n');
      fs.appendFileSync(kunyuFile, 'bogus directive here\n');
      assert.is(replyText(await redis.client.call('CONFIG', 'REWRITE')), 'OK');
      config.rewrite();

      const normalise = (text: string, dir: string) =>
        text
          .split(dir)
          .join('<dir>')
          .split('\n')
          // Kunyu has no ACL users to write back.
          .filter((line) => !line.startsWith('user '));
      const expected = normalise(fs.readFileSync(redis.configFile as string, 'latin1'), redis.dir);
      const actual = normalise(fs.readFileSync(kunyuFile, 'latin1'), fs.realpathSync(kunyuDir));
      const marker = expected.indexOf('# Generated by CONFIG REWRITE');
      assert.ok(marker > 0);
      // Lines kept in place are in file order; appended ones follow Redis's hash-table order, so compare those as a set.
      assert.equal(actual.slice(0, marker + 1), expected.slice(0, marker + 1));
      assert.equal(actual.slice(marker + 1).sort(), expected.slice(marker + 1).sort());
    } finally {
      await redis.stop();
    }
  });

}

test.run();
