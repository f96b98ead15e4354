// The acceptor's view of the shards: where a key lives, and how a command gets to its shard
// and its reply back. Two implementations share one interface:
//   WorkerEngine: shard workers behind SharedArrayBuffer rings (the normal mode);
//   InlineEngine: one Shard on the main thread, run synchronously (--shards 0, embedding).
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { Command } from '../commands/types';
import { PendingWrites, type Client, type Slot } from '../net/client';
import { ReplyWriter } from '../protocol/writer';
import { REQ_RESP3, Shard } from '../store/shard';
import { keySlot, keySlotOfString, slotTable } from './hash';
import { allocRing, BELL_WORDS, FrameReader, FrameWriter, ring } from './ring';
import { ACCEPTOR_PARTY, ReplyKind, RequestKind, shardParty, writeCommandPayload } from './protocol';
import type { ShardWorkerData } from './shard-worker';
import type { KeyspaceEvent } from '../store/shard';
import { ShardStats } from './stats';
import { allocPeerRings } from './peers';
import { commandsById, nameArgument } from '../commands/table';
import { copyBytes, latin1String } from '../util/bytes';
import { attachScriptControl } from '../commands/scripting';
import { createScriptControlBuffer, ScriptControl } from '../scripting/control';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';
import { SHARD_YOUNG_GENERATION_MB } from './young-generation';

/** Where a reply goes: a client's reply slot (and part), or a callback of the acceptor's own. */
/** `blocked`: a blocking command found no data and waits (the reply is empty). */
export type ReplyCallback = (reply: Buffer, blocked: boolean) => void;

/** Where a reply goes: a client's slot, a callback, or (inline mode only) straight out: null. */
export type ReplyTarget = Slot | ReplyCallback | null;

export interface Engine {
  /** Number of shards commands are spread over (1 in inline mode). */
  readonly shardCount: number;
  readonly inline: boolean;
  /** What shards publish about a running script (BUSY, SCRIPT KILL; src/scripting/control.ts). */
  readonly scriptControl: ScriptControl;
  /** The shard owning the key buf[from, to). */
  shardOf(buf: Uint8Array, from: number, to: number): number;
  /** The shard owning a key given as a string. */
  shardForKey(key: string): number;
  /**
   * Sends a command to a shard. Arguments are buf[starts[i], ends[i]) for i in `argIdx` (or all
   * `argc` of them when argIdx is null). The reply completes the target: a slot (part `part`), a
   * callback, or, with null (inline mode only), the client's output directly. Returns false
   * when the command holds the client's connection until it is answered (an inline script that
   * gave the thread back): its parsing pauses, and the engine resumes it.
   */
  send(shard: number, cmd: Command, db: number, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array,
    argIdx: number[] | null, argc: number, client: Client, target: ReplyTarget, part: number): boolean;
  /**
   * Runs a command whose keys span shards as a transaction: the coordinator runs it, reaching the
   * other keys through the participants, which wait at a barrier in their rings meanwhile.
   */
  sendTx(coordinator: number, participants: number[], cmd: Command, db: number, flags: number, buf: Buffer,
    starts: Int32Array, ends: Int32Array, argc: number, client: Client, target: Slot | ReplyCallback): void;
  /** A blocked client stopped waiting on a key: the shard owning it drops one watch. */
  unwatch(shard: number, db: number, key: string): void;
  /**
   * True while requests wait in the acceptor for room in a full ring: the acceptor then stops
   * reading sockets (backpressure) until `onDrained` is called.
   */
  readonly backlogged: boolean;
  onDrained: () => void;
  /** Called when a key that blocked clients wait on got data. Set by the acceptor. */
  onKeyReady: (db: number, key: string) => void;
  /** Called with each keyspace notification, in order. Set by the acceptor. */
  onKeyspaceEvent: (db: number, event: string, key: string) => void;
  /** Resolves once every shard is running (the server listens only then, like redis-server). */
  readonly ready: Promise<void>;
  /** The counters each shard publishes (INFO). */
  shardStats(): ShardStats[];
  /** Tells every shard a new value of a directive it uses (SHARD_DIRECTIVES), in command order. */
  configure(name: string, value: string): void;
  /** Runs a command given as strings on one shard and returns its raw RESP reply. */
  call(shard: number, cmd: Command, db: number, flags: number, argv: string[]): Promise<Buffer>;
  /** Like call, as a transaction coordinated by `coordinator` with `participants` at a barrier. */
  callTx(coordinator: number, participants: number[], cmd: Command, db: number, flags: number, argv: string[],
    done: (reply: Buffer) => void): void;
  stop(): Promise<void>;
}

export class InlineEngine implements Engine {
  readonly shardCount = 1;
  readonly inline = true;
  readonly shard: Shard;
  readonly scriptControl = new ScriptControl(1, createScriptControlBuffer(1));
  private readonly w = new ReplyWriter();
  /** Writes replies straight into a client's output buffer (see Client.lendOutput). */
  private readonly direct = new ReplyWriter(16);
  private readonly timer: NodeJS.Timeout;

  constructor(dbCount: number, settings: Array<[string, string]>) {
    this.shard = new Shard(0, dbCount, new ShardStats(dbCount, commandsById.length));
    for (const [name, value] of settings) this.shard.settings.apply(name, value, 1);
    attachScriptControl(this.shard, this.scriptControl);
    // Timed work (active expiry) runs between event-loop turns, at most hz times a second.
    this.timer = setInterval(() => {
      // Nothing changes the data while a script that gave the thread back is unfinished.
      if (this.scriptControl.anyRunning) return;
      this.shard.tick(Date.now());
      this.deliverNotes();
    }, 1000 / this.shard.settings.hz);
    this.timer.unref();
  }

  configure(name: string, value: string): void {
    this.shard.settings.apply(name, value, 1);
  }

  shardOf(): number { return 0; }

  shardForKey(): number { return 0; }

  shardStats(): ShardStats[] { return [this.shard.stats]; }

  readonly backlogged = false;
  readonly ready = Promise.resolve();
  onDrained: () => void = () => {};
  onKeyReady: (db: number, key: string) => void = () => {};
  onKeyspaceEvent: (db: number, event: string, key: string) => void = () => {};

  send(_shard: number, cmd: Command, db: number, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array,
    argIdx: number[] | null, argc: number, client: Client, target: ReplyTarget, part: number): boolean {
    const n = argIdx === null ? argc : argIdx.length;
    // A fresh array: cheaper than setting a reused array's length (a V8 runtime call).
    const argv = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const a = argIdx === null ? i : argIdx[i];
      argv[i] = a === 0 ? nameArgument(cmd, buf, starts[0], ends[0]) : latin1String(buf, starts[a], ends[a]);
    }
    const shard = this.shard;
    if (target === null && client.lendOutput(this.direct)) {
      shard.yieldable = true;
      shard.execute(cmd, db, flags, argv, this.direct);
      shard.yieldable = false;
      client.takeOutput(this.direct);
    } else {
      const w = this.w;
      w.pos = 0;
      shard.yieldable = typeof target !== 'function';
      shard.execute(cmd, db, flags, argv, w);
      shard.yieldable = false;
      // A script that gave the thread back is answered when it is done (goOn).
      if (shard.yielded === null) {
        if (target === null) client.send(w.buf, 0, w.pos);
        else if (typeof target === 'function') target(w.copyFrom(0), shard.lastBlocked);
        else client.complete(target, part, w.buf, 0, w.pos);
      }
    }
    if (shard.yielded !== null) {
      this.goOn(shard.yielded, client, (target as Slot | null) ?? client.newSlot(), part, flags);
      shard.yielded = null;
      return false;
    }
    this.deliverNotes();
    return true;
  }

  /**
   * A script gave the thread back (past busy-reply-threshold): meanwhile the acceptor serves
   * sockets, answering BUSY to all but SCRIPT KILL and its like; the script goes on a slice
   * per event-loop turn until done, then its client gets the reply and its later commands.
   */
  private goOn(resume: (w: ReplyWriter) => boolean, client: Client, slot: Slot, part: number, flags: number): void {
    const step = (): void => {
      const w = new ReplyWriter(256);
      w.resp3 = (flags & REQ_RESP3) !== 0;
      let done: boolean;
      try {
        done = resume(w);
      } catch (err) {
        w.pos = 0;
        w.error(`ERR internal error in script: ${(err as Error).message}`);
        done = true;
      }
      if (!done) {
        setImmediate(step);
        return;
      }
      client.complete(slot, part, w.buf, 0, w.pos);
      client.flush();
      this.deliverNotes();
      client.resumeParsing();
    };
    setImmediate(step);
  }

  /** Ready keys and keyspace events, delivered after the command's reply as in worker mode. */
  private deliverNotes(): void {
    const shard = this.shard;
    if (shard.events.length > 0) {
      const events = shard.events.splice(0);
      queueMicrotask(() => { for (const ev of events) this.onKeyspaceEvent(ev.db, ev.event, ev.key); });
    }
    if (shard.readyKeys.length > 0) {
      const ready = shard.takeReadyKeys();
      queueMicrotask(() => { for (const [readyDb, key] of ready) this.onKeyReady(readyDb, key); });
    }
  }

  sendTx(_coordinator: number, _participants: number[], cmd: Command, db: number, flags: number, buf: Buffer,
    starts: Int32Array, ends: Int32Array, argc: number, client: Client, target: Slot | ReplyCallback): void {
    this.send(0, cmd, db, flags, buf, starts, ends, null, argc, client, target, 0);
  }

  unwatch(_shard: number, db: number, key: string): void {
    this.shard.unwatch(db, key);
  }

  call(_shard: number, cmd: Command, db: number, flags: number, argv: string[]): Promise<Buffer> {
    const w = this.w;
    w.pos = 0;
    this.shard.execute(cmd, db, flags, argv, w);
    const reply = w.copyFrom(0);
    this.deliverNotes();
    return Promise.resolve(reply);
  }

  /** Synchronous here: EXEC's reply can then leave with the replies before it. */
  callTx(_coordinator: number, _participants: number[], cmd: Command, db: number, flags: number, argv: string[],
    done: (reply: Buffer) => void): void {
    const w = this.w;
    w.pos = 0;
    this.shard.execute(cmd, db, flags, argv, w);
    const reply = w.copyFrom(0);
    this.deliverNotes();
    done(reply);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}

/** The acceptor's end of one shard worker: its rings and the replies it owes, in order. */
class ShardLink {
  readonly requests: FrameWriter;
  readonly replies: FrameReader;
  /** Who is waiting for each reply, in request order. */
  targets: Array<Slot | ReplyCallback> = [];
  parts: number[] = [];
  head = 0;
  /** Notifications of the command whose reply frame comes next. */
  readonly pendingEvents: KeyspaceEvent[] = [];

  constructor(readonly index: number, readonly worker: Worker, requestRing: SharedArrayBuffer, replyRing: SharedArrayBuffer) {
    this.requests = new FrameWriter(requestRing);
    this.replies = new FrameReader(replyRing);
  }

  expect(target: Slot | ReplyCallback, part: number): void {
    this.targets.push(target);
    this.parts.push(part);
  }

  nextTarget(): Slot | ReplyCallback {
    const t = this.targets[this.head];
    this.targets[this.head] = undefined as unknown as Slot;
    this.head++;
    if (this.head === this.targets.length) {
      // Fresh arrays: cheaper than resetting lengths (a V8 runtime call) once per batch.
      this.targets = [];
      this.parts = [];
      this.head = 0;
    }
    return t;
  }
}

function putUint32(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >>> 8;
  b[at + 2] = v >>> 16;
  b[at + 3] = v >>> 24;
}

/** Shard ↔ shard rings carry transaction steps only: small, and big values stream through. */
const PEER_RING_BYTES = 64 * 1024;

/** Bytes of requests waiting for room in one ring before the acceptor stops reading sockets. */
const BACKLOG_LIMIT = 8 * 1024 * 1024;

/** The spin window `spin-us` -1 (auto) uses where it spins. */
const AUTO_SPIN_US = 50;

/**
 * How long the acceptor and the shards poll before sleeping, in µs, for `spin-us` (a value, or
 * -1 for auto). Auto: the acceptor always polls (it keeps serving sockets meanwhile, and a reply
 * caught while polling spares the slow Atomics.waitAsync wake-up: `-c 1` GET 0.77× with it vs
 * 0.50× without on the 2-core box); a shard spins only when the machine has a core to spare
 * beyond the acceptor, the shards and one more, since a spinning shard takes the clients' core
 * (`-P 1` SET 0.59× with shards spinning vs 0.70× without there). BENCHMARKS.md history.
 */
export function spinWindows(configured: number, shards: number, cores: number): { acceptorUs: number; shardUs: number } {
  if (configured >= 0) return { acceptorUs: configured, shardUs: configured };
  return { acceptorUs: AUTO_SPIN_US, shardUs: cores > shards + 2 ? AUTO_SPIN_US : 0 };
}

export class WorkerEngine implements Engine {
  readonly inline = false;
  readonly shardCount: number;
  readonly scriptControl: ScriptControl;
  private readonly links: ShardLink[] = [];
  private readonly bells: Int32Array;
  private readonly slots: Uint16Array;
  /** Requests sent and not yet answered, over all shards. */
  private outstanding = 0;
  private flushScheduled = false;
  private pollScheduled = false;
  private parked = false;
  private lastProgress = 0;
  /** Clients that got replies in this drain: written once it is over. */
  private readonly touched = new PendingWrites();
  private readonly stats: ShardStats[] = [];

  /** How long the acceptor keeps polling for replies before parking on Atomics.waitAsync (ms). */
  private readonly pollSpinMs: number;

  constructor(shards: number, dbCount: number, settings: Array<[string, string]>, spin: { acceptorUs: number; shardUs: number },
    ringBytes = 1 << 20) {
    this.pollSpinMs = spin.acceptorUs / 1000;
    this.shardCount = shards;
    this.slots = slotTable(shards);
    const bellSab = new SharedArrayBuffer((shards + 1) * BELL_WORDS * 4);
    this.bells = new Int32Array(bellSab);
    const peerRings = allocPeerRings(shards, () => allocRing(PEER_RING_BYTES));
    const started: Array<Promise<void>> = [];
    const scriptControl = createScriptControlBuffer(shards);
    this.scriptControl = new ScriptControl(shards, scriptControl);
    for (let i = 0; i < shards; i++) {
      const requestRing = allocRing(ringBytes);
      const replyRing = allocRing(ringBytes);
      const stats = new ShardStats(dbCount, commandsById.length);
      this.stats.push(stats);
      const data: ShardWorkerData = {
        index: i, shardCount: shards, dbCount, requestRing, replyRing, peerRings, bells: bellSab, stats: stats.buffer, settings,
        scriptControl, spinMs: spin.shardUs / 1000,
      };
      const worker = new Worker(path.join(__dirname, 'shard-worker.js'), {
        workerData: data, name: `shard-${i}`, resourceLimits: { maxYoungGenerationSizeMb: SHARD_YOUNG_GENERATION_MB },
      });
      worker.on('error', (err) => {
        console.error(`shard ${i} died:`, err);
        process.exit(1);
      });
      started.push(new Promise<void>((resolve) => worker.once('message', () => resolve())));
      this.links.push(new ShardLink(i, worker, requestRing, replyRing));
    }
    this.ready = Promise.all(started).then(() => undefined);
    // Listen from the start: shards send notes of their own (expiry notifications, ready keys).
    this.park();
  }

  shardOf(buf: Uint8Array, from: number, to: number): number {
    return this.slots[keySlot(buf, from, to)];
  }

  shardStats(): ShardStats[] { return this.stats; }

  shardForKey(key: string): number {
    return this.slots[keySlotOfString(key)];
  }

  configure(name: string, value: string): void {
    for (const link of this.links) {
      const fw = link.requests;
      fw.begin();
      const w = fw.w;
      w.ensure(9 + name.length + value.length);
      w.buf[w.pos++] = RequestKind.Config;
      for (const s of [name, value]) {
        w.buf.writeUInt32LE(s.length, w.pos);
        w.pos += 4;
        w.pos += w.buf.latin1Write(s, w.pos);
      }
      fw.end();
    }
    this.scheduleFlush();
  }

  backlogged = false;
  readonly ready: Promise<void>;
  onDrained: () => void = () => {};
  onKeyReady: (db: number, key: string) => void = () => {};
  onKeyspaceEvent: (db: number, event: string, key: string) => void = () => {};

  send(shard: number, cmd: Command, db: number, flags: number, buf: Buffer, starts: Int32Array, ends: Int32Array,
    argIdx: number[] | null, argc: number, _client: Client, target: ReplyTarget, part: number): boolean {
    const link = this.links[shard];
    this.encodeCommand(link.requests, RequestKind.Command, cmd, db, flags, buf, starts, ends, argIdx, argc);
    link.requests.end();
    link.expect(target!, part);
    this.sent();
    return true;
  }

  unwatch(shard: number, db: number, key: string): void {
    const fw = this.links[shard].requests;
    fw.begin();
    fw.w.ensure(2 + key.length);
    fw.w.buf[fw.w.pos++] = RequestKind.Unwatch;
    fw.w.buf[fw.w.pos++] = db;
    fw.w.pos += fw.w.buf.latin1Write(key, fw.w.pos);
    fw.end();
    this.scheduleFlush();
  }

  sendTx(coordinator: number, participants: number[], cmd: Command, db: number, flags: number, buf: Buffer,
    starts: Int32Array, ends: Int32Array, argc: number, _client: Client, target: Slot | ReplyCallback): void {
    const link = this.links[coordinator];
    this.encodeCommand(link.requests, RequestKind.TxCommand, cmd, db, flags, buf, starts, ends, null, argc);
    this.endTx(link, participants, coordinator);
    link.expect(target, 0);
    this.sent();
  }

  /** Stages a command frame (header and arguments; the caller ends the frame). */
  private encodeCommand(fw: FrameWriter, kind: RequestKind, cmd: Command, db: number, flags: number, buf: Buffer,
    starts: Int32Array, ends: Int32Array, argIdx: number[] | null, argc: number): void {
    const n = argIdx === null ? argc : argIdx.length;
    let bytes = 9;
    for (let i = 0; i < n; i++) {
      const a = argIdx === null ? i : argIdx[i];
      bytes += 4 + ends[a] - starts[a];
    }
    fw.begin();
    const w = fw.w;
    w.ensure(bytes);
    const b = w.buf;
    let p = w.pos;
    // Byte stores and copyBytes: Buffer's write and copy methods validate their arguments and
    // cross into C++ on every call, which cost more than the bytes here.
    b[p] = kind;
    b[p + 1] = cmd.id;
    b[p + 2] = cmd.id >>> 8;
    b[p + 3] = db;
    b[p + 4] = flags;
    putUint32(b, p + 5, n);
    p += 9;
    for (let i = 0; i < n; i++) {
      const a = argIdx === null ? i : argIdx[i];
      const from = starts[a];
      const len = ends[a] - from;
      putUint32(b, p, len);
      copyBytes(buf, from, from + len, b, p + 4);
      p += 4 + len;
    }
    w.pos = p;
  }

  call(shard: number, cmd: Command, db: number, flags: number, argv: string[]): Promise<Buffer> {
    return new Promise((resolve) => {
      const link = this.links[shard];
      this.encodeStrings(link.requests, RequestKind.Command, cmd, db, flags, argv);
      link.requests.end();
      link.expect((reply) => resolve(reply), 0);
      this.sent();
    });
  }

  callTx(coordinator: number, participants: number[], cmd: Command, db: number, flags: number, argv: string[],
    done: (reply: Buffer) => void): void {
    if (participants.length === 0) {
      void this.call(coordinator, cmd, db, flags, argv).then(done);
      return;
    }
    const link = this.links[coordinator];
    this.encodeStrings(link.requests, RequestKind.TxCommand, cmd, db, flags, argv);
    this.endTx(link, participants, coordinator);
    link.expect((reply) => done(reply), 0);
    this.sent();
  }

  /** Stages a command frame from strings (the caller ends the frame). */
  private encodeStrings(fw: FrameWriter, kind: RequestKind, cmd: Command, db: number, flags: number, argv: string[]): void {
    fw.begin();
    writeCommandPayload(fw.w, kind, cmd.id, db, flags, argv);
  }

  /** Ends a TxCommand frame with its participants, and sends each of them a barrier. */
  private endTx(link: ShardLink, participants: number[], coordinator: number): void {
    const fw = link.requests;
    fw.w.ensure(1 + participants.length);
    fw.w.buf[fw.w.pos++] = participants.length;
    for (const p of participants) fw.w.buf[fw.w.pos++] = p;
    fw.end();
    for (const p of participants) {
      const pw = this.links[p].requests;
      pw.begin();
      pw.w.buf[pw.w.pos++] = RequestKind.Barrier;
      pw.w.buf[pw.w.pos++] = coordinator;
      pw.end();
    }
  }


  private sent(): void {
    this.outstanding++;
    this.scheduleFlush();
  }

  /** Everything staged in this event-loop turn goes out together: one push and doorbell per shard. */
  private scheduleFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    this.pushRequests();
    this.lastProgress = performance.now();
    this.schedulePoll();
  };

  private pushRequests(): boolean {
    let all = true;
    let staged = 0;
    for (const link of this.links) {
      if (link.requests.staged === 0) continue;
      if (!link.requests.push()) all = false;
      staged = Math.max(staged, link.requests.staged);
      ring(this.bells, shardParty(link.index));
    }
    // Bounded memory: past BACKLOG_LIMIT bytes waiting for a ring, stop reading sockets; resume
    // once everything waiting has gone in.
    if (staged > BACKLOG_LIMIT) {
      this.backlogged = true;
    } else if (this.backlogged && all) {
      this.backlogged = false;
      this.onDrained();
    }
    return all;
  }

  private schedulePoll(): void {
    if (this.pollScheduled) return;
    this.pollScheduled = true;
    setImmediate(this.poll);
  }

  private readonly poll = (): void => {
    this.pollScheduled = false;
    const now = performance.now();
    if (this.drainReplies()) this.lastProgress = now;
    // Requests that did not fit earlier (ring full, or bigger than the ring) go as room frees.
    const allPushed = this.pushRequests();
    // With nothing owed, keep listening anyway: shards also send notes of their own (keyspace
    // notifications from expiry, ready keys).
    if (this.outstanding === 0 && allPushed) this.park();
    else if (now - this.lastProgress < this.pollSpinMs || !allPushed) this.schedulePoll();
    else this.park();
  };

  /** Sleeps until a shard rings, without blocking the event loop. */
  private park(): void {
    if (this.parked) return;
    const seen = Atomics.load(this.bells, ACCEPTOR_PARTY);
    Atomics.store(this.bells, ACCEPTOR_PARTY + 1, 1);
    for (const link of this.links) {
      if (link.replies.available() > 0) {
        Atomics.store(this.bells, ACCEPTOR_PARTY + 1, 0);
        this.schedulePoll();
        return;
      }
    }
    this.parked = true;
    const waiting = Atomics.waitAsync(this.bells, ACCEPTOR_PARTY, seen);
    const wake = (): void => {
      this.parked = false;
      Atomics.store(this.bells, ACCEPTOR_PARTY + 1, 0);
      this.lastProgress = performance.now();
      this.poll();
    };
    if (waiting.async) waiting.value.then(wake);
    else wake();
  }

  /** Delivers every complete reply frame. Returns true if any arrived. */
  private drainReplies(): boolean {
    let any = false;
    for (const link of this.links) {
      const r = link.replies;
      if (r.pull() === 0 && r.nextFrame() < 0) continue;
      let size: number;
      while ((size = r.nextFrame()) >= 0) {
        const kind = r.buf[r.pos + 4];
        const from = r.pos + 5;
        const to = r.pos + 4 + size;
        any = true;
        if (kind === ReplyKind.Event || kind === ReplyKind.EventNow) {
          const eventLen = r.buf.readUInt32LE(from + 1);
          const ev: KeyspaceEvent = {
            db: r.buf[from],
            event: r.buf.latin1Slice(from + 5, from + 5 + eventLen),
            key: r.buf.latin1Slice(from + 5 + eventLen, to),
          };
          r.consume(size);
          // A command's events wait for its reply (the next frame) to be released in order.
          if (kind === ReplyKind.Event) link.pendingEvents.push(ev);
          else this.onKeyspaceEvent(ev.db, ev.event, ev.key);
          continue;
        }
        if (kind === ReplyKind.KeyReady) {
          const db = r.buf[from];
          const key = r.buf.latin1Slice(from + 1, to);
          r.consume(size);
          this.onKeyReady(db, key);
          continue;
        }
        const part = link.parts[link.head];
        const target = link.nextTarget();
        this.outstanding--;
        if (link.pendingEvents.length > 0) {
          const events = link.pendingEvents.splice(0);
          if (typeof target === 'function') for (const ev of events) this.onKeyspaceEvent(ev.db, ev.event, ev.key);
          else (target.events ??= []).push(...events);
        }
        if (typeof target === 'function') {
          target(Buffer.from(r.buf.subarray(from, to)), kind === ReplyKind.Blocked);
        } else {
          const c = target.client;
          c.complete(target, part, r.buf, from, to);
          this.touched.add(c);
        }
        r.consume(size);
      }
    }
    this.touched.flush();
    return any;
  }

  async stop(): Promise<void> {
    for (const link of this.links) {
      link.requests.begin();
      link.requests.w.buf[link.requests.w.pos++] = RequestKind.Stop;
      link.requests.end();
      link.requests.push();
      ring(this.bells, shardParty(link.index));
    }
    await Promise.all(this.links.map((l) => new Promise<void>((resolve) => {
      const t = setTimeout(() => { void l.worker.terminate(); }, 1000);
      l.worker.once('exit', () => { clearTimeout(t); resolve(); });
    })));
  }
}
