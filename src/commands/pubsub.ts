// Pub/Sub commands. They run on the acceptor, which holds the registry (src/net/pubsub.ts).
import type { Client } from '../net/client';
import type { SubscriptionKind } from '../net/pubsub';
import type { ReplyWriter } from '../protocol/writer';
import { globMatch } from '../util/glob';
import type { CommandDef, KeySpec } from './types';
import { helpReply } from './help';

/** The count Redis reports after (un)subscribing: channels + patterns, or shard channels alone. */
function subscriptionCount(c: Client, kind: SubscriptionKind): number {
  return kind === 'shard' ? c.subscriptions('shard').size : c.subscriptions('channel').size + c.subscriptions('pattern').size;
}

const REPLY_NAMES: Record<SubscriptionKind, [string, string]> = {
  channel: ['subscribe', 'unsubscribe'],
  pattern: ['psubscribe', 'punsubscribe'],
  shard: ['ssubscribe', 'sunsubscribe'],
};

function subscribeCommand(kind: SubscriptionKind) {
  return (c: Client, argv: string[], w: ReplyWriter): void => {
    for (let i = 1; i < argv.length; i++) {
      c.server.pubsub.subscribe(c, kind, argv[i]);
      w.push(3);
      w.bulk(REPLY_NAMES[kind][0]);
      w.bulk(argv[i]);
      w.int(subscriptionCount(c, kind));
    }
  };
}

function unsubscribeCommand(kind: SubscriptionKind) {
  return (c: Client, argv: string[], w: ReplyWriter): void => {
    const names = argv.length > 1 ? argv.slice(1) : [...c.subscriptions(kind)];
    if (names.length === 0) {
      // Nothing to unsubscribe from: Redis still answers once, with a null name.
      w.push(3);
      w.bulk(REPLY_NAMES[kind][1]);
      w.nil();
      w.int(subscriptionCount(c, kind));
      return;
    }
    for (const name of names) {
      c.server.pubsub.unsubscribe(c, kind, name);
      w.push(3);
      w.bulk(REPLY_NAMES[kind][1]);
      w.bulk(name);
      w.int(subscriptionCount(c, kind));
    }
  };
}

function listChannels(w: ReplyWriter, registry: Map<string, Set<Client>>, pattern: string | undefined): void {
  const names = [...registry.keys()].filter((n) => pattern === undefined || globMatch(pattern, n));
  w.array(names.length);
  for (const n of names) w.bulk(n);
}

/** NUMSUB/SHARDNUMSUB: channel, count, ... (a flat array in RESP3 too, as Redis 7.0 answers). */
function numsub(w: ReplyWriter, registry: Map<string, Set<Client>>, names: string[]): void {
  w.array(names.length * 2);
  for (const n of names) {
    w.bulk(n);
    w.int(registry.get(n)?.size ?? 0);
  }
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  '    Return the currently active shard level channels matching a <pattern> (default: \'*\').',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

const SUBSCRIBER_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'];
const channelKeys = (lastKey: number): KeySpec[] => [{ flags: ['not_key'], begin: { index: 1 }, find: { range: { lastKey, step: 1, limit: 0 } } }];

const sub = (name: string, arity: number, since: string, summary: string, run: (c: Client, argv: string[], w: ReplyWriter) => void,
  keys?: KeySpec[]): CommandDef => ({
  name, arity, flags: SUBSCRIBER_FLAGS, acl: [], group: 'pubsub', since, summary, keys, where: 'acceptor', acceptor: run,
  allowedWhenSubscribed: true,
});

const pubsubSub = (name: string, arity: number, summary: string, run: (c: Client, argv: string[], w: ReplyWriter) => void): CommandDef => ({
  name, arity, flags: ['pubsub', 'loading', 'stale'], acl: [], group: 'pubsub', since: name.startsWith('shard') ? '7.0.0' : '2.8.0',
  summary, where: 'acceptor', acceptor: run,
});

export const pubsubCommands: CommandDef[] = [
  sub('subscribe', -2, '2.0.0', 'Listens for messages published to channels.', subscribeCommand('channel')),
  sub('unsubscribe', -1, '2.0.0', 'Stops listening to messages posted to channels.', unsubscribeCommand('channel')),
  sub('psubscribe', -2, '2.0.0', 'Listens for messages published to channels that match one or more patterns.', subscribeCommand('pattern')),
  sub('punsubscribe', -1, '2.0.0', 'Stops listening to messages published to channels that match one or more patterns.', unsubscribeCommand('pattern')),
  sub('ssubscribe', -2, '7.0.0', 'Listens for messages published to shard channels.', subscribeCommand('shard'), channelKeys(-1)),
  sub('sunsubscribe', -1, '7.0.0', 'Stops listening to messages posted to shard channels.', unsubscribeCommand('shard'), channelKeys(-1)),
  {
    name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast'], acl: [], group: 'pubsub', since: '2.0.0',
    summary: 'Posts a message to a channel.', complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    where: 'acceptor', acceptor: (c, argv, w) => w.int(c.server.pubsub.publish(argv[1], argv[2])),
  },
  {
    name: 'spublish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast'], acl: [], group: 'pubsub', since: '7.0.0',
    summary: 'Post a message to a shard channel', complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    keys: channelKeys(0), where: 'acceptor', acceptor: (c, argv, w) => w.int(c.server.pubsub.publish(argv[1], argv[2], true)),
  },
  {
    name: 'pubsub', arity: -2, flags: [], acl: [], group: 'pubsub', since: '2.8.0', summary: 'A container for Pub/Sub commands.',
    complexity: 'Depends on subcommand.', where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'pubsub' command"),
    subcommands: [
      pubsubSub('channels', -2, 'Returns the active channels.', (c, argv, w) => listChannels(w, c.server.pubsub.channels, argv[2])),
      pubsubSub('numsub', -2, 'Returns a count of subscribers to channels.', (c, argv, w) => numsub(w, c.server.pubsub.channels, argv.slice(2))),
      pubsubSub('numpat', 2, 'Returns a count of unique pattern subscriptions.', (c, _a, w) => w.int(c.server.pubsub.patterns.size)),
      pubsubSub('shardchannels', -2, 'Returns the active shard channels.', (c, argv, w) => listChannels(w, c.server.pubsub.shardChannels, argv[2])),
      pubsubSub('shardnumsub', -2, 'Returns the count of subscribers of shard channels.',
        (c, argv, w) => numsub(w, c.server.pubsub.shardChannels, argv.slice(2))),
      { name: 'help', arity: 2, flags: ['loading', 'stale'], acl: [], group: 'pubsub', since: '6.2.0',
        summary: 'Returns helpful text about the different subcommands.', where: 'acceptor',
        acceptor: (_c, _a, w) => helpReply(w, 'PUBSUB', PUBSUB_HELP) },
    ],
  },
];
