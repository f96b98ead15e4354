// The acceptor: owns every socket, parses requests, checks them against the command table and
// routes each to where it runs (here, one shard, several shards split by key, or every shard).
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Command } from '../commands/types';
import { arityOk, commandsById, findCommandAt, keyPositions, splitByShard } from '../commands/table';
import { errorCodeAt, ShardStats } from '../engine/stats';
import type { Engine, ReplyCallback } from '../engine/engine';
import { ReplyWriter } from '../protocol/writer';
import { latin1String } from '../util/bytes';
import { REQ_NO_TOUCH, REQ_RESP3, type KeyspaceEvent } from '../store/shard';
import { KeyspaceEvents, type Config } from '../server/config';
import { Client, PendingWrites, ReplyMode, type Slot } from './client';
import { BlockedClients } from './blocking';
import { PubSub } from './pubsub';
import { unwatchAll } from '../commands/tx';
import { attachScriptPublishing, scriptBusyError } from '../commands/scripting';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';


export class Server {
  readonly clients = new Map<number, Client>();
  private nextClientId = 1;
  private readonly listeners: net.Server[] = [];
  readonly startedAt = Date.now();
  readonly stats = {
    connectionsReceived: 0,
    commandsProcessed: 0,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
  };
  /** Calls and refusals per command id (execution time and failures are in the ExecStats). */
  readonly calls = new Float64Array(commandsById.length);
  readonly rejected = new Float64Array(commandsById.length);
  /** Execution statistics of the commands the acceptor runs itself. */
  readonly acceptorStats: ShardStats;
  lastSave = Math.floor(Date.now() / 1000);
  /** Shared writer for replies computed on the acceptor. */
  private readonly w = new ReplyWriter();
  private cron: NodeJS.Timeout | null = null;
  shuttingDown = false;
  /** A random id for this run of the server (INFO run_id). */
  readonly runId = randomBytes(20).toString('hex');

  /** client-query-buffer-limit, read on every socket read: cached, kept current by CONFIG SET. */
  private queryBufferLimit: number;

  readonly pubsub = new PubSub();
  /** Clients waiting in blocking commands (BLPOP & co.). */
  readonly blocking: BlockedClients;

  /** Output made while reading sockets, written at the end of the turn (see PendingWrites). */
  private readonly pendingWrites = new PendingWrites();

  /** Sockets not read while the shards' rings are backlogged (see Engine.backlogged). */
  private readonly pausedSockets = new Set<net.Socket>();

  constructor(readonly config: Config, readonly engine: Engine) {
    this.blocking = new BlockedClients(this);
    engine.onDrained = () => {
      for (const s of this.pausedSockets) s.resume();
      this.pausedSockets.clear();
    };
    engine.onKeyspaceEvent = (db, event, key) => this.publishKeyspaceEvent(db, event, key);
    this.acceptorStats = new ShardStats(config.getInt('databases'), commandsById.length);
    this.queryBufferLimit = config.getInt('client-query-buffer-limit');
    config.onChange('client-query-buffer-limit', () => { this.queryBufferLimit = config.getInt('client-query-buffer-limit'); });
    attachScriptPublishing(this);
  }

  async listen(): Promise<void> {
    const port = this.config.getInt('port');
    if (port === 0) return;
    const binds = this.config.get('bind').split(/\s+/).filter(Boolean);
    for (const spec of binds) {
      const optional = spec.startsWith('-');
      const host = optional ? spec.slice(1) : spec;
      // Half-open: a client that shuts down its sending side still gets the replies it is owed.
      // Paused on connect: each accepted socket's handle moves to a reading socket (readingSocket).
      const srv = net.createServer({ noDelay: true, allowHalfOpen: true, pauseOnConnect: true }, (s) => this.accept(s));
      srv.maxConnections = Infinity;
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port, host: host === '*' ? undefined : host, backlog: this.config.getInt('tcp-backlog') }, () => {
            srv.off('error', reject);
            resolve();
          });
        });
        this.listeners.push(srv);
      } catch (err) {
        if (!optional) throw new Error(`Could not create server TCP listening socket ${host}:${port}: ${(err as Error).message}`);
      }
    }
    this.cron = setInterval(() => this.clientsCron(), 1000);
    this.cron.unref();
  }

  private accept(accepted: net.Socket): void {
    this.stats.connectionsReceived++;
    const fd = (accepted as unknown as { _handle?: { fd?: number } | null })._handle?.fd ?? -1;
    // Set once the client is admitted (a refused one's input is ignored); reads start only in a
    // later event-loop turn.
    let onRead = (_n: number, _buf: Buffer): void => {};
    const socket = readingSocket(accepted, (n, buf) => onRead(n, buf));
    const c = new Client(this.nextClientId++, socket, this, `${socket.remoteAddress}:${socket.remotePort}`,
      `${socket.localAddress}:${socket.localPort}`, fd);
    if (this.clients.size >= this.config.getInt('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    if (this.protectedModeRejects(socket)) {
      this.stats.rejectedConnections++;
      socket.end(`-${PROTECTED_MODE_ERROR}\r\n`);
      return;
    }
    socket.setKeepAlive(this.config.getInt('tcp-keepalive') > 0, this.config.getInt('tcp-keepalive') * 1000);
    c.authenticated = this.config.get('requirepass') === '';
    c.parser.authRequired = !c.authenticated;
    c.parser.maxBulkLen = this.config.getInt('proto-max-bulk-len');
    this.clients.set(c.id, c);
    const sink = (buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number): boolean =>
      this.dispatch(c, buf, starts, ends, argc);
    c.sink = sink;
    onRead = (n: number, buf: Buffer): void => {
      this.stats.netInputBytes += n;
      c.lastInteraction = Date.now();
      c.parser.feed(buf, sink, n);
      if (c.parser.error !== null) {
        this.replyError(c, `ERR ${c.parser.error}`);
        c.closeAfterReply = true;
      } else if (c.parser.buffered > this.queryBufferLimit) {
        // Redis closes such a client without a reply.
        c.closed = true;
        socket.destroy();
      }
      // Replies from shards are written when they arrive (Engine); only output made here waits.
      if (c.outLen > 0 || c.closeAfterReply) this.flushLater(c);
      if (this.engine.backlogged && !c.closed) {
        socket.pause();
        this.pausedSockets.add(socket);
      }
    };
    socket.on('end', () => {
      if (this.blocking.isBlocked(c)) {
        // Redis frees a blocked client on EOF: it must not be served data nobody will read.
        c.closed = true;
        this.blocking.clientGone(c);
        socket.destroy();
        return;
      }
      c.closeAfterReply = true;
      c.flush();
    });
    socket.on('error', () => { /* reset by peer etc.: 'close' follows */ });
    socket.on('close', () => {
      c.closed = true;
      this.clients.delete(c.id);
      this.blocking.clientGone(c);
      this.pubsub.dropClient(c);
      void unwatchAll(c);
    });
  }

  /** Writes a client's output at the end of this event-loop turn (see pendingWrites). */
  flushLater(c: Client): void {
    if (this.pendingWrites.add(c)) setImmediate(this.writePending);
  }

  private readonly writePending = (): void => this.pendingWrites.flush();

  private protectedModeRejects(socket: net.Socket): boolean {
    if (!this.config.getBool('protected-mode') || this.config.get('requirepass') !== '') return false;
    const addr = socket.remoteAddress ?? '';
    return !(addr === '127.0.0.1' || addr === '::1' || addr.startsWith('::ffff:127.') || addr.startsWith('127.'));
  }

  /** Handles one parsed command. Returns false to pause the connection's parsing. */
  dispatch(c: Client, buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number): boolean {
    let cmd = findCommandAt(buf, starts[0], ends[0]);
    if (cmd === undefined) {
      this.rejectCommand(c, null, unknownCommandError(buf, starts, ends, argc));
      return true;
    }
    if (cmd.subs !== null && argc >= 2) {
      const sub = cmd.subs.get(buf.latin1Slice(starts[1], ends[1]).toLowerCase());
      if (sub === undefined) {
        this.rejectCommand(c, null, `ERR unknown subcommand '${truncate(buf.latin1Slice(starts[1], ends[1]), 128)}'. Try ${cmd.name.toUpperCase()} HELP.`);
        return true;
      }
      cmd = sub;
    }
    if (!arityOk(cmd, argc)) {
      this.rejectCommand(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
      return true;
    }
    if (c.resp === 2 && !cmd.allowedWhenSubscribed && c.subscribed) {
      this.rejectCommand(c, cmd, `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
      return true;
    }
    if (!c.authenticated && !cmd.flags.includes('no_auth')) {
      this.rejectCommand(c, cmd, 'NOAUTH Authentication required.');
      return true;
    }
    if (cmd.keyStep > 1 && cmd.lastKey < 0 && (argc - cmd.firstKey) % cmd.keyStep !== 0) {
      // MSET-like commands with an odd tail: refused whole before any part runs anywhere.
      this.rejectCommand(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
      return true;
    }
    if (this.engine.scriptControl.anyRunning && this.refusedWhileBusy(c, cmd, buf, starts, ends, argc)) return true;
    if (c.multi !== null && !cmd.runsInMulti) {
      // Inside MULTI: queued, to run at EXEC (refused ones make EXEC fail).
      if (cmd.flags.includes('no_multi')) {
        c.multi.aborted = true;
        this.rejectCommand(c, cmd, 'ERR Command not allowed inside a transaction');
        return true;
      }
      c.multi.queued.push({ cmd, argv: argvStrings(buf, starts, ends, argc) });
      this.replyStatus(c, 'QUEUED');
      return true;
    }
    this.countCall(cmd);
    c.lastCommand = cmd.fullName;
    const discard = c.replyMode !== ReplyMode.On && cmd.setsReplyMode !== true;
    if (c.replyMode === ReplyMode.Skip && discard) c.replyMode = ReplyMode.On;
    const engine = this.engine;
    const flags = this.requestFlags(c);

    if (cmd.where === 'acceptor') return this.dispatchHere(c, cmd, argvStrings(buf, starts, ends, argc), discard);

    if (cmd.where === 'all') {
      if (engine.inline) {
        engine.send(0, cmd, c.db, flags, buf, starts, ends, null, argc, c, discardSlot(c, discard), 0);
        return true;
      }
      const slot = c.newSlot();
      slot.discard = discard;
      slot.merge = cmd.merge!;
      slot.parts = new Array(engine.shardCount).fill(null);
      slot.partsLeft = engine.shardCount;
      for (let s = 0; s < engine.shardCount; s++) engine.send(s, cmd, c.db, flags, buf, starts, ends, null, argc, c, slot, s);
      return true;
    }

    if (cmd.blocking !== undefined && (cmd.blocking.mayBlock === undefined || cmd.blocking.mayBlock(argvStrings(buf, starts, ends, argc)))) {
      // A blocking command holds the connection: nothing after it runs until it is answered.
      this.blocking.start(c, cmd, flags, buf, starts, ends, argc, discard);
      return false;
    }
    if (engine.inline) return engine.send(0, cmd, c.db, flags, buf, starts, ends, null, argc, c, discardSlot(c, discard), 0);
    const slot = c.newSlot();
    slot.discard = discard;
    this.routeKeyed(c, cmd, c.db, flags, buf, starts, ends, argc, slot);
    return true;
  }

  // dispatch creates no closures: a variable captured by one would make every call allocate a
  // context for its variables (~80 bytes per command, a third of a GET's garbage at -P 16).

  /** True if a script has run past busy-reply-threshold and `cmd` is refused meanwhile (BUSY). */
  private refusedWhileBusy(c: Client, cmd: Command, buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number): boolean {
    const busy = scriptBusyError(this, cmd, () => argvStrings(buf, starts, ends, argc));
    if (busy === null) return false;
    this.rejectCommand(c, cmd, busy);
    return true;
  }

  /** Runs a command of the acceptor's own for dispatch. Returns false to pause the connection's parsing. */
  private dispatchHere(c: Client, cmd: Command, argv: string[], discard: boolean): boolean {
    const w = this.w;
    const later = this.runAcceptorCommand(c, cmd, argv, w);
    if (!(later instanceof Promise)) {
      if (!discard) c.send(w.buf, 0, w.pos);
      return true;
    }
    const slot = c.newSlot();
    slot.discard = discard;
    later.then((reply) => {
      c.complete(slot, 0, reply, 0, reply.length);
      c.flush();
      if (cmd.holdsConnection) c.resumeParsing();
    });
    return !cmd.holdsConnection;
  }

  /**
   * Sends a keyed command where its keys live: one shard; a split across shards (commands with a
   * merge rule); or a transaction coordinated by the first key's shard.
   */
  routeKeyed(c: Client, cmd: Command, db: number, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array,
    argc: number, target: Slot | ReplyCallback): void {
    const engine = this.engine;
    const ki = cmd.singleKeyIndex;
    if (ki > 0 && ki < argc) {
      engine.send(engine.shardOf(buf, starts[ki], ends[ki]), cmd, db, flags, buf, starts, ends, null, argc, c, target, 0);
      return;
    }
    const keys = keyPositions(cmd, argc, (i) => buf.latin1Slice(starts[i], ends[i]));
    const first = keys.length === 0 ? 0 : engine.shardOf(buf, starts[keys[0]], ends[keys[0]]);
    const participants: number[] = [];
    if (cmd.reachesUndeclaredKeys !== undefined && cmd.reachesUndeclaredKeys(argvStrings(buf, starts, ends, argc))) {
      for (let s = 0; s < engine.shardCount; s++) if (s !== first) participants.push(s);
    }
    for (let i = 1; i < keys.length; i++) {
      const s = engine.shardOf(buf, starts[keys[i]], ends[keys[i]]);
      if (s !== first && !participants.includes(s)) participants.push(s);
    }
    if (participants.length === 0) {
      engine.send(first, cmd, db, flags, buf, starts, ends, null, argc, c, target, 0);
    } else if (cmd.merge !== undefined && typeof target !== 'function') {
      this.sendSplit(c, cmd, flags, buf, starts, ends, argc, keys, target);
    } else {
      // Multi-hop: the first key's shard coordinates; the other keys' shards park at a barrier.
      engine.sendTx(first, participants, cmd, db, flags, buf, starts, ends, argc, c, target);
    }
  }

  /** One-hop split: each shard gets the command with its own keys (and their trailing args). */
  private sendSplit(c: Client, cmd: Command, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array,
    argc: number, keys: number[], slot: Slot): void {
    const engine = this.engine;
    const parts = splitByShard(cmd, argc, keys, (i) => engine.shardOf(buf, starts[i], ends[i]));
    slot.merge = cmd.merge!;
    if (this.config.getInt('notify-keyspace-events') !== 0) slot.keys = keys.map((i) => buf.latin1Slice(starts[i], ends[i]));
    slot.parts = new Array(parts.length).fill(null);
    slot.partsLeft = parts.length;
    slot.order = parts.map((p) => p.order);
    parts.forEach((p, i) => engine.send(p.shard, cmd, c.db, flags, buf, starts, ends, p.args, argc, c, slot, i));
  }


  /**
   * Runs a command of the acceptor's own. Its reply is written into `w` (returned), or, for
   * commands that wait for shards (INFO, SCAN, WATCH...), comes as a promise of the reply bytes.
   */
  runAcceptorCommand(c: Client, cmd: Command, argv: string[], w = new ReplyWriter(256)): ReplyWriter | Promise<Buffer> {
    w.pos = 0;
    w.resp3 = c.resp === 3;
    const started = performance.now();
    let later: ReturnType<NonNullable<Command['acceptor']>>;
    try {
      later = cmd.acceptor!(c, argv, w);
    } catch (err) {
      w.pos = 0;
      w.error(`ERR ${(err as Error).message}`);
      later = undefined;
    }
    if (later === undefined) {
      this.recordAcceptorCommand(cmd, started, w.buf, w.pos);
      return w;
    }
    return later.then((write) => {
      const lw = new ReplyWriter(1024);
      lw.resp3 = c.resp === 3;
      write(lw);
      this.recordAcceptorCommand(cmd, started, lw.buf, lw.pos);
      return lw.copyFrom(0);
    }, (err: Error) => {
      const lw = new ReplyWriter(256);
      lw.error(`ERR ${err.message}`);
      return lw.copyFrom(0);
    });
  }

  publishEvents(events: KeyspaceEvent[]): void {
    for (const ev of events) this.publishKeyspaceEvent(ev.db, ev.event, ev.key);
  }

  /** A keyspace notification from a shard: __keyspace@db__:key and/or __keyevent@db__:event. */
  private publishKeyspaceEvent(db: number, event: string, key: string): void {
    const flags = this.config.getInt('notify-keyspace-events');
    if (flags & KeyspaceEvents.KEYSPACE) this.pubsub.publish(`__keyspace@${db}__:${key}`, event);
    if (flags & KeyspaceEvents.KEYEVENT) this.pubsub.publish(`__keyevent@${db}__:${event}`, key);
  }

  /** The request flags a client's commands carry to the shards. */
  requestFlags(c: Client): number {
    return (c.resp === 3 ? REQ_RESP3 : 0) | (c.noTouch ? REQ_NO_TOUCH : 0);
  }

  /** Counts a call in commandstats (at dispatch, or when EXEC runs a queued command). */
  countCall(cmd: Command): void {
    this.stats.commandsProcessed++;
    this.calls[cmd.id]++;
  }

  /** A command refused before running (unknown, arity, auth): counts as rejected, like Redis. */
  private rejectCommand(c: Client, cmd: Command | null, message: string): void {
    if (cmd !== null) this.rejected[cmd.id]++;
    // A command refused inside MULTI makes the whole transaction fail at EXEC.
    if (c.multi !== null) c.multi.aborted = true;
    this.replyError(c, message);
  }

  private replyStatus(c: Client, status: string): void {
    const w = this.w;
    w.pos = 0;
    w.simple(status);
    c.send(w.buf, 0, w.pos);
  }

  replyError(c: Client, message: string): void {
    const w = this.w;
    w.pos = 0;
    w.error(message);
    this.acceptorStats.recordError(message.split(' ', 1)[0]);
    c.send(w.buf, 0, w.pos);
  }

  private recordAcceptorCommand(cmd: Command, started: number, buf: Buffer, end: number): void {
    this.acceptorStats.recordCommand(cmd.id, (performance.now() - started) * 1000, buf[0] === 0x2d ? errorCodeAt(buf, 0, end) : null);
  }

  /** Once a second: close clients idle longer than `timeout` (Redis's clientsCron). */
  private clientsCron(): void {
    const timeout = this.config.getInt('timeout');
    if (timeout <= 0) return;
    const now = Date.now();
    for (const c of this.clients.values()) {
      if (now - c.lastInteraction > timeout * 1000 && c.pendingCount === 0) {
        c.closed = true;
        c.socket.destroy();
      }
    }
  }

  resetStats(): void {
    this.stats.connectionsReceived = 0;
    this.stats.commandsProcessed = 0;
    this.stats.rejectedConnections = 0;
    this.stats.netInputBytes = 0;
    this.stats.netOutputBytes = 0;
    this.calls.fill(0);
    this.rejected.fill(0);
    this.acceptorStats.resetCounters();
    for (const s of this.engine.shardStats()) s.resetCounters();
  }

  /** SHUTDOWN: stop accepting, close clients, stop the shards, exit. */
  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await this.close();
    process.exit(0);
  }

  async close(): Promise<void> {
    if (this.cron !== null) clearInterval(this.cron);
    for (const l of this.listeners) l.close();
    for (const c of this.clients.values()) {
      c.flush();
      c.socket.destroy();
    }
    await this.engine.stop();
  }
}

/**
 * Every connection reads into this one buffer: no Buffer is allocated and no Readable-stream
 * machinery runs per read (measured: ~2.5 µs less CPU per request at -P 1, BENCHMARKS.md
 * history). Safe to share because a read is parsed at once and the parser copies any unparsed
 * tail (RequestParser.keepRest).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * Node gives the `onread` option (reads into a caller's buffer) only to sockets made from options,
 * not to accepted ones: the accepted socket, paused on connect, hands its handle to a new socket
 * made with `onread` (the `handle` option is how Node's own server wraps accepted handles). The
 * accepted socket is dropped unused. Each read calls onRead(byte count, READ_BUFFER).
 */
function readingSocket(accepted: net.Socket, onRead: (n: number, buf: Buffer) => void): net.Socket {
  const holder = accepted as unknown as { _handle: unknown };
  const handle = holder._handle;
  holder._handle = null;
  const options = { handle, allowHalfOpen: true, readable: true, writable: true, onread: { buffer: READ_BUFFER, callback: onRead } };
  return new net.Socket(options as net.SocketConstructorOpts);
}

function discardSlot(c: Client, discard: boolean): ReturnType<Client['newSlot']> | null {
  if (!discard) return null;
  const slot = c.newSlot();
  slot.discard = true;
  return slot;
}

export function argvStrings(buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number): string[] {
  const argv = new Array<string>(argc);
  for (let i = 0; i < argc; i++) argv[i] = latin1String(buf, starts[i], ends[i]);
  return argv;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

// Redis: "unknown command 'x', with args beginning with: 'a' 'b' " (args up to 128 chars in all).
function unknownCommandError(buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number): string {
  let args = '';
  for (let i = 1; i < argc && args.length < 128; i++) {
    args += `'${truncate(buf.latin1Slice(starts[i], ends[i]), 128 - args.length)}' `;
  }
  return `ERR unknown command '${truncate(buf.latin1Slice(starts[0], ends[0]), 128)}', with args beginning with: ${args}`;
}

export const PROTECTED_MODE_ERROR = 'DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command \'CONFIG SET protected-mode no\' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to \'no\', and then restarting the server. 3) If you started the server manually just for testing, restart it with the \'--protected-mode no\' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.';
