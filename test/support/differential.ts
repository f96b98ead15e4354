// Differential testing: the same command sequence goes to a real redis-server and to Kunyu, and
// the raw reply bytes must match exactly.
import * as assert from 'uvu/assert';
import { RawClient, resp, type RunningServer } from './servers';

export type Cmd = string[];

/** Replies that legitimately differ between servers are normalised before comparing. */
export type Normalise = (cmd: Cmd, reply: string) => string;

export async function runBoth(redis: RunningServer, kunyu: RunningServer, cmds: Cmd[], normalise?: Normalise): Promise<void> {
  const a = await RawClient.connect(redis.port);
  const b = await RawClient.connect(kunyu.port);
  try {
    // Pipelined in batches: ordering across shards is part of what is tested.
    const batch = 50;
    for (let i = 0; i < cmds.length; i += batch) {
      const chunk = cmds.slice(i, i + batch);
      const bytes = Buffer.concat(chunk.map((c) => resp(...c)));
      a.write(bytes);
      b.write(bytes);
      const [ra, rb] = await Promise.all([a.replies(chunk.length), b.replies(chunk.length)]);
      for (let j = 0; j < chunk.length; j++) {
        let ea = ra[j].toString('latin1');
        let eb = rb[j].toString('latin1');
        if (normalise) { ea = normalise(chunk[j], ea); eb = normalise(chunk[j], eb); }
        if (ea !== eb) {
          const context = cmds.slice(Math.max(0, i + j - 8), i + j + 1).map((c) => c.join(' ')).join('\n  ');
          assert.fixture(eb, ea, `reply to ${JSON.stringify(chunk[j])} differs (kunyu vs redis); recent commands:\n  ${context}`);
        }
      }
    }
  } finally {
    a.close();
    b.close();
  }
}

/** Sends raw bytes to both servers and compares everything they answer until they close. */
export async function rawBoth(redis: RunningServer, kunyu: RunningServer, bytes: string | Buffer, waitClose: boolean, replies = 1): Promise<void> {
  const a = await RawClient.connect(redis.port);
  const b = await RawClient.connect(kunyu.port);
  try {
    a.write(bytes);
    b.write(bytes);
    if (waitClose) {
      const [ra, rb] = await Promise.all([a.waitClosed(), b.waitClosed()]);
      assert.fixture(rb, ra, `raw ${JSON.stringify(bytes.toString())}`);
    } else {
      const [ra, rb] = await Promise.all([a.replies(replies), b.replies(replies)]);
      assert.fixture(Buffer.concat(rb).toString('latin1'), Buffer.concat(ra).toString('latin1'), `raw ${JSON.stringify(bytes.toString())}`);
    }
  } finally {
    a.close();
    b.close();
  }
}

/** A small seeded PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

/** Runs `cmds` with notify-keyspace-events = `flags` and returns the notifications, as text lines. */
export async function notificationsOf(server: RunningServer, flags: string, cmds: Cmd[], waitMs = 0): Promise<string[]> {
  const sub = await RawClient.connect(server.port);
  const cmd = await RawClient.connect(server.port);
  try {
    await cmd.call('FLUSHALL');
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', flags);
    sub.write(resp('PSUBSCRIBE', '__key*__:*', 'marker'));
    await sub.replies(2);
    cmd.write(Buffer.concat(cmds.map((c) => resp(...c))));
    await cmd.replies(cmds.length);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    cmd.write(resp('PUBLISH', 'marker', 'end'));
    await cmd.replies(1);
    const lines: string[] = [];
    for (;;) {
      const [msg] = await sub.replies(1);
      const text = msg.toString('latin1');
      if (text.includes('$6\r\nmarker\r\n')) break;
      // *4 pmessage pattern channel payload → "channel payload"
      const parts = text.split('\r\n');
      lines.push(`${parts[6]} ${parts[8]}`);
    }
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    return lines;
  } finally {
    sub.close();
    cmd.close();
  }
}

/** Normaliser that ignores HELLO's reply (server name and version differ by design). */
export const ignoreHello: Normalise = (cmd, reply) => (cmd[0] === 'HELLO' ? '' : reply);
