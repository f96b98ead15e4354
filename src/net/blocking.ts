// Clients blocked in BLPOP & co. live here, on the acceptor; no shard ever waits for them.
//
// A blocking command first runs like any other. If it finds no data, the shard(s) register a
// watch on its keys (in the same step, so no push can slip between the try and the watch) and
// answer "blocked". When a watched key later gets a list/zset/stream value, its shard sends a
// ready note; the acceptor then runs the command again for the clients waiting on that key, in
// the order they blocked (Redis's FIFO), one at a time, until one finds nothing (stream readers,
// each at its own position, are all tried). Each run is an ordinary command (one shard, or a
// transaction across shards), so serving is atomic. A command may change its arguments when it
// blocks (XREAD's `$` becomes the ID it stood for) and for each retry (the woken key first).
import type { Command } from '../commands/types';
import { REQ_MAY_BLOCK, REQ_RETRY } from '../store/shard';
import { keyPositions } from '../commands/table';
import { ReplyWriter } from '../protocol/writer';
import type { Client, Slot } from './client';
import type { Server } from './acceptor';

interface Wait {
  client: Client;
  cmd: Command;
  db: number;
  flags: number;
  /** The command's arguments, copied so it can be sent again. */
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  argc: number;
  slot: Slot;
  /** "db\nkey" ids of its keys, and (shard, key) for unwatching. */
  ids: string[];
  keys: Array<[number, string]>;
  /** Watches exist on the shards (the first run blocked). */
  watching: boolean;
  timer: NodeJS.Timeout | null;
  /** A run of the command is in flight. */
  running: boolean;
  /** Set by a timeout or CLIENT UNBLOCK while a run was in flight: applied when it returns. */
  cancel: 'timeout' | 'error' | null;
  done: boolean;
}

const MAX_TIMER_MS = 2147483647;

export class BlockedClients {
  private readonly byKey = new Map<string, Wait[]>();
  private readonly byClient = new Map<Client, Wait>();
  /** Keys whose waiters are being retried, and whether a ready note came meanwhile. */
  private readonly retrying = new Map<string, boolean>();

  constructor(private readonly server: Server) {
    server.engine.onKeyReady = (db, key) => this.keyReady(`${db}\n${key}`);
  }

  /** Clients currently blocked (INFO blocked_clients). */
  get count(): number {
    return this.byClient.size;
  }

  isBlocked(c: Client): boolean {
    return this.byClient.has(c);
  }

  /** Runs a blocking command for a client whose parsing is paused until it is answered. */
  start(c: Client, cmd: Command, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array, argc: number,
    discard: boolean): void {
    // Copy the arguments: the command may run again long after this read buffer is gone.
    let total = 0;
    for (let i = 0; i < argc; i++) total += ends[i] - starts[i];
    const own = Buffer.allocUnsafe(total);
    const s = new Int32Array(argc);
    const e = new Int32Array(argc);
    let p = 0;
    for (let i = 0; i < argc; i++) {
      s[i] = p;
      p += buf.copy(own, p, starts[i], ends[i]);
      e[i] = p;
    }
    const slot = c.newSlot();
    slot.discard = discard;
    const engine = this.server.engine;
    const keys = keyPositions(cmd, argc, (i) => own.latin1Slice(s[i], e[i])).map((i): [number, string] => {
      const key = own.latin1Slice(s[i], e[i]);
      return [engine.shardOf(own, s[i], e[i]), key];
    });
    const wait: Wait = {
      client: c, cmd, db: c.db, flags: flags | REQ_MAY_BLOCK, buf: own, starts: s, ends: e, argc, slot,
      ids: keys.map(([, key]) => `${c.db}\n${key}`), keys, watching: false, timer: null, running: false, cancel: null,
      done: false,
    };
    this.run(wait);
  }

  /** Takes the arguments a blocked command asked to run with from now on (a RESP array of bulks). */
  private adoptArgs(wait: Wait, reply: Buffer): void {
    const argv: string[] = [];
    let p = reply.indexOf(13) + 2;
    const n = Number(reply.latin1Slice(1, p - 2));
    for (let i = 0; i < n; i++) {
      const eol = reply.indexOf(13, p);
      const len = Number(reply.latin1Slice(p + 1, eol));
      argv.push(reply.latin1Slice(eol + 2, eol + 2 + len));
      p = eol + 4 + len;
    }
    Object.assign(wait, packArgs(argv));
  }

  private run(wait: Wait): void {
    wait.running = true;
    const flags = wait.watching ? wait.flags | REQ_RETRY : wait.flags;
    this.server.routeKeyed(wait.client, wait.cmd, wait.db, flags, wait.buf, wait.starts, wait.ends, wait.argc,
      (reply, blocked) => this.ran(wait, reply, blocked));
  }

  private ran(wait: Wait, reply: Buffer, blocked: boolean): void {
    wait.running = false;
    if (!blocked) {
      this.finish(wait, reply);
    } else if (!wait.watching) {
      // First run found nothing: the shards now watch its keys; wait in line for each.
      if (reply.length > 0) this.adoptArgs(wait, reply);
      wait.watching = true;
      for (const id of wait.ids) {
        let q = this.byKey.get(id);
        if (q === undefined) this.byKey.set(id, (q = []));
        q.push(wait);
      }
      this.byClient.set(wait.client, wait);
      const ms = wait.cmd.blocking!.timeoutMs(this.argv(wait));
      if (ms > 0) this.armTimeout(wait, ms);
      if (wait.cancel !== null) this.cancel(wait, wait.cancel);
    } else if (wait.cancel !== null) {
      this.cancel(wait, wait.cancel);
    }
  }

  /** Node timers hold at most 2^31-1 ms (24.8 days): longer waits are re-armed in steps. */
  private armTimeout(wait: Wait, ms: number): void {
    const step = Math.min(ms, MAX_TIMER_MS);
    wait.timer = setTimeout(() => {
      if (ms > step) this.armTimeout(wait, ms - step);
      else this.cancel(wait, 'timeout');
    }, step);
  }

  private argv(wait: Wait): string[] {
    const out: string[] = [];
    for (let i = 0; i < wait.argc; i++) out.push(wait.buf.latin1Slice(wait.starts[i], wait.ends[i]));
    return out;
  }

  /** A watched key got data: retry its waiters in FIFO order until one finds nothing. */
  private keyReady(id: string): void {
    if (this.retrying.has(id)) {
      this.retrying.set(id, true);
      return;
    }
    const queue = this.byKey.get(id);
    if (queue === undefined || queue.length === 0) return;
    this.retrying.set(id, false);
    this.retryNext(id, 0);
  }

  private retryNext(id: string, index: number): void {
    const queue = this.byKey.get(id) ?? [];
    // Waiters whose client has gone are dropped before they can take data nobody would receive.
    while (index < queue.length && queue[index].client.closed && !queue[index].running) this.finish(queue[index], Buffer.alloc(0));
    // Skip waiters already running for another of their keys.
    while (index < queue.length && queue[index].running) index++;
    if (index >= queue.length) {
      this.endRetries(id);
      return;
    }
    const wait = queue[index];
    wait.running = true;
    const flags = wait.flags | REQ_RETRY;
    const spec = wait.cmd.blocking!;
    const args = spec.retryArgv === undefined ? wait : packArgs(spec.retryArgv(this.argv(wait), id.slice(id.indexOf('\n') + 1)));
    this.server.routeKeyed(wait.client, wait.cmd, wait.db, flags, args.buf, args.starts, args.ends, wait.argc,
      (reply, blocked) => {
        wait.running = false;
        if (!blocked) {
          this.finish(wait, reply);
          // Served: the key may hold more; the next waiter is now at `index`.
          this.retryNext(id, index);
        } else {
          if (wait.cancel !== null) this.cancel(wait, wait.cancel);
          // Stream readers each wait for their own position: the next one may still be served.
          if (spec.serveAll === true) this.retryNext(id, index + 1);
          else this.endRetries(id);
        }
      });
  }

  private endRetries(id: string): void {
    const again = this.retrying.get(id) === true;
    this.retrying.delete(id);
    if (again) this.keyReady(id);
  }

  /** Ends a wait with a timeout reply or an UNBLOCKED error (now, or when its run returns). */
  private cancel(wait: Wait, how: 'timeout' | 'error'): void {
    if (wait.done) return;
    if (wait.running) {
      wait.cancel = how;
      return;
    }
    const w = new ReplyWriter(128);
    w.resp3 = wait.client.resp === 3;
    if (how === 'error') w.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else w.nilArray();
    this.finish(wait, w.copyFrom(0));
  }

  private finish(wait: Wait, reply: Buffer): void {
    if (wait.done) return;
    wait.done = true;
    if (wait.timer !== null) clearTimeout(wait.timer);
    this.byClient.delete(wait.client);
    for (const id of wait.ids) {
      const q = this.byKey.get(id);
      if (q === undefined) continue;
      const i = q.indexOf(wait);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) this.byKey.delete(id);
    }
    if (wait.watching) {
      for (const [shard, key] of wait.keys) this.server.engine.unwatch(shard, wait.db, key);
    }
    const c = wait.client;
    if (c.closed) return;
    c.complete(wait.slot, 0, reply, 0, reply.length);
    c.flush();
    // Not re-entrantly: in inline mode this runs inside the parser's own dispatch loop.
    queueMicrotask(() => c.resumeParsing());
  }

  /** CLIENT UNBLOCK: true if the client was blocked. */
  unblock(c: Client, how: 'timeout' | 'error'): boolean {
    const wait = this.byClient.get(c);
    if (wait === undefined || wait.done) return false;
    this.cancel(wait, how);
    return true;
  }

  /** A blocked client disconnected: drop its wait. */
  clientGone(c: Client): void {
    const wait = this.byClient.get(c);
    if (wait === undefined) return;
    if (wait.running) {
      wait.cancel = 'timeout';
      return;
    }
    this.finish(wait, Buffer.alloc(0));
  }
}

/** Arguments copied into one buffer, as the engine sends them. */
function packArgs(argv: string[]): { buf: Buffer; starts: Int32Array; ends: Int32Array; argc: number } {
  let total = 0;
  for (const a of argv) total += a.length;
  const buf = Buffer.allocUnsafe(total);
  const starts = new Int32Array(argv.length);
  const ends = new Int32Array(argv.length);
  let p = 0;
  for (let i = 0; i < argv.length; i++) {
    starts[i] = p;
    p += buf.latin1Write(argv[i], p);
    ends[i] = p;
  }
  return { buf, starts, ends, argc: argv.length };
}
