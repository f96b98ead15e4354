// One Lua state with Redis's scripting API (the EVAL state or the FUNCTION state of a shard),
// and Redis's conversions between Lua values and RESP in both directions.
//
// The state knows nothing about shards: redis.call goes through a ScriptHost, which runs the
// command wherever its keys live and hands back the reply bytes.
import { createHash } from 'node:crypto';
import type { ReplyWriter } from '../protocol/writer';
import { REDIS_VERSION } from '../server/version';
import { splitArgs } from '../util/sds';
import { format17g, replyDouble, toLongLong } from './cformat';
import { installLua51, lua, lauxlib, pcallk, lstr, toLua, fromLua, pushString, pushBytes, rawSetField, setReadonly, setActiveState, syntaxError51, type LuaState } from './lua51';
import { openStdlib } from './stdlib';
import { openBit } from './lib-bit';
import { openStruct } from './lib-struct';
import { openCjson } from './lib-cjson';
import { openCmsgpack } from './lib-cmsgpack';

type CFunction = (L: LuaState) => number;

/** SHA1 of a script body (latin1 string), lower-case hex: the script cache key. */
export function sha1hex(body: string): string {
  return createHash('sha1').update(body, 'latin1').digest('hex');
}

// ---------------------------------------------------------------- script flags (shebang)

export const FLAG_NO_WRITES = 1;
export const FLAG_ALLOW_OOM = 2;
export const FLAG_ALLOW_STALE = 4;
export const FLAG_NO_CLUSTER = 8;
export const FLAG_ALLOW_CROSS_SLOT = 16;
/** A script without a shebang: Redis's compatibility mode (flags not enforced up front). */
export const FLAG_EVAL_COMPAT = 32;

export const SCRIPT_FLAG_NAMES: Array<[string, number]> = [
  ['no-writes', FLAG_NO_WRITES], ['allow-oom', FLAG_ALLOW_OOM], ['allow-stale', FLAG_ALLOW_STALE],
  ['no-cluster', FLAG_NO_CLUSTER], ['allow-cross-slot-keys', FLAG_ALLOW_CROSS_SLOT],
];

/** A parsed EVAL body: its flags and the code to compile (the shebang line emptied). */
export interface ParsedScript { flags: number; code: string }

/** Reads an EVAL script's "#!lua flags=..." line. Returns Redis's error text on failure. */
export function parseShebang(body: string): ParsedScript | string {
  if (!body.startsWith('#!')) return { flags: FLAG_EVAL_COMPAT, code: body };
  const nl = body.indexOf('\n');
  if (nl < 0) return 'ERR Invalid script shebang';
  const parts = splitArgs(body.slice(0, nl));
  if (parts === null || parts.length === 0) return 'ERR Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return `ERR Unexpected engine in script shebang: ${parts[0]}`;
  let flags = 0;
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) return `ERR Unknown lua shebang option: ${part}`;
    for (const f of part.slice(6).split(',').filter((x) => x.length > 0)) {
      const known = SCRIPT_FLAG_NAMES.find(([name]) => name === f);
      if (known === undefined) return `ERR Unexpected flag in script shebang: ${f}`;
      flags |= known[1];
    }
  }
  return { flags, code: body.slice(nl) };
}

// ---------------------------------------------------------------- running scripts

/** One write command a script ran: the effects a replica or the AOF would receive. */
export interface ScriptEffect {
  db: number;
  argv: string[];
  /** redis.set_repl flags at the time: 1 = AOF, 2 = replicas. */
  repl: number;
}

/** The state of one script execution (Redis's scriptRunCtx). */
export interface RunState {
  /** The SHA1 (EVAL) or function name (FCALL), as error messages cite it. */
  name: string;
  isEval: boolean;
  /** EVAL_RO / FCALL_RO / no-writes: write commands are refused. */
  readonly: boolean;
  flags: number;
  /** The protocol redis.call replies are converted from (redis.setresp); starts at 2. */
  resp: number;
  db: number;
  /** A write command ran: SCRIPT KILL answers UNKILLABLE. */
  wrote: boolean;
  /** redis.set_repl flags. */
  repl: number;
  /** The write commands executed, in order (see ScriptEffect). */
  effects: ScriptEffect[];
  /** The EVAL/FCALL command itself (FUNCTION STATS; valid while the script runs: not copied). */
  argv: string[];
}

/** What a Lua state needs from the server. */
export interface ScriptHost {
  /**
   * Runs a command for redis.call/pcall. Returns the refusal text of a command that did not
   * run ("Unknown Redis command called from script"...), or null with its reply in `reply`.
   */
  call(run: RunState, argv: string[]): string | null;
  /** The reply of the last call, bytes [0, pos). */
  readonly reply: ReplyWriter;
  /** Polled every few thousand Lua instructions while a script runs: true to kill it. */
  interrupted(run: RunState): boolean;
  /**
   * Polled with interrupted() while a script started with `yieldable` runs: true to give the
   * thread back now (see LuaEnv.execute).
   */
  yieldNow(run: RunState): boolean;
  log(level: number, message: string): void;
}

const HOOK_EVERY = 10000;
const LOAD_TIMEOUT_MS = 500;

export const LOG_LEVELS = ['LOG_DEBUG', 'LOG_VERBOSE', 'LOG_NOTICE', 'LOG_WARNING'];

/** A function of the FUNCTION state, registered by redis.register_function. */
export interface RegisteredFunction {
  name: string;
  description: string | null;
  flags: number;
  ref: number;
}

/** The Lua state of EVAL ('eval') or of FUNCTION libraries ('function'). */
export class LuaEnv {
  readonly L: LuaState;
  /** The script running now, if any. */
  run: RunState | null = null;
  private handlerRef = 0;
  /** FUNCTION state: the globals scripts see, and the tables swapped in while a library loads. */
  private globalsMeta = 0;
  private globalsApiRef = 0;
  private libraryApiRef = 0;
  /** Set while FUNCTION LOAD runs a library's code: the functions it registers. */
  private loading: { functions: RegisteredFunction[]; error: string | null; deadline: number } | null = null;
  private readonly hook: (L: LuaState) => void;
  private killed = false;
  /**
   * The coroutine scripts run in (see execute), anchored in the registry. A script that ends,
   * even with an error (runProtected catches it), leaves it reusable: a new one per script cost
   * EVALSHA 10–20% of its throughput.
   */
  private co: LuaState = null;
  private coRef = 0;
  /** Whether the running script may give the thread back. */
  private yieldable = false;

  constructor(readonly kind: 'eval' | 'function', readonly host: ScriptHost) {
    installLua51();
    const L = lauxlib.luaL_newstate();
    this.L = L;
    setActiveState(L);
    openStdlib(L);
    openCjson(L);
    openStruct(L);
    openCmsgpack(L);
    openBit(L);
    this.registerRedisApi();
    this.hook = (hl: LuaState) => this.onHook(hl);

    if (kind === 'eval') {
      lua.lua_pushcfunction(L, errorHandler);
      lua.lua_pushvalue(L, -1);
      lua.lua_setglobal(L, lstr('__redis__err__handler'));
      this.handlerRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      // The replicate_commands/breakpoint/debug helpers exist only for EVAL.
      lua.lua_getglobal(L, lstr('redis'));
      setFn(L, 'replicate_commands', (l) => { lua.lua_pushboolean(l, 1); return 1; });
      setFn(L, 'breakpoint', (l) => { lua.lua_pushboolean(l, 0); return 1; });
      setFn(L, 'debug', () => 0);
      lua.lua_pop(L, 1);
      lua.lua_pushglobaltable(L);
      setErrorMetatable(L);
      protectRecursively(L, -1);
      lua.lua_pop(L, 1);
    } else {
      lua.lua_pushcfunction(L, errorHandler);
      this.handlerRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      // The load-time API: only redis.register_function, redis.log and the version.
      lua.lua_newtable(L); // library globals
      lua.lua_newtable(L); // its redis table
      setFn(L, 'register_function', (l) => this.registerFunction(l));
      this.registerLogAndVersion(L);
      setErrorMetatable(L);
      lua.lua_setfield(L, -2, lstr('redis'));
      setErrorMetatable(L);
      protectRecursively(L, -1);
      this.libraryApiRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      // The real globals, protected, behind an empty read-only table whose metatable switches
      // between them and the load-time API.
      lua.lua_pushglobaltable(L);
      setErrorMetatable(L);
      protectRecursively(L, -1);
      this.globalsApiRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      lua.lua_newtable(L); // new globals
      lua.lua_newtable(L); // its metatable
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.globalsApiRef);
      lua.lua_setfield(L, -2, lstr('__index'));
      lua.lua_pushvalue(L, -1);
      this.globalsMeta = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      setReadonly(L, -1, true);
      lua.lua_setmetatable(L, -2);
      setReadonly(L, -1, true);
      lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    }
  }

  // ---------------------------------------------------------------- the redis table

  private registerRedisApi(): void {
    const L = this.L;
    lua.lua_newtable(L);
    setFn(L, 'call', (l) => this.redisCall(l, true));
    setFn(L, 'pcall', (l) => this.redisCall(l, false));
    this.registerLogAndVersion(L);
    setFn(L, 'setresp', (l) => {
      const run = this.requireRun(l, 'redis.setresp can only be called inside a script invocation');
      if (lua.lua_gettop(l) !== 1) raiseError(l, 'redis.setresp() requires one argument.');
      const resp = Math.trunc(lua.lua_tonumber(l, -1) as number);
      if (resp !== 2 && resp !== 3) raiseError(l, 'RESP version must be 2 or 3.');
      run.resp = resp;
      return 0;
    });
    setFn(L, 'sha1hex', (l) => {
      if (lua.lua_gettop(l) !== 1) raiseError(l, 'wrong number of arguments');
      const s = lua.lua_tolstring(l, 1) as Uint8Array | null;
      pushString(l, createHash('sha1').update(s ?? new Uint8Array(0)).digest('hex'));
      return 1;
    });
    setFn(L, 'error_reply', (l) => {
      if (lua.lua_gettop(l) !== 1 || lua.lua_type(l, -1) !== lua.LUA_TSTRING) {
        pushErrorTable(l, 'wrong number or type of arguments');
        return 1;
      }
      const msg = fromLua(lua.lua_tolstring(l, -1));
      pushErrorTable(l, msg.startsWith('-') ? msg : '-' + msg);
      return 1;
    });
    setFn(L, 'status_reply', (l) => {
      if (lua.lua_gettop(l) !== 1 || lua.lua_type(l, -1) !== lua.LUA_TSTRING) {
        pushErrorTable(l, 'wrong number or type of arguments');
        return 1;
      }
      lua.lua_newtable(l);
      lua.lua_pushvalue(l, -2);
      lua.lua_setfield(l, -2, lstr('ok'));
      return 1;
    });
    setFn(L, 'set_repl', (l) => {
      const run = this.requireRun(l, 'redis.set_repl can only be called inside a script invocation');
      if (lua.lua_gettop(l) !== 1) raiseError(l, 'redis.set_repl() requires two arguments.');
      const flags = Math.trunc(lua.lua_tonumber(l, -1) as number);
      if ((flags & ~3) !== 0) raiseError(l, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      run.repl = flags;
      return 0;
    });
    for (const [name, v] of [['REPL_NONE', 0], ['REPL_AOF', 1], ['REPL_SLAVE', 2], ['REPL_REPLICA', 2], ['REPL_ALL', 3]] as const) {
      lua.lua_pushnumber(L, v);
      lua.lua_setfield(L, -2, lstr(name));
    }
    setFn(L, 'acl_check_cmd', (l) => {
      this.requireRun(l, 'redis.acl_check_cmd can only be called inside a script invocation');
      const argv = argsToArgv(l);
      if (typeof argv === 'string') { pushErrorTable(l, argv); return lua.lua_error(l); }
      if (this.host.call === undefined || !commandExists(argv)) raiseError(l, 'Invalid command passed to redis.acl_check_cmd()');
      lua.lua_pushboolean(l, 1); // Kunyu has one user, allowed everything
      return 1;
    });
    lua.lua_setglobal(L, lstr('redis'));

    // Redis's pcall: an error table with an 'err' string is returned as that string.
    lua.lua_pushcfunction(L, redisPcall);
    lua.lua_setglobal(L, lstr('pcall'));
  }

  private registerLogAndVersion(L: LuaState): void {
    setFn(L, 'log', (l) => {
      const argc = lua.lua_gettop(l);
      if (argc < 2) raiseError(l, 'redis.log() requires two arguments or more.');
      if (!lua.lua_isnumber(l, -argc)) raiseError(l, 'First argument must be a number (log level).');
      const level = Math.trunc(lua.lua_tonumber(l, -argc) as number);
      if (level < 0 || level > 3) raiseError(l, 'Invalid debug level.');
      const parts: string[] = [];
      for (let j = 1; j < argc; j++) {
        const s = lua.lua_tolstring(l, -argc + j) as Uint8Array | null;
        if (s !== null) parts.push(fromLua(s));
      }
      this.host.log(level, parts.join(' '));
      return 0;
    });
    LOG_LEVELS.forEach((name, i) => {
      lua.lua_pushnumber(L, i);
      lua.lua_setfield(L, -2, lstr(name));
    });
    lua.lua_pushnumber(L, versionNum(REDIS_VERSION));
    lua.lua_setfield(L, -2, lstr('REDIS_VERSION_NUM'));
    pushString(L, REDIS_VERSION);
    lua.lua_setfield(L, -2, lstr('REDIS_VERSION'));
  }

  private requireRun(L: LuaState, msg: string): RunState {
    if (this.run === null) raiseError(L, msg);
    return this.run;
  }

  /** redis.call (raise = true) and redis.pcall. */
  private redisCall(L: LuaState, raise: boolean): number {
    const run = this.run;
    if (run === null) raiseError(L, 'redis.call/pcall can only be called inside a script invocation');
    const argv = argsToArgv(L);
    if (typeof argv === 'string') {
      pushErrorTable(L, argv);
      return raise ? lua.lua_error(L) : 1;
    }
    lua.lua_settop(L, 0);
    const refused = this.host.call(run, argv);
    if (refused !== null) {
      pushErrorTable(L, refused);
      return raise ? lua.lua_error(L) : 1;
    }
    const reply = this.host.reply;
    const isError = reply.buf[0] === 0x2d;
    lua.lua_checkstack(L, 8);
    respToLua(L, reply.buf, 0, reply.pos);
    return raise && isError ? lua.lua_error(L) : 1;
  }

  // ---------------------------------------------------------------- compiling and running

  /** Compiles code as a chunk named `chunkname`; returns its registry ref or the error message. */
  compile(code: string, chunkname: string): number | string {
    const L = this.L;
    const u = toLua(code);
    const status = lauxlib.luaL_loadbufferx(L, u, u.length, lstr(chunkname), lstr('t'));
    if (status !== lua.LUA_OK) {
      const msg = syntaxError51(fromLua(lua.lua_tolstring(L, -1) ?? lstr('?')));
      lua.lua_pop(L, 1);
      return msg;
    }
    return lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  }

  release(ref: number): void {
    lauxlib.luaL_unref(this.L, lua.LUA_REGISTRYINDEX, ref);
  }

  /**
   * Runs a compiled EVAL chunk (ref) or a registered function with KEYS/ARGV, writing the reply
   * (or the error) to w. Returns true when done. The script runs in a coroutine; with `yieldable`
   * it gives the thread back whenever the host's yieldNow() says so (an inline shard past
   * busy-reply-threshold, so the acceptor can answer BUSY and take SCRIPT KILL meanwhile, as
   * Redis's processEventsWhileBlocked does): execute() then returns false and resume() goes on.
   */
  execute(ref: number, keys: string[], args: string[], run: RunState, w: ReplyWriter, yieldable = false): boolean {
    const L = this.L;
    setActiveState(L);
    lua.lua_settop(L, 0);
    lua.lua_pushcfunction(L, runProtected);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.handlerRef);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    let nargs = 0;
    if (this.kind === 'eval') {
      lua.lua_pushglobaltable(L);
      setReadonly(L, -1, false);
      pushArray(L, keys);
      rawSetField(L, -2, 'KEYS');
      pushArray(L, args);
      rawSetField(L, -2, 'ARGV');
      setReadonly(L, -1, true);
      lua.lua_pop(L, 1);
    } else {
      pushArray(L, keys);
      pushArray(L, args);
      nargs = 2;
    }
    this.run = run;
    this.killed = false;
    this.yieldable = yieldable;
    if (this.co === null) {
      this.co = lua.lua_newthread(L);
      this.coRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    }
    // The coroutine runs runProtected(handler, chunk, args...).
    lua.lua_xmove(L, this.co, nargs + 3);
    lua.lua_sethook(this.co, this.hook, lua.LUA_MASKCOUNT, HOOK_EVERY);
    return this.resume(w, nargs + 2);
  }

  /** Goes on with a script that gave the thread back; like execute(), true when done. */
  resume(w: ReplyWriter, nargs = 0): boolean {
    const L = this.L;
    const co = this.co;
    const run = this.run!;
    setActiveState(co);
    let status: number;
    try {
      status = lua.lua_resume(co, L, nargs);
    } catch (err) {
      this.finishCoroutine(false);
      throw err;
    }
    if (status === lua.LUA_YIELD) return false;
    if (status !== lua.LUA_OK) {
      // runProtected catches the script's errors: only a failure of the machinery gets here.
      w.error(`ERR Error running script ${run.name}, ${lua.lua_isstring(co, -1) ? fromLua(lua.lua_tolstring(co, -1)) : 'execution failure'}`);
    } else {
      const failed = lua.lua_toboolean(co, -1);
      lua.lua_pop(co, 1);
      if (failed) writeScriptError(co, w, run.name);
      else luaToReply(co, w, run.resp === 3, 0);
    }
    this.finishCoroutine(status === lua.LUA_OK);
    return true;
  }

  /** After a script: the coroutine is kept for the next one if it ended cleanly, else dropped. */
  private finishCoroutine(reusable: boolean): void {
    lua.lua_sethook(this.co, null, 0, 0);
    if (reusable) {
      lua.lua_settop(this.co, 0);
    } else {
      lauxlib.luaL_unref(this.L, lua.LUA_REGISTRYINDEX, this.coRef);
      this.co = null;
    }
    this.run = null;
    setActiveState(this.L);
    lua.lua_settop(this.L, 0);
  }

  private onHook(L: LuaState): void {
    if (this.loading !== null) {
      if (Date.now() > this.loading.deadline) {
        lua.lua_sethook(L, this.hook, lua.LUA_MASKLINE, 0);
        pushErrorTable(L, 'FUNCTION LOAD timeout');
        lua.lua_error(L);
      }
      return;
    }
    const run = this.run;
    if (run === null) return;
    if (this.killed || this.host.interrupted(run)) {
      // Raised again at every new line, as Redis does: a pcall catches it only until then.
      this.killed = true;
      lua.lua_sethook(L, this.hook, lua.LUA_MASKLINE, 0);
      pushErrorTable(L, 'Script killed by user with SCRIPT KILL...');
      lua.lua_error(L);
    }
    // Only the script's own coroutine yields (not one the script made), and not from inside a
    // call that cannot be continued (table.sort's comparator, gsub's function...): it yields at
    // a later hook.
    if (this.yieldable && L === this.co && lua.lua_isyieldable(L) && this.host.yieldNow(run)) lua.lua_yield(L, 0);
  }

  // ---------------------------------------------------------------- FUNCTION libraries

  /**
   * Runs a library's code (after its shebang line) so it registers its functions. Returns them,
   * or Redis's error text ("Error compiling function: ...", "Error registering functions: ...").
   */
  loadLibrary(code: string, timeoutMs = LOAD_TIMEOUT_MS): RegisteredFunction[] | string {
    const L = this.L;
    setActiveState(L);
    lua.lua_settop(L, 0);
    this.swapGlobals(this.libraryApiRef);
    try {
      const u = toLua(code);
      if (lauxlib.luaL_loadbufferx(L, u, u.length, lstr('@user_function'), lstr('t')) !== lua.LUA_OK) {
        const msg = syntaxError51(fromLua(lua.lua_tolstring(L, -1) ?? lstr('?')));
        lua.lua_settop(L, 0);
        return `Error compiling function: ${msg}`;
      }
      this.loading = { functions: [], error: null, deadline: timeoutMs > 0 ? Date.now() + timeoutMs : Infinity };
      lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, HOOK_EVERY);
      const status = lua.lua_pcall(L, 0, 0, 0);
      lua.lua_sethook(L, null, 0, 0);
      const loaded = this.loading;
      this.loading = null;
      if (status !== lua.LUA_OK) {
        const msg = errorMessageOf(L);
        lua.lua_settop(L, 0);
        for (const f of loaded.functions) this.release(f.ref);
        return `Error registering functions: ${msg}`;
      }
      return loaded.functions;
    } finally {
      this.loading = null;
      this.swapGlobals(this.globalsApiRef);
      lua.lua_settop(L, 0);
    }
  }

  private swapGlobals(ref: number): void {
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.globalsMeta);
    setReadonly(L, -1, false);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    lua.lua_setfield(L, -2, lstr('__index'));
    setReadonly(L, -1, true);
    lua.lua_pop(L, 1);
  }

  private registerFunction(L: LuaState): number {
    const loading = this.loading;
    if (loading === null) raiseError(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    const argc = lua.lua_gettop(L);
    let f: RegisteredFunction;
    if (argc < 1 || argc > 2) raiseError(L, 'wrong number of arguments to redis.register_function');
    if (argc === 1) {
      if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
        raiseError(L, 'calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      }
      let name: string | null = null;
      let description: string | null = null;
      let ref = -1;
      let flags = 0;
      const fail = (msg: string): never => {
        if (ref >= 0) this.release(ref);
        return raiseError(L, msg);
      };
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1)) {
        if (!lua.lua_isstring(L, -2)) fail('named argument key given to redis.register_function is not a string');
        const key = fromLua(lua.lua_tolstring(L, -2)).toLowerCase();
        if (key === 'function_name') {
          if (!lua.lua_isstring(L, -1)) fail('function_name argument given to redis.register_function must be a string');
          name = fromLua(lua.lua_tolstring(L, -1));
        } else if (key === 'description') {
          if (!lua.lua_isstring(L, -1)) fail('description argument given to redis.register_function must be a string');
          description = fromLua(lua.lua_tolstring(L, -1));
        } else if (key === 'callback') {
          if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) fail('callback argument given to redis.register_function must be a function');
          if (ref >= 0) this.release(ref);
          ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
          continue;
        } else if (key === 'flags') {
          if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) fail('flags argument to redis.register_function must be a table representing function flags');
          const read = readFlags(L);
          if (read === null) fail('unknown flag given');
          flags = read!;
        } else {
          fail('unknown argument given to redis.register_function');
        }
        lua.lua_pop(L, 1);
      }
      if (name === null) fail('redis.register_function must get a function name argument');
      if (ref < 0) fail('redis.register_function must get a callback argument');
      f = { name: name!, description, flags, ref };
    } else {
      if (!lua.lua_isstring(L, 1)) raiseError(L, 'first argument to redis.register_function must be a string');
      if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) raiseError(L, 'second argument to redis.register_function must be a function');
      const name = fromLua(lua.lua_tolstring(L, 1));
      lua.lua_pushvalue(L, 2);
      f = { name, description: null, flags: 0, ref: lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) };
    }
    if (!/^[A-Za-z0-9_]+$/.test(f.name)) {
      this.release(f.ref);
      raiseError(L, 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    }
    if (loading.functions.some((x) => x.name === f.name)) {
      this.release(f.ref);
      raiseError(L, 'Function already exists in the library');
    }
    loading.functions.push(f);
    return 0;
  }
}

// ---------------------------------------------------------------- helpers

function setFn(L: LuaState, name: string, fn: CFunction): void {
  lua.lua_pushcfunction(L, fn);
  lua.lua_setfield(L, -2, lstr(name));
}

function versionNum(v: string): number {
  const [a, b, c] = v.split('.').map(Number);
  return (a << 16) | (b << 8) | c;
}

/** Pushes Redis's error table {err = "CODE message"} (luaPushErrorBuff). */
export function pushErrorTable(L: LuaState, text: string): void {
  let code = 'ERR';
  let msg = text;
  if (text.startsWith('-')) {
    const sp = text.indexOf(' ');
    if (sp < 0) msg = text.slice(1);
    else { code = text.slice(1, sp); msg = text.slice(sp + 1); }
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  lua.lua_createtable(L, 0, 1);
  pushString(L, `${code} ${msg}`);
  rawSetField(L, -2, 'err');
}

/** Raises Redis's error table for `text` (luaPushError + luaError). */
export function raiseError(L: LuaState, text: string): never {
  pushErrorTable(L, text);
  lua.lua_error(L);
  throw new Error('unreachable');
}

const knownCommand: { test: ((argv: string[]) => boolean) | null } = { test: null };

/** Lets the command table answer redis.acl_check_cmd (set by the commands module). */
export function setCommandLookup(test: (argv: string[]) => boolean): void {
  knownCommand.test = test;
}

function commandExists(argv: string[]): boolean {
  return knownCommand.test !== null && knownCommand.test(argv);
}

/** redis.call's arguments as strings (numbers with "%.17g"), or the error text. */
function argsToArgv(L: LuaState): string[] | string {
  const argc = lua.lua_gettop(L);
  if (argc === 0) return 'Please specify at least one argument for this redis lib call';
  const argv = new Array<string>(argc);
  for (let j = 0; j < argc; j++) {
    const t = lua.lua_type(L, j + 1);
    if (t === lua.LUA_TNUMBER) argv[j] = format17g(lua.lua_tonumber(L, j + 1) as number);
    else if (t === lua.LUA_TSTRING) argv[j] = fromLua(lua.lua_tolstring(L, j + 1));
    else return 'Lua redis lib command arguments must be strings or integers';
  }
  return argv;
}

function pushArray(L: LuaState, items: string[]): void {
  lua.lua_createtable(L, items.length, 0);
  for (let i = 0; i < items.length; i++) {
    pushString(L, items[i]);
    lua.lua_rawseti(L, -2, i + 1);
  }
}

/** The message-handler of scripts: adds where the error happened (Redis's __redis__err__handler). */
function errorHandler(L: LuaState): number {
  const ar = new lua.lua_Debug();
  let found = false;
  if (lua.lua_getstack(L, 1, ar)) {
    lua.lua_getinfo(L, lstr('nSl'), ar);
    found = true;
    const what = fromLua(ar.what);
    if (what === 'C' || what === 'J') { // fengari calls JS functions "J"
      found = !!lua.lua_getstack(L, 2, ar);
      if (found) lua.lua_getinfo(L, lstr('nSl'), ar);
    }
  }
  if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
    lauxlib.luaL_tolstring(L, 1);
    const msg = fromLua(lua.lua_tolstring(L, -1));
    lua.lua_pop(L, 1);
    lua.lua_newtable(L);
    pushString(L, 'ERR ' + msg);
    lua.lua_setfield(L, -2, lstr('err'));
    lua.lua_replace(L, 1);
  }
  if (found) {
    lua.lua_pushvalue(L, 1);
    lua.lua_pushstring(L, ar.source);
    lua.lua_setfield(L, -2, lstr('source'));
    lua.lua_pushnumber(L, ar.currentline);
    lua.lua_setfield(L, -2, lstr('line'));
    lua.lua_pop(L, 1);
  }
  lua.lua_settop(L, 1);
  return 1;
}

/**
 * The body of a script's coroutine: calls the chunk (index 2) under the error handler
 * (index 1) with a continuation, so the script may yield through it. Returns the chunk's result
 * or the handled error, then true if it failed.
 */
function runProtected(L: LuaState): number {
  return finishProtected(L, pcallk(L, lua.lua_gettop(L) - 2, 1, 1, 0, finishProtected), 0);
}

function finishProtected(L: LuaState, status: number, _ctx: number): number {
  lua.lua_pushboolean(L, status !== lua.LUA_OK && status !== lua.LUA_YIELD ? 1 : 0);
  return 2;
}

/** Redis's replacement of pcall: error tables with an 'err' string come back as that string. */
function redisPcall(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  lua.lua_pushboolean(L, 1);
  lua.lua_insert(L, 1);
  if (argc === 0) {
    // Redis calls lua_pcall with -1 arguments here: it ends up calling the boolean.
    lua.lua_settop(L, 0);
    lua.lua_pushboolean(L, 0);
    lua.lua_pushstring(L, lstr('attempt to call a boolean value'));
    return 2;
  }
  // With a continuation, so a script may give the thread back inside a pcall (LuaEnv.execute).
  return finishRedisPcall(L, pcallk(L, argc - 1, lua.LUA_MULTRET, 0, 0, finishRedisPcall), 0);
}

function finishRedisPcall(L: LuaState, status: number, _ctx: number): number {
  if (status !== lua.LUA_OK && status !== lua.LUA_YIELD) {
    lua.lua_remove(L, 1);
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, -1, lstr('err'));
      if (lua.lua_isstring(L, -1)) lua.lua_replace(L, -2);
    }
    lua.lua_pushboolean(L, 0);
    lua.lua_insert(L, 1);
  }
  return lua.lua_gettop(L);
}

/** Sets a metatable on the table at the top whose __index raises for unknown names. */
function setErrorMetatable(L: LuaState): void {
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, (l: LuaState) => {
    if (lua.lua_gettop(l) !== 2) lauxlib.luaL_error(l, lstr('Wrong number of arguments to luaProtectedTableError'));
    if (!lua.lua_isstring(l, -1) && !lua.lua_isnumber(l, -1)) {
      lauxlib.luaL_error(l, lstr('Second argument to luaProtectedTableError must be a string or number'));
    }
    const name = fromLua(lua.lua_tolstring(l, -1));
    lauxlib.luaL_error(l, toLua(`Script attempted to access nonexistent global variable '${name.replace(/%/g, '%%')}'`));
    return 0;
  });
  lua.lua_setfield(L, -2, lstr('__index'));
  lua.lua_setmetatable(L, -2);
}

/** Marks the table at idx and every table reachable from it (and their metatables) read-only. */
function protectRecursively(L: LuaState, idx: number): void {
  const seen = new Set<unknown>();
  const visit = (at: number): void => {
    const t = lua.lua_topointer(L, at);
    if (seen.has(t)) return;
    seen.add(t);
    lua.lua_checkstack(L, 4);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, at < 0 ? at - 1 : at)) {
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) visit(lua.lua_gettop(L));
      lua.lua_pop(L, 1);
    }
    if (lua.lua_getmetatable(L, at)) {
      visit(lua.lua_gettop(L));
      lua.lua_pop(L, 1);
    }
    setReadonly(L, at, true);
  };
  visit(lua.lua_absindex(L, idx));
}

function readFlags(L: LuaState): number | null {
  let flags = 0;
  for (let j = 1; ; j++) {
    lua.lua_pushnumber(L, j);
    lua.lua_gettable(L, -2);
    if (lua.lua_isnil(L, -1)) { lua.lua_pop(L, 1); return flags; }
    if (!lua.lua_isstring(L, -1)) { lua.lua_pop(L, 1); return null; }
    const name = fromLua(lua.lua_tolstring(L, -1)).toLowerCase();
    lua.lua_pop(L, 1);
    const known = SCRIPT_FLAG_NAMES.find(([n]) => n === name);
    if (known === undefined) return null;
    flags |= known[1];
  }
}

/** The message of an error value left by a pcall without handler (luaExtractErrorInformation). */
function errorMessageOf(L: LuaState): string {
  if (lua.lua_type(L, -1) === lua.LUA_TSTRING || lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
    return 'ERR ' + fromLua(lua.lua_tolstring(L, -1));
  }
  if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
    lua.lua_getfield(L, -1, lstr('err'));
    const s = lua.lua_isstring(L, -1) ? fromLua(lua.lua_tolstring(L, -1)) : '';
    lua.lua_pop(L, 1);
    return s;
  }
  return '';
}

/** The error of a failed script run (its error table at the top): Redis's error reply. */
function writeScriptError(L: LuaState, w: ReplyWriter, name: string): void {
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
    const msg = lua.lua_isstring(L, -1) ? fromLua(lua.lua_tolstring(L, -1)) : 'execution failure';
    w.error(trimNewlines(`ERR Error running script ${name}, ${msg.slice(0, 100)}`));
    return;
  }
  lua.lua_getfield(L, -1, lstr('err'));
  const msg = lua.lua_isstring(L, -1) ? fromLua(lua.lua_tolstring(L, -1)) : 'ERR unknown error';
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, lstr('source'));
  const source = lua.lua_isstring(L, -1) ? fromLua(lua.lua_tolstring(L, -1)) : null;
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, lstr('line'));
  const line = lua.lua_isstring(L, -1) ? fromLua(lua.lua_tolstring(L, -1)) : null;
  lua.lua_pop(L, 1);
  let text = msg;
  if (source !== null && line !== null) text += ` script: ${name}, on ${source}:${line}.`;
  w.error(text);
}

function trimNewlines(s: string): string {
  return s.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

// ---------------------------------------------------------------- RESP → Lua

/**
 * Pushes the RESP reply at buf[pos, end) as a Lua value, with Redis's rules: integers become
 * numbers, bulk strings strings, a null bulk or null array false, a status {ok=...}, an error
 * {err=...}, arrays tables; in RESP3 maps {map={...}}, sets {set={k=true}}, doubles
 * {double=n}, big numbers {big_number=s}, verbatim strings {verbatim_string={format,string}},
 * null nil, booleans booleans. Returns the position after the reply.
 */
export function respToLua(L: LuaState, buf: Buffer, pos: number, end: number): number {
  const type = buf[pos];
  let eol = pos + 1;
  while (buf[eol] !== 13) eol++;
  const line = (): string => buf.latin1Slice(pos + 1, eol);
  const next = eol + 2;
  switch (type) {
    case 0x3a: { // ':'
      lua.lua_pushnumber(L, readInt(buf, pos + 1, eol));
      return next;
    }
    case 0x24: { // '$'
      const len = readInt(buf, pos + 1, eol);
      if (len < 0) { lua.lua_pushboolean(L, 0); return next; }
      pushBytes(L, buf, next, next + len);
      return next + len + 2;
    }
    case 0x2b: { // '+'
      lua.lua_createtable(L, 0, 1);
      pushBytes(L, buf, pos + 1, eol);
      rawSetField(L, -2, 'ok');
      return next;
    }
    case 0x2d: { // '-'
      pushErrorTable(L, '-' + line());
      return next;
    }
    case 0x2a: case 0x7e: case 0x3e: { // '*', '~', '>'
      const n = readInt(buf, pos + 1, eol);
      if (n < 0) { lua.lua_pushboolean(L, 0); return next; }
      let p = next;
      lua.lua_checkstack(L, 4);
      if (type === 0x7e) {
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, n);
        for (let i = 0; i < n; i++) {
          p = respToLua(L, buf, p, end);
          lua.lua_pushboolean(L, 1);
          lua.lua_settable(L, -3);
        }
        lua.lua_setfield(L, -2, lstr('set'));
        return p;
      }
      lua.lua_createtable(L, n, 0);
      for (let i = 0; i < n; i++) {
        p = respToLua(L, buf, p, end);
        lua.lua_rawseti(L, -2, i + 1);
      }
      return p;
    }
    case 0x25: { // '%'
      const n = Number(line());
      let p = next;
      lua.lua_checkstack(L, 4);
      lua.lua_createtable(L, 0, 1);
      lua.lua_createtable(L, 0, n);
      for (let i = 0; i < n; i++) {
        p = respToLua(L, buf, p, end);
        p = respToLua(L, buf, p, end);
        lua.lua_settable(L, -3);
      }
      lua.lua_setfield(L, -2, lstr('map'));
      return p;
    }
    case 0x5f: // '_'
      lua.lua_pushnil(L);
      return next;
    case 0x23: // '#'
      lua.lua_pushboolean(L, buf[pos + 1] === 0x74 ? 1 : 0);
      return next;
    case 0x2c: { // ','
      const s = line();
      const d = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' || s === '-nan' ? NaN : Number(s);
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushnumber(L, d);
      lua.lua_setfield(L, -2, lstr('double'));
      return next;
    }
    case 0x28: { // '('
      lua.lua_createtable(L, 0, 1);
      pushBytes(L, buf, pos + 1, eol);
      lua.lua_setfield(L, -2, lstr('big_number'));
      return next;
    }
    case 0x3d: { // '='
      const len = Number(line());
      lua.lua_createtable(L, 0, 1);
      lua.lua_createtable(L, 0, 2);
      pushBytes(L, buf, next + 4, next + len);
      lua.lua_setfield(L, -2, lstr('string'));
      pushBytes(L, buf, next, next + 3);
      lua.lua_setfield(L, -2, lstr('format'));
      lua.lua_setfield(L, -2, lstr('verbatim_string'));
      return next + len + 2;
    }
    case 0x21: { // '!' blob error
      const len = Number(line());
      pushErrorTable(L, '-' + buf.latin1Slice(next, next + len));
      return next + len + 2;
    }
    case 0x7c: { // '|' attributes: skipped
      const n = Number(line());
      let p = next;
      for (let i = 0; i < 2 * n; i++) {
        p = respToLua(L, buf, p, end);
        lua.lua_pop(L, 1);
      }
      return respToLua(L, buf, p, end);
    }
    default:
      lua.lua_pushnil(L);
      return end;
  }
}

/** A decimal integer in buf[from, to) (RESP lengths and integers). */
function readInt(buf: Buffer, from: number, to: number): number {
  let neg = false;
  let i = from;
  if (buf[i] === 0x2d) { neg = true; i++; }
  let n = 0;
  for (; i < to; i++) n = n * 10 + (buf[i] - 0x30);
  if (to - from > 15) return Number(buf.latin1Slice(from, to)); // beyond 2^53: let Number round
  return neg ? -n : n;
}

// ---------------------------------------------------------------- Lua → RESP

function rawField(L: LuaState, name: string): number {
  lua.lua_pushstring(L, lstr(name));
  lua.lua_rawget(L, -2);
  return lua.lua_type(L, -1);
}

/**
 * Writes the Lua value at the top of the stack as a reply (Redis's luaReplyToRedisReply) and
 * pops it. `scriptResp3`: the script called redis.setresp(3) (booleans then become RESP3
 * booleans); the client's protocol is w.resp3.
 */
export function luaToReply(L: LuaState, w: ReplyWriter, scriptResp3: boolean, depth: number): void {
  const t = lua.lua_type(L, -1);
  if (!lua.lua_checkstack(L, 4) || depth > 1000) {
    w.error('ERR reached lua stack limit');
    lua.lua_pop(L, 1);
    return;
  }
  switch (t) {
    case lua.LUA_TSTRING: {
      const u = lua.lua_tolstring(L, -1) as Uint8Array;
      w.bulkBytes(u);
      break;
    }
    case lua.LUA_TBOOLEAN: {
      const b = lua.lua_toboolean(L, -1);
      if (!scriptResp3) { if (b) w.int(1); else w.nil(); } else w.bool(b);
      break;
    }
    case lua.LUA_TNUMBER: {
      const n = toLongLong(lua.lua_tonumber(L, -1) as number);
      if (n >= -9007199254740991n && n <= 9007199254740991n) w.int(Number(n)); else w.bigint(n);
      break;
    }
    case lua.LUA_TTABLE: {
      if (rawField(L, 'err') === lua.LUA_TSTRING) {
        const msg = fromLua(lua.lua_tolstring(L, -1));
        lua.lua_pop(L, 2);
        writeErrorReply(w, msg);
        return;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'ok') === lua.LUA_TSTRING) {
        const ok = fromLua(lua.lua_tolstring(L, -1)).replace(/[\r\n]/g, ' ');
        lua.lua_pop(L, 2);
        w.simple(ok);
        return;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'double') === lua.LUA_TNUMBER) {
        const d = lua.lua_tonumber(L, -1) as number;
        lua.lua_pop(L, 2);
        w.double(replyDouble(d));
        return;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'big_number') === lua.LUA_TSTRING) {
        const s = fromLua(lua.lua_tolstring(L, -1)).replace(/[\r\n]/g, ' ');
        lua.lua_pop(L, 2);
        if (w.resp3) w.ascii('(' + s + '\r\n'); else w.bulk(s);
        return;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'verbatim_string') === lua.LUA_TTABLE) {
        if (rawField(L, 'format') === lua.LUA_TSTRING) {
          const format = fromLua(lua.lua_tolstring(L, -1));
          lua.lua_pushstring(L, lstr('string'));
          lua.lua_rawget(L, -3);
          if (lua.lua_type(L, -1) === lua.LUA_TSTRING) {
            const s = fromLua(lua.lua_tolstring(L, -1));
            lua.lua_pop(L, 4);
            w.verbatim(s, format.slice(0, 3).padEnd(3, ' '));
            return;
          }
          lua.lua_pop(L, 1);
        }
        lua.lua_pop(L, 1);
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'map') === lua.LUA_TTABLE) {
        let n = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) { lua.lua_pop(L, 1); n++; }
        w.map(n);
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          lua.lua_pushvalue(L, -2);
          luaToReply(L, w, scriptResp3, depth + 1); // key
          luaToReply(L, w, scriptResp3, depth + 1); // value
        }
        lua.lua_pop(L, 2);
        return;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'set') === lua.LUA_TTABLE) {
        let n = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) { lua.lua_pop(L, 1); n++; }
        w.set(n);
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          lua.lua_pop(L, 1);
          lua.lua_pushvalue(L, -1);
          luaToReply(L, w, scriptResp3, depth + 1);
        }
        lua.lua_pop(L, 2);
        return;
      }
      lua.lua_pop(L, 1);
      // An array: elements 1, 2... up to the first nil.
      let n = 0;
      for (;;) {
        lua.lua_rawgeti(L, -1, n + 1);
        const nil = lua.lua_type(L, -1) === lua.LUA_TNIL;
        lua.lua_pop(L, 1);
        if (nil) break;
        n++;
      }
      w.array(n);
      for (let i = 1; i <= n; i++) {
        lua.lua_rawgeti(L, -1, i);
        luaToReply(L, w, scriptResp3, depth + 1);
      }
      break;
    }
    default:
      w.nil();
  }
  lua.lua_pop(L, 1);
}

/** A {err=...} table returned by a script: "-msg", newlines at the ends trimmed, others spaces. */
function writeErrorReply(w: ReplyWriter, msg: string): void {
  const s = trimNewlines('-' + msg).slice(1);
  w.error(s);
}
