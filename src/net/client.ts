// One client connection: its state, and the ordering of its replies.
//
// Commands of one connection may be answered by different shards, out of order. Each command
// that cannot be answered at once gets a Slot in the connection's queue; replies are written to
// the socket strictly in queue order. A reply for the head of the queue goes straight into the
// output buffer, with no copy into the slot.
import type { Socket } from 'node:net';
import type { Merge } from '../commands/types';
import { RequestParser, type CommandSink } from '../protocol/parser';
import type { ReplyWriter } from '../protocol/writer';
import { mergeReplies } from './merge';
import { copyBytes } from '../util/bytes';
import type { Server } from './acceptor';
import type { SubscriptionKind } from './pubsub';
import type { MultiState } from '../commands/tx';
import type { KeyspaceEvent } from '../store/shard';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';

/** A connection's first output buffer; it doubles as replies need. */
const INITIAL_OUTPUT = 2048;
/** An output buffer grown past this (a big reply) is not kept for the next replies. */
const MAX_KEPT_OUTPUT = 64 * 1024;

export class Slot {
  /** The complete reply once known. */
  data: Buffer | null = null;
  done = false;
  /** For commands split across shards: replies per part, merged when the last arrives. */
  parts: Array<Buffer | null> | null = null;
  partsLeft = 0;
  merge: Merge | null = null;
  /** For 'interleave' merges: the original key position of each element, per part. */
  order: number[][] | null = null;
  /** The reply is dropped once it arrives (CLIENT REPLY OFF/SKIP): it only holds the place. */
  discard = false;
  /** Keyspace notifications of the command, published when its reply is released in order. */
  events: KeyspaceEvent[] | null = null;
  /**
   * For a command split across shards while notifications are on: its keys in argument order,
   * so the parts' events are published in the order Redis would send them.
   */
  keys: string[] | null = null;
  constructor(readonly client: Client) {}
}

export const enum ReplyMode { On, Off, Skip }

/**
 * Clients whose output goes to their sockets together once a pass is over (the sockets read in
 * one event-loop turn, one drain of the shards' replies): Redis's clients_pending_write. A client
 * joins once per pass (Client.flushQueued), so a reader woken by one reply finds the others sent.
 */
export class PendingWrites {
  private readonly clients: Client[] = [];

  /** Queues a client unless it is queued already; true if it is the first of this pass. */
  add(c: Client): boolean {
    if (c.flushQueued) return false;
    c.flushQueued = true;
    return this.clients.push(c) === 1;
  }

  flush(): void {
    const clients = this.clients;
    if (clients.length === 0) return;
    for (let i = 0; i < clients.length; i++) clients[i].flush();
    clients.length = 0;
  }
}

/** A slot's events, in its keys' argument order when the command was split (stable otherwise). */
function orderedEvents(slot: Slot): KeyspaceEvent[] {
  const events = slot.events!;
  const keys = slot.keys;
  if (keys === null) return events;
  return events.map((ev, i) => ({ ev, i, at: keys.indexOf(ev.key) }))
    .sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.ev);
}

export class Client {
  readonly parser = new RequestParser();
  db = 0;
  resp = 2;
  name = '';
  libName = '';
  libVer = '';
  authenticated = true;
  user = 'default';
  replyMode = ReplyMode.On;
  noEvict = false;
  noTouch = false;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  lastCommand = 'NULL';
  /** Close once every queued reply is written (QUIT, protocol errors). */
  closeAfterReply = false;
  closed = false;
  /** Set while the client is queued in a PendingWrites. */
  flushQueued = false;
  /** Feeds parsed commands to the dispatcher (kept to resume parsing after a pause). */
  sink: CommandSink | null = null;
  /** Output not yet handed to the socket. */
  out: Buffer | null = null;
  outLen = 0;
  /**
   * The last view of `out` that the socket took whole, reused for the next write of the same
   * length from the same buffer (replies to a repeated command often are): a subarray per write
   * was a Buffer object of garbage per request at -P 1.
   */
  private written: Buffer | null = null;
  /** The output buffer `written` is a view of. */
  private writtenOf: Buffer | null = null;
  /** Inside MULTI: the queued commands. */
  multi: MultiState | null = null;
  /** Shards holding this client's WATCHed keys. */
  readonly watchedShards = new Set<number>();
  private readonly channels = new Set<string>();
  private readonly patterns = new Set<string>();
  private readonly shardChannels = new Set<string>();
  /** When the output first went over the pubsub soft limit (ms), or 0. */
  private softLimitSince = 0;
  /** Replies still owed, in command order. */
  private pending: Slot[] = [];
  private pendingHead = 0;

  constructor(readonly id: number, readonly socket: Socket, readonly server: Server, readonly addr: string,
    readonly laddr: string, readonly fd: number) {}

  get pendingCount(): number { return this.pending.length - this.pendingHead; }

  /** A place in the reply order for a reply that will come later. */
  newSlot(): Slot {
    const slot = new Slot(this);
    this.pending.push(slot);
    return slot;
  }

  /** Queues reply bytes that are ready now (in order after every reply still owed). */
  send(bytes: Uint8Array, from: number, to: number): void {
    if (this.pendingCount === 0) {
      this.append(bytes, from, to);
    } else {
      const slot = this.newSlot();
      slot.data = Buffer.from(bytes.subarray(from, to));
      slot.done = true;
    }
  }

  /** Completes a slot (or one part of it) with reply bytes; returns true if output became ready. */
  complete(slot: Slot, part: number, bytes: Uint8Array, from: number, to: number): boolean {
    if (slot.discard) to = from;
    else if (slot.parts !== null) {
      slot.parts[part] = Buffer.from(bytes.subarray(from, to));
      if (--slot.partsLeft > 0) return false;
      const merged = mergeReplies(slot.merge!, slot.parts as Buffer[], slot.order);
      slot.parts = null;
      bytes = merged;
      from = 0;
      to = merged.length;
    }
    if (this.pending[this.pendingHead] === slot) {
      this.pendingHead++;
      this.append(bytes, from, to);
      if (slot.events !== null) this.server.publishEvents(orderedEvents(slot));
      this.drainCompleted();
      return true;
    }
    slot.data = Buffer.from(bytes.subarray(from, to));
    slot.done = true;
    return false;
  }

  private drainCompleted(): void {
    const q = this.pending;
    while (this.pendingHead < q.length && q[this.pendingHead].done) {
      const s = q[this.pendingHead++];
      this.append(s.data!, 0, s.data!.length);
      if (s.events !== null) this.server.publishEvents(orderedEvents(s));
    }
    if (this.pendingHead === q.length) {
      // A fresh array: cheaper than resetting the length (a V8 runtime call) once per command.
      this.pending = [];
      this.pendingHead = 0;
    } else if (this.pendingHead > 1024) {
      q.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private append(bytes: Uint8Array, from: number, to: number): void {
    const n = to - from;
    let out = this.out;
    if (out === null || out.length - this.outLen < n) {
      // Below 4 KiB, allocUnsafe slices Node's shared pool instead of allocating a new ArrayBuffer.
      const grown = Buffer.allocUnsafe(Math.max(INITIAL_OUTPUT, (this.outLen + n) * 2));
      if (out !== null) out.copy(grown, 0, 0, this.outLen);
      out = this.out = grown;
    }
    copyBytes(bytes, from, to, out, this.outLen);
    this.outLen += n;
  }

  /**
   * Lends the output buffer to a writer so a reply is encoded straight into it (inline mode's
   * fast path). Only when no earlier reply is still owed; give it back with takeOutput().
   */
  lendOutput(w: ReplyWriter): boolean {
    if (this.pendingCount !== 0 || this.closed) return false;
    if (this.out === null) this.out = Buffer.allocUnsafe(INITIAL_OUTPUT);
    w.buf = this.out;
    w.pos = this.outLen;
    return true;
  }

  takeOutput(w: ReplyWriter): void {
    this.out = w.buf;
    this.outLen = w.pos;
  }

  subscriptions(kind: SubscriptionKind): Set<string> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  /** Subscribed to anything: in RESP2 only the subscription commands are then allowed. */
  get subscribed(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  /**
   * client-output-buffer-limit for pubsub clients: a subscriber whose unsent output passes the
   * hard limit, or stays over the soft limit for the soft seconds, is disconnected, so a slow
   * reader never makes the server's memory grow without bound.
   */
  checkPubSubOutputLimit(): void {
    const limit = this.server.config.clientOutputBufferLimits()[2];
    const pending = this.outputBytes;
    const hard = Number(limit.hardBytes);
    const soft = Number(limit.softBytes);
    if (hard > 0 && pending > hard) { this.disconnect(); return; }
    if (soft > 0 && pending > soft) {
      const now = Date.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince >= limit.softSeconds * 1000) this.disconnect();
    } else {
      this.softLimitSince = 0;
    }
  }

  private disconnect(): void {
    this.closed = true;
    this.out = null;
    this.outLen = 0;
    this.socket.destroy();
  }

  /** Continues with commands held back while the connection was paused (e.g. blocked). */
  resumeParsing(): void {
    if (this.closed || this.sink === null) return;
    this.parser.resume(this.sink);
    if (this.parser.error !== null) {
      this.server.replyError(this, `ERR ${this.parser.error}`);
      this.closeAfterReply = true;
    }
    this.flush();
  }

  /** Hands buffered output to the socket; closes if asked and nothing is owed any more. */
  flush(): void {
    this.flushQueued = false;
    if (this.closed) return;
    if (this.outLen > 0) {
      const out = this.out!;
      const n = this.outLen;
      this.outLen = 0;
      const socket = this.socket;
      let data = out;
      if (n !== out.length) {
        const w = this.written;
        data = w !== null && w.length === n && this.writtenOf === out ? w : out.subarray(0, n);
      }
      socket.write(data);
      // Written at once (the usual case): the buffer is free for the next replies, which saves
      // an allocation (and its garbage) per write. Else the socket holds it until written.
      if (socket.writableLength !== 0 || out.length > MAX_KEPT_OUTPUT) {
        this.out = null;
        this.written = this.writtenOf = null;
      } else if (data !== out) {
        this.written = data;
        this.writtenOf = out;
      }
    }
    if (this.closeAfterReply && this.pendingCount === 0) {
      this.closed = true;
      this.socket.end();
    }
  }

  /** Bytes held for this client: query buffer, queued output and owed replies (CLIENT LIST). */
  get outputBytes(): number {
    return this.outLen + this.socket.writableLength;
  }
}
