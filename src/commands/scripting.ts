// EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT, FUNCTION, FCALL, FCALL_RO (Redis's eval.c,
// script.c, functions.c). See docs/ARCHITECTURE.md, "Scripting".
//
// Scripts run in the shards: EVAL/FCALL are keyed commands whose every run parks all shards at
// the coordinator's barrier (reachesUndeclaredKeys), so a script has the whole keyspace to
// itself and may touch keys it did not declare; its redis.call()s run through execAnywhere.
//
// The script cache lives in the shards: every shard holds every script body, kept identical by
// ordered broadcasts (SCRIPT LOAD from the acceptor, a new EVAL body from the coordinator to the
// participants parked at its barrier), and compiles a script the first time it runs it. SCRIPT
// EXISTS asks shard 0. FUNCTION libraries live on the acceptor (which validates them in a Lua
// state of its own) and are shipped to every shard after each change.
import type { Client } from '../net/client';
import type { Server } from '../net/acceptor';
import { ReplyWriter } from '../protocol/writer';
import { REQ_NO_TOUCH, REQ_RESP3, type Shard, type ShardContext } from '../store/shard';
import type { Command, CommandDef, KeySpec } from './types';
import { arityOk, findCommand, internalCommand } from './table';
import { execAnywhere } from './tx';
import { writeServerTime } from '../util/clock';
import { REDIS_VERSION } from '../server/version';
import { parseInteger } from '../util/numbers';
import { NOT_INTEGER } from '../store/errors';
import { globMatch } from '../util/glob';
import {
  FLAG_ALLOW_OOM, FLAG_EVAL_COMPAT, FLAG_NO_WRITES, LuaEnv, parseShebang, setCommandLookup, sha1hex,
  type RunState, type ScriptEffect, type ScriptHost,
} from '../scripting/engine';
import { FunctionRegistry, flagNames } from '../scripting/functions';
import { ScriptControl, ScriptState, type PublishSink } from '../scripting/control';
import { dumpFunctions, parseFunctionDump } from '../scripting/dump';
import { helpReply, subcommandSyntaxError } from './help';
import { parseKeyScan, scanShardArgv, takeShardStep, writeKeyScan } from './generic';

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
export const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
const UNKILLABLE = 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
const OOM_SCRIPT = "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";

setCommandLookup((argv) => lookupForScript(argv) !== undefined);

// ================================================================ in the shards

/** Per-command facts redis.call needs, computed once. */
interface CallInfo { noscript: boolean; write: boolean }
const callInfo = new Map<Command, CallInfo>();

function infoOf(cmd: Command): CallInfo {
  let i = callInfo.get(cmd);
  if (i === undefined) {
    i = { noscript: cmd.flags.includes('noscript'), write: cmd.flags.includes('write') };
    callInfo.set(cmd, i);
  }
  return i;
}

/** Redis's lookupCommand for scripts: a container needs a known subcommand. */
function lookupForScript(argv: string[]): Command | undefined {
  const cmd = findCommand(argv[0]);
  if (cmd === undefined || cmd.subs === null || argv.length < 2) return cmd;
  return cmd.subs.get(argv[1].toLowerCase());
}

/** A cached script: its body, its flags once parsed, its compiled chunk once compiled. */
interface ScriptEntry {
  sha: string;
  body: string;
  flags: number;
  /** Registry ref of the compiled chunk in the shard's EVAL state, or -1. */
  ref: number;
}

/** The scripting state of one shard. */
class ShardScripting implements ScriptHost {
  readonly reply = new ReplyWriter(4096);
  private evalEnv: LuaEnv | null = null;
  readonly scripts = new Map<string, ScriptEntry>();
  /** EVAL's fast path: the entry of a body seen before, without hashing it again. */
  private readonly byBody = new Map<string, ScriptEntry>();
  readonly functions: FunctionRegistry;
  control: ScriptControl | null = null;
  /** The write commands of the last script run (see ScriptEffect; not consumed yet). */
  lastEffects: ScriptEffect[] = [];
  /** Set while a script runs. */
  ctx: ShardContext | null = null;
  private callerFlags = 0;
  private infoPublished = false;
  /** When a yieldable script last got the thread (ms). */
  private sliceStart = 0;

  constructor(readonly shard: Shard) {
    this.functions = new FunctionRegistry(this);
  }

  get env(): LuaEnv {
    if (this.evalEnv === null) this.evalEnv = new LuaEnv('eval', this);
    return this.evalEnv;
  }

  /** SCRIPT FLUSH: every script forgotten and a fresh Lua state, as Redis resets its interpreter. */
  flush(): void {
    this.scripts.clear();
    this.byBody.clear();
    this.evalEnv = null;
  }

  store(sha: string, body: string): ScriptEntry {
    let e = this.scripts.get(sha);
    if (e === undefined) {
      e = { sha, body, flags: 0, ref: -1 };
      this.scripts.set(sha, e);
    }
    return e;
  }

  /** The entry for an EVAL body (hashing it the first time), and whether it is new here. */
  entryForBody(body: string): { entry: ScriptEntry; known: boolean } {
    const seen = this.byBody.get(body);
    if (seen !== undefined && this.scripts.get(seen.sha) === seen) return { entry: seen, known: true };
    const sha = sha1hex(body);
    const known = this.scripts.get(sha);
    if (known !== undefined) {
      this.remember(body, known);
      return { entry: known, known: true };
    }
    return { entry: { sha, body, flags: 0, ref: -1 }, known: false };
  }

  remember(body: string, e: ScriptEntry): void {
    if (this.byBody.size > 10000) this.byBody.clear();
    this.byBody.set(body, e);
  }

  /** Parses and compiles a script if not done yet; returns Redis's error text on failure. */
  compile(e: ScriptEntry): string | null {
    if (e.ref >= 0) return null;
    const parsed = parseShebang(e.body);
    if (typeof parsed === 'string') return parsed;
    const ref = this.env.compile(parsed.code, '@user_script');
    if (typeof ref === 'string') return `ERR Error compiling script (new function): ${ref}`;
    e.flags = parsed.flags;
    e.ref = ref;
    return null;
  }

  // ---- ScriptHost

  call(run: RunState, argv: string[]): string | null {
    const cmd = lookupForScript(argv);
    if (cmd === undefined) return 'Unknown Redis command called from script';
    if (!arityOk(cmd, argv.length)) return 'Wrong number of args calling Redis command from script';
    const info = infoOf(cmd);
    if (info.noscript) return 'This Redis command is not allowed from script';
    if (info.write) {
      if (run.readonly) return 'Write commands are not allowed from read-only scripts.';
      if (!run.wrote) {
        run.wrote = true;
        this.control?.markDirty(this.shard.index);
      }
    }
    const w = this.reply;
    w.pos = 0;
    const ctx = this.ctx!;
    const flags = (run.resp === 3 ? REQ_RESP3 : 0) | this.callerFlags;
    w.resp3 = run.resp === 3;
    if (cmd.where === 'acceptor') {
      runAcceptorCommandInScript(ctx, cmd, argv, run, w);
    } else if (cmd.keyStep > 1 && cmd.lastKey < 0 && (argv.length - cmd.firstKey) % cmd.keyStep !== 0) {
      w.error(`ERR wrong number of arguments for '${cmd.fullName}' command`);
    } else {
      execAnywhere(ctx, cmd, run.db, flags, argv, w);
    }
    if (info.write && w.buf[0] !== 0x2d) run.effects.push({ db: run.db, argv, repl: run.repl });
    return null;
  }

  interrupted(run: RunState): boolean {
    const c = this.control;
    if (c === null) return false;
    const me = this.shard.index;
    if (!this.infoPublished && Date.now() - c.startedAt(me) > 10) {
      c.publishInfo(me, run.name, run.argv);
      this.infoPublished = true;
    }
    if (!c.killRequested(me)) return false;
    // A script that already wrote cannot be killed (the acceptor answered UNKILLABLE, or the
    // write raced with the request).
    return !run.wrote;
  }

  yieldNow(_run: RunState): boolean {
    const c = this.control;
    const threshold = this.shard.settings.busyReplyThreshold;
    if (c === null || threshold <= 0) return false;
    const now = Date.now();
    return now - c.startedAt(this.shard.index) >= threshold && now - this.sliceStart >= YIELD_SLICE_MS;
  }

  log(level: number, message: string): void {
    if (level >= 3) console.error(`${process.pid}:M ${new Date().toISOString()} # ${message}`);
  }

  // ---- running

  run(ctx: ShardContext, ref: number, env: LuaEnv, run: RunState, keys: string[], args: string[], w: ReplyWriter): void {
    const control = this.control;
    const me = this.shard.index;
    const prevCtx = this.ctx;
    this.ctx = ctx;
    this.callerFlags = ctx.flags & REQ_NO_TOUCH;
    this.infoPublished = false;
    this.sliceStart = Date.now();
    control?.begin(me, run.isEval ? ScriptState.Eval : ScriptState.Function);
    let done = true;
    try {
      done = env.execute(ref, keys, args, run, w, this.shard.yieldable);
    } finally {
      if (done) this.finish(run, prevCtx);
    }
    if (done) return;
    // Given the thread back: the engine calls this until the script is done. The shard's context
    // object is shared by every command, so the script's own values are put back each time.
    const { db, now, flags } = ctx;
    this.shard.yielded = (out: ReplyWriter): boolean => {
      this.ctx = ctx;
      ctx.db = db;
      ctx.now = now;
      ctx.flags = flags;
      this.sliceStart = Date.now();
      let finished = true;
      try {
        finished = env.resume(out);
      } finally {
        if (finished) this.finish(run, prevCtx);
      }
      return finished;
    };
  }

  private finish(run: RunState, prevCtx: ShardContext | null): void {
    this.control?.end(this.shard.index);
    this.ctx = prevCtx;
    this.lastEffects = run.effects;
  }
}

/**
 * How long a yieldable script runs between giving the thread back, once past
 * busy-reply-threshold (ms).
 */
const YIELD_SLICE_MS = 10;

const states = new WeakMap<Shard, ShardScripting>();

function scriptingOf(shard: Shard): ShardScripting {
  let s = states.get(shard);
  if (s === undefined) {
    s = new ShardScripting(shard);
    states.set(shard, s);
  }
  return s;
}

/** Gives a shard the buffer shared with the acceptor (BUSY, SCRIPT KILL). Called by the engine. */
export function attachScriptControl(shard: Shard, control: ScriptControl): void {
  scriptingOf(shard).control = control;
}

/** The write commands of the shard's last script (Redis's script effects; for AOF/replication later). */
export function lastScriptEffects(shard: Shard): ScriptEffect[] {
  return scriptingOf(shard).lastEffects;
}

/** The numkeys argument: the count, or after writing the error, null. */
function numKeys(argv: string[], w: ReplyWriter, badNumber: string): number | null {
  const n = parseInteger(argv[2]);
  if (n === null) { w.error(badNumber); return null; }
  if (n > argv.length - 3) { w.error("ERR Number of keys can't be greater than number of args"); return null; }
  if (n < 0) { w.error("ERR Number of keys can't be negative"); return null; }
  return n;
}

/** scriptPrepareForRun's checks on script flags; the error text, or null. */
function flagsRefusal(ctx: ShardContext, flags: number, ro: boolean): string | null {
  if ((flags & FLAG_EVAL_COMPAT) !== 0) return null;
  const shard = ctx.shard;
  if ((flags & FLAG_ALLOW_OOM) === 0 && shard.settings.maxmemory > 0 && !shard.housekeeping.evictUntilFits(ctx.now)) return OOM_SCRIPT;
  if ((flags & FLAG_NO_WRITES) === 0 && ro) return 'ERR Can not execute a script with write flag using *_ro command.';
  return null;
}

function newRun(name: string, isEval: boolean, flags: number, ro: boolean, db: number, argv: string[]): RunState {
  const compat = (flags & FLAG_EVAL_COMPAT) !== 0;
  return {
    name, isEval, flags, readonly: ro || (!compat && (flags & FLAG_NO_WRITES) !== 0), resp: 2, db, wrote: false, repl: 3,
    effects: [], argv,
  };
}

/** EVAL / EVAL_RO (sha = false) and EVALSHA / EVALSHA_RO (sha = true). */
function evalHandler(bySha: boolean, ro: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const st = scriptingOf(ctx.shard);
    if (bySha && argv[1].length !== 40) { w.error(NOSCRIPT); return; }
    const n = numKeys(argv, w, NOT_INTEGER);
    if (n === null) return;
    let entry: ScriptEntry;
    if (!bySha) {
      const found = st.entryForBody(argv[1]);
      entry = found.entry;
      if (!found.known) {
        const err = st.compile(entry);
        if (err !== null) { w.error(err); return; }
        st.scripts.set(entry.sha, entry);
        st.remember(argv[1], entry);
        // Every shard holds every script: tell the others, parked at this command's barrier.
        const remote = ctx.shard.remote;
        if (remote !== null) {
          const store = internalCommand('script-store');
          for (let s = 0; s < remote.shardCount; s++) {
            if (s !== ctx.shard.index) remote.call(s, store, 0, 0, ['script-store', entry.sha, entry.body]);
          }
        }
      }
    } else {
      const found = st.scripts.get(argv[1].toLowerCase());
      if (found === undefined) { w.error(NOSCRIPT); return; }
      entry = found;
    }
    const err = st.compile(entry);
    if (err !== null) { w.error(err); return; }
    const refusal = flagsRefusal(ctx, entry.flags, ro);
    if (refusal !== null) { w.error(refusal); return; }
    const run = newRun(entry.sha, true, entry.flags, ro, ctx.db.id, argv);
    st.run(ctx, entry.ref, st.env, run, argv.slice(3, 3 + n), argv.slice(3 + n), w);
  };
}

/** FCALL / FCALL_RO. */
function fcallHandler(ro: boolean) {
  return (ctx: ShardContext, argv: string[], w: ReplyWriter): void => {
    const st = scriptingOf(ctx.shard);
    const f = st.functions.functions.get(argv[1].toLowerCase());
    if (f === undefined) { w.error('ERR Function not found'); return; }
    const n = numKeys(argv, w, 'ERR Bad number of keys provided');
    if (n === null) return;
    const refusal = flagsRefusal(ctx, f.fn.flags, ro);
    if (refusal !== null) { w.error(refusal); return; }
    const run = newRun(f.fn.name, false, f.fn.flags, ro, ctx.db.id, argv);
    st.run(ctx, f.fn.ref, st.functions.lua, run, argv.slice(3, 3 + n), argv.slice(3 + n), w);
  };
}

// ---- commands that run on the acceptor, as scripts see them

/** The acceptor's pub/sub when it is on this thread (inline mode); null in shard workers. */
let publishSink: PublishSink | null = null;

/**
 * Connects scripts' PUBLISH/SPUBLISH to the server's pub/sub: directly for an inline shard,
 * through the shared mailbox for shard workers. Called once by the acceptor.
 */
export function attachScriptPublishing(srv: Server): void {
  const deliver: PublishSink = (channel, message, sharded) => srv.pubsub.publish(channel, message, sharded);
  publishSink = deliver;
  if (!srv.engine.inline) srv.engine.scriptControl.listen(deliver);
}

const LAST_SAVE = Math.floor(Date.now() / 1000);

function runOnShard(ctx: ShardContext, s: number, cmd: Command, db: number, argv: string[]): Buffer {
  const shard = ctx.shard;
  if (s === shard.index) {
    const w = new ReplyWriter(256);
    shard.execute(cmd, db, 0, argv, w);
    return w.copyFrom(0);
  }
  return shard.remote!.call(s, cmd, db, 0, argv);
}

/** PING, ECHO, SELECT, TIME, SCAN, RANDOMKEY... from a script (their acceptor handlers cannot run here). */
function runAcceptorCommandInScript(ctx: ShardContext, cmd: Command, argv: string[], run: RunState, w: ReplyWriter): void {
  switch (cmd.fullName) {
    case 'ping':
      if (argv.length === 1) w.simple('PONG'); else if (argv.length === 2) w.bulk(argv[1]);
      else w.error("ERR wrong number of arguments for 'ping' command");
      return;
    case 'echo': w.bulk(argv[1]); return;
    case 'select': {
      const id = parseInteger(argv[1]);
      if (id === null) { w.error(NOT_INTEGER); return; }
      if (id < 0 || id >= ctx.shard.dbs.length) { w.error('ERR DB index is out of range'); return; }
      run.db = id;
      w.ok();
      return;
    }
    case 'time': writeServerTime(w); return;
    case 'lastsave': w.int(LAST_SAVE); return;
    case 'randomkey': {
      const cmdShard = internalCommand('randomkey-shard');
      const order = [...Array(ctx.shard.shardCount).keys()].sort(() => Math.random() - 0.5);
      for (const s of order) {
        const raw = runOnShard(ctx, s, cmdShard, run.db, ['randomkey-shard']);
        if (raw[0] === 0x24 && raw[1] !== 0x2d) { w.raw(raw); return; }
      }
      w.nil();
      return;
    }
    case 'scan': scanInScript(ctx, argv, run, w); return;
    case 'publish': case 'spublish': {
      const sharded = cmd.fullName === 'spublish';
      if (publishSink !== null) {
        // Inline mode: the acceptor's pub/sub is on this thread.
        w.int(publishSink(argv[1], argv[2], sharded));
      } else {
        // A worker: the acceptor delivers it from the mailbox; the receiver count is unknown here.
        scriptingOf(ctx.shard).control?.post(ctx.shard.index, argv[1], argv[2], sharded);
        w.int(0);
      }
      return;
    }
    case 'info':
      w.verbatim(`# Server\r\nredis_version:${REDIS_VERSION}\r\n`);
      return;
    default:
      w.error(`ERR '${cmd.fullName}' is not available to scripts in Kunyu`);
  }
}

function scanInScript(ctx: ShardContext, argv: string[], run: RunState, w: ReplyWriter): void {
  const shards = ctx.shard.shardCount;
  const s = parseKeyScan(argv, shards, w);
  if (s === null) return;
  const cmd = internalCommand('scan-shard');
  let more = true;
  while (more) more = takeShardStep(s, runOnShard(ctx, s.shard, cmd, run.db, scanShardArgv(s)), shards);
  writeKeyScan(w, s);
}

// ---- internal commands: keeping the shards' copies in step

function scriptStore(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  scriptingOf(ctx.shard).store(argv[1], argv[2]);
  w.ok();
}

function scriptFlushShard(ctx: ShardContext, _argv: string[], w: ReplyWriter): void {
  scriptingOf(ctx.shard).flush();
  w.ok();
}

function scriptExistsShard(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const st = scriptingOf(ctx.shard);
  w.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) w.int(st.scripts.has(argv[i].toLowerCase()) ? 1 : 0);
}

function functionSync(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  scriptingOf(ctx.shard).functions.sync(argv.slice(1));
  w.ok();
}

// ================================================================ on the acceptor

/** The acceptor's scripting state: the function registry and a Lua state to validate scripts. */
class AcceptorScripting implements ScriptHost {
  readonly reply = new ReplyWriter(64);
  readonly functions = new FunctionRegistry(this);
  private compileEnv: LuaEnv | null = null;

  call(): string | null { return 'redis.call is not available here'; }
  interrupted(): boolean { return false; }
  yieldNow(): boolean { return false; }
  log(): void { /* load-time logging is dropped on the acceptor: shards log */ }

  /** Compiles a script body to check it (SCRIPT LOAD); the error text, or null. */
  check(body: string): string | null {
    const parsed = parseShebang(body);
    if (typeof parsed === 'string') return parsed;
    if (this.compileEnv === null) this.compileEnv = new LuaEnv('eval', this);
    const ref = this.compileEnv.compile(parsed.code, '@user_script');
    if (typeof ref === 'string') return `ERR Error compiling script (new function): ${ref}`;
    this.compileEnv.release(ref);
    return null;
  }
}

const acceptorStates = new WeakMap<Server, AcceptorScripting>();

function acceptorOf(srv: Server): AcceptorScripting {
  let s = acceptorStates.get(srv);
  if (s === undefined) {
    s = new AcceptorScripting();
    acceptorStates.set(srv, s);
  }
  return s;
}

/** Sends an internal command to every shard, in ring order; resolves with shard 0's reply. */
function broadcast(c: Client, name: string, argv: string[]): Promise<Buffer> {
  const engine = c.server.engine;
  const cmd = internalCommand(name);
  const calls: Array<Promise<Buffer>> = [];
  for (let s = 0; s < engine.shardCount; s++) calls.push(engine.call(s, cmd, 0, 0, argv));
  return Promise.all(calls).then((all) => all[0]);
}

function syncFunctions(c: Client): Promise<Buffer> {
  return broadcast(c, 'function-sync', ['function-sync', ...acceptorOf(c.server).functions.codes()]);
}

/**
 * Called by the acceptor for every command while some shard runs a script: the BUSY error if the
 * script has run past busy-reply-threshold and the command may not run meanwhile, else null.
 */
export function scriptBusyError(srv: Server, cmd: Command, args: () => string[]): string | null {
  const control = srv.engine.scriptControl;
  const s = control.runningShard();
  if (s < 0) return null;
  const threshold = srv.config.getInt('busy-reply-threshold');
  if (threshold <= 0 || Date.now() - control.startedAt(s) < threshold) return null;
  const busy = control.state(s) === ScriptState.Function ? BUSY_FUNCTION : BUSY_EVAL;
  if (cmd.flags.includes('allow_busy')) {
    if (cmd.name === 'shutdown' && !args().slice(1).some((a) => a.toLowerCase() === 'nosave')) return busy;
    return null;
  }
  return busy;
}

function scriptKill(c: Client, w: ReplyWriter, isEval: boolean): void {
  const control = c.server.engine.scriptControl;
  const s = control.runningShard();
  if (s < 0) { w.error(NOTBUSY); return; }
  if (control.dirty(s)) { w.error(UNKILLABLE); return; }
  const state = control.state(s);
  if (isEval && state !== ScriptState.Eval) { w.error(BUSY_FUNCTION); return; }
  if (!isEval && state === ScriptState.Eval) { w.error(BUSY_EVAL); return; }
  control.requestKill(s);
  w.ok();
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

// ---- SCRIPT

function scriptLoad(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  const body = argv[2];
  const err = acceptorOf(c.server).check(body);
  if (err !== null) { w.error(err); return; }
  const sha = sha1hex(body);
  void broadcast(c, 'script-store', ['script-store', sha, body]);
  w.bulk(sha);
}

function scriptExists(c: Client, argv: string[]): Promise<(w: ReplyWriter) => void> {
  return c.server.engine.call(0, internalCommand('script-exists'), 0, 0, ['script-exists', ...argv.slice(2)])
    .then((raw) => (out: ReplyWriter) => out.raw(raw));
}

function scriptFlush(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  if (!(argv.length === 2 || (argv.length === 3 && ['sync', 'async'].includes(argv[2].toLowerCase())))) {
    w.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    return;
  }
  return broadcast(c, 'script-flush', ['script-flush']).then(() => (out: ReplyWriter) => out.ok());
}

function scriptDebug(c: Client, argv: string[], w: ReplyWriter): void {
  if (c.pendingCount > 0 || c.outLen > 0) { w.error('ERR SCRIPT DEBUG must be called outside a pipeline'); return; }
  const mode = argv[2].toLowerCase();
  if (mode === 'no') { w.ok(); return; }
  if (mode === 'yes' || mode === 'sync') { w.error('ERR SCRIPT DEBUG (the Lua debugger) is not supported by Kunyu'); return; }
  w.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

// ---- FUNCTION

function functionLoad(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  let replace = false;
  let pos = 2;
  while (pos < argv.length - 1) {
    const arg = argv[pos++];
    if (arg.toLowerCase() === 'replace') { replace = true; continue; }
    w.error(`ERR Unknown option given: ${arg}`);
    return;
  }
  if (pos >= argv.length) { w.error('ERR Function code is missing'); return; }
  const r = acceptorOf(c.server).functions.load(argv[pos], replace);
  if ('error' in r) { w.error(`ERR ${r.error}`); return; }
  void syncFunctions(c);
  w.bulk(r.name);
}

function functionDelete(c: Client, argv: string[], w: ReplyWriter): void {
  if (!acceptorOf(c.server).functions.delete(argv[2])) { w.error('ERR Library not found'); return; }
  void syncFunctions(c);
  w.ok();
}

function functionList(c: Client, argv: string[], w: ReplyWriter): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i].toLowerCase();
    if (!withCode && arg === 'withcode') { withCode = true; continue; }
    if (pattern === null && arg === 'libraryname') {
      if (i >= argv.length - 1) { w.error('ERR library name argument was not given'); return; }
      pattern = argv[++i];
      continue;
    }
    w.error(`ERR Unknown argument ${argv[i]}`);
    return;
  }
  const libs = [...acceptorOf(c.server).functions.libraries.values()]
    .filter((l) => pattern === null || globMatch(pattern, l.name));
  w.array(libs.length);
  for (const lib of libs) {
    w.map(withCode ? 4 : 3);
    w.bulk('library_name');
    w.bulk(lib.name);
    w.bulk('engine');
    w.bulk('LUA');
    w.bulk('functions');
    w.array(lib.functions.length);
    for (const f of lib.functions) {
      w.map(3);
      w.bulk('name');
      w.bulk(f.name);
      w.bulk('description');
      if (f.description === null) w.nil(); else w.bulk(f.description);
      w.bulk('flags');
      const names = flagNames(f.flags);
      w.set(names.length);
      for (const n of names) w.simple(n);
    }
    if (withCode) {
      w.bulk('library_code');
      w.bulk(lib.code);
    }
  }
}

function functionFlush(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  if (argv.length > 3) { subcommandSyntaxError(w, argv); return; }
  if (argv.length === 3 && !['sync', 'async'].includes(argv[2].toLowerCase())) {
    w.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    return;
  }
  acceptorOf(c.server).functions.flush();
  return syncFunctions(c).then(() => (out: ReplyWriter) => out.ok());
}

function functionDump(c: Client, _argv: string[], w: ReplyWriter): void {
  const payload = dumpFunctions(acceptorOf(c.server).functions.codes(), c.server.config.getBool('rdbcompression'));
  w.bulkBytes(payload);
}

function functionRestore(c: Client, argv: string[], w: ReplyWriter): void | Promise<(w: ReplyWriter) => void> {
  if (argv.length > 4) { subcommandSyntaxError(w, argv); return; }
  let policy: 'flush' | 'append' | 'replace' = 'append';
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p === 'append' || p === 'replace' || p === 'flush') policy = p;
    else { w.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.'); return; }
  }
  const codes = parseFunctionDump(Buffer.from(argv[2], 'latin1'));
  if (typeof codes === 'string') { w.error(codes); return; }
  const err = acceptorOf(c.server).functions.restore(codes, policy);
  if (err !== null) { w.error(`ERR ${err}`); return; }
  return syncFunctions(c).then(() => (out: ReplyWriter) => out.ok());
}

function functionStats(c: Client, _argv: string[], w: ReplyWriter): void {
  const control = c.server.engine.scriptControl;
  const s = control.runningShard();
  if (s >= 0 && control.state(s) === ScriptState.Eval) { w.error(BUSY_EVAL); return; }
  const registry = acceptorOf(c.server).functions;
  w.map(2);
  w.bulk('running_script');
  const info = s >= 0 ? control.runningInfo(s) : null;
  if (info === null) {
    w.nil();
  } else {
    w.map(3);
    w.bulk('name');
    w.bulk(info[0]);
    w.bulk('command');
    w.array(info.length - 1);
    for (const a of info.slice(1)) w.bulk(a);
    w.bulk('duration_ms');
    w.int(Math.max(0, Math.floor(Date.now() - control.startedAt(s))));
  }
  w.bulk('engines');
  w.map(1);
  w.bulk('LUA');
  w.map(2);
  w.bulk('libraries_count');
  w.int(registry.libraries.size);
  w.bulk('functions_count');
  w.int(registry.functions.size);
}

// ================================================================ the table

const SCRIPTING = ['scripting'];

function scriptKeys(ro: boolean, withNotes: boolean): KeySpec[] {
  return [{
    ...(withNotes ? { notes: ro ? 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'
      : 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE' } : {}),
    flags: ro ? ['RO', 'access'] : ['RW', 'access', 'update'],
    begin: { index: 2 }, find: { keyNum: { keyNumIdx: 0, firstKey: 1, step: 1 } },
  }];
}

function runner(name: string, first: string, ro: boolean, notes: boolean, since: string, summary: string,
  complexity: string, shard: CommandDef['shard']): CommandDef {
  return {
    name, arity: -3, flags: [...(ro ? ['readonly'] : []), 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys'],
    acl: SCRIPTING, group: 'scripting', since, summary, complexity,
    keys: scriptKeys(ro, notes),
    args: [
      { name: first, type: 'string' }, { name: 'numkeys', type: 'integer' },
      { name: 'key', type: 'key', keySpecIndex: 0, flags: ['optional', 'multiple'] },
      { name: 'arg', type: 'string', flags: ['optional', 'multiple'] },
    ],
    where: 'shard', shard, reachesUndeclaredKeys: () => true,
  };
}

function sub(name: string, arity: number, flags: string[], since: string, summary: string, complexity: string,
  acceptor: CommandDef['acceptor'], extra: Partial<CommandDef> = {}): CommandDef {
  return { name, arity, flags, acl: SCRIPTING, group: 'scripting', since, summary, complexity, where: 'acceptor', acceptor, ...extra };
}

const internal = (name: string, arity: number, shard: CommandDef['shard']): CommandDef => ({
  name, arity, flags: [], acl: SCRIPTING, group: 'scripting', since: '0.1.0', summary: `Internal step of scripting (${name}).`,
  internal: true, where: 'shard', shard,
});

const ALL_NODES = ['request_policy:all_nodes', 'response_policy:all_succeeded'];
const ALL_SHARDS = ['request_policy:all_shards', 'response_policy:all_succeeded'];
const FLUSH_ARGS: CommandDef['args'] = [{
  name: 'async', type: 'oneof', flags: ['optional'], args: [
    { name: 'async', type: 'pure-token', token: 'ASYNC' }, { name: 'sync', type: 'pure-token', token: 'SYNC' }],
}];

export const scriptingCommands: CommandDef[] = [
  runner('eval', 'script', false, true, '2.6.0', 'Execute a Lua script server side', 'Depends on the script that is executed.', evalHandler(false, false)),
  runner('evalsha', 'sha1', false, false, '2.6.0', 'Execute a Lua script server side', 'Depends on the script that is executed.', evalHandler(true, false)),
  runner('eval_ro', 'script', true, true, '7.0.0', 'Execute a read-only Lua script server side', 'Depends on the script that is executed.', evalHandler(false, true)),
  runner('evalsha_ro', 'sha1', true, false, '7.0.0', 'Execute a read-only Lua script server side', 'Depends on the script that is executed.', evalHandler(true, true)),
  runner('fcall', 'function', false, true, '7.0.0', 'Invoke a function', 'Depends on the function that is executed.', fcallHandler(false)),
  runner('fcall_ro', 'function', true, true, '7.0.0', 'Invoke a read-only function', 'Depends on the function that is executed.', fcallHandler(true)),
  {
    name: 'script', arity: -2, flags: [], acl: [], group: 'scripting', since: '2.6.0',
    summary: 'A container for Lua scripts management commands', complexity: 'Depends on subcommand.',
    where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'script' command"),
    subcommands: [
      sub('load', 3, ['noscript', 'stale'], '2.6.0', 'Load the specified Lua script into the script cache.',
        'O(N) with N being the length in bytes of the script body.', scriptLoad, { tips: ALL_NODES, args: [{ name: 'script', type: 'string' }] }),
      sub('flush', -2, ['noscript'], '2.6.0', 'Remove all the scripts from the script cache.',
        'O(N) with N being the number of scripts in cache', scriptFlush,
        { tips: ALL_NODES, args: [{ ...FLUSH_ARGS![0], since: '6.2.0' }] }),
      sub('debug', 3, ['noscript'], '3.2.0', 'Set the debug mode for executed scripts.', 'O(1)', scriptDebug, {
        args: [{ name: 'mode', type: 'oneof', args: [
          { name: 'yes', type: 'pure-token', token: 'YES' }, { name: 'sync', type: 'pure-token', token: 'SYNC' },
          { name: 'no', type: 'pure-token', token: 'NO' }] }],
      }),
      sub('exists', -3, ['noscript'], '2.6.0', 'Check existence of scripts in the script cache.',
        'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).', scriptExists,
        { tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'], args: [{ name: 'sha1', type: 'string', flags: ['multiple'] }] }),
      sub('help', 2, ['loading', 'stale'], '5.0.0', 'Show helpful text about the different subcommands', 'O(1)',
        (_c, _a, w) => helpReply(w, 'SCRIPT', SCRIPT_HELP)),
      sub('kill', 2, ['noscript', 'allow_busy'], '2.6.0', 'Kill the script currently in execution.', 'O(1)',
        (c, _a, w) => scriptKill(c, w, true), { tips: ['request_policy:all_shards', 'response_policy:one_succeeded'] }),
    ],
  },
  {
    name: 'function', arity: -2, flags: [], acl: [], group: 'scripting', since: '7.0.0',
    summary: 'A container for function commands', complexity: 'Depends on subcommand.',
    where: 'acceptor', acceptor: (_c, _a, w) => w.error("ERR wrong number of arguments for 'function' command"),
    subcommands: [
      sub('dump', 2, ['noscript'], '7.0.0', 'Dump all functions into a serialized binary payload',
        'O(N) where N is the number of functions', functionDump),
      sub('load', -3, ['write', 'denyoom', 'noscript'], '7.0.0', 'Create a function with the given arguments (name, code, description)',
        'O(1) (considering compilation time is redundant)', functionLoad, {
          tips: ALL_SHARDS,
          args: [{ name: 'replace', type: 'pure-token', token: 'REPLACE', flags: ['optional'] }, { name: 'function-code', type: 'string' }],
        }),
      sub('kill', 2, ['noscript', 'allow_busy'], '7.0.0', 'Kill the function currently in execution.', 'O(1)',
        (c, _a, w) => scriptKill(c, w, false), { tips: ['request_policy:all_shards', 'response_policy:one_succeeded'] }),
      sub('restore', -3, ['write', 'denyoom', 'noscript'], '7.0.0', 'Restore all the functions on the given payload',
        'O(N) where N is the number of functions on the payload', functionRestore, {
          tips: ALL_SHARDS,
          args: [{ name: 'serialized-value', type: 'string' }, { name: 'policy', type: 'oneof', flags: ['optional'], args: [
            { name: 'flush', type: 'pure-token', token: 'FLUSH' }, { name: 'append', type: 'pure-token', token: 'APPEND' },
            { name: 'replace', type: 'pure-token', token: 'REPLACE' }] }],
        }),
      sub('stats', 2, ['noscript', 'allow_busy'], '7.0.0', 'Return information about the function currently running (name, description, duration)',
        'O(1)', functionStats, { tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'] }),
      sub('flush', -2, ['write', 'noscript'], '7.0.0', 'Deleting all functions', 'O(N) where N is the number of functions deleted',
        functionFlush, { tips: ALL_SHARDS, args: FLUSH_ARGS }),
      sub('list', -2, ['noscript'], '7.0.0', 'List information about all the functions', 'O(N) where N is the number of functions',
        functionList, {
          tips: ['nondeterministic_output_order'],
          args: [{ name: 'library-name-pattern', type: 'string', token: 'LIBRARYNAME', flags: ['optional'] },
            { name: 'withcode', type: 'pure-token', token: 'WITHCODE', flags: ['optional'] }],
        }),
      sub('help', 2, ['loading', 'stale'], '7.0.0', 'Show helpful text about the different subcommands', 'O(1)',
        (_c, _a, w) => helpReply(w, 'FUNCTION', FUNCTION_HELP)),
      sub('delete', 3, ['write', 'noscript'], '7.0.0', 'Delete a function by name', 'O(1)', functionDelete,
        { tips: ALL_SHARDS, args: [{ name: 'library-name', type: 'string' }] }),
    ],
  },
  internal('script-store', 3, scriptStore),
  internal('script-flush', 1, scriptFlushShard),
  internal('script-exists', -1, scriptExistsShard),
  internal('function-sync', -1, functionSync),
];
