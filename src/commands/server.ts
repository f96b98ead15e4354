// Server commands: INFO CONFIG COMMAND DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SHUTDOWN.
import * as os from 'node:os';
import * as fs from 'node:fs';
import type { Client } from '../net/client';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import { strings } from '../store/slab';
import type { ArgDoc, Command, CommandDef, KeySpec } from './types';
import { allCommands, arityOk, commandCount, commandsById, findCommand, internalCommand, keyPositions } from './table';
import { REDIS_VERSION, KUNYU_VERSION } from '../server/version';
import { bucketUpperUsec, ERROR_CODES, LATENCY_BUCKETS, Stat } from '../engine/stats';
import { globMatch } from '../util/glob';
import { writeServerTime } from '../util/clock';
import { helpReply } from './help';

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'];

// ---------------------------------------------------------------- keyspace-wide (all shards)

function dbsize(ctx: ShardContext, _argv: string[], w: ReplyWriter): void {
  ctx.shard.expireAll(ctx.db, ctx.now);
  w.int(ctx.db.size);
}

/** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both flush at once (memory goes back to V8's collector). */
function flushOption(argv: string[], w: ReplyWriter): boolean {
  if (argv.length === 1) return true;
  const opt = argv[1].toLowerCase();
  if (argv.length === 2 && (opt === 'async' || opt === 'sync')) return true;
  w.error('ERR syntax error');
  return false;
}

function flushdb(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (!flushOption(argv, w)) return;
  ctx.shard.touchAllWatched(ctx.db.id);
  ctx.db.flush();
  ctx.shard.publishDbStats(ctx.db);
  w.ok();
}

function flushall(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (!flushOption(argv, w)) return;
  for (const db of ctx.shard.dbs) {
    ctx.shard.touchAllWatched(db.id);
    db.flush();
    ctx.shard.publishDbStats(db);
  }
  w.ok();
}

// ---------------------------------------------------------------- INFO

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[u]}`;
}

function threadCpu(tid: number): { user: number; sys: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) / 100, sys: Number(f[12]) / 100 };
  } catch {
    return null;
  }
}

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules',
  'errorstats', 'cluster', 'keyspace'];
const ALL_SECTIONS = [...DEFAULT_SECTIONS.slice(0, 8), 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace'];

function infoSections(c: Client, argv: string[]): string {
  const srv = c.server;
  const cfg = srv.config;
  const engine = srv.engine;
  const shardStats = engine.shardStats();
  // Execution statistics: the acceptor's own commands plus every shard's.
  const stats = [srv.acceptorStats, ...shardStats];
  let wanted: string[];
  if (argv.length === 1) wanted = DEFAULT_SECTIONS;
  else {
    const asked = new Set(argv.slice(1).map((a) => a.toLowerCase()));
    if (asked.has('all') || asked.has('everything')) wanted = ALL_SECTIONS;
    else if (asked.has('default')) wanted = [...DEFAULT_SECTIONS, ...[...asked].filter((s) => !DEFAULT_SECTIONS.includes(s))];
    else wanted = ALL_SECTIONS.filter((s) => asked.has(s));
  }
  const sum = (stat: Stat): number => shardStats.reduce((t, s) => t + s.get(stat), 0);
  const errorCounts = ERROR_CODES.map((_code, i) => stats.reduce((t, s) => t + s.errorCount(i), 0));
  const now = Date.now();
  const uptime = Math.floor((now - srv.startedAt) / 1000);
  const mem = process.memoryUsage();
  const dataBytes = shardStats.reduce((t, s) => t + s.dataBytes(), 0);
  // Worker mode: the shards' data estimate plus the acceptor's heap. Inline mode: the data lives
  // in the main heap and this thread's string slab, which already count it.
  const usedMemory = srv.engine.inline ? Math.max(mem.heapUsed + strings.usedBytes, dataBytes) : dataBytes + mem.heapUsed;
  const maxmemory = cfg.getInt('maxmemory');
  const out: string[] = [];
  const section = (name: string, lines: Array<[string, string | number]>): void => {
    out.push(`# ${name}\r\n` + lines.map(([k, v]) => `${k}:${v}\r\n`).join(''));
  };
  for (const name of wanted) {
    switch (name) {
      case 'server':
        section('Server', [
          ['redis_version', REDIS_VERSION], ['kunyu_version', KUNYU_VERSION], ['redis_git_sha1', '00000000'],
          ['redis_git_dirty', 0], ['redis_build_id', '0'], ['redis_mode', 'standalone'],
          ['os', `${os.type()} ${os.release()} ${os.machine()}`], ['arch_bits', 64],
          ['monotonic_clock', 'POSIX clock_gettime'], ['multiplexing_api', 'epoll'], ['atomicvar_api', 'c11-builtin'],
          ['gcc_version', '0.0.0'], ['process_id', process.pid], ['process_supervised', 'no'], ['run_id', srv.runId],
          ['tcp_port', cfg.getInt('port')], ['server_time_usec', now * 1000], ['uptime_in_seconds', uptime],
          ['uptime_in_days', Math.floor(uptime / 86400)], ['hz', cfg.getInt('hz')], ['configured_hz', cfg.getInt('hz')],
          ['lru_clock', Math.floor(now / 1000) & 0xffffff], ['executable', process.argv[1] ?? ''],
          ['config_file', cfg.configFile ?? ''], ['io_threads_active', 0],
          ['shards', engine.inline ? 0 : engine.shardCount], ['node_version', process.version],
        ]);
        break;
      case 'clients':
        section('Clients', [
          ['connected_clients', srv.clients.size], ['cluster_connections', 0], ['maxclients', cfg.getInt('maxclients')],
          ['client_recent_max_input_buffer', 0], ['client_recent_max_output_buffer', 0], ['blocked_clients', srv.blocking.count],
          ['tracking_clients', 0], ['clients_in_timeout_table', 0],
        ]);
        break;
      case 'memory':
        section('Memory', [
          ['used_memory', usedMemory], ['used_memory_human', human(usedMemory)],
          ['used_memory_rss', mem.rss], ['used_memory_rss_human', human(mem.rss)],
          ['used_memory_peak', usedMemory], ['used_memory_peak_human', human(usedMemory)],
          ['used_memory_overhead', mem.heapUsed], ['used_memory_startup', 0],
          ['used_memory_dataset', dataBytes],
          ['total_system_memory', os.totalmem()], ['total_system_memory_human', human(os.totalmem())],
          ['used_memory_lua', 0], ['used_memory_scripts', 0], ['number_of_cached_scripts', 0],
          ['maxmemory', maxmemory], ['maxmemory_human', human(maxmemory)], ['maxmemory_policy', cfg.get('maxmemory-policy')],
          ['mem_fragmentation_ratio', usedMemory > 0 ? (mem.rss / usedMemory).toFixed(2) : '0.00'],
          ['mem_allocator', `v8-${process.versions.v8}`], ['lazyfree_pending_objects', 0],
        ]);
        break;
      case 'persistence':
        section('Persistence', [
          ['loading', 0], ['async_loading', 0], ['rdb_changes_since_last_save', 0], ['rdb_bgsave_in_progress', 0],
          ['rdb_last_save_time', srv.lastSave], ['rdb_last_bgsave_status', 'ok'], ['aof_enabled', 0],
          ['aof_rewrite_in_progress', 0], ['aof_last_bgrewrite_status', 'ok'],
        ]);
        break;
      case 'stats':
        section('Stats', [
          ['total_connections_received', srv.stats.connectionsReceived],
          ['total_commands_processed', srv.stats.commandsProcessed], ['instantaneous_ops_per_sec', 0],
          ['total_net_input_bytes', srv.stats.netInputBytes], ['total_net_output_bytes', srv.stats.netOutputBytes],
          ['rejected_connections', srv.stats.rejectedConnections], ['expired_keys', sum(Stat.ExpiredKeys)],
          ['evicted_keys', sum(Stat.EvictedKeys)], ['keyspace_hits', sum(Stat.KeyspaceHits)],
          ['keyspace_misses', sum(Stat.KeyspaceMisses)], ['pubsub_channels', srv.pubsub.channels.size],
          ['pubsub_patterns', srv.pubsub.patterns.size], ['pubsubshard_channels', srv.pubsub.shardChannels.size],
          ['total_error_replies', errorCounts.reduce((a, b) => a + b, 0)],
        ]);
        break;
      case 'replication':
        section('Replication', [['role', 'master'], ['connected_slaves', 0], ['master_repl_offset', 0]]);
        break;
      case 'cpu': {
        const u = process.cpuUsage();
        const main = threadCpu(process.pid);
        section('CPU', [
          ['used_cpu_sys', (u.system / 1e6).toFixed(6)], ['used_cpu_user', (u.user / 1e6).toFixed(6)],
          ['used_cpu_sys_children', '0.000000'], ['used_cpu_user_children', '0.000000'],
          ['used_cpu_sys_main_thread', (main?.sys ?? 0).toFixed(6)], ['used_cpu_user_main_thread', (main?.user ?? 0).toFixed(6)],
        ]);
        break;
      }
      case 'modules':
        section('Modules', []);
        break;
      case 'commandstats': {
        const lines: Array<[string, string]> = [];
        for (const cmd of commandsById) {
          const calls = srv.calls[cmd.id];
          const rejected = srv.rejected[cmd.id];
          if (calls === 0 && rejected === 0) continue;
          const usec = Math.round(stats.reduce((t, st) => t + st.commandTime(cmd.id), 0));
          const failed = stats.reduce((t, st) => t + st.commandFailures(cmd.id), 0);
          lines.push([`cmdstat_${cmd.fullName}`, `calls=${calls},usec=${usec},usec_per_call=${calls ? (usec / calls).toFixed(2) : '0.00'},rejected_calls=${rejected},failed_calls=${failed}`]);
        }
        section('Commandstats', lines);
        break;
      }
      case 'errorstats':
        section('Errorstats', ERROR_CODES.flatMap((code, i) => errorCounts[i] > 0 ? [[`errorstat_${code}`, `count=${errorCounts[i]}`] as [string, string]] : []));
        break;
      case 'latencystats': {
        const lines: Array<[string, string]> = [];
        const hist = new Float64Array(LATENCY_BUCKETS);
        for (const cmd of commandsById) {
          if (srv.calls[cmd.id] === 0) continue;
          hist.fill(0);
          for (const st of stats) st.addLatencies(cmd.id, hist);
          const total = hist.reduce((a, b) => a + b, 0);
          if (total === 0) continue;
          const pct = (p: number): string => {
            let seen = 0;
            for (let i = 0; i < LATENCY_BUCKETS; i++) {
              seen += hist[i];
              if (seen >= total * p) return bucketUpperUsec(i).toFixed(3);
            }
            return bucketUpperUsec(LATENCY_BUCKETS - 1).toFixed(3);
          };
          lines.push([`latency_percentiles_usec_${cmd.fullName}`, `p50=${pct(0.5)},p99=${pct(0.99)},p99.9=${pct(0.999)}`]);
        }
        section('Latencystats', lines);
        break;
      }
      case 'cluster':
        section('Cluster', [['cluster_enabled', 0]]);
        break;
      case 'keyspace': {
        const lines: Array<[string, string]> = [];
        for (let db = 0; db < cfg.getInt('databases'); db++) {
          const keys = stats.reduce((t, s) => t + s.dbKeys(db), 0);
          const expires = stats.reduce((t, s) => t + s.dbExpires(db), 0);
          if (keys > 0) lines.push([`db${db}`, `keys=${keys},expires=${expires},avg_ttl=0`]);
        }
        section('Keyspace', lines);
        break;
      }
    }
  }
  return out.join('\r\n');
}

// ---------------------------------------------------------------- CONFIG

function configGet(c: Client, argv: string[], w: ReplyWriter): void {
  const pairs = c.server.config.getMatching(argv.slice(2));
  w.map(pairs.length);
  for (const [k, v] of pairs) { w.bulk(k); w.bulk(v); }
}

function configSet(c: Client, argv: string[], w: ReplyWriter): void {
  if (argv.length % 2 !== 0) { w.error("ERR wrong number of arguments for 'config|set' command"); return; }
  const pairs: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  try {
    c.server.config.setMany(pairs);
  } catch (err) {
    w.error((err as Error).message);
    return;
  }
  w.ok();
}

// ---------------------------------------------------------------- COMMAND

function writeKeySpec(w: ReplyWriter, spec: KeySpec): void {
  w.map(spec.notes ? 4 : 3);
  if (spec.notes) { w.bulk('notes'); w.bulk(spec.notes); }
  w.bulk('flags');
  w.set(spec.flags.length);
  for (const f of spec.flags) w.simple(f);
  w.bulk('begin_search');
  w.map(2);
  if ('unknown' in spec.begin) {
    w.bulk('type'); w.bulk('unknown');
    w.bulk('spec'); w.map(0);
  } else if ('index' in spec.begin) {
    w.bulk('type'); w.bulk('index');
    w.bulk('spec'); w.map(1); w.bulk('index'); w.int(spec.begin.index);
  } else {
    w.bulk('type'); w.bulk('keyword');
    w.bulk('spec'); w.map(2); w.bulk('keyword'); w.bulk(spec.begin.keyword); w.bulk('startfrom'); w.int(spec.begin.startFrom);
  }
  w.bulk('find_keys');
  w.map(2);
  if ('unknown' in spec.find) {
    w.bulk('type'); w.bulk('unknown');
    w.bulk('spec'); w.map(0);
  } else if ('range' in spec.find) {
    const r = spec.find.range;
    w.bulk('type'); w.bulk('range');
    w.bulk('spec'); w.map(3); w.bulk('lastkey'); w.int(r.lastKey); w.bulk('keystep'); w.int(r.step); w.bulk('limit'); w.int(r.limit);
  } else {
    const k = spec.find.keyNum;
    w.bulk('type'); w.bulk('keynum');
    w.bulk('spec'); w.map(3); w.bulk('keynumidx'); w.int(k.keyNumIdx); w.bulk('firstkey'); w.int(k.firstKey); w.bulk('keystep'); w.int(k.step);
  }
}

function writeCommandInfo(w: ReplyWriter, cmd: Command): void {
  w.array(10);
  w.bulk(cmd.fullName);
  w.int(cmd.arity);
  const flags = cmd.movableKeys ? [...cmd.flags, 'movablekeys'] : cmd.flags;
  w.set(flags.length);
  for (const f of flags) w.simple(f);
  w.int(cmd.firstKey);
  w.int(cmd.lastKey);
  w.int(cmd.keyStep);
  w.set(cmd.aclCategories.length);
  for (const a of cmd.aclCategories) w.simple(a);
  const tips = cmd.tips ?? [];
  w.set(tips.length);
  for (const t of tips) w.bulk(t);
  const specs = cmd.keys ?? [];
  // RESP3: Redis 7.0 sends the key specs as a set, and no subcommands as an empty set.
  w.set(specs.length);
  for (const s of specs) writeKeySpec(w, s);
  const subs = cmd.subs ? [...cmd.subs.values()] : [];
  if (subs.length === 0) w.set(0); else w.array(subs.length);
  for (const s of subs) writeCommandInfo(w, s);
}

function writeArgDocs(w: ReplyWriter, args: ArgDoc[]): void {
  w.array(args.length);
  for (const a of args) {
    const fields: Array<[string, () => void]> = [
      ['name', () => w.bulk(a.name)],
      ['type', () => w.bulk(a.type)],
    ];
    if (a.keySpecIndex !== undefined) fields.push(['key_spec_index', () => w.int(a.keySpecIndex!)]);
    if (a.token !== undefined) fields.push(['token', () => w.bulk(a.token!)]);
    if (a.since !== undefined) fields.push(['since', () => w.bulk(a.since!)]);
    if (a.flags !== undefined) fields.push(['flags', () => { w.set(a.flags!.length); for (const f of a.flags!) w.simple(f); }]);
    if (a.args !== undefined) fields.push(['arguments', () => writeArgDocs(w, a.args!)]);
    w.map(fields.length);
    for (const [k, write] of fields) { w.bulk(k); write(); }
  }
}

function writeCommandDocs(w: ReplyWriter, cmd: Command): void {
  const fields: Array<[string, () => void]> = [
    ['summary', () => w.bulk(cmd.summary)],
    ['since', () => w.bulk(cmd.since)],
    ['group', () => w.bulk(cmd.group)],
  ];
  if (cmd.complexity) fields.push(['complexity', () => w.bulk(cmd.complexity!)]);
  if (cmd.args && cmd.args.length > 0) fields.push(['arguments', () => writeArgDocs(w, cmd.args!)]);
  if (cmd.subs && cmd.subs.size > 0) {
    fields.push(['subcommands', () => {
      w.map(cmd.subs!.size);
      for (const s of cmd.subs!.values()) { w.bulk(s.fullName); writeCommandDocs(w, s); }
    }]);
  }
  w.map(fields.length);
  for (const [k, write] of fields) { w.bulk(k); write(); }
}

/** Resolves "get", "client|list" or ("client", "list") to a command. */
function resolve(name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return findCommand(name);
  const parent = findCommand(name.slice(0, bar));
  return parent?.subs?.get(name.slice(bar + 1).toLowerCase());
}

function commandGetKeys(_c: Client, argv: string[], w: ReplyWriter, withFlags: boolean): void {
  const args = argv.slice(2);
  let cmd = findCommand(args[0]);
  if (cmd?.subs && args.length >= 2) cmd = cmd.subs.get(args[1].toLowerCase()) ?? cmd;
  if (cmd === undefined) { w.error('ERR Invalid command specified'); return; }
  if (!arityOk(cmd, args.length)) { w.error('ERR Invalid number of arguments specified for command'); return; }
  const positions = keyPositions(cmd, args.length, (i) => args[i]);
  if (positions.length === 0) {
    // Commands whose keys are optional (EVAL with numkeys 0) answer an empty list, as Redis does.
    if (cmd.flags.includes('no_mandatory_keys')) w.array(0);
    else w.error('ERR The command has no key arguments');
    return;
  }
  w.array(positions.length);
  for (const p of positions) {
    if (withFlags) {
      w.array(2);
      w.bulk(args[p]);
      const spec = (cmd.keys ?? [])[0];
      const flags = spec ? spec.flags : [];
      w.set(flags.length);
      for (const f of flags) w.simple(f);
    } else {
      w.bulk(args[p]);
    }
  }
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

function commandList(_c: Client, argv: string[], w: ReplyWriter): void {
  let names = [...allCommands()].flatMap((c) => [c.fullName, ...(c.subs ? [...c.subs.values()].map((s) => s.fullName) : [])]);
  if (argv.length === 5 && argv[2].toLowerCase() === 'filterby') {
    const kind = argv[3].toLowerCase();
    const value = argv[4];
    if (kind === 'module') names = [];
    else if (kind === 'aclcat') names = names.filter((n) => resolve(n)!.aclCategories.includes('@' + value.toLowerCase()));
    else if (kind === 'pattern') names = names.filter((n) => globMatch(value, n, true));
    else { w.error('ERR syntax error'); return; }
  } else if (argv.length !== 2) {
    w.error('ERR syntax error');
    return;
  }
  w.array(names.length);
  for (const n of names) w.bulk(n);
}

const commandSub = (name: string, arity: number, since: string, summary: string,
  run: (c: Client, argv: string[], w: ReplyWriter) => void): CommandDef => ({
  name, arity, flags: ['loading', 'stale'], acl: ['connection'], group: 'server', since, summary,
  where: 'acceptor', acceptor: run,
});

const configSub = (name: string, arity: number, since: string, summary: string,
  run: (c: Client, argv: string[], w: ReplyWriter) => void): CommandDef => ({
  name, arity, flags: ADMIN_FLAGS, acl: [], group: 'server', since, summary, where: 'acceptor', acceptor: run,
});

export const serverCommands: CommandDef[] = [
  {
    name: 'info', arity: -1, flags: ['loading', 'stale'], acl: ['dangerous'], group: 'server', since: '1.0.0',
    summary: 'Returns information and statistics about the server.', complexity: 'O(1)',
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    args: [{ name: 'section', type: 'string', flags: ['optional', 'multiple'], since: '7.0.0' }],
    where: 'acceptor', acceptor: (c, argv) => {
      // A round trip to every shard first: the counters then include this client's earlier commands.
      const engine = c.server.engine;
      const sync = internalCommand('shard-sync');
      const calls = [];
      for (let s = 0; s < engine.shardCount; s++) calls.push(engine.call(s, sync, 0, 0, ['shard-sync']));
      return Promise.all(calls).then(() => (w: ReplyWriter) => w.verbatim(infoSections(c, argv)));
    },
  },
  {
    name: 'shard-sync', arity: 1, flags: [], acl: [], group: 'server', since: '0.1.0', internal: true,
    summary: 'Answers once the shard has run everything sent before it.', where: 'shard', shard: (_ctx, _argv, w) => w.ok(),
  },
  {
    name: 'config', arity: -2, flags: [], acl: [], group: 'server', since: '2.0.0',
    summary: 'A container for server configuration commands.', complexity: 'Depends on subcommand.',
    where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'config' command"),
    subcommands: [
      configSub('get', -3, '2.0.0', 'Returns the effective values of configuration parameters.', configGet),
      { ...configSub('set', -4, '2.0.0', 'Sets configuration parameters in-flight.', configSet),
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'] },
      configSub('resetstat', 2, '2.0.0', 'Resets the server\'s statistics.', (c, _a, w) => { c.server.resetStats(); w.ok(); }),
      configSub('rewrite', 2, '2.8.0', 'Persists the effective configuration to file.', (c, _a, w) => {
        try { c.server.config.rewrite(); } catch (err) { w.error(`ERR ${(err as Error).message}`); return; }
        w.ok();
      }),
      { ...configSub('help', 2, '5.0.0', 'Returns helpful text about the different subcommands.', (_c, _a, w) => helpReply(w, 'CONFIG', CONFIG_HELP)),
        flags: ['loading', 'stale'] },
    ],
  },
  {
    name: 'command', arity: -1, flags: ['loading', 'stale'], acl: ['connection'], group: 'server', since: '2.8.13',
    summary: 'Returns detailed information about all commands.', complexity: 'O(N) where N is the total number of Redis commands',
    tips: ['nondeterministic_output_order'],
    where: 'acceptor', acceptor: (_c, _a, w) => {
      const all = [...allCommands()];
      w.array(all.length);
      for (const cmd of all) writeCommandInfo(w, cmd);
    },
    subcommands: [
      { ...commandSub('count', 2, '2.8.13', 'Returns a count of commands.', (_c, _a, w) => w.int(commandCount())) },
      { ...commandSub('list', -2, '7.0.0', 'Returns a list of command names.', commandList), tips: ['nondeterministic_output_order'] },
      { ...commandSub('info', -2, '2.8.13', 'Returns information about one, multiple or all commands.', (_c, argv, w) => {
        const cmds = argv.length === 2 ? [...allCommands()] : argv.slice(2).map(resolve);
        w.array(cmds.length);
        for (const cmd of cmds) { if (cmd === undefined) w.nil(); else writeCommandInfo(w, cmd); }
      }), tips: ['nondeterministic_output_order'] },
      { ...commandSub('docs', -2, '7.0.0', 'Returns documentary information about one, multiple or all commands.', (_c, argv, w) => {
        const cmds = (argv.length === 2 ? [...allCommands()] : argv.slice(2).map(resolve)).filter((x): x is Command => x !== undefined);
        w.map(cmds.length);
        for (const cmd of cmds) { w.bulk(cmd.fullName); writeCommandDocs(w, cmd); }
      }), tips: ['nondeterministic_output_order'] },
      commandSub('getkeys', -4, '2.8.13', 'Extracts the key names from an arbitrary command.', (c, argv, w) => commandGetKeys(c, argv, w, false)),
      commandSub('getkeysandflags', -4, '7.0.0', 'Extracts the key names and access flags for an arbitrary command.',
        (c, argv, w) => commandGetKeys(c, argv, w, true)),
      commandSub('help', 2, '5.0.0', 'Returns helpful text about the different subcommands.', (_c, _a, w) => helpReply(w, 'COMMAND', COMMAND_HELP)),
    ],
  },
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], acl: ['keyspace'], group: 'server', since: '1.0.0',
    summary: 'Returns the number of keys in the database.', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'], where: 'all', merge: 'sum', shard: dbsize,
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], acl: ['keyspace', 'dangerous'], group: 'server', since: '1.0.0',
    summary: 'Removes all keys from the current database.', complexity: 'O(N) where N is the number of keys in the selected database',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'flush-type', type: 'oneof', flags: ['optional'], args: [
      { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' }, { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' }] }],
    where: 'all', merge: 'ok', shard: flushdb,
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], acl: ['keyspace', 'dangerous'], group: 'server', since: '1.0.0',
    summary: 'Removes all keys from all databases.', complexity: 'O(N) where N is the total number of keys in all databases',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'flush-type', type: 'oneof', flags: ['optional'], args: [
      { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' }, { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' }] }],
    where: 'all', merge: 'ok', shard: flushall,
  },
  {
    name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], acl: [], group: 'server', since: '2.6.0',
    summary: 'Returns the server time.', complexity: 'O(1)', tips: ['nondeterministic_output'],
    where: 'acceptor', acceptor: (_c, _a, w) => writeServerTime(w),
  },
  {
    name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], acl: ['admin', 'dangerous'], group: 'server', since: '1.0.0',
    summary: 'Returns the Unix timestamp of the last successful save to disk.', complexity: 'O(1)',
    tips: ['nondeterministic_output'], where: 'acceptor', acceptor: (c, _a, w) => w.int(c.server.lastSave),
  },
  {
    name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'], acl: [],
    group: 'server', since: '1.0.0', summary: 'Synchronously saves the database(s) to disk and shuts down the server.',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    where: 'acceptor', acceptor: (c, argv, w) => {
      for (const a of argv.slice(1)) {
        if (!['nosave', 'save', 'now', 'force', 'abort'].includes(a.toLowerCase())) { w.error('ERR syntax error'); return; }
      }
      if (argv.slice(1).some((a) => a.toLowerCase() === 'abort')) { w.error('ERR No shutdown in progress.'); return; }
      // Like Redis, a successful SHUTDOWN sends no reply: the connection just closes.
      void c.server.shutdown();
    },
  },
];

