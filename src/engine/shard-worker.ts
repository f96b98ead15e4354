// Entry point of a shard worker thread: drain the request ring, run each command on this
// shard's keyspace, encode replies into the reply ring, ring the acceptor, sleep when idle.
import { workerData } from 'node:worker_threads';
import { commandsById } from '../commands/table';
import { Shard } from '../store/shard';
import { ShardStats } from './stats';
import { FrameReader, FrameWriter, ring, BELL_WORDS } from './ring';
import { ACCEPTOR_PARTY, ReplyKind, RequestKind, REQUEST_HEADER, shardParty } from './protocol';

export interface ShardWorkerData {
  index: number;
  dbCount: number;
  requestRing: SharedArrayBuffer;
  replyRing: SharedArrayBuffer;
  bells: SharedArrayBuffer;
  stats: SharedArrayBuffer;
}

/** Longest sleep when idle: shards wake at least this often for timed work (expiry, timeouts). */
const IDLE_WAIT_MS = 100;

function run(data: ShardWorkerData): void {
  const shard = new Shard(data.index, data.dbCount, new ShardStats(data.dbCount, commandsById.length, data.stats));
  const requests = new FrameReader(data.requestRing);
  const replies = new FrameWriter(data.replyRing);
  const bells = new Int32Array(data.bells);
  const me = shardParty(data.index) * BELL_WORDS;
  const w = replies.w;
  const argv: string[] = [];

  for (;;) {
    const seen = Atomics.load(bells, me);
    if (requests.pull() === 0 && requests.nextFrame() < 0) {
      // Flag ourselves asleep, re-check, then wait for the doorbell to change.
      Atomics.store(bells, me + 1, 1);
      if (requests.available() === 0) Atomics.wait(bells, me, seen, IDLE_WAIT_MS);
      Atomics.store(bells, me + 1, 0);
      continue;
    }
    let size: number;
    while ((size = requests.nextFrame()) >= 0) {
      const b = requests.buf;
      const at = requests.pos + 4;
      const kind = b[at];
      if (kind === RequestKind.Stop) return;
      const cmd = commandsById[b.readUInt16LE(at + 1)];
      const db = b[at + 3];
      const flags = b[at + 4];
      const argc = b.readUInt32LE(at + 5);
      let p = at + REQUEST_HEADER;
      argv.length = argc;
      for (let i = 0; i < argc; i++) {
        const len = b.readUInt32LE(p);
        argv[i] = b.latin1Slice(p + 4, p + 4 + len);
        p += 4 + len;
      }
      requests.consume(size);
      replies.begin();
      w.buf[w.pos++] = ReplyKind.Reply;
      shard.execute(cmd, db, flags, argv, w);
      replies.end();
    }
    // Hand the batch's replies over; if the ring is full, wait for the acceptor to drain it.
    while (!replies.push()) {
      ring(bells, ACCEPTOR_PARTY);
      Atomics.wait(bells, me, Atomics.load(bells, me), 1);
    }
    ring(bells, ACCEPTOR_PARTY);
  }
}

run(workerData as ShardWorkerData);
