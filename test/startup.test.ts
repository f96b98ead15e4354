// Starting kunyu-server as users do: --version/--help, start-up directives, fatal config errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KUNYU_BIN, RawClient, resp, startKunyu } from './support/servers';
import { spinWindows } from '../src/engine/engine';

const run = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [KUNYU_BIN, ...args], { encoding: 'latin1', timeout: 10000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kunyu-startup-'));
const conf = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

test('--version prints to stdout and exits 0; --help prints usage and exits 1', () => {
  const v = run(['--version']);
  assert.is(v.status, 0);
  assert.match(v.stdout, /^Kunyu server v=\d+\.\d+\.\d+ redis_version=7\.0\.15\n$/);
  const h = run(['--help']);
  assert.is(h.status, 1);
  assert.match(h.stderr, /Usage: kunyu-server/);
});

test('a bad value stops start-up with the file, line and reason', () => {
  const r = run([conf('bad.conf', '# comment\nport abc\n')]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /\*\*\* FATAL CONFIG FILE ERROR .*\*\*\*\nReading the configuration file, at line 2\n>>> 'port abc'\nargument couldn't be parsed into an integer/);
});

test('loadmodule and ACL user lines are refused, not ignored', () => {
  const m = run([conf('m.conf', 'loadmodule /nowhere.so\n')]);
  assert.is(m.status, 1);
  assert.match(m.stderr, /at line 1\n>>> 'loadmodule \/nowhere.so'\n'loadmodule' is not supported/);
  const u = run([conf('u.conf', 'user alice on >pw ~* +@all\n')]);
  assert.is(u.status, 1);
  assert.match(u.stderr, /ACL users are not supported yet/);
});

test('spin-us -1 (the default): the acceptor polls; shards spin only when a core is spare beyond the acceptor, the shards and one more', () => {
  const shardUs = (configured: number, shards: number, cores: number): number => spinWindows(configured, shards, cores).shardUs;
  assert.is(shardUs(-1, 1, 2), 0);
  assert.is(shardUs(-1, 7, 8), 0);
  assert.is(shardUs(-1, 13, 16), 50);
  assert.is(shardUs(-1, 14, 16), 0);
  assert.is(shardUs(-1, 2, 16), 50);
  assert.equal(spinWindows(-1, 1, 2), { acceptorUs: 50, shardUs: 0 });
  assert.equal(spinWindows(0, 2, 16), { acceptorUs: 0, shardUs: 0 });
  assert.equal(spinWindows(30, 1, 2), { acceptorUs: 30, shardUs: 30 });
});

test('rename-command renames or disables a command', async () => {
  const file = conf('rename.conf', 'rename-command FLUSHALL ""\nrename-command GET FETCH\n');
  const server = await startKunyu([file, '--shards', '1']);
  try {
    const c = await RawClient.connect(server.port);
    assert.is(await c.call('SET', 'k', 'v'), '+OK\r\n');
    assert.is(await c.call('FETCH', 'k'), '$1\r\nv\r\n');
    assert.match(await c.call('GET', 'k'), /^-ERR unknown command 'GET'/);
    assert.match(await c.call('FLUSHALL'), /^-ERR unknown command 'FLUSHALL'/);
    c.close();
  } finally {
    await server.stop();
  }
  const bad = run([conf('rename-bad.conf', 'rename-command NOSUCH x\n')]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /No such command in rename-command/);
});

test('spin-us: threads that poll before sleeping serve pipelines across shards; bad values stop start-up', async () => {
  const server = await startKunyu(['--shards', '2', '--spin-us', '300']);
  try {
    const c = await RawClient.connect(server.port);
    assert.is(await c.call('CONFIG', 'GET', 'spin-us'), '*2\r\n$7\r\nspin-us\r\n$3\r\n300\r\n');
    for (let round = 0; round < 20; round++) {
      c.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => resp('SET', `k${i}`, `${round}`))));
      const replies = await c.replies(50);
      assert.is(Buffer.concat(replies).toString(), '+OK\r\n'.repeat(50));
      // Idle a little longer than the spin window, so the threads go to sleep and are woken.
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.is(await c.call('GET', 'k49'), '$2\r\n19\r\n');
    assert.match(await c.call('CONFIG', 'SET', 'spin-us', '0'), /can't set immutable config/);
    c.close();
  } finally {
    await server.stop();
  }
  const bad = run(['--spin-us', '-2']);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /spin-us/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
