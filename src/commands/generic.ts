// Generic key commands (Redis's db.c / expire.c).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { CommandDef } from './types';
import { keysToEnd } from './keyspecs';

function del(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.shard.remove(ctx, argv[i])) n++;
  w.int(n);
}

function exists(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.lookup(argv[i], ctx.now) !== undefined) n++;
  w.int(n);
}

const KEYSPACE = ['keyspace'];
const multiKeyArgs = [{ name: 'key', type: 'key' as const, keySpecIndex: 0, flags: ['multiple' as const] }];

export const genericCommands: CommandDef[] = [
  {
    name: 'del', arity: -2, flags: ['write'], acl: KEYSPACE, group: 'generic', since: '1.0.0',
    summary: 'Deletes one or more keys.',
    complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keys: keysToEnd(1, 1, 'RM', 'delete'), args: multiKeyArgs,
    where: 'shard', merge: 'sum', shard: del,
  },
  {
    name: 'unlink', arity: -2, flags: ['write', 'fast'], acl: KEYSPACE, group: 'generic', since: '4.0.0',
    summary: 'Asynchronously deletes one or more keys.',
    complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keys: keysToEnd(1, 1, 'RM', 'delete'), args: multiKeyArgs,
    where: 'shard', merge: 'sum', shard: del,
  },
  {
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], acl: KEYSPACE, group: 'generic', since: '1.0.0',
    summary: 'Determines whether one or more keys exist.', complexity: 'O(N) where N is the number of keys to check.',
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keys: keysToEnd(1, 1, 'RO'), args: multiKeyArgs,
    where: 'shard', merge: 'sum', shard: exists,
  },
];
