// Makes fengari (Lua 5.3, 32-bit integers) behave like the Lua 5.1 that Redis embeds, where
// scripts can observe it. fengari exposes its internals as CommonJS modules whose functions
// call each other through the module objects, so a few of them are replaced here, once per
// process (every Lua state in the process is a scripting state):
//
//  * numbers: every numeral and every string converted to a number becomes a float, as in 5.1
//    (fengari's integers are 32-bit and would wrap: 2147483647 + 1 must be 2147483648), parsed
//    like 5.1's strtod (hex, "inf", "nan", surrounding spaces);
//  * number → string is "%.14g" (5.1's LUA_NUMBER_FMT): tostring(3.0) is "3", 2^53 prints
//    "9.007199254741e+15";
//  * read-only tables: Redis 7 marks the globals and every library table read-only; writes
//    raise "Attempt to modify a readonly table";
//  * runtime type errors use 5.1's wording: "attempt to call field 'x' (a nil value)" instead
//    of 5.3's "attempt to call a nil value (field 'x')".
import * as fengari from 'fengari';
import ltable = require('fengari/src/ltable.js');
import lobject = require('fengari/src/lobject.js');
import ldebug = require('fengari/src/ldebug.js');
import lstring = require('fengari/src/lstring.js');
import lvm = require('fengari/src/lvm.js');
import lstate = require('fengari/src/lstate.js');
import { luaNumberToString } from './cformat';

export const lua = fengari.lua;
export const lauxlib = fengari.lauxlib;
export const lualib = fengari.lualib;

/** A Lua state (fengari's lua_State). */
export type LuaState = unknown;

/**
 * lua_pcallk as C Lua does it. Where the call can yield, fengari records the caller's
 * 'allowhook' with `callstatus &= ~CIST_OAH | allowhook`, which never sets the bit (C Lua's
 * setoah does), so after an error this call catches, hooks stay off for the rest of the
 * coroutine: a killed script could go on forever. Setting the bit first gives C Lua's result.
 */
export function pcallk(L: LuaState, nargs: number, nresults: number, errfunc: number, ctx: number,
  k: (L: LuaState, status: number, ctx: number) => number): number {
  const state = L as { allowhook: number; ci: { callstatus: number } };
  if (state.allowhook) state.ci.callstatus |= lstate.CIST_OAH;
  return lua.lua_pcallk(L, nargs, nresults, errfunc, ctx, k);
}

// ---------------------------------------------------------------- strings

const textEncoderCache = new Map<string, Uint8Array>();

/** A constant JS string as a Lua string (cached: use for names and fixed messages only). */
export function lstr(s: string): Uint8Array {
  let u = textEncoderCache.get(s);
  if (u === undefined) {
    u = Buffer.from(s, 'latin1');
    textEncoderCache.set(s, u);
  }
  return u;
}

/** A latin1 JS string (one char per byte) as Lua string bytes. */
export function toLua(s: string): Uint8Array {
  const n = s.length;
  if (n < 48) {
    const u = new Uint8Array(n);
    for (let i = 0; i < n; i++) u[i] = s.charCodeAt(i);
    return u;
  }
  return Buffer.from(s, 'latin1');
}

const latin1Slice = Buffer.prototype.latin1Slice;

/** Lua string bytes as a latin1 JS string. */
export function fromLua(u: Uint8Array): string {
  const n = u.length;
  if (n < 24) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(u[i]);
    return s;
  }
  return latin1Slice.call(u, 0, n);
}

const copyOf = Uint8Array.prototype.slice;

/** Pushes a Lua string that takes ownership of `u` (no copy: the caller must not reuse it). */
export function pushOwned(L: LuaState, u: Uint8Array): void {
  lobject.pushsvalue2s(L, lstring.luaS_bless(L, u));
}

/** Pushes bytes [from, to) of a buffer the caller will reuse (one native copy). */
export function pushBytes(L: LuaState, buf: Uint8Array, from: number, to: number): void {
  // Uint8Array's slice copies (Buffer's slice would be a view of the reused buffer).
  lobject.pushsvalue2s(L, lstring.luaS_bless(L, copyOf.call(buf, from, to)));
}

/**
 * t[key] = value at the top (popped), raw, for the table at idx (negative: relative to before
 * the push): fengari's lua_setfield copies the key through a slow path.
 */
export function rawSetField(L: LuaState, idx: number, key: string): void {
  const k = lstr(key);
  pushBytes(L, k, 0, k.length);
  lua.lua_insert(L, -2);
  lua.lua_rawset(L, idx < 0 ? idx - 1 : idx);
}

export function pushString(L: LuaState, s: string): void {
  pushOwned(L, toLua(s));
}

/** The string at idx (numbers converted, 5.1-style), or null if it is neither. */
export function toStr(L: LuaState, idx: number): string | null {
  const u = lua.lua_tolstring(L, idx) as Uint8Array | null;
  return u === null ? null : fromLua(u);
}

/** 5.1 quotes the end-of-stream token in syntax errors ("near '<eof>'"); 5.3 does not. */
export function syntaxError51(msg: string): string {
  // 5.3 reports a statement that is neither a call nor an assignment as "syntax error"; 5.1
  // parses it as an assignment and expects '='.
  return msg.replace(/ near <eof>$/, " near '<eof>'").replace(/^(.*?:\d+: )syntax error near /, "$1'=' expected near ");
}

// ---------------------------------------------------------------- read-only tables

interface FengariTable { readonly?: boolean }

/** The state running Lua code right now (for errors raised where fengari passes no state). */
let activeState: LuaState = null;

export function setActiveState(L: LuaState): void {
  activeState = L;
}

const READONLY = 'Attempt to modify a readonly table';

function readonlyError(L: LuaState): never {
  ldebug.luaG_runerror(L ?? activeState, lstr(READONLY));
  throw new Error(READONLY); // not reached: luaG_runerror throws
}

/** Marks the table at idx read-only (or writable again). */
export function setReadonly(L: LuaState, idx: number, on: boolean): void {
  const t = lua.lua_topointer(L, idx) as FengariTable;
  t.readonly = on;
}

export function isReadonly(L: LuaState, idx: number): boolean {
  if (lua.lua_type(L, idx) !== lua.LUA_TTABLE) return false;
  return (lua.lua_topointer(L, idx) as FengariTable).readonly === true;
}

// ---------------------------------------------------------------- numbers

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** C strtod on the whole of `s` (surrounding spaces allowed), as Lua 5.1's luaO_str2d. NaN if not a number. */
export function str2number(s: Uint8Array): number {
  let a = 0;
  let b = s.length;
  while (b > 0 && s[b - 1] === 0) b--; // fengari may pass a terminating zero
  while (a < b && SPACE.has(s[a])) a++;
  while (b > a && SPACE.has(s[b - 1])) b--;
  if (a === b) return NaN;
  const t = latin1Slice.call(s, a, b) as string;
  return parseCNumber(t);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEXNUM = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFNAN = /^([+-]?)(inf|infinity|nan)$/i;

function parseCNumber(t: string): number {
  if (DECIMAL.test(t)) return Number(t);
  const hex = HEXNUM.exec(t);
  if (hex !== null) {
    const int = hex[2];
    const frac = hex[3] ?? '';
    if (int.length + frac.length === 0) return NaN;
    let v = 0;
    for (const ch of int) v = v * 16 + parseInt(ch, 16);
    let scale = 1 / 16;
    for (const ch of frac) { v += parseInt(ch, 16) * scale; scale /= 16; }
    if (hex[4] !== undefined) v *= 2 ** Number(hex[4]);
    return hex[1] === '-' ? -v : v;
  }
  const inf = INFNAN.exec(t);
  if (inf !== null) {
    const v = inf[2].toLowerCase() === 'nan' ? NaN : Infinity;
    // A NaN result must still count as a number: callers test with isNumberString.
    return inf[1] === '-' ? -v : v;
  }
  return NaN;
}

/** True if `s` converts to a number (including "nan"). */
function convertsToNumber(s: Uint8Array): boolean {
  const n = str2number(s);
  if (n === n) return true;
  let a = 0;
  let b = s.length;
  while (b > 0 && s[b - 1] === 0) b--;
  while (a < b && SPACE.has(s[a])) a++;
  while (b > a && SPACE.has(s[b - 1])) b--;
  return INFNAN.test(latin1Slice.call(s, a, b) as string);
}

// ---------------------------------------------------------------- the patches

let installed = false;

/** Installs the 5.1 behaviours into fengari (idempotent). */
export function installLua51(): void {
  if (installed) return;
  installed = true;

  // Numbers: always floats, parsed like 5.1.
  lobject.luaO_str2num = (s: Uint8Array, o: { setfltvalue(n: number): void }): number => {
    const n = str2number(s);
    if (n !== n && !convertsToNumber(s)) return 0;
    o.setfltvalue(n);
    let len = s.length;
    while (len > 0 && s[len - 1] === 0) len--;
    return len + 1;
  };

  // Integer arguments of library functions (string.sub, string.rep...): 5.1 truncates floats
  // (luaL_checkint casts); fengari's integers are 32-bit, so out-of-range values saturate.
  lvm.tointeger = (o: { ttisinteger(): boolean; value: number }): number | false => {
    if (o.ttisinteger()) return o.value;
    const n = lvm.tonumber(o) as number | false;
    if (n === false) return false;
    if (n !== n) return -2147483648;
    const t = Math.trunc(n);
    return t > 2147483647 ? 2147483647 : t < -2147483648 ? -2147483648 : t;
  };

  // Number → string: "%.14g".
  lobject.luaO_tostring = (L: unknown, obj: { value: number; setsvalue(ts: unknown): void }): void => {
    const str = luaNumberToString(obj.value);
    obj.setsvalue(lstring.luaS_bless(L, toLua(str)));
  };

  // Read-only tables.
  const setfrom = ltable.luaH_setfrom;
  ltable.luaH_setfrom = (L: unknown, t: FengariTable, key: unknown, value: unknown): void => {
    if (t.readonly === true) readonlyError(L);
    setfrom(L, t, key, value);
  };
  const setint = ltable.luaH_setint;
  ltable.luaH_setint = (t: FengariTable, key: number, value: unknown): void => {
    if (t.readonly === true) readonlyError(activeState);
    setint(t, key, value);
  };

  // 5.1 wording of type errors.
  const pushvfstring = lobject.luaO_pushvfstring;
  const TYPE_ERROR = 'attempt to %s a %s value%s';
  lobject.luaO_pushvfstring = (L: unknown, fmt: Uint8Array, argp: unknown[]): unknown => {
    if (fmt.length === TYPE_ERROR.length && argp.length === 3 && fromLua(fmt) === TYPE_ERROR) {
      const info = argp[2] as Uint8Array;
      if (info.length > 0) {
        const m = /^ \((\w+) '(.*)'\)$/s.exec(fromLua(info));
        if (m !== null) {
          if (m[1] === 'constant') return pushvfstring(L, lstr('attempt to %s a %s value'), [argp[0], argp[1]]);
          return pushvfstring(L, lstr("attempt to %s %s '%s' (a %s value)"), [argp[0], lstr(m[1]), toLua(m[2]), argp[1]]);
        }
      }
    }
    // %f and %I (numbers in lua_pushfstring: tostring, luaL_tolstring) use "%.14g" too.
    if (fmt.includes(0x66) || fmt.includes(0x49)) {
      let changed = false;
      const out: number[] = [];
      const args = argp.slice();
      let a = 0;
      for (let i = 0; i < fmt.length; i++) {
        const ch = fmt[i];
        if (ch !== 0x25 || i + 1 >= fmt.length) { out.push(ch); continue; }
        const conv = fmt[++i];
        if (conv === 0x25) { out.push(0x25, 0x25); continue; }
        if (conv === 0x66 || conv === 0x49) {
          args[a] = toLua(luaNumberToString(Number(args[a])));
          out.push(0x25, 0x73);
          changed = true;
        } else {
          out.push(0x25, conv);
        }
        a++;
      }
      if (changed) return pushvfstring(L, Uint8Array.from(out), args);
    }
    return pushvfstring(L, fmt, argp);
  };
}
