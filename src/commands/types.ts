// The shape of an entry in the one command table (see table.ts).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { Client } from '../net/client';

/** Where a key spec starts looking for keys (Redis's begin_search); `unknown`: keys are found by getKeys. */
export type BeginSearch = { index: number } | { keyword: string; startFrom: number } | { unknown: true };

/** How keys are found from the start (Redis's find_keys). */
export type FindKeys =
  | { range: { lastKey: number; step: number; limit: number } }
  | { keyNum: { keyNumIdx: number; firstKey: number; step: number } }
  | { unknown: true };

export interface KeySpec {
  /** Key-spec flags as COMMAND prints them: RW RO OW RM, then access update insert delete
   * not_key incomplete variable_flags. */
  flags: string[];
  notes?: string;
  begin: BeginSearch;
  find: FindKeys;
}

/** A documented argument, for COMMAND DOCS. */
export interface ArgDoc {
  name: string;
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  token?: string;
  flags?: Array<'optional' | 'multiple' | 'multiple_token'>;
  keySpecIndex?: number;
  since?: string;
  args?: ArgDoc[];
}

/** How the replies of a command split across shards (or fanned out to all) combine. */
export type Merge =
  | 'sum' // integers added (DEL, EXISTS, DBSIZE)
  | 'ok' // +OK unless a part failed (MSET, FLUSHDB)
  | 'interleave' // array elements put back in key order (MGET)
  | 'concat'; // arrays concatenated (KEYS)

/** Runs in the shard owning the keys (or in every shard for `where: 'all'`). */
export type ShardHandler = (ctx: ShardContext, argv: string[], w: ReplyWriter) => void;

/**
 * Runs on the acceptor thread (keyless commands). It writes its reply to `w` synchronously, or
 * returns a promise of a function that writes it later (the reply keeps its place in order).
 */
export type AcceptorHandler = (c: Client, argv: string[], w: ReplyWriter) => void | Promise<(w: ReplyWriter) => void>;

/** What makes a command blocking (BLPOP & co.). A timeout answers a null array, as in Redis. */
export interface BlockingSpec {
  /** The wait in ms from the command's (already validated) arguments; 0 = forever. */
  timeoutMs(argv: string[]): number;
  /**
   * Whether these arguments can block at all (XREAD without BLOCK cannot); default yes. Those that
   * cannot run as ordinary commands, without holding the connection.
   */
  mayBlock?(argv: string[]): boolean;
  /**
   * The arguments to run it with when `readyKey` got data (default: unchanged). XREAD puts that
   * key first, as Redis serves a woken stream reader from the key that woke it.
   */
  retryArgv?(argv: string[], readyKey: string): string[];
  /**
   * When a key gets data, every waiter on it is tried, not only those up to the first that finds
   * nothing (stream readers each wait for entries after their own position).
   */
  serveAll?: boolean;
}

export interface CommandDef {
  /** Lower-case name; subcommands are written "container|sub" (e.g. "client|list"). */
  name: string;
  /** Redis arity: positive = exact argc, negative = at least -arity. */
  arity: number;
  /** Redis command flags as COMMAND reports them (write, readonly, denyoom, admin, fast, ...). */
  flags: string[];
  /** ACL categories beyond those implied by flags (Redis adds @write, @read, @fast... itself). */
  acl: string[];
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  /** COMMAND tips, e.g. "request_policy:all_shards", "nondeterministic_output". */
  tips?: string[];
  keys?: KeySpec[];
  args?: ArgDoc[];
  /** Where it runs: on the acceptor, in the shard of its keys, or in every shard. */
  where: 'acceptor' | 'shard' | 'all';
  /** For keyed commands whose keys may span shards, or `where: 'all'`: how parts merge. */
  merge?: Merge;
  shard?: ShardHandler;
  acceptor?: AcceptorHandler;
  /**
   * The connection's later commands wait until this one is answered (EXEC: the commands it runs
   * on the acceptor must take effect before the next command of the same client).
   */
  holdsConnection?: boolean;
  /** Runs at once even inside MULTI instead of being queued (MULTI, EXEC, DISCARD, WATCH). */
  runsInMulti?: boolean;
  /** For SELECT: the db it switches to (null if invalid), so EXEC knows the db of later commands. */
  selectsDb?: (argv: string[], databases: number) => number | null;
  /** One of the few commands a RESP2 client may send while subscribed (Redis's list). */
  allowedWhenSubscribed?: boolean;
  /** CLIENT REPLY: answers (or not) by the reply mode it sets, not by the one it finds. */
  setsReplyMode?: boolean;
  /**
   * For commands that may reach keys their arguments do not name (SORT ... BY/GET patterns, Lua
   * scripts): when it returns true, every shard waits at the command's barrier, as Redis runs
   * such a command with the whole keyspace to itself.
   */
  reachesUndeclaredKeys?: (argv: string[]) => boolean;
  /**
   * For commands whose key specs cannot find every key (SORT's STORE: `unknown` specs): the argv
   * indexes of the keys, Redis's getkeys_proc. Used instead of the key specs when present.
   */
  getKeys?: (argc: number, arg: (i: number) => string) => number[];
  /** Set for commands that may block the client until a key gets data. */
  blocking?: BlockingSpec;
  /** Internal commands are sent between threads only; clients cannot call them. */
  internal?: boolean;
  subcommands?: CommandDef[];
}

/** A command definition after the table has indexed it. */
export interface Command extends CommandDef {
  id: number;
  /** Full name as shown by COMMAND: "get", "client|list". */
  fullName: string;
  /** The last argv[0] string made for this command (see nameArgument). */
  nameSpelling: string;
  /** ACL categories, implied ones included, with '@'. */
  aclCategories: string[];
  /** Legacy (first, last, step) triple derived from the key specs, as COMMAND reports it. */
  firstKey: number;
  lastKey: number;
  keyStep: number;
  movableKeys: boolean;
  /** Has the denyoom flag: refused when over maxmemory and eviction cannot make room. */
  denyOom: boolean;
  /** Fast path: the argv index of the only key, or -1 when keys need the general finder. */
  singleKeyIndex: number;
  parent: Command | null;
  subs: Map<string, Command> | null;
}
