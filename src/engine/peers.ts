// Shard ↔ shard channels for cross-shard transactions (docs/ARCHITECTURE.md, "Transactions").
//
// Every ordered pair of shards has a ring. Only a transaction's coordinator sends requests, and
// only the participants parked at that transaction's barrier answer, one request at a time, so
// both sides can wait synchronously (Atomics.wait) without deadlock: every shard meets barriers
// in the acceptor's one global order.
import type { Command } from '../commands/types';
import type { KeyspaceEvent, RemoteShards } from '../store/shard';
import { readTransfer, writeTransfer, type Transfer } from '../store/transfer';
import type { ShardSettings } from '../store/settings';
import { keySlotOfString } from './hash';
import { BELL_WORDS, FrameReader, FrameWriter, ring } from './ring';
import { PeerOp, shardParty, writeCommandPayload } from './protocol';

/** rings[from * n + to]: the ring carrying frames from shard `from` to shard `to`. */
export function allocPeerRings(shards: number, allocRing: () => SharedArrayBuffer): SharedArrayBuffer[] {
  const rings: SharedArrayBuffer[] = [];
  for (let from = 0; from < shards; from++) {
    for (let to = 0; to < shards; to++) rings.push(from === to ? new SharedArrayBuffer(8) : allocRing());
  }
  return rings;
}

export class Peers implements RemoteShards {
  private readonly out: Array<FrameWriter | null> = [];
  private readonly in: Array<FrameReader | null> = [];
  private readonly bellAt: number;

  constructor(readonly me: number, readonly shardCount: number, rings: SharedArrayBuffer[], private readonly bells: Int32Array,
    private readonly slots: Uint16Array, private readonly settings: ShardSettings, private readonly events: KeyspaceEvent[]) {
    for (let j = 0; j < shardCount; j++) {
      this.out.push(j === me ? null : new FrameWriter(rings[me * shardCount + j]));
      this.in.push(j === me ? null : new FrameReader(rings[j * shardCount + me]));
    }
    this.bellAt = shardParty(me) * BELL_WORDS;
  }

  owner(key: string): number {
    return this.slots[keySlotOfString(key)];
  }

  /** Starts a frame to shard j; write the payload through the returned writer, then send(j). */
  begin(j: number): FrameWriter {
    const fw = this.out[j]!;
    fw.begin();
    return fw;
  }

  /** Finishes and delivers the frame begun with begin(j), waiting for room if the ring is full. */
  send(j: number): void {
    const fw = this.out[j]!;
    fw.end();
    while (!fw.push()) {
      ring(this.bells, shardParty(j));
      this.sleep(1);
    }
    ring(this.bells, shardParty(j));
  }

  /** Waits for the next complete frame from shard j. Returns its payload's [from, to) in buf. */
  receive(j: number): { buf: Buffer; from: number; to: number; size: number } {
    const r = this.in[j]!;
    for (;;) {
      const seen = Atomics.load(this.bells, this.bellAt);
      const pulled = r.pull();
      const size = r.nextFrame();
      if (size >= 0) {
        if (pulled > 0) ring(this.bells, shardParty(j)); // the sender may be waiting for room
        return { buf: r.buf, from: r.pos + 4, to: r.pos + 4 + size, size };
      }
      if (pulled > 0) { ring(this.bells, shardParty(j)); continue; }
      Atomics.store(this.bells, this.bellAt + 1, 1);
      if (r.available() === 0) Atomics.wait(this.bells, this.bellAt, seen, 50);
      Atomics.store(this.bells, this.bellAt + 1, 0);
    }
  }

  consume(j: number, size: number): void {
    this.in[j]!.consume(size);
  }

  private sleep(ms: number): void {
    Atomics.wait(this.bells, this.bellAt, Atomics.load(this.bells, this.bellAt), ms);
  }

  // ---- coordinator side: requests to a participant parked at our barrier

  private keyRequest(j: number, op: PeerOp, db: number, key: string, extra = -1): void {
    const w = this.begin(j).w;
    w.ensure(7 + key.length);
    w.buf[w.pos++] = op;
    w.buf[w.pos++] = db;
    if (extra >= 0) w.buf[w.pos++] = extra;
    w.buf.writeUInt32LE(key.length, w.pos);
    w.pos += 4;
    w.pos += w.buf.latin1Write(key, w.pos);
  }

  private transferReply(j: number): Transfer | undefined {
    const r = this.receive(j);
    const found = r.buf[r.from] === 1;
    const t = found ? readTransfer(r.buf, r.from + 1, this.settings).t : undefined;
    this.consume(j, r.size);
    return t;
  }

  private flagReply(j: number): boolean {
    const r = this.receive(j);
    const flag = r.buf[r.from] === 1;
    this.consume(j, r.size);
    return flag;
  }

  peek(j: number, db: number, key: string): Transfer | undefined {
    this.keyRequest(j, PeerOp.Peek, db, key);
    this.send(j);
    return this.transferReply(j);
  }

  take(j: number, db: number, key: string): Transfer | undefined {
    this.keyRequest(j, PeerOp.Take, db, key);
    this.send(j);
    return this.transferReply(j);
  }

  put(j: number, db: number, key: string, t: Transfer, replace: boolean): boolean {
    this.keyRequest(j, PeerOp.Put, db, key, replace ? 1 : 0);
    writeTransfer(this.out[j]!.w, t);
    this.send(j);
    return this.flagReply(j);
  }

  del(j: number, db: number, key: string): boolean {
    this.keyRequest(j, PeerOp.Delete, db, key);
    this.send(j);
    return this.flagReply(j);
  }

  exists(j: number, db: number, key: string): boolean {
    this.keyRequest(j, PeerOp.Exists, db, key);
    this.send(j);
    return this.flagReply(j);
  }

  watch(j: number, db: number, key: string): void {
    this.keyRequest(j, PeerOp.Watch, db, key);
    this.send(j);
    this.flagReply(j);
  }

  call(j: number, cmd: Command, db: number, flags: number, argv: string[]): Buffer {
    writeCommandPayload(this.begin(j).w, PeerOp.Call, cmd.id, db, flags, argv);
    this.send(j);
    const r = this.receive(j);
    let p = r.from;
    const n = r.buf.readUInt32LE(p);
    p += 4;
    for (let i = 0; i < n; i++) {
      const db = r.buf[p];
      const eventLen = r.buf.readUInt32LE(p + 1);
      const event = r.buf.latin1Slice(p + 5, p + 5 + eventLen);
      p += 5 + eventLen;
      const keyLen = r.buf.readUInt32LE(p);
      const key = r.buf.latin1Slice(p + 4, p + 4 + keyLen);
      p += 4 + keyLen;
      this.events.push({ db, event, key });
    }
    const reply = Buffer.from(r.buf.subarray(p, r.to));
    this.consume(j, r.size);
    return reply;
  }

  release(j: number): void {
    const w = this.begin(j).w;
    w.buf[w.pos++] = PeerOp.Release;
    this.send(j);
  }
}
