// The Pub/Sub registry. Channels, patterns and shard channels live on the acceptor, which owns
// every connection, so PUBLISH never touches a shard. Keyspace notifications from the shards
// are published through it too.
import { ReplyWriter } from '../protocol/writer';
import { globMatch } from '../util/glob';
import type { Client } from './client';

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();
  private readonly w2 = new ReplyWriter(1024);
  private readonly w3 = new ReplyWriter(1024);

  constructor() {
    this.w3.resp3 = true;
  }

  private registry(kind: SubscriptionKind): Map<string, Set<Client>> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  /** Adds a subscription; false if the client already had it. */
  subscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const mine = c.subscriptions(kind);
    if (mine.has(name)) return false;
    mine.add(name);
    const reg = this.registry(kind);
    let set = reg.get(name);
    if (set === undefined) reg.set(name, (set = new Set()));
    set.add(c);
    return true;
  }

  /** Removes a subscription; false if the client did not have it. */
  unsubscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const mine = c.subscriptions(kind);
    if (!mine.delete(name)) return false;
    const reg = this.registry(kind);
    const set = reg.get(name);
    if (set !== undefined) {
      set.delete(c);
      if (set.size === 0) reg.delete(name);
    }
    return true;
  }

  /** Drops every subscription of a client that disconnected or was RESET. */
  dropClient(c: Client): void {
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      for (const name of [...c.subscriptions(kind)]) this.unsubscribe(c, kind, name);
    }
  }

  /** PUBLISH / SPUBLISH: delivers to subscribers (and, for channels, matching patterns). */
  publish(channel: string, message: string, shard = false): number {
    let receivers = 0;
    const subs = (shard ? this.shardChannels : this.channels).get(channel);
    if (subs !== undefined) {
      for (const c of subs) {
        this.deliver(c, (w) => {
          w.push(3);
          w.bulk(shard ? 'smessage' : 'message');
          w.bulk(channel);
          w.bulk(message);
        });
        receivers++;
      }
    }
    if (shard) return receivers;
    for (const [pattern, clients] of this.patterns) {
      if (!globMatch(pattern, channel)) continue;
      for (const c of clients) {
        this.deliver(c, (w) => {
          w.push(4);
          w.bulk('pmessage');
          w.bulk(pattern);
          w.bulk(channel);
          w.bulk(message);
        });
        receivers++;
      }
    }
    return receivers;
  }

  private deliver(c: Client, write: (w: ReplyWriter) => void): void {
    if (c.closed) return;
    const w = c.resp === 3 ? this.w3 : this.w2;
    w.pos = 0;
    write(w);
    c.send(w.buf, 0, w.pos);
    // Written at the end of the turn with everything else this client got in it: one write per
    // subscriber per turn, not per message.
    c.server.flushLater(c);
    c.checkPubSubOutputLimit();
  }
}
