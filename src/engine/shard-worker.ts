// Entry point of a shard worker thread: drain the request ring, run each command on this
// shard's keyspace, encode replies into the reply ring, ring the acceptor, sleep when idle.
// Cross-shard transactions: a TxCommand makes this shard the coordinator (its handler reaches
// other shards' keys through Peers); a Barrier parks this shard to serve a coordinator.
import { parentPort, workerData } from 'node:worker_threads';
import { commandsById, nameArgument } from '../commands/table';
import type { Command } from '../commands/types';
import { Shard } from '../store/shard';
import { ReplyWriter } from '../protocol/writer';
import { latin1String } from '../util/bytes';
import { readTransfer, writeTransfer } from '../store/transfer';
import { ShardStats } from './stats';
import { slotTable } from './hash';
import { Peers } from './peers';
import { FrameReader, FrameWriter, ring, BELL_WORDS } from './ring';
import { ACCEPTOR_PARTY, PeerOp, ReplyKind, RequestKind, REQUEST_HEADER, shardParty } from './protocol';
import { attachScriptControl } from '../commands/scripting';
import { ScriptControl } from '../scripting/control';
// The global `performance` is a lazy accessor in Node 20: reading it costs a getter call each time.
import { performance } from 'node:perf_hooks';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';

export interface ShardWorkerData {
  index: number;
  shardCount: number;
  dbCount: number;
  requestRing: SharedArrayBuffer;
  replyRing: SharedArrayBuffer;
  peerRings: SharedArrayBuffer[];
  bells: SharedArrayBuffer;
  stats: SharedArrayBuffer;
  /** Initial values of the directives shards use (SHARD_DIRECTIVES). */
  settings: Array<[string, string]>;
  /** Shared with the acceptor: a running script's state, SCRIPT KILL requests (src/scripting/control.ts). */
  scriptControl: SharedArrayBuffer;
  /**
   * How long an idle shard keeps polling its ring before sleeping (ms; `spin-us`): saves the
   * acceptor a futex wake per batch when a core is free to spin on (see spinWindows).
   */
  spinMs: number;
}

/** Longest sleep when idle: shards wake at least this often for timed work (expiry, timeouts). */
const IDLE_WAIT_MS = 100;

/** Offset just after the arguments readArgs decoded last. */
let argsEnd = 0;

/**
 * Decodes `argc` length-prefixed arguments at buf[p] into a fresh array (cheaper than setting a
 * reused array's length, a V8 runtime call); sets argsEnd.
 */
function readArgs(buf: Buffer, p: number, argc: number, cmd: Command): string[] {
  const argv = new Array<string>(argc);
  for (let i = 0; i < argc; i++) {
    const len = buf.readUInt32LE(p);
    argv[i] = i === 0 ? nameArgument(cmd, buf, p + 4, p + 4 + len) : latin1String(buf, p + 4, p + 4 + len);
    p += 4 + len;
  }
  argsEnd = p;
  return argv;
}

/** Parked at a coordinator's barrier: serve its requests until it releases us. */
function serveBarrier(shard: Shard, peers: Peers, coordinator: number): void {
  const side = new ReplyWriter(1024);
  for (;;) {
    const r = peers.receive(coordinator);
    const b = r.buf;
    const op = b[r.from];
    if (op === PeerOp.Release) {
      peers.consume(coordinator, r.size);
      return;
    }
    if (op === PeerOp.Call) {
      const cmd = commandsById[b.readUInt16LE(r.from + 1)];
      const db = b[r.from + 3];
      const flags = b[r.from + 4];
      const argv = readArgs(b, r.from + 9, b.readUInt32LE(r.from + 5), cmd);
      peers.consume(coordinator, r.size);
      const w = peers.begin(coordinator).w;
      const countAt = w.pos;
      w.ensure(4);
      w.pos += 4;
      const mark = shard.events.length;
      // Execute into a side writer first: its events go before its reply in the frame.
      side.pos = 0;
      shard.execute(cmd, db, flags, argv, side);
      const events = shard.events.splice(mark);
      w.buf.writeUInt32LE(events.length, countAt);
      for (const ev of events) {
        w.ensure(9 + ev.event.length + ev.key.length);
        w.buf[w.pos++] = ev.db;
        w.buf.writeUInt32LE(ev.event.length, w.pos);
        w.pos += 4;
        w.pos += w.buf.latin1Write(ev.event, w.pos);
        w.buf.writeUInt32LE(ev.key.length, w.pos);
        w.pos += 4;
        w.pos += w.buf.latin1Write(ev.key, w.pos);
      }
      w.raw(side.buf.subarray(0, side.pos));
      peers.send(coordinator);
      continue;
    }
    const ctx = shard.localContext(b[r.from + 1]);
    let p = r.from + 2;
    const replace = op === PeerOp.Put ? b[p++] === 1 : false;
    const keyLen = b.readUInt32LE(p);
    const key = b.latin1Slice(p + 4, p + 4 + keyLen);
    p += 4 + keyLen;
    const t = op === PeerOp.Put ? readTransfer(b, p, shard.settings).t : undefined;
    peers.consume(coordinator, r.size);
    const w: ReplyWriter = peers.begin(coordinator).w;
    w.ensure(1);
    switch (op) {
      case PeerOp.Peek:
      case PeerOp.Take: {
        const found = op === PeerOp.Peek ? shard.peekKey(ctx, key) : shard.takeKey(ctx, key);
        w.buf[w.pos++] = found === undefined ? 0 : 1;
        if (found !== undefined) writeTransfer(w, found);
        break;
      }
      case PeerOp.Put: w.buf[w.pos++] = shard.putKey(ctx, key, t!, replace) ? 1 : 0; break;
      case PeerOp.Delete: w.buf[w.pos++] = shard.delKey(ctx, key) ? 1 : 0; break;
      case PeerOp.Exists: w.buf[w.pos++] = shard.existsKey(ctx, key) ? 1 : 0; break;
      case PeerOp.Watch: shard.watch(ctx.db.id, key); w.buf[w.pos++] = 1; break;
      default: throw new Error(`unknown peer op ${op}`);
    }
    shard.publishDbStats(ctx.db);
    peers.send(coordinator);
  }
}

/** Moves the shard's queued keyspace notifications into reply-ring frames of the given kind. */
function writeEvents(replies: FrameWriter, shard: Shard, kind: ReplyKind): void {
  if (shard.events.length === 0) return;
  const w = replies.w;
  for (const ev of shard.events.splice(0)) {
    replies.begin();
    w.ensure(6 + ev.event.length + ev.key.length);
    w.buf[w.pos++] = kind;
    w.buf[w.pos++] = ev.db;
    w.buf.writeUInt32LE(ev.event.length, w.pos);
    w.pos += 4;
    w.pos += w.buf.latin1Write(ev.event, w.pos);
    w.pos += w.buf.latin1Write(ev.key, w.pos);
    replies.end();
  }
}

/** Keys that blocked clients wait on and that got data (or, for streams, went away). */
function writeReadyKeys(replies: FrameWriter, shard: Shard): void {
  if (shard.readyKeys.length === 0) return;
  const w = replies.w;
  for (const [readyDb, key] of shard.takeReadyKeys()) {
    replies.begin();
    w.ensure(2 + key.length);
    w.buf[w.pos++] = ReplyKind.KeyReady;
    w.buf[w.pos++] = readyDb;
    w.pos += w.buf.latin1Write(key, w.pos);
    replies.end();
  }
}

function run(data: ShardWorkerData): void {
  const shard = new Shard(data.index, data.dbCount, new ShardStats(data.dbCount, commandsById.length, data.stats));
  const bells = new Int32Array(data.bells);
  const peers = new Peers(data.index, data.shardCount, data.peerRings, bells, slotTable(data.shardCount), shard.settings,
    shard.events);
  shard.remote = peers;
  attachScriptControl(shard, new ScriptControl(data.shardCount, data.scriptControl));
  for (const [name, value] of data.settings) shard.settings.apply(name, value, data.shardCount);
  const requests = new FrameReader(data.requestRing);
  // Everything is loaded: the acceptor starts listening once every shard has said so.
  parentPort!.postMessage('ready');
  const replies = new FrameWriter(data.replyRing);
  const me = shardParty(data.index) * BELL_WORDS;
  const w = replies.w;
  const participants: number[] = [];

  for (;;) {
    const seen = Atomics.load(bells, me);
    const now = Date.now();
    shard.tick(now);
    if (shard.events.length > 0 || shard.readyKeys.length > 0) {
      writeEvents(replies, shard, ReplyKind.EventNow);
      // Expiry may take a stream a blocked XREADGROUP waits on.
      writeReadyKeys(replies, shard);
      while (!replies.push()) Atomics.wait(bells, me, Atomics.load(bells, me), 1);
      ring(bells, ACCEPTOR_PARTY);
    }
    if (requests.pull() === 0 && requests.nextFrame() < 0) {
      if (data.spinMs > 0) {
        const until = performance.now() + data.spinMs;
        while (requests.available() === 0 && performance.now() < until);
        if (requests.available() > 0) continue;
      }
      // Flag ourselves asleep, re-check, then wait for the doorbell (or the next timed work).
      Atomics.store(bells, me + 1, 1);
      if (requests.available() === 0) Atomics.wait(bells, me, seen, Math.min(IDLE_WAIT_MS, shard.msUntilTick(now) + 1));
      Atomics.store(bells, me + 1, 0);
      continue;
    }
    let size: number;
    while ((size = requests.nextFrame()) >= 0) {
      const b = requests.buf;
      const at = requests.pos + 4;
      const kind = b[at];
      if (kind === RequestKind.Stop) return;
      if (kind === RequestKind.Config) {
        const nameLen = b.readUInt32LE(at + 1);
        const name = b.latin1Slice(at + 5, at + 5 + nameLen);
        const valueLen = b.readUInt32LE(at + 5 + nameLen);
        const value = b.latin1Slice(at + 9 + nameLen, at + 9 + nameLen + valueLen);
        requests.consume(size);
        shard.settings.apply(name, value, data.shardCount);
        continue;
      }
      if (kind === RequestKind.Unwatch) {
        shard.unwatch(b[at + 1], b.latin1Slice(at + 2, at + 1 + size - 1));
        requests.consume(size);
        continue;
      }
      if (kind === RequestKind.Barrier) {
        const coordinator = b[at + 1];
        requests.consume(size);
        serveBarrier(shard, peers, coordinator);
        continue;
      }
      const cmd = commandsById[b.readUInt16LE(at + 1)];
      const db = b[at + 3];
      const flags = b[at + 4];
      const argv = readArgs(b, at + REQUEST_HEADER, b.readUInt32LE(at + 5), cmd);
      let p = argsEnd;
      if (participants.length !== 0) participants.length = 0;
      if (kind === RequestKind.TxCommand) {
        const n = b[p++];
        for (let i = 0; i < n; i++) participants.push(b[p++]);
      }
      requests.consume(size);
      const replyStart = w.pos;
      replies.begin();
      const kindAt = w.pos++;
      w.buf[kindAt] = ReplyKind.Reply;
      shard.execute(cmd, db, flags, argv, w);
      // Blocked: the shard left no reply, or the arguments to run the command with from now on.
      if (shard.lastBlocked) w.buf[kindAt] = ReplyKind.Blocked;
      replies.end();
      for (const j of participants) peers.release(j);
      if (shard.events.length > 0) {
        // The command's notifications go just before its reply: the acceptor attaches them to
        // that reply and publishes them when it is released, in the client's order.
        const reply = Buffer.from(w.buf.subarray(replyStart, w.pos));
        w.pos = replyStart;
        writeEvents(replies, shard, ReplyKind.Event);
        w.raw(reply);
      }
    }
    // Notifications produced outside commands (expiry, a coordinator's peer requests).
    writeEvents(replies, shard, ReplyKind.EventNow);
    // Keys that blocked clients wait on and that got data (here, or while serving a coordinator).
    writeReadyKeys(replies, shard);
    // Hand the batch's replies over; if the ring is full, wait for the acceptor to drain it.
    while (!replies.push()) {
      ring(bells, ACCEPTOR_PARTY);
      Atomics.wait(bells, me, Atomics.load(bells, me), 1);
    }
    ring(bells, ACCEPTOR_PARTY);
  }
}

run(workerData as ShardWorkerData);
