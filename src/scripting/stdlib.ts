// The Lua standard library as Redis's Lua 5.1 shows it, built on fengari's 5.3 libraries:
// 5.1's base functions (unpack, loadstring, gcinfo, load taking a reader function, 5.1's
// tonumber), math (every result a float; pow, mod, log10...; Redis's own random), string
// (5.1's function set, C sprintf's format), table (getn, maxn, setn, foreach, foreachi; 5.1's
// insert/remove) and coroutine. What Redis removes (print, dofile, loadfile, os, io, debug,
// require) is never opened.
import { lua, lauxlib, lualib, lstr, fromLua, toLua, isReadonly, syntaxError51, type LuaState } from './lua51';
import { formatE, formatF, formatG, pad, toLongLong } from './cformat';

type CFunction = (L: LuaState) => number;

function pushNumber(L: LuaState, n: number): void {
  lua.lua_pushnumber(L, n);
}

function setFuncs(L: LuaState, funcs: Record<string, CFunction>): void {
  for (const [name, fn] of Object.entries(funcs)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lstr(name));
  }
}

function removeFields(L: LuaState, names: string[]): void {
  for (const name of names) {
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, lstr(name));
  }
}

function checkInt(L: LuaState, arg: number): number {
  return lauxlib.luaL_checkinteger(L, arg) as number;
}

function argError(L: LuaState, arg: number, msg: string): never {
  lauxlib.luaL_argerror(L, arg, lstr(msg));
  throw new Error('unreachable');
}

function luaError(L: LuaState, msg: string): never {
  lauxlib.luaL_error(L, toLua(msg.replace(/%/g, '%%')));
  throw new Error('unreachable');
}

// ---------------------------------------------------------------- Redis's PRNG (rand.c)

/** redisLrand48: the 48-bit linear congruential generator of drand48, shared by a state's scripts. */
class Rand48 {
  private x = 0x1234abcd330en;

  next(): number {
    this.x = (0x5deece66dn * this.x + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }

  seed(seed: number): void {
    const s = BigInt.asUintN(32, BigInt(seed | 0));
    this.x = (s << 16n) | 0x330en;
  }
}

const LRAND48_MAX = 2147483647;

// ---------------------------------------------------------------- base

function luaTonumber(L: LuaState): number {
  const base = lua.lua_isnoneornil(L, 2) ? 10 : checkInt(L, 2);
  if (base === 10) {
    lauxlib.luaL_checkany(L, 1);
    if (lua.lua_type(L, 1) === lua.LUA_TNUMBER || (lua.lua_type(L, 1) === lua.LUA_TSTRING && lua.lua_isnumber(L, 1))) {
      pushNumber(L, lua.lua_tonumber(L, 1));
      return 1;
    }
  } else {
    const s = fromLua(lauxlib.luaL_checklstring(L, 1));
    if (!(base >= 2 && base <= 36)) argError(L, 2, 'base out of range');
    const n = strtoul(s, base);
    if (n !== null) {
      pushNumber(L, n);
      return 1;
    }
  }
  lua.lua_pushnil(L);
  return 1;
}

/** C strtoul on the whole string (leading and trailing spaces allowed), or null. */
function strtoul(s: string, base: number): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*?)[ \t\n\v\f\r]*$/s.exec(s)!;
  let body = m[2];
  if (base === 16 && /^0[xX]/.test(body)) body = body.slice(2);
  if (body.length === 0) return null;
  let n = 0n;
  const b = BigInt(base);
  for (const ch of body.toLowerCase()) {
    const d = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch >= 'a' && ch <= 'z' ? ch.charCodeAt(0) - 87 : 99;
    if (d >= base) return null;
    n = n * b + BigInt(d);
    if (n > 0xffffffffffffffffn) n = 0xffffffffffffffffn;
  }
  if (m[1] === '-') n = BigInt.asUintN(64, -n);
  return Number(n);
}

function luaLoadstring(L: LuaState): number {
  const s = lauxlib.luaL_checklstring(L, 1) as Uint8Array;
  const name = lua.lua_isnoneornil(L, 2) ? s : lauxlib.luaL_checklstring(L, 2);
  return loadAux(L, lauxlib.luaL_loadbufferx(L, s, s.length, name, lstr('t')));
}

function loadAux(L: LuaState, status: number): number {
  if (status === lua.LUA_OK) return 1;
  const msg = lua.lua_tolstring(L, -1) as Uint8Array | null;
  if (msg !== null) {
    const fixed = toLua(syntaxError51(fromLua(msg)));
    lua.lua_pop(L, 1);
    lua.lua_pushlstring(L, fixed, fixed.length);
  }
  lua.lua_pushnil(L);
  lua.lua_insert(L, -2);
  return 2;
}

/** 5.1's load: a reader function called until it returns nil or an empty string. */
function luaLoad(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TFUNCTION);
  const name = lua.lua_isnoneornil(L, 2) ? lstr('=(load)') : lauxlib.luaL_checklstring(L, 2);
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    lua.lua_pushvalue(L, 1);
    lua.lua_call(L, 0, 1);
    if (lua.lua_isnil(L, -1)) { lua.lua_pop(L, 1); break; }
    if (!lua.lua_isstring(L, -1)) {
      lua.lua_pop(L, 1);
      lua.lua_pushnil(L);
      lua.lua_pushstring(L, lstr('reader function must return a string'));
      return 2;
    }
    const piece = lua.lua_tolstring(L, -1) as Uint8Array;
    lua.lua_pop(L, 1);
    if (piece.length === 0) break;
    pieces.push(piece);
    total += piece.length;
  }
  const code = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) { code.set(p, at); at += p.length; }
  return loadAux(L, lauxlib.luaL_loadbufferx(L, code, code.length, name, lstr('t')));
}

const GC_OPTIONS = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];

/** collectgarbage: fengari has no collector of its own (JavaScript's does the work). */
function luaCollectgarbage(L: LuaState): number {
  const opt = lauxlib.luaL_checkoption(L, 1, lstr('collect'), GC_OPTIONS.map((o) => lstr(o))) as number;
  switch (GC_OPTIONS[opt]) {
    case 'count': pushNumber(L, 32); return 1;
    case 'step': lua.lua_pushboolean(L, 0); return 1;
    case 'setpause': case 'setstepmul': pushNumber(L, 200); return 1;
    default: pushNumber(L, 0); return 1;
  }
}

/** 5.1's error: position information is added to string and number messages. */
function luaErrorFn(L: LuaState): number {
  const level = lua.lua_isnoneornil(L, 2) ? 1 : checkInt(L, 2);
  lua.lua_settop(L, 1);
  if (lua.lua_isstring(L, 1) && level > 0) {
    lauxlib.luaL_where(L, level);
    lua.lua_pushvalue(L, 1);
    lua.lua_concat(L, 2);
  }
  return lua.lua_error(L);
}

function luaGcinfo(L: LuaState): number {
  pushNumber(L, 32);
  return 1;
}

function makeSetmetatable(original: CFunction): CFunction {
  return (L) => {
    if (isReadonly(L, 1)) {
      // Raised by the C function itself: no position, as in Redis.
      lua.lua_pushstring(L, lstr('Attempt to modify a readonly table'));
      return lua.lua_error(L);
    }
    return original(L);
  };
}

function coroutineRunning(L: LuaState): number {
  if (lua.lua_pushthread(L)) {
    lua.lua_pop(L, 1);
    lua.lua_pushnil(L); // 5.1: nil in the main thread
  }
  return 1;
}

// ---------------------------------------------------------------- math

function mathLib(rand: Rand48): Record<string, CFunction> {
  const n1 = (f: (x: number) => number): CFunction => (L) => { pushNumber(L, f(lauxlib.luaL_checknumber(L, 1))); return 1; };
  return {
    abs: n1(Math.abs), acos: n1(Math.acos), asin: n1(Math.asin), atan: n1(Math.atan),
    atan2: (L) => { pushNumber(L, Math.atan2(lauxlib.luaL_checknumber(L, 1), lauxlib.luaL_checknumber(L, 2))); return 1; },
    ceil: n1(Math.ceil), cos: n1(Math.cos), cosh: n1(Math.cosh), deg: n1((x) => x * (180 / Math.PI)), exp: n1(Math.exp),
    floor: n1(Math.floor),
    fmod: (L) => { pushNumber(L, lauxlib.luaL_checknumber(L, 1) % lauxlib.luaL_checknumber(L, 2)); return 1; },
    mod: (L) => { pushNumber(L, lauxlib.luaL_checknumber(L, 1) % lauxlib.luaL_checknumber(L, 2)); return 1; },
    frexp: (L) => {
      const [m, e] = frexp(lauxlib.luaL_checknumber(L, 1));
      pushNumber(L, m);
      pushNumber(L, e);
      return 2;
    },
    ldexp: (L) => { pushNumber(L, lauxlib.luaL_checknumber(L, 1) * 2 ** checkInt(L, 2)); return 1; },
    log: n1(Math.log), log10: n1(Math.log10),
    max: (L) => minmax(L, (a, b) => b > a),
    min: (L) => minmax(L, (a, b) => b < a),
    modf: (L) => {
      const x = lauxlib.luaL_checknumber(L, 1);
      const ip = x === Infinity || x === -Infinity ? x : Math.trunc(x);
      pushNumber(L, ip);
      pushNumber(L, x === Infinity || x === -Infinity ? 0 : x - ip);
      return 2;
    },
    pow: (L) => { pushNumber(L, lauxlib.luaL_checknumber(L, 1) ** lauxlib.luaL_checknumber(L, 2)); return 1; },
    rad: n1((x) => x * (Math.PI / 180)), sin: n1(Math.sin), sinh: n1(Math.sinh), sqrt: n1(Math.sqrt),
    tan: n1(Math.tan), tanh: n1(Math.tanh),
    random: (L) => {
      const r = (rand.next() % LRAND48_MAX) / LRAND48_MAX;
      switch (lua.lua_gettop(L)) {
        case 0: pushNumber(L, r); break;
        case 1: {
          const u = checkInt(L, 1);
          if (!(u >= 1)) argError(L, 1, 'interval is empty');
          pushNumber(L, Math.floor(r * u) + 1);
          break;
        }
        case 2: {
          const l = checkInt(L, 1);
          const u = checkInt(L, 2);
          if (!(l <= u)) argError(L, 2, 'interval is empty');
          pushNumber(L, Math.floor(r * (u - l + 1)) + l);
          break;
        }
        default: return luaError(L, 'wrong number of arguments');
      }
      return 1;
    },
    randomseed: (L) => { rand.seed(checkInt(L, 1)); return 0; },
  };
}

function minmax(L: LuaState, better: (a: number, b: number) => boolean): number {
  const n = lua.lua_gettop(L);
  let m = lauxlib.luaL_checknumber(L, 1) as number;
  for (let i = 2; i <= n; i++) {
    const d = lauxlib.luaL_checknumber(L, i) as number;
    if (better(m, d)) m = d;
  }
  pushNumber(L, m);
  return 1;
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let e = (view.getUint16(0) >> 4) & 0x7ff;
  if (e === 0) { // subnormal: normalise first
    const [m, e2] = frexp(x * 2 ** 64);
    return [m, e2 - 64];
  }
  e -= 1022;
  return [x / 2 ** e, e];
}

// ---------------------------------------------------------------- string.format (5.1, C sprintf)

const FLAGS = '-+ #0';

/** A formatted item up to its first NUL (5.1 adds sprintf's buffer with strlen). */
function cut(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

function strFormat(L: LuaState): number {
  const top = lua.lua_gettop(L);
  const fmt = lauxlib.luaL_checklstring(L, 1) as Uint8Array;
  let arg = 1;
  const out: string[] = [];
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const c = fmt[i];
    if (c !== 0x25) {
      let j = i;
      while (j < n && fmt[j] !== 0x25) j++;
      out.push(fromLua(fmt.subarray(i, j)));
      i = j;
      continue;
    }
    i++;
    if (fmt[i] === 0x25) { out.push('%'); i++; continue; }
    // Spec: flags, width (2 digits), precision (2 digits).
    const start = i;
    while (i < n && FLAGS.includes(String.fromCharCode(fmt[i]))) i++;
    if (i - start > FLAGS.length) luaError(L, 'invalid format (repeated flags)');
    const flags = fromLua(fmt.subarray(start, i));
    let width = 0;
    let digits = 0;
    while (i < n && fmt[i] >= 0x30 && fmt[i] <= 0x39 && digits < 2) { width = width * 10 + fmt[i] - 0x30; i++; digits++; }
    let precision = -1;
    if (fmt[i] === 0x2e) {
      i++;
      precision = 0;
      digits = 0;
      while (i < n && fmt[i] >= 0x30 && fmt[i] <= 0x39 && digits < 2) { precision = precision * 10 + fmt[i] - 0x30; i++; digits++; }
    }
    if (i < n && fmt[i] >= 0x30 && fmt[i] <= 0x39) luaError(L, 'invalid format (width or precision too long)');
    if (++arg > top) argError(L, arg, 'no value');
    const conv = i < n ? String.fromCharCode(fmt[i]) : '';
    i++;
    const left = flags.includes('-');
    const zero = flags.includes('0') && !left;
    const plus = flags.includes('+');
    const space = flags.includes(' ');
    const alt = flags.includes('#');
    const sign = (body: string, negative: boolean): string => (negative ? body : plus ? '+' + body : space ? ' ' + body : body);
    switch (conv) {
      case 'c': {
        const code = Number(BigInt.asUintN(8, toLongLong(lauxlib.luaL_checknumber(L, arg))));
        // sprintf's output is added up to its first NUL: %c of 0 adds nothing (or only padding).
        out.push(cut(pad(String.fromCharCode(code), width, left, false)));
        break;
      }
      case 'd': case 'i': {
        const v = toLongLong(lauxlib.luaL_checknumber(L, arg));
        let body = (v < 0n ? -v : v).toString();
        if (precision >= 0) body = body.padStart(precision, '0');
        if (precision === 0 && v === 0n) body = '';
        body = sign(v < 0n ? '-' + body : body, v < 0n);
        out.push(pad(body, width, left, zero && precision < 0));
        break;
      }
      case 'o': case 'u': case 'x': case 'X': {
        const d = lauxlib.luaL_checknumber(L, arg) as number;
        const v = d >= 0 && d < 18446744073709551616 ? BigInt(Math.trunc(d)) : BigInt.asUintN(64, toLongLong(d));
        let body = conv === 'o' ? v.toString(8) : conv === 'u' ? v.toString(10) : v.toString(16);
        if (conv === 'X') body = body.toUpperCase();
        if (precision >= 0) body = body.padStart(precision, '0');
        if (precision === 0 && v === 0n) body = '';
        if (alt && conv === 'o' && !body.startsWith('0')) body = '0' + body;
        if (alt && (conv === 'x' || conv === 'X') && v !== 0n) body = (conv === 'x' ? '0x' : '0X') + body;
        out.push(pad(body, width, left, zero && precision < 0));
        break;
      }
      case 'e': case 'E': case 'f': case 'g': case 'G': {
        const d = lauxlib.luaL_checknumber(L, arg) as number;
        const p = precision < 0 ? 6 : precision;
        const upper = conv === 'E' || conv === 'G';
        let body = conv === 'f' ? formatF(d, p, false, alt) : conv === 'g' || conv === 'G' ? formatG(d, p, upper, alt) : formatE(d, p, upper, alt);
        const negative = body.startsWith('-');
        body = sign(body, negative);
        out.push(pad(body, width, left, zero && Number.isFinite(d)));
        break;
      }
      case 'q': {
        const s = lauxlib.luaL_checklstring(L, arg) as Uint8Array;
        let q = '"';
        for (const b of s) {
          if (b === 0x22 || b === 0x5c || b === 0x0a) q += '\\' + String.fromCharCode(b);
          else if (b === 0x0d) q += '\\r';
          else if (b === 0) q += '\\000';
          else q += String.fromCharCode(b);
        }
        out.push(q + '"');
        break;
      }
      case 's': {
        const s = fromLua(lauxlib.luaL_checklstring(L, arg));
        if (precision < 0 && s.length >= 100) { out.push(s); break; }
        out.push(cut(pad(precision >= 0 ? s.slice(0, precision) : s, width, left, false)));
        break;
      }
      default:
        luaError(L, `invalid option '%${conv}' to 'format'`);
    }
  }
  const result = toLua(out.join(''));
  lua.lua_pushlstring(L, result, result.length);
  return 1;
}

/** 5.1's string.rep(s, n): no separator argument. */
function strRep(L: LuaState): number {
  const s = lauxlib.luaL_checklstring(L, 1) as Uint8Array;
  const n = checkInt(L, 2);
  if (n <= 0 || s.length === 0) {
    lua.lua_pushstring(L, lstr(''));
    return 1;
  }
  if (s.length * n > 512 * 1024 * 1024) return luaError(L, 'not enough memory');
  const out = new Uint8Array(s.length * n);
  for (let i = 0; i < n; i++) out.set(s, i * s.length);
  lua.lua_pushlstring(L, out, out.length);
  return 1;
}

// ---------------------------------------------------------------- table (5.1 extras)

function objlen(L: LuaState, idx: number): number {
  return lua.lua_rawlen(L, idx) as number;
}

function tableInsert(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  let e = objlen(L, 1) + 1;
  let pos: number;
  switch (lua.lua_gettop(L)) {
    case 2: pos = e; break;
    case 3: {
      pos = checkInt(L, 2);
      if (pos > e) e = pos;
      for (let i = e; i > pos; i--) {
        lua.lua_rawgeti(L, 1, i - 1);
        lua.lua_rawseti(L, 1, i);
      }
      break;
    }
    default: return luaError(L, "wrong number of arguments to 'insert'");
  }
  lua.lua_rawseti(L, 1, pos);
  return 0;
}

function tableRemove(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const e = objlen(L, 1);
  let pos = lua.lua_isnoneornil(L, 2) ? e : checkInt(L, 2);
  if (!(pos >= 1 && pos <= e)) return 0;
  lua.lua_rawgeti(L, 1, pos);
  for (; pos < e; pos++) {
    lua.lua_rawgeti(L, 1, pos + 1);
    lua.lua_rawseti(L, 1, pos);
  }
  lua.lua_pushnil(L);
  lua.lua_rawseti(L, 1, e);
  return 1;
}

function tableGetn(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  pushNumber(L, objlen(L, 1));
  return 1;
}

function tableMaxn(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, 1)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
      const v = lua.lua_tonumber(L, -1) as number;
      if (v > max) max = v;
    }
  }
  pushNumber(L, max);
  return 1;
}

function tableSetn(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  return luaError(L, "'setn' is obsolete");
}

function tableForeach(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, 1)) {
    lua.lua_pushvalue(L, 2);
    lua.lua_pushvalue(L, -3);
    lua.lua_pushvalue(L, -3);
    lua.lua_call(L, 2, 1);
    if (!lua.lua_isnil(L, -1)) return 1;
    lua.lua_pop(L, 2);
  }
  return 0;
}

function tableForeachi(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const n = objlen(L, 1);
  lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
  for (let i = 1; i <= n; i++) {
    lua.lua_pushvalue(L, 2);
    pushNumber(L, i);
    lua.lua_rawgeti(L, 1, i);
    lua.lua_call(L, 2, 1);
    if (!lua.lua_isnil(L, -1)) return 1;
    lua.lua_pop(L, 1);
  }
  return 0;
}

/** A JS error inside a library function becomes a Lua error (stack overflow, out of memory). */
function nativeError(L: LuaState): number {
  const e = lua.lua_touserdata(L, 1) as Error;
  const msg = e instanceof RangeError && /call stack/i.test(e.message) ? 'stack overflow'
    : e instanceof RangeError ? 'not enough memory' : `internal error: ${e?.message ?? e}`;
  lua.lua_pushstring(L, toLua(msg));
  return 1;
}

// ---------------------------------------------------------------- assembly

/**
 * Opens Redis's Lua 5.1 environment into the globals of L: base (and coroutine), table,
 * string, math. The state's scripts share one PRNG (math.random), never reseeded, as in Redis 7.
 */
export function openStdlib(L: LuaState): void {
  lua.lua_atnativeerror(L, nativeError);
  const rand = new Rand48();

  // base
  lauxlib.luaL_requiref(L, lstr('_G'), lualib.luaopen_base, 1);
  lua.lua_getfield(L, -1, lstr('setmetatable'));
  const originalSetmetatable = lua.lua_tocfunction(L, -1) as CFunction;
  lua.lua_pop(L, 1);
  removeFields(L, ['dofile', 'loadfile', 'print', 'rawlen']);
  setFuncs(L, {
    tonumber: luaTonumber, loadstring: luaLoadstring, load: luaLoad, gcinfo: luaGcinfo, collectgarbage: luaCollectgarbage, error: luaErrorFn,
    setmetatable: makeSetmetatable(originalSetmetatable),
  });
  lua.lua_pushstring(L, lstr('Lua 5.1'));
  lua.lua_setfield(L, -2, lstr('_VERSION'));
  lua.lua_pop(L, 1);

  // coroutine (a global of the base library in 5.1)
  lauxlib.luaL_requiref(L, lstr('coroutine'), lualib.luaopen_coroutine, 1);
  removeFields(L, ['isyieldable']);
  setFuncs(L, { running: coroutineRunning });
  lua.lua_pop(L, 1);

  // table
  lauxlib.luaL_requiref(L, lstr('table'), lualib.luaopen_table, 1);
  lua.lua_getfield(L, -1, lstr('unpack'));
  lua.lua_setglobal(L, lstr('unpack'));
  removeFields(L, ['move', 'pack', 'unpack']);
  setFuncs(L, {
    insert: tableInsert, remove: tableRemove, getn: tableGetn, maxn: tableMaxn, setn: tableSetn,
    foreach: tableForeach, foreachi: tableForeachi,
  });
  lua.lua_pop(L, 1);

  // string
  lauxlib.luaL_requiref(L, lstr('string'), lualib.luaopen_string, 1);
  removeFields(L, ['pack', 'packsize', 'unpack']);
  lua.lua_getfield(L, -1, lstr('gmatch'));
  lua.lua_setfield(L, -2, lstr('gfind'));
  setFuncs(L, { format: strFormat, rep: strRep });
  lua.lua_pop(L, 1);

  // math: a table of its own (5.3's has integer functions and other constants)
  lua.lua_newtable(L);
  setFuncs(L, mathLib(rand));
  pushNumber(L, Math.PI);
  lua.lua_setfield(L, -2, lstr('pi'));
  pushNumber(L, Infinity);
  lua.lua_setfield(L, -2, lstr('huge'));
  lua.lua_setglobal(L, lstr('math'));

  // package.loaded (filled by luaL_requiref) is not a Redis global.
  lua.lua_pushnil(L);
  lua.lua_setglobal(L, lstr('package'));
}
