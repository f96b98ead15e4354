// The `bit` library Redis bundles (LuaBitOp 1.0.2): 32-bit operations on Lua numbers. Arguments
// are normalised like LuaBitOp does with doubles (adding 2^52 + 2^51 and keeping the low 32 bits:
// round to nearest, wrap modulo 2^32); results are signed 32-bit numbers.
import { lua, lauxlib, lstr, toLua, type LuaState } from './lua51';

const scratch = new DataView(new ArrayBuffer(8));

/** LuaBitOp's barg: the argument as an unsigned 32-bit value. */
function barg(L: LuaState, idx: number): number {
  const n = lua.lua_tonumber(L, idx) as number;
  scratch.setFloat64(0, n + 6755399441055744.0, true);
  const b = scratch.getUint32(0, true);
  if (b === 0 && !lua.lua_isnumber(L, idx)) {
    lauxlib.luaL_argerror(L, idx, lua.lua_pushfstring(L, lstr('%s expected, got %s'), lstr('number'),
      lauxlib.luaL_typename(L, idx)));
  }
  return b;
}

function ret(L: LuaState, b: number): number {
  lua.lua_pushnumber(L, b | 0);
  return 1;
}

const funcs: Record<string, (L: LuaState) => number> = {
  tobit: (L) => ret(L, barg(L, 1)),
  bnot: (L) => ret(L, ~barg(L, 1)),
  band: (L) => { let b = barg(L, 1); for (let i = lua.lua_gettop(L); i > 1; i--) b &= barg(L, i); return ret(L, b); },
  bor: (L) => { let b = barg(L, 1); for (let i = lua.lua_gettop(L); i > 1; i--) b |= barg(L, i); return ret(L, b); },
  bxor: (L) => { let b = barg(L, 1); for (let i = lua.lua_gettop(L); i > 1; i--) b ^= barg(L, i); return ret(L, b); },
  lshift: (L) => { const b = barg(L, 1); const n = barg(L, 2) & 31; return ret(L, b << n); },
  rshift: (L) => { const b = barg(L, 1); const n = barg(L, 2) & 31; return ret(L, b >>> n); },
  arshift: (L) => { const b = barg(L, 1); const n = barg(L, 2) & 31; return ret(L, (b | 0) >> n); },
  rol: (L) => { const b = barg(L, 1); const n = barg(L, 2) & 31; return ret(L, (b << n) | (b >>> (32 - n))); },
  ror: (L) => { const b = barg(L, 1); const n = barg(L, 2) & 31; return ret(L, (b >>> n) | (b << (32 - n))); },
  bswap: (L) => {
    const b = barg(L, 1);
    return ret(L, ((b >>> 24) & 0xff) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | ((b & 0xff) << 24));
  },
  tohex: (L) => {
    let b = barg(L, 1);
    let n = lua.lua_isnone(L, 2) ? 8 : barg(L, 2) | 0;
    let digits = '0123456789abcdef';
    if (n < 0) { n = -n; digits = '0123456789ABCDEF'; }
    if (n > 8) n = 8;
    const out = new Array<string>(n);
    for (let i = n - 1; i >= 0; i--) { out[i] = digits[b & 15]; b >>>= 4; }
    const s = toLua(out.join(''));
    lua.lua_pushlstring(L, s, s.length);
    return 1;
  },
};

/** Registers the global `bit` table. */
export function openBit(L: LuaState): void {
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(funcs)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lstr(name));
  }
  lua.lua_setglobal(L, lstr('bit'));
}
