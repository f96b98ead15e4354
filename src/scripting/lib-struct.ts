// The `struct` library Redis bundles (Roberto Ierusalimschy's struct 0.2, with Redis's bounds
// checks): pack, unpack and size of binary records. Integers are 64-bit as on Redis's x86-64
// builds; sizes above 8 bytes keep C's behaviour (high bytes zero when packing).
import { lua, lauxlib, lstr, toLua, fromLua, type LuaState } from './lua51';

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const BIG = 0;
const LITTLE = 1;

interface Header { endian: number; align: number }
interface Cursor { s: string; i: number }

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function getnum(L: LuaState, f: Cursor, df: number): number {
  if (!isDigit(f.s[f.i])) return df;
  let a = 0;
  do {
    const d = f.s.charCodeAt(f.i) - 48;
    if (a > Math.floor(2147483647 / 10) || a * 10 > 2147483647 - d) lauxlib.luaL_error(L, lstr('integral size overflow'));
    a = a * 10 + d;
    f.i++;
  } while (isDigit(f.s[f.i]));
  return a;
}

function optsize(L: LuaState, opt: string, f: Cursor): number {
  switch (opt) {
    case 'B': case 'b': return 1;
    case 'H': case 'h': return 2;
    case 'L': case 'l': return 8;
    case 'T': return 8;
    case 'f': return 4;
    case 'd': return 8;
    case 'x': return 1;
    case 'c': return getnum(L, f, 1);
    case 'i': case 'I': {
      const sz = getnum(L, f, 4);
      if (sz > MAXINTSIZE) lauxlib.luaL_error(L, lstr('integral size %d is larger than limit of %d'), sz, MAXINTSIZE);
      return sz;
    }
    case 's': case ' ': case '<': case '>': case '!': return 0;
    default:
      lauxlib.luaL_argerror(L, 1, toLua(`invalid format option '${opt}'`));
      return 0;
  }
}

function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0;
  if (size > h.align) size = h.align;
  return (size - (len & (size - 1))) & (size - 1);
}

function commoncases(L: LuaState, opt: string, f: Cursor, h: Header): void {
  switch (opt) {
    case ' ': return;
    case '>': h.endian = BIG; return;
    case '<': h.endian = LITTLE; return;
    case '!': {
      const a = getnum(L, f, MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) lauxlib.luaL_error(L, lstr('alignment %d is not a power of 2'), a);
      h.align = a;
      return;
    }
    default:
  }
}

function pack(L: LuaState): number {
  const f: Cursor = { s: fromLua(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const h: Header = { endian: LITTLE, align: 1 };
  let arg = 2;
  let total = 0;
  const out: number[] = [];
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    let size = optsize(L, opt, f);
    let toalign = gettoalign(total, h, opt, size);
    total += toalign;
    while (toalign-- > 0) out.push(0);
    switch (opt) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
        const n = lauxlib.luaL_checknumber(L, arg++) as number;
        let value = n < 0 ? BigInt.asUintN(64, BigInt(Math.trunc(Math.max(n, -9223372036854775808))))
          : n >= 18446744073709551616 || n !== n ? 0n : BigInt(Math.trunc(n));
        const bytes = new Array<number>(size);
        if (h.endian === LITTLE) {
          for (let i = 0; i < size; i++) { bytes[i] = Number(value & 0xffn); value >>= 8n; }
        } else {
          for (let i = size - 1; i >= 0; i--) { bytes[i] = Number(value & 0xffn); value >>= 8n; }
        }
        out.push(...bytes);
        break;
      }
      case 'x': out.push(0); break;
      case 'f': case 'd': {
        const n = lauxlib.luaL_checknumber(L, arg++) as number;
        const view = new DataView(new ArrayBuffer(size));
        if (opt === 'f') view.setFloat32(0, n, h.endian === LITTLE);
        else view.setFloat64(0, n, h.endian === LITTLE);
        for (let i = 0; i < size; i++) out.push(view.getUint8(i));
        break;
      }
      case 'c': case 's': {
        const s = lauxlib.luaL_checklstring(L, arg++) as Uint8Array;
        if (size === 0) size = s.length;
        if (!(s.length >= size)) lauxlib.luaL_argerror(L, arg, lstr('string too short'));
        for (let i = 0; i < size; i++) out.push(s[i]);
        if (opt === 's') { out.push(0); size++; }
        break;
      }
      default: commoncases(L, opt, f, h);
    }
    total += size;
  }
  const u = Uint8Array.from(out);
  lua.lua_pushlstring(L, u, u.length);
  return 1;
}

function getinteger(data: Uint8Array, at: number, endian: number, signed: boolean, size: number): number {
  let l = 0n;
  if (endian === BIG) {
    for (let i = 0; i < size; i++) l = ((l << 8n) | BigInt(data[at + i])) & 0xffffffffffffffffn;
  } else {
    for (let i = size - 1; i >= 0; i--) l = ((l << 8n) | BigInt(data[at + i])) & 0xffffffffffffffffn;
  }
  if (!signed) return Number(l);
  const mask = (0xffffffffffffffffn << BigInt((size * 8 - 1) & 63)) & 0xffffffffffffffffn;
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

function unpack(L: LuaState): number {
  const f: Cursor = { s: fromLua(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const data = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
  const ld = data.length;
  let pos = lua.lua_isnoneornil(L, 3) ? 1 : (lauxlib.luaL_checkinteger(L, 3) as number);
  if (!(pos > 0)) lauxlib.luaL_argerror(L, 3, lstr('offset must be 1 or greater'));
  pos--;
  const h: Header = { endian: LITTLE, align: 1 };
  lua.lua_settop(L, 2);
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    let size = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, size);
    if (!(size <= ld && pos <= ld - size)) lauxlib.luaL_argerror(L, 2, lstr('data string too short'));
    lauxlib.luaL_checkstack(L, 2, lstr('too many results'));
    switch (opt) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
        lua.lua_pushnumber(L, getinteger(data, pos, h.endian, opt === opt.toLowerCase() && opt !== 'T', size));
        break;
      case 'x': break;
      case 'f': case 'd': {
        const view = new DataView(data.buffer, data.byteOffset + pos, size);
        lua.lua_pushnumber(L, opt === 'f' ? view.getFloat32(0, h.endian === LITTLE) : view.getFloat64(0, h.endian === LITTLE));
        break;
      }
      case 'c': {
        if (size === 0) {
          if (!lua.lua_isnumber(L, -1)) lauxlib.luaL_error(L, lstr("format 'c0' needs a previous size"));
          size = Math.trunc(lua.lua_tonumber(L, -1) as number);
          lua.lua_pop(L, 1);
          if (!(size <= ld && pos <= ld - size)) lauxlib.luaL_argerror(L, 2, lstr('data string too short'));
        }
        lua.lua_pushlstring(L, data.subarray(pos, pos + size), size);
        break;
      }
      case 's': {
        const e = data.indexOf(0, pos);
        if (e < 0) lauxlib.luaL_error(L, lstr('unfinished string in data'));
        size = e - pos + 1;
        lua.lua_pushlstring(L, data.subarray(pos, e), e - pos);
        break;
      }
      default: commoncases(L, opt, f, h);
    }
    pos += size;
  }
  lua.lua_pushnumber(L, pos + 1);
  return lua.lua_gettop(L) - 2;
}

function size(L: LuaState): number {
  const f: Cursor = { s: fromLua(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const h: Header = { endian: LITTLE, align: 1 };
  let pos = 0;
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    const sz = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, sz);
    if (opt === 's') lauxlib.luaL_argerror(L, 1, lstr("option 's' has no fixed size"));
    else if (opt === 'c' && sz === 0) lauxlib.luaL_argerror(L, 1, lstr("option 'c0' has no fixed size"));
    if (!/[A-Za-z0-9]/.test(opt)) commoncases(L, opt, f, h);
    pos += sz;
  }
  lua.lua_pushnumber(L, pos);
  return 1;
}

/** Registers the global `struct` table. */
export function openStruct(L: LuaState): void {
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries({ pack, unpack, size })) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lstr(name));
  }
  lua.lua_setglobal(L, lstr('struct'));
}
