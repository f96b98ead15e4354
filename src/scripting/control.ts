// What the acceptor needs to know about a script running in a shard worker, without messages:
// a SharedArrayBuffer the shards write and the acceptor reads (busy-reply-threshold, BUSY,
// SCRIPT KILL, FUNCTION KILL, FUNCTION STATS). A shard in a synchronous Lua loop never reads
// its ring, so a kill request is a flag its Lua count hook polls.
//
// Layout: Int32 words — [0] number of shards running a script, [1] mailbox sequence; then per
// shard 5 words (state: 0 idle / 1 EVAL / 2 FCALL, dirty: the script ran a write command, kill:
// requested, info length, mailbox length) — then per shard a Float64 start time (ms, Date.now()),
// an info area (the running function's name and command, JSON, written once the script has run
// a while) and a mailbox: PUBLISH/SPUBLISH messages of scripts, for the acceptor to deliver.

export const enum ScriptState { Idle = 0, Eval = 1, Function = 2 }

const HEADER_INTS = 2;
const MAIL_SEQ = 1;
const SLOT_INTS = 5;
const INFO_BYTES = 16 * 1024;
const MAILBOX_BYTES = 1024 * 1024;

function layout(shards: number): { ints: number; floatsAt: number; infoAt: number; mailAt: number; bytes: number } {
  const ints = HEADER_INTS + shards * SLOT_INTS;
  const floatsAt = Math.ceil((ints * 4) / 8) * 8;
  const infoAt = floatsAt + shards * 8;
  const mailAt = infoAt + shards * INFO_BYTES;
  return { ints, floatsAt, infoAt, mailAt, bytes: mailAt + shards * MAILBOX_BYTES };
}

/** Delivers a message published by a script (the acceptor's pub/sub). */
export type PublishSink = (channel: string, message: string, sharded: boolean) => number;

/** The shared buffer for an engine of `shards` shards (the engine hands it to every worker). */
export function createScriptControlBuffer(shards: number): SharedArrayBuffer {
  return new SharedArrayBuffer(layout(Math.max(1, shards)).bytes);
}

export class ScriptControl {
  private readonly ints: Int32Array;
  private readonly starts: Float64Array;
  private readonly info: Uint8Array;
  private readonly mail: Uint8Array;
  private listening = false;

  constructor(readonly shards: number, buffer: SharedArrayBuffer) {
    const l = layout(Math.max(1, shards));
    this.ints = new Int32Array(buffer, 0, l.ints);
    this.starts = new Float64Array(buffer, l.floatsAt, Math.max(1, shards));
    this.info = new Uint8Array(buffer, l.infoAt, Math.max(1, shards) * INFO_BYTES);
    this.mail = new Uint8Array(buffer, l.mailAt, Math.max(1, shards) * MAILBOX_BYTES);
  }

  // ---- the mailbox: shard (producer) → acceptor (consumer), lock-free. The shard appends at the
  // current length and publishes the new length with a compare-and-swap; the acceptor copies
  // what is there and swaps the length back to 0. If the acceptor emptied it meanwhile, the
  // shard's swap fails and it writes again at 0.

  /** Shard side: queues a message for the acceptor to publish. */
  post(shard: number, channel: string, message: string, sharded: boolean): void {
    const entry = Buffer.allocUnsafe(9 + channel.length + message.length);
    entry[0] = sharded ? 1 : 0;
    entry.writeUInt32LE(channel.length, 1);
    entry.latin1Write(channel, 5);
    entry.writeUInt32LE(message.length, 5 + channel.length);
    entry.latin1Write(message, 9 + channel.length);
    if (entry.length > MAILBOX_BYTES) return; // larger than the mailbox: dropped
    const lenAt = HEADER_INTS + shard * SLOT_INTS + 4;
    const base = shard * MAILBOX_BYTES;
    for (;;) {
      const cur = Atomics.load(this.ints, lenAt);
      if (cur + entry.length > MAILBOX_BYTES) {
        // Full: let the acceptor drain it.
        Atomics.add(this.ints, MAIL_SEQ, 1);
        Atomics.notify(this.ints, MAIL_SEQ);
        Atomics.wait(this.ints, lenAt, cur, 50);
        continue;
      }
      this.mail.set(entry, base + cur);
      if (Atomics.compareExchange(this.ints, lenAt, cur, cur + entry.length) === cur) break;
    }
    Atomics.add(this.ints, MAIL_SEQ, 1);
    Atomics.notify(this.ints, MAIL_SEQ);
  }

  /** Acceptor side: delivers every queued message, then waits for more (without blocking). */
  listen(deliver: PublishSink): void {
    if (this.listening) return;
    this.listening = true;
    const loop = (): void => {
      const seen = Atomics.load(this.ints, MAIL_SEQ);
      this.drain(deliver);
      const r = Atomics.waitAsync(this.ints, MAIL_SEQ, seen);
      if (r.async) void r.value.then(loop);
      else setImmediate(loop);
    };
    loop();
  }

  private drain(deliver: PublishSink): void {
    for (let s = 0; s < Math.max(1, this.shards); s++) {
      const lenAt = HEADER_INTS + s * SLOT_INTS + 4;
      let done = 0;
      for (;;) {
        const len = Atomics.load(this.ints, lenAt);
        if (len === done) {
          if (len === 0 || Atomics.compareExchange(this.ints, lenAt, len, 0) === len) break;
          continue;
        }
        const bytes = Buffer.from(this.mail.subarray(s * MAILBOX_BYTES + done, s * MAILBOX_BYTES + len));
        done = len;
        let p = 0;
        while (p < bytes.length) {
          const sharded = bytes[p] === 1;
          const cl = bytes.readUInt32LE(p + 1);
          const channel = bytes.latin1Slice(p + 5, p + 5 + cl);
          const ml = bytes.readUInt32LE(p + 5 + cl);
          const message = bytes.latin1Slice(p + 9 + cl, p + 9 + cl + ml);
          p += 9 + cl + ml;
          deliver(channel, message, sharded);
        }
      }
      Atomics.notify(this.ints, lenAt);
    }
  }

  // ---- shard side

  begin(shard: number, state: ScriptState): void {
    const at = HEADER_INTS + shard * SLOT_INTS;
    this.starts[shard] = Date.now();
    Atomics.store(this.ints, at + 1, 0);
    Atomics.store(this.ints, at + 2, 0);
    Atomics.store(this.ints, at + 3, 0);
    Atomics.store(this.ints, at, state);
    Atomics.add(this.ints, 0, 1);
  }

  end(shard: number): void {
    const at = HEADER_INTS + shard * SLOT_INTS;
    Atomics.store(this.ints, at, ScriptState.Idle);
    Atomics.store(this.ints, at + 2, 0);
    Atomics.sub(this.ints, 0, 1);
  }

  markDirty(shard: number): void {
    this.ints[HEADER_INTS + shard * SLOT_INTS + 1] = 1;
  }

  killRequested(shard: number): boolean {
    return Atomics.load(this.ints, HEADER_INTS + shard * SLOT_INTS + 2) === 1;
  }

  startedAt(shard: number): number {
    return this.starts[shard];
  }

  /** Publishes the running script's name and command (for FUNCTION STATS). */
  publishInfo(shard: number, name: string, argv: string[]): void {
    let json = JSON.stringify([name, ...argv]);
    if (json.length > INFO_BYTES) json = JSON.stringify([name, ...argv.map((a) => a.slice(0, 64))]).slice(0, INFO_BYTES);
    const bytes = Buffer.from(json, 'utf8');
    const n = Math.min(bytes.length, INFO_BYTES);
    this.info.set(bytes.subarray(0, n), shard * INFO_BYTES);
    Atomics.store(this.ints, HEADER_INTS + shard * SLOT_INTS + 3, n);
  }

  // ---- acceptor side

  /** True if some shard is running a script right now (one shared read). */
  get anyRunning(): boolean {
    return this.ints[0] > 0;
  }

  /** The shard running a script, or -1. */
  runningShard(): number {
    for (let s = 0; s < Math.max(1, this.shards); s++) {
      if (Atomics.load(this.ints, HEADER_INTS + s * SLOT_INTS) !== ScriptState.Idle) return s;
    }
    return -1;
  }

  state(shard: number): ScriptState {
    return Atomics.load(this.ints, HEADER_INTS + shard * SLOT_INTS) as ScriptState;
  }

  dirty(shard: number): boolean {
    return Atomics.load(this.ints, HEADER_INTS + shard * SLOT_INTS + 1) === 1;
  }

  requestKill(shard: number): void {
    Atomics.store(this.ints, HEADER_INTS + shard * SLOT_INTS + 2, 1);
  }

  /** The running script's [name, ...command], if published. */
  runningInfo(shard: number): string[] | null {
    const n = Atomics.load(this.ints, HEADER_INTS + shard * SLOT_INTS + 3);
    if (n === 0) return null;
    try {
      return JSON.parse(Buffer.from(this.info.subarray(shard * INFO_BYTES, shard * INFO_BYTES + n)).toString('utf8')) as string[];
    } catch {
      return null;
    }
  }
}
