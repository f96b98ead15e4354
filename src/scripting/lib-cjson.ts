// The `cjson` library Redis bundles (lua-cjson 2.1.0): JSON encoding and decoding with its
// configuration functions, defaults and error messages. Numbers are written with "%.14g"; an
// empty table encodes as {}; JSON null decodes to cjson.null (a light userdata).
import { lua, lauxlib, lstr, toLua, fromLua, type LuaState } from './lua51';
import { formatG } from './cformat';

interface Config {
  sparseConvert: number;
  sparseRatio: number;
  sparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  encodeInvalidNumbers: number; // 0 off, 1 on, 2 null
  decodeInvalidNumbers: number;
  keepBuffer: number;
  precision: number;
}

function defaults(): Config {
  return {
    sparseConvert: 0, sparseRatio: 2, sparseSafe: 10, encodeMaxDepth: 1000, decodeMaxDepth: 1000,
    encodeInvalidNumbers: 0, decodeInvalidNumbers: 1, keepBuffer: 1, precision: 14,
  };
}

/** The light userdata cjson.null (and every decoded JSON null) is. */
export const CJSON_NULL = { cjsonNull: true };

// ---------------------------------------------------------------- encoding

const ESCAPES: Array<string | null> = [];
for (let i = 0; i < 256; i++) ESCAPES.push(null);
for (let i = 0; i < 32; i++) ESCAPES[i] = '\\u' + i.toString(16).padStart(4, '0');
ESCAPES[8] = '\\b'; ESCAPES[9] = '\\t'; ESCAPES[10] = '\\n'; ESCAPES[12] = '\\f'; ESCAPES[13] = '\\r';
ESCAPES[0x22] = '\\"'; ESCAPES[0x2f] = '\\/'; ESCAPES[0x5c] = '\\\\'; ESCAPES[0x7f] = '\\u007f';

function appendString(out: string[], s: Uint8Array): void {
  let r = '"';
  for (let i = 0; i < s.length; i++) {
    const e = ESCAPES[s[i]];
    r += e === null ? String.fromCharCode(s[i]) : e;
  }
  out.push(r + '"');
}

function typeName(L: LuaState, idx: number): string {
  return fromLua(lua.lua_typename(L, lua.lua_type(L, idx)));
}

function encodeError(L: LuaState, idx: number, reason: string): never {
  lauxlib.luaL_error(L, lstr('Cannot serialise %s: %s'), toLua(typeName(L, idx)), toLua(reason));
  throw new Error('unreachable');
}

function appendNumber(L: LuaState, cfg: Config, out: string[], idx: number): void {
  const n = lua.lua_tonumber(L, idx) as number;
  if (cfg.encodeInvalidNumbers === 0) {
    if (!Number.isFinite(n)) encodeError(L, idx, 'must not be NaN or Inf');
  } else if (cfg.encodeInvalidNumbers === 1) {
    if (n !== n) { out.push('nan'); return; }
  } else if (!Number.isFinite(n)) {
    out.push('null');
    return;
  }
  out.push(formatG(n, cfg.precision));
}

/** >0: array length; -1: an object. */
function arrayLength(L: LuaState, cfg: Config): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2) as number;
      if (k !== 0 && Math.floor(k) === k && k >= 1) {
        if (k > max) max = k;
        items++;
        lua.lua_pop(L, 1);
        continue;
      }
    }
    lua.lua_pop(L, 2);
    return -1;
  }
  if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
    if (!cfg.sparseConvert) encodeError(L, -1, 'excessively sparse array');
    return -1;
  }
  return max;
}

function appendData(L: LuaState, cfg: Config, depth: number, out: string[]): void {
  switch (lua.lua_type(L, -1)) {
    case lua.LUA_TSTRING: appendString(out, lua.lua_tolstring(L, -1)); break;
    case lua.LUA_TNUMBER: appendNumber(L, cfg, out, -1); break;
    case lua.LUA_TBOOLEAN: out.push(lua.lua_toboolean(L, -1) ? 'true' : 'false'); break;
    case lua.LUA_TTABLE: {
      depth++;
      if (depth > cfg.encodeMaxDepth || !lua.lua_checkstack(L, 3)) {
        lauxlib.luaL_error(L, lstr('Cannot serialise, excessive nesting (%d)'), depth);
      }
      const len = arrayLength(L, cfg);
      if (len > 0) {
        out.push('[');
        for (let i = 1; i <= len; i++) {
          if (i > 1) out.push(',');
          lua.lua_rawgeti(L, -1, i);
          appendData(L, cfg, depth, out);
          lua.lua_pop(L, 1);
        }
        out.push(']');
      } else {
        out.push('{');
        let comma = false;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          if (comma) out.push(','); else comma = true;
          const kt = lua.lua_type(L, -2);
          if (kt === lua.LUA_TNUMBER) {
            out.push('"');
            appendNumber(L, cfg, out, -2);
            out.push('":');
          } else if (kt === lua.LUA_TSTRING) {
            appendString(out, lua.lua_tolstring(L, -2));
            out.push(':');
          } else {
            encodeError(L, -2, 'table key must be a number or string');
          }
          appendData(L, cfg, depth, out);
          lua.lua_pop(L, 1);
        }
        out.push('}');
      }
      break;
    }
    case lua.LUA_TNIL: out.push('null'); break;
    case lua.LUA_TLIGHTUSERDATA:
      if (lua.lua_touserdata(L, -1) === CJSON_NULL) { out.push('null'); break; }
      encodeError(L, -1, 'type not supported');
      break;
    default:
      encodeError(L, -1, 'type not supported');
  }
}

// ---------------------------------------------------------------- decoding

const enum T { ObjBegin, ObjEnd, ArrBegin, ArrEnd, String, Number, Boolean, Null, Colon, Comma, End, Whitespace, Error, Unknown }

const TOKEN_NAMES = ['T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER', 'T_BOOLEAN',
  'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN'];

const CH2TOKEN: T[] = [];
for (let i = 0; i < 256; i++) CH2TOKEN.push(T.Error);
CH2TOKEN[0x7b] = T.ObjBegin; CH2TOKEN[0x7d] = T.ObjEnd; CH2TOKEN[0x5b] = T.ArrBegin; CH2TOKEN[0x5d] = T.ArrEnd;
CH2TOKEN[0x2c] = T.Comma; CH2TOKEN[0x3a] = T.Colon; CH2TOKEN[0] = T.End;
for (const c of [0x20, 0x09, 0x0a, 0x0d]) CH2TOKEN[c] = T.Whitespace;
for (const c of 'fiInNt"+-0123456789') CH2TOKEN[c.charCodeAt(0)] = T.Unknown;

const ESCAPE2CHAR: number[] = new Array(256).fill(0);
ESCAPE2CHAR[0x22] = 0x22; ESCAPE2CHAR[0x5c] = 0x5c; ESCAPE2CHAR[0x2f] = 0x2f; ESCAPE2CHAR[0x62] = 8;
ESCAPE2CHAR[0x74] = 9; ESCAPE2CHAR[0x6e] = 10; ESCAPE2CHAR[0x66] = 12; ESCAPE2CHAR[0x72] = 13; ESCAPE2CHAR[0x75] = 0x75;

interface Token { type: T; index: number; str?: Uint8Array; num?: number; bool?: boolean; error?: string }

class Parser {
  ptr = 0;
  depth = 0;
  constructor(readonly data: Uint8Array, readonly cfg: Config) {}

  /** The byte at i, 0 past the end (the C string terminator). */
  at(i: number): number {
    return i < this.data.length ? this.data[i] : 0;
  }

  next(): Token {
    let type: T;
    let ch: number;
    for (;;) {
      ch = this.at(this.ptr);
      type = CH2TOKEN[ch];
      if (type !== T.Whitespace) break;
      this.ptr++;
    }
    const token: Token = { type, index: this.ptr };
    if (type === T.Error) return this.error(token, 'invalid token');
    if (type === T.End) return token;
    if (type !== T.Unknown) { this.ptr++; return token; }
    if (ch === 0x22) return this.string(token);
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) {
      if (!this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) return this.error(token, 'invalid number');
      return this.number(token);
    }
    if (this.startsWith('true')) { this.ptr += 4; token.type = T.Boolean; token.bool = true; return token; }
    if (this.startsWith('false')) { this.ptr += 5; token.type = T.Boolean; token.bool = false; return token; }
    if (this.startsWith('null')) { this.ptr += 4; token.type = T.Null; return token; }
    if (this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) return this.number(token);
    return this.error(token, 'invalid token');
  }

  private startsWith(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.at(this.ptr + i) !== word.charCodeAt(i)) return false;
    return true;
  }

  private error(token: Token, msg: string): Token {
    token.type = T.Error;
    token.index = this.ptr;
    token.error = msg;
    return token;
  }

  private isInvalidNumber(): boolean {
    let p = this.ptr;
    if (this.at(p) === 0x2b) return true;
    if (this.at(p) === 0x2d) p++;
    const c = this.at(p);
    if (c === 0x30) {
      const c2 = this.at(p + 1);
      return (c2 | 0x20) === 0x78 || (c2 >= 0x30 && c2 <= 0x39);
    }
    if (c <= 0x39) return false;
    const three = String.fromCharCode(this.at(p), this.at(p + 1), this.at(p + 2)).toLowerCase();
    return three === 'inf' || three === 'nan';
  }

  private number(token: Token): Token {
    const parsed = strtodPrefix(this.data, this.ptr);
    if (parsed.end === this.ptr) return this.error(token, 'invalid number');
    token.type = T.Number;
    token.num = parsed.value;
    this.ptr = parsed.end;
    return token;
  }

  private string(token: Token): Token {
    this.ptr++;
    const out: number[] = [];
    let ch: number;
    while ((ch = this.at(this.ptr)) !== 0x22) {
      if (ch === 0) return this.error(token, 'unexpected end of string');
      if (ch === 0x5c) {
        const esc = ESCAPE2CHAR[this.at(this.ptr + 1)];
        if (esc === 0x75) {
          if (this.unicodeEscape(out)) continue;
          return this.error(token, 'invalid unicode escape code');
        }
        if (esc === 0) return this.error(token, 'invalid escape code');
        this.ptr++;
        ch = esc;
      }
      out.push(ch);
      this.ptr++;
    }
    this.ptr++;
    token.type = T.String;
    token.str = Uint8Array.from(out);
    return token;
  }

  private hex4(at: number): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.at(at + i);
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  private unicodeEscape(out: number[]): boolean {
    let cp = this.hex4(this.ptr + 2);
    let len = 6;
    if (cp < 0) return false;
    if ((cp & 0xfc00) === 0xd800) {
      if (this.at(this.ptr + 6) !== 0x5c || this.at(this.ptr + 7) !== 0x75) return false;
      const low = this.hex4(this.ptr + 8);
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return false;
      cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
      len = 12;
    } else if ((cp & 0xfc00) === 0xdc00) {
      return false;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    this.ptr += len;
    return true;
  }
}

/** C strtod on data[from...]: the longest number prefix and where it ends. */
function strtodPrefix(data: Uint8Array, from: number): { value: number; end: number } {
  let i = from;
  while (i < data.length && (data[i] === 0x20 || (data[i] >= 0x09 && data[i] <= 0x0d))) i++;
  const rest = Buffer.from(data.buffer, data.byteOffset + i, Math.min(data.length - i, 400)).latin1Slice();
  const m = /^([+-]?)(?:(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)|(infinity|inf)|(nan)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(rest);
  if (m === null) return { value: 0, end: from };
  const neg = m[1] === '-';
  let v: number;
  if (m[2] !== undefined) {
    const hm = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(m[2])!;
    v = 0;
    for (const ch of hm[1]) v = v * 16 + parseInt(ch, 16);
    let scale = 1 / 16;
    for (const ch of hm[2] ?? '') { v += parseInt(ch, 16) * scale; scale /= 16; }
    if (hm[3] !== undefined) v *= 2 ** Number(hm[3]);
  } else if (m[3] !== undefined) v = Infinity;
  else if (m[4] !== undefined) v = NaN;
  else v = Number(m[5]);
  return { value: neg ? -v : v, end: i + m[0].length };
}

function parseError(L: LuaState, expected: string, token: Token): never {
  const found = token.type === T.Error ? token.error! : TOKEN_NAMES[token.type];
  lauxlib.luaL_error(L, lstr('Expected %s but found %s at character %d'), toLua(expected), toLua(found), token.index + 1);
  throw new Error('unreachable');
}

function descend(L: LuaState, p: Parser, slots: number): void {
  p.depth++;
  if (p.depth <= p.cfg.decodeMaxDepth && lua.lua_checkstack(L, slots)) return;
  lauxlib.luaL_error(L, lstr('Found too many nested data structures (%d) at character %d'), p.depth, p.ptr);
}

function processValue(L: LuaState, p: Parser, token: Token): void {
  switch (token.type) {
    case T.String: lua.lua_pushlstring(L, token.str!, token.str!.length); break;
    case T.Number: lua.lua_pushnumber(L, token.num!); break;
    case T.Boolean: lua.lua_pushboolean(L, token.bool ? 1 : 0); break;
    case T.ObjBegin: parseObject(L, p); break;
    case T.ArrBegin: parseArray(L, p); break;
    case T.Null: lua.lua_pushlightuserdata(L, CJSON_NULL); break;
    default: parseError(L, 'value', token);
  }
}

function parseObject(L: LuaState, p: Parser): void {
  descend(L, p, 3);
  lua.lua_newtable(L);
  let token = p.next();
  if (token.type === T.ObjEnd) { p.depth--; return; }
  for (;;) {
    if (token.type !== T.String) parseError(L, 'object key string', token);
    lua.lua_pushlstring(L, token.str!, token.str!.length);
    token = p.next();
    if (token.type !== T.Colon) parseError(L, 'colon', token);
    token = p.next();
    processValue(L, p, token);
    lua.lua_rawset(L, -3);
    token = p.next();
    if (token.type === T.ObjEnd) { p.depth--; return; }
    if (token.type !== T.Comma) parseError(L, 'comma or object end', token);
    token = p.next();
  }
}

function parseArray(L: LuaState, p: Parser): void {
  descend(L, p, 2);
  lua.lua_newtable(L);
  let token = p.next();
  if (token.type === T.ArrEnd) { p.depth--; return; }
  for (let i = 1; ; i++) {
    processValue(L, p, token);
    lua.lua_rawseti(L, -2, i);
    token = p.next();
    if (token.type === T.ArrEnd) { p.depth--; return; }
    if (token.type !== T.Comma) parseError(L, 'comma or array end', token);
    token = p.next();
  }
}

// ---------------------------------------------------------------- the module

function argInit(L: LuaState, args: number): void {
  if (!(lua.lua_gettop(L) <= args)) lauxlib.luaL_argerror(L, args + 1, lstr('found too many arguments'));
  while (lua.lua_gettop(L) < args) lua.lua_pushnil(L);
}

function integerOption(L: LuaState, idx: number, get: () => number, set: (v: number) => void, min: number, max: number): void {
  if (!lua.lua_isnil(L, idx)) {
    const v = lauxlib.luaL_checkinteger(L, idx) as number;
    if (!(min <= v && v <= max)) lauxlib.luaL_argerror(L, 1, toLua(`expected integer between ${min} and ${max}`));
    set(v);
  }
  lua.lua_pushnumber(L, get());
}

function enumOption(L: LuaState, idx: number, get: () => number, set: (v: number) => void, options: string[] | null, boolTrue: number): void {
  const opts = options ?? ['off', 'on'];
  if (options === null) boolTrue = 1;
  if (!lua.lua_isnil(L, idx)) {
    if (boolTrue && lua.lua_type(L, idx) === lua.LUA_TBOOLEAN) set(lua.lua_toboolean(L, idx) ? boolTrue : 0);
    else set(lauxlib.luaL_checkoption(L, idx, null, opts.map((o) => lstr(o))) as number);
  }
  const v = get();
  if (boolTrue && (v === 0 || v === boolTrue)) lua.lua_pushboolean(L, v);
  else lua.lua_pushstring(L, lstr(opts[v]));
}

function makeModule(L: LuaState, cfg: Config): void {
  const funcs: Record<string, (L: LuaState) => number> = {
    encode: (l) => {
      if (lua.lua_gettop(l) !== 1) lauxlib.luaL_argerror(l, 1, lstr('expected 1 argument'));
      const out: string[] = [];
      appendData(l, cfg, 0, out);
      const u = toLua(out.join(''));
      lua.lua_pushlstring(l, u, u.length);
      return 1;
    },
    decode: (l) => {
      if (lua.lua_gettop(l) !== 1) lauxlib.luaL_argerror(l, 1, lstr('expected 1 argument'));
      const data = lauxlib.luaL_checklstring(l, 1) as Uint8Array;
      if (data.length >= 2 && (data[0] === 0 || data[1] === 0)) lauxlib.luaL_error(l, lstr('JSON parser does not support UTF-16 or UTF-32'));
      const p = new Parser(data, cfg);
      processValue(l, p, p.next());
      const token = p.next();
      if (token.type !== T.End) parseError(l, 'the end', token);
      return 1;
    },
    encode_sparse_array: (l) => {
      argInit(l, 3);
      enumOption(l, 1, () => cfg.sparseConvert, (v) => { cfg.sparseConvert = v; }, null, 1);
      integerOption(l, 2, () => cfg.sparseRatio, (v) => { cfg.sparseRatio = v; }, 0, 2147483647);
      integerOption(l, 3, () => cfg.sparseSafe, (v) => { cfg.sparseSafe = v; }, 0, 2147483647);
      return 3;
    },
    encode_max_depth: (l) => {
      argInit(l, 1);
      integerOption(l, 1, () => cfg.encodeMaxDepth, (v) => { cfg.encodeMaxDepth = v; }, 1, 2147483647);
      return 1;
    },
    decode_max_depth: (l) => {
      argInit(l, 1);
      integerOption(l, 1, () => cfg.decodeMaxDepth, (v) => { cfg.decodeMaxDepth = v; }, 1, 2147483647);
      return 1;
    },
    encode_number_precision: (l) => {
      argInit(l, 1);
      integerOption(l, 1, () => cfg.precision, (v) => { cfg.precision = v; }, 1, 14);
      return 1;
    },
    encode_keep_buffer: (l) => {
      argInit(l, 1);
      enumOption(l, 1, () => cfg.keepBuffer, (v) => { cfg.keepBuffer = v; }, null, 1);
      return 1;
    },
    encode_invalid_numbers: (l) => {
      argInit(l, 1);
      enumOption(l, 1, () => cfg.encodeInvalidNumbers, (v) => { cfg.encodeInvalidNumbers = v; }, ['off', 'on', 'null'], 1);
      return 1;
    },
    decode_invalid_numbers: (l) => {
      argInit(l, 1);
      enumOption(l, 1, () => cfg.decodeInvalidNumbers, (v) => { cfg.decodeInvalidNumbers = v; }, null, 1);
      return 1;
    },
    new: (l) => {
      makeModule(l, defaults());
      return 1;
    },
  };
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(funcs)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lstr(name));
  }
  lua.lua_pushlightuserdata(L, CJSON_NULL);
  lua.lua_setfield(L, -2, lstr('null'));
  lua.lua_pushstring(L, lstr('cjson'));
  lua.lua_setfield(L, -2, lstr('_NAME'));
  lua.lua_pushstring(L, lstr('2.1.0'));
  lua.lua_setfield(L, -2, lstr('_VERSION'));
}

/** Registers the global `cjson` table. */
export function openCjson(L: LuaState): void {
  makeModule(L, defaults());
  lua.lua_setglobal(L, lstr('cjson'));
}
