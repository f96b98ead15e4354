#!/usr/bin/env node
// Before `npm test`: the differential suites compare with a real redis-server, and the smoke runs
// use redis-cli and redis-benchmark. Installs them with apt-get (Debian package redis-server; as
// root, or through passwordless sudo) when any is missing; otherwise says what to install.
'use strict';
const { spawnSync } = require('node:child_process');

const TOOLS = ['redis-server', 'redis-cli', 'redis-benchmark'];
const missing = () => TOOLS.filter((t) => spawnSync(t, ['--version'], { stdio: 'ignore' }).status !== 0);

function aptInstall() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = root ? [] : ['sudo', '-n'];
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    return spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'redis-server', 'redis-tools']);
}

if (missing().length > 0) {
  console.log(`ensure-redis: ${missing().join(', ')} missing; installing redis-server and redis-tools with apt-get`);
  aptInstall();
  const still = missing();
  if (still.length > 0) {
    console.error(`ensure-redis: ${still.join(', ')} still missing. The tests compare Kunyu with a real Redis 7: ` +
      'install redis-server and redis-tools (e.g. `sudo apt-get install -y redis-server redis-tools`) and run `npm test` again.');
    process.exit(1);
  }
}
