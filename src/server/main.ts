// kunyu-server entry point: read the configuration, start the shards and the acceptor.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config, ConfigError, startupAction } from './config';
import { renameCommand } from '../commands/table';
import { InlineEngine, spinWindows, WorkerEngine } from '../engine/engine';
import { capYoungGeneration } from '../engine/young-generation';
import type { Engine } from '../engine/engine';
import { initHashing } from '../engine/hash';
import { Server } from '../net/acceptor';
import { KUNYU_VERSION, REDIS_VERSION } from './version';
import { SHARD_DIRECTIVES, shardSettingValue } from '../store/settings';

export interface RunningServer {
  server: Server;
  close(): Promise<void>;
}

/**
 * Start-up directives other than plain settings: rename-command is applied; module loading and
 * ACL users are refused with redis-server's fatal-error format, so nothing is silently ignored.
 */
function applyStartupDirectives(config: Config): void {
  for (const d of config.startupDirectives) {
    let reason: string | null;
    if (d.name === 'rename-command') reason = d.args.length === 2 ? renameCommand(d.args[0], d.args[1]) : 'wrong number of arguments';
    else if (d.name === 'user') reason = 'ACL users are not supported yet by Kunyu (use requirepass)';
    else reason = `'${d.name}' is not supported: Kunyu does not load Redis modules`;
    if (reason !== null) throw new ConfigError(reason, d.at);
  }
}

/** Starts a server from redis-server style arguments. Used by the bin and by tests/embedding. */
export async function startServer(args: string[]): Promise<RunningServer> {
  const config = Config.load(args);
  applyStartupDirectives(config);
  await initHashing();
  const shards = config.getInt('shards');
  const dbs = config.getInt('databases');
  const settings = SHARD_DIRECTIVES.map((name): [string, string] => [name, shardSettingValue(config, name)]);
  const spin = spinWindows(config.getInt('spin-us'), shards, os.availableParallelism());
  const engine: Engine = shards === 0 ? new InlineEngine(dbs, settings) : new WorkerEngine(shards, dbs, settings, spin);
  for (const name of SHARD_DIRECTIVES) config.onChange(name, () => engine.configure(name, shardSettingValue(config, name)));
  const server = new Server(config, engine);
  try {
    await engine.ready;
    await server.listen();
  } catch (err) {
    await engine.stop();
    throw err;
  }
  return { server, close: () => server.close() };
}

export async function main(args: string[]): Promise<void> {
  const action = startupAction(args);
  if (action.kind === 'print') {
    (action.stream === 'stdout' ? process.stdout : process.stderr).write(action.text);
    process.exit(action.exitCode);
  }
  let running: RunningServer;
  try {
    running = await startServer(args);
  } catch (err: unknown) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message.endsWith('\n') ? err.message : err.message + '\n');
    } else {
      process.stderr.write(`# ${(err as Error).message}\n`);
    }
    process.exit(1);
  }
  const { server } = running;
  const cfg = server.config;
  // Relative file names are relative to `dir`, as in redis-server (which chdir()s there).
  const inDir = (file: string): string => (file === '' ? '' : path.resolve(cfg.get('dir'), file));
  const pidfile = inDir(cfg.get('pidfile'));
  const logfile = inDir(cfg.get('logfile'));
  for (const warning of cfg.warnings) log(logfile, `WARNING ${warning}`);
  if (pidfile !== '') fs.writeFileSync(pidfile, `${process.pid}\n`);
  const shards = server.engine.inline ? 0 : server.engine.shardCount;
  // The keyspace lives on this thread's heap when inline (shard workers get the same cap as a
  // resource limit); only the server's own process, never an embedding application's.
  if (shards === 0) capYoungGeneration();
  log(logfile, `Kunyu ${KUNYU_VERSION} (Redis ${REDIS_VERSION} compatible) pid=${process.pid} port=${cfg.getInt('port')} ` +
    `shards=${shards}${shards === 0 ? ' (inline)' : ''} cores=${os.availableParallelism()}`);
  log(logfile, 'Ready to accept connections tcp');
  const stop = (): void => {
    void server.close().then(() => {
      if (pidfile !== '') fs.rmSync(pidfile, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function log(file: string, message: string): void {
  const line = `${process.pid}:M ${new Date().toISOString()} * ${message}\n`;
  if (file === '') process.stdout.write(line);
  else fs.appendFileSync(file, line);
}
