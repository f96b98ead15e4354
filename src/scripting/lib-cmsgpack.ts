// The `cmsgpack` library Redis bundles (lua-cmsgpack 0.4.0): MessagePack encoding of Lua values.
// Numbers equal to an int64 are encoded as the smallest integer type, others as float32 when
// exact, else float64; tables with keys 1..n are arrays, others maps; nesting deeper than 16
// becomes nil. Decoding supports what 0.4.0 supports (no bin/ext types).
import { lua, lauxlib, lstr, toLua, type LuaState } from './lua51';

const MAX_NESTING = 16;

class Out {
  bytes: number[] = [];
  push(...b: number[]): void { for (const x of b) this.bytes.push(x & 0xff); }
  be(n: bigint, size: number): void {
    for (let i = size - 1; i >= 0; i--) this.bytes.push(Number((n >> BigInt(8 * i)) & 0xffn));
  }
}

function encodeInt(out: Out, n: bigint): void {
  if (n >= 0n) {
    if (n <= 127n) out.push(Number(n));
    else if (n <= 0xffn) out.push(0xcc, Number(n));
    else if (n <= 0xffffn) { out.push(0xcd); out.be(n, 2); }
    else if (n <= 0xffffffffn) { out.push(0xce); out.be(n, 4); }
    else { out.push(0xcf); out.be(n, 8); }
  } else if (n >= -32n) out.push(Number(n) & 0xff);
  else if (n >= -128n) out.push(0xd0, Number(n) & 0xff);
  else if (n >= -32768n) { out.push(0xd1); out.be(BigInt.asUintN(16, n), 2); }
  else if (n >= -2147483648n) { out.push(0xd2); out.be(BigInt.asUintN(32, n), 4); }
  else { out.push(0xd3); out.be(BigInt.asUintN(64, n), 8); }
}

function encodeDouble(out: Out, d: number): void {
  const f = Math.fround(d);
  if (d === f) {
    const v = new DataView(new ArrayBuffer(4));
    v.setFloat32(0, f);
    out.push(0xca, v.getUint8(0), v.getUint8(1), v.getUint8(2), v.getUint8(3));
    return;
  }
  const v = new DataView(new ArrayBuffer(8));
  if (d !== d) v.setUint32(0, 0xfff80000); // x86's 0/0 is the negative quiet NaN
  else v.setFloat64(0, d);
  out.push(0xcb);
  for (let i = 0; i < 8; i++) out.push(v.getUint8(i));
}

function encodeBytes(out: Out, s: Uint8Array): void {
  const len = s.length;
  if (len < 32) out.push(0xa0 | len);
  else if (len <= 0xff) out.push(0xd9, len);
  else if (len <= 0xffff) { out.push(0xda); out.be(BigInt(len), 2); }
  else { out.push(0xdb); out.be(BigInt(len), 4); }
  for (let i = 0; i < len; i++) out.bytes.push(s[i]);
}

function tableIsArray(L: LuaState): boolean {
  const top = lua.lua_gettop(L);
  let count = 0;
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) { lua.lua_settop(L, top); return false; }
    const n = lua.lua_tonumber(L, -1) as number;
    if (n <= 0 || (n | 0) !== n) { lua.lua_settop(L, top); return false; }
    if (n > max) max = n;
    count++;
  }
  lua.lua_settop(L, top);
  return max === count;
}

/** Encodes the value at the top of the stack and pops it. */
function encode(L: LuaState, out: Out, level: number): void {
  let t = lua.lua_type(L, -1);
  if (t === lua.LUA_TTABLE && level === MAX_NESTING) t = lua.LUA_TNIL;
  switch (t) {
    case lua.LUA_TSTRING: encodeBytes(out, lua.lua_tolstring(L, -1)); break;
    case lua.LUA_TBOOLEAN: out.push(lua.lua_toboolean(L, -1) ? 0xc3 : 0xc2); break;
    case lua.LUA_TNUMBER: {
      const n = lua.lua_tonumber(L, -1) as number;
      if (Number.isFinite(n) && Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) encodeInt(out, BigInt(n));
      else encodeDouble(out, n);
      break;
    }
    case lua.LUA_TTABLE: {
      lauxlib.luaL_checkstack(L, 3, lstr('in function mp_encode_lua_table'));
      if (tableIsArray(L)) {
        const len = lua.lua_rawlen(L, -1) as number;
        encodeLength(out, len, 0x90, 0xdc, 0xdd);
        for (let j = 1; j <= len; j++) {
          lua.lua_pushnumber(L, j);
          lua.lua_gettable(L, -2);
          encode(L, out, level + 1);
        }
      } else {
        let len = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) { lua.lua_pop(L, 1); len++; }
        encodeLength(out, len, 0x80, 0xde, 0xdf);
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          lua.lua_pushvalue(L, -2);
          encode(L, out, level + 1); // key
          encode(L, out, level + 1); // value
        }
      }
      break;
    }
    default: out.push(0xc0);
  }
  lua.lua_pop(L, 1);
}

function encodeLength(out: Out, n: number, fix: number, b16: number, b32: number): void {
  if (n <= 15) out.push(fix | n);
  else if (n <= 65535) { out.push(b16); out.be(BigInt(n), 2); }
  else { out.push(b32); out.be(BigInt(n), 4); }
}

function pack(L: LuaState): number {
  const nargs = lua.lua_gettop(L);
  if (nargs === 0) return lauxlib.luaL_argerror(L, 0, lstr('MessagePack pack needs input.'));
  const out = new Out();
  for (let i = 1; i <= nargs; i++) {
    lua.lua_pushvalue(L, i);
    encode(L, out, 0);
  }
  const u = Uint8Array.from(out.bytes);
  lua.lua_pushlstring(L, u, u.length);
  return 1;
}

const EOF = 1;
const BADFMT = 2;

class Cursor {
  err = 0;
  constructor(readonly s: Uint8Array, public p: number, readonly end: number) {}
  get left(): number { return this.end - this.p; }
  need(n: number): boolean {
    if (this.left < n) { this.err = EOF; return false; }
    return true;
  }
  be(at: number, size: number): bigint {
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(this.s[at + i]);
    return v;
  }
}

function pushBytes(L: LuaState, c: Cursor, from: number, len: number): void {
  lua.lua_pushlstring(L, c.s.subarray(from, from + len), len);
}

function decodeArray(L: LuaState, c: Cursor, len: number): void {
  lua.lua_newtable(L);
  lauxlib.luaL_checkstack(L, 1, lstr('in function mp_decode_to_lua_array'));
  for (let i = 1; i <= len; i++) {
    lua.lua_pushnumber(L, i);
    decode(L, c);
    if (c.err) return;
    lua.lua_settable(L, -3);
  }
}

function decodeMap(L: LuaState, c: Cursor, len: number): void {
  lua.lua_newtable(L);
  lauxlib.luaL_checkstack(L, 2, lstr('in function mp_decode_to_lua_hash'));
  for (let i = 0; i < len; i++) {
    decode(L, c);
    if (c.err) return;
    decode(L, c);
    if (c.err) return;
    lua.lua_settable(L, -3);
  }
}

function decode(L: LuaState, c: Cursor): void {
  if (!c.need(1)) return;
  const b = c.s[c.p];
  const p = c.p;
  const num = (n: number, size: number): void => { lua.lua_pushnumber(L, n); c.p += size; };
  switch (b) {
    case 0xcc: if (c.need(2)) num(c.s[p + 1], 2); return;
    case 0xd0: if (c.need(2)) num((c.s[p + 1] << 24) >> 24, 2); return;
    case 0xcd: if (c.need(3)) num(Number(c.be(p + 1, 2)), 3); return;
    case 0xd1: if (c.need(3)) num(Number(BigInt.asIntN(16, c.be(p + 1, 2))), 3); return;
    case 0xce: if (c.need(5)) num(Number(c.be(p + 1, 4)), 5); return;
    case 0xd2: if (c.need(5)) num(Number(BigInt.asIntN(32, c.be(p + 1, 4))), 5); return;
    case 0xcf: case 0xd3: if (c.need(9)) num(Number(BigInt.asIntN(64, c.be(p + 1, 8))), 9); return;
    case 0xc0: lua.lua_pushnil(L); c.p++; return;
    case 0xc3: lua.lua_pushboolean(L, 1); c.p++; return;
    case 0xc2: lua.lua_pushboolean(L, 0); c.p++; return;
    case 0xca: {
      if (!c.need(5)) return;
      const v = new DataView(c.s.buffer, c.s.byteOffset + p + 1, 4);
      num(v.getFloat32(0), 5);
      return;
    }
    case 0xcb: {
      if (!c.need(9)) return;
      const v = new DataView(c.s.buffer, c.s.byteOffset + p + 1, 8);
      num(v.getFloat64(0), 9);
      return;
    }
    case 0xd9: {
      if (!c.need(2)) return;
      const l = c.s[p + 1];
      if (!c.need(2 + l)) return;
      pushBytes(L, c, p + 2, l);
      c.p += 2 + l;
      return;
    }
    case 0xda: case 0xdb: {
      const h = b === 0xda ? 3 : 5;
      if (!c.need(h)) return;
      const l = Number(c.be(p + 1, h - 1));
      if (!c.need(h + l)) return;
      pushBytes(L, c, p + h, l);
      c.p += h + l;
      return;
    }
    case 0xdc: case 0xdd: {
      const h = b === 0xdc ? 3 : 5;
      if (!c.need(h)) return;
      const l = Number(c.be(p + 1, h - 1));
      c.p += h;
      decodeArray(L, c, l);
      return;
    }
    case 0xde: case 0xdf: {
      const h = b === 0xde ? 3 : 5;
      if (!c.need(h)) return;
      const l = Number(c.be(p + 1, h - 1));
      c.p += h;
      decodeMap(L, c, l);
      return;
    }
    default:
      if ((b & 0x80) === 0) num(b, 1);
      else if ((b & 0xe0) === 0xe0) num((b << 24) >> 24, 1);
      else if ((b & 0xe0) === 0xa0) {
        const l = b & 0x1f;
        if (!c.need(1 + l)) return;
        pushBytes(L, c, p + 1, l);
        c.p += 1 + l;
      } else if ((b & 0xf0) === 0x90) { c.p++; decodeArray(L, c, b & 0xf); }
      else if ((b & 0xf0) === 0x80) { c.p++; decodeMap(L, c, b & 0xf); }
      else c.err = BADFMT;
  }
}

function unpackFull(L: LuaState, limit: number, offset: number): number {
  const s = lauxlib.luaL_checklstring(L, 1) as Uint8Array;
  const len = s.length;
  const all = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0) {
    return lauxlib.luaL_error(L, lstr('Invalid request to unpack with offset of %d and limit of %d.'), offset, len);
  }
  if (offset > len) return lauxlib.luaL_error(L, lstr('Start offset %d greater than input length %d.'), offset, len);
  if (all) limit = 2147483647;
  const c = new Cursor(s, offset, len);
  let cnt = 0;
  for (; c.left > 0 && cnt < limit; cnt++) {
    decode(L, c);
    if (c.err === EOF) return lauxlib.luaL_error(L, lstr('Missing bytes in input.'));
    if (c.err === BADFMT) return lauxlib.luaL_error(L, lstr('Bad data format in input.'));
  }
  if (!all) {
    lauxlib.luaL_checkstack(L, 1, lstr('in function mp_unpack_full'));
    lua.lua_pushnumber(L, c.left === 0 ? -1 : len - c.left);
    lua.lua_insert(L, 2);
    cnt++;
  }
  return cnt;
}

const funcs: Record<string, (L: LuaState) => number> = {
  pack,
  unpack: (L) => unpackFull(L, 0, 0),
  unpack_one: (L) => {
    const offset = lua.lua_isnoneornil(L, 2) ? 0 : (lauxlib.luaL_checkinteger(L, 2) as number);
    lua.lua_settop(L, 1);
    return unpackFull(L, 1, offset);
  },
  unpack_limit: (L) => {
    const limit = lauxlib.luaL_checkinteger(L, 2) as number;
    const offset = lua.lua_isnoneornil(L, 3) ? 0 : (lauxlib.luaL_checkinteger(L, 3) as number);
    lua.lua_settop(L, 1);
    return unpackFull(L, limit, offset);
  },
};

/** Registers the global `cmsgpack` table. */
export function openCmsgpack(L: LuaState): void {
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(funcs)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lstr(name));
  }
  const fields: Array<[string, string]> = [
    ['_NAME', 'cmsgpack'], ['_VERSION', 'lua-cmsgpack 0.4.0'],
    ['_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo'], ['_DESCRIPTION', 'MessagePack C implementation for Lua'],
  ];
  for (const [k, v] of fields) {
    const u = toLua(v);
    lua.lua_pushlstring(L, u, u.length);
    lua.lua_setfield(L, -2, lstr(k));
  }
  lua.lua_setglobal(L, lstr('cmsgpack'));
}
