// The script corpus of test/scripting.test.ts: command lists sent to a real redis-server and to
// Kunyu, whose replies must match byte for byte.
import { keySlotOfString, slotTable } from '../../src/engine/hash';
import type { Cmd } from './differential';

// Keys that land on four different shards of a 4-shard server (and anywhere on the others).
const table4 = slotTable(4);
export function spread(prefix: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const k = `${prefix}${i}`;
    if (!out.some((x) => table4[keySlotOfString(x)] === table4[keySlotOfString(k)])) out.push(k);
  }
  return out;
}
export const [A, B, C, D] = spread('key', 4);

export const ev = (script: string, keys: string[] = [], ...args: string[]): Cmd => ['EVAL', script, String(keys.length), ...keys, ...args];

/** HELLO's reply carries the connection id: not comparable. */
export const normalise = (cmd: Cmd, reply: string): string => (cmd[0].toUpperCase() === 'HELLO' ? 'HELLO' : reply);

// ---------------------------------------------------------------- the corpus

export const LUA_TO_RESP: Cmd[] = [
  ev('return 1'), ev('return -1'), ev('return 3.7'), ev('return -3.7'), ev('return 0/0'), ev('return 1/0'), ev('return -1/0'),
  ev('return 2^53 + 2'), ev('return 2^63'), ev('return -2^63'), ev('return 1e20'), ev('return 2^62'),
  ev("return 'str'"), ev("return ''"), ev("return '\\0\\1\\255'"), ev('return true'), ev('return false'), ev('return nil'),
  ev('return {}'), ev('return {1, 2, 3}'), ev("return {1, 'two', {3, {4}}, true, false}"), ev('return {1, 2, nil, 4}'),
  ev("return {ok = 'fine'}"), ev("return {ok = 'a\\r\\nb'}"), ev("return {err = 'MY custom'}"), ev("return {err = 'plain'}"),
  ev("return {err = '\\nfoo\\nbar\\n'}"), ev("return {err = ''}"), ev('return {err = 1}'), ev('return {ok = 1}'),
  ev("return {1, {err = 'inner'}, {ok = 'st'}}"), ev('return {a = 1}'), ev('return {double = 3.5}'), ev('return {double = 0.1}'),
  ev('return {double = 1/0}'), ev('return {double = 3}'), ev("return {double = 'x'}"), ev('return {map = {a = 1}}'),
  ev("return {set = {x = true}}"), ev("return {big_number = '12345678901234567890'}"),
  ev("return {verbatim_string = {format = 'txt', string = 'hello'}}"), ev('return redis.status_reply("HI")'),
  ev('return redis.error_reply("MY err")'), ev('return redis.error_reply("-MY err")'), ev('return redis.error_reply("nospace")'),
  ev('return redis.error_reply(1)'), ev('return redis.status_reply()'), ev("return redis.status_reply('x\\ny')"),
  ev('return coroutine.create(function() end)'), ev('return string.len'), ev('return cjson.null'),
  ev('return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', ['k1', 'k2'], 'a1', 'a2'),
];

export const LUA_TO_RESP3: Cmd[] = [
  ['HELLO', '3'],
  ev('return true'), ev('return false'), ev('return nil'), ev('return {double = 3.5}'), ev('return {double = 0/0}'),
  ev('return {double = 1e300}'), ev('return {map = {a = 1}}'), ev('return {set = {a = true}}'),
  ev("return {big_number = '123456789012345678901234567890'}"), ev("return {verbatim_string = {format = 'txt', string = 'hi'}}"),
  ev('return {1, {map = {x = {1, 2}}}}'), ev('redis.setresp(3) return true'), ev('redis.setresp(3) return {true, false}'),
  ev('redis.setresp(3) return redis.call("hgetall", KEYS[1])', ['nohash']),
  ['HSET', 'h3', 'f', 'v'], ['ZADD', 'z3', '1.5', 'm'], ['SADD', 's3', 'a'],
  ev('redis.setresp(3) return redis.call("hgetall", KEYS[1])', ['h3']),
  ev('redis.setresp(3) return redis.call("zscore", KEYS[1], "m")', ['z3']),
  ev('redis.setresp(3) return redis.call("smembers", KEYS[1])', ['s3']),
  ev('redis.setresp(3) return redis.call("get", KEYS[1])', ['nokey']),
  ev('redis.setresp(2) return redis.call("smembers", KEYS[1])', ['s3']),
  ev('return redis.call("hgetall", KEYS[1])', ['h3']),
  ['HELLO', '2'],
  ev('redis.setresp(3) return true'), ev('redis.setresp(3) return redis.call("zscore", KEYS[1], "m")', ['z3']),
  ev('redis.setresp(3) return redis.call("hgetall", KEYS[1])', ['h3']),
];

export const RESP_TO_LUA: Cmd[] = [
  ['SET', 'str', 'abc'], ['RPUSH', 'list', 'a', 'b', 'c'], ['HSET', 'hash', 'f1', 'v1'], ['ZADD', 'zs', '2.5', 'm'],
  ev("local r = redis.call('get', KEYS[1]) return {type(r), r}", ['str']),
  ev("local r = redis.call('get', KEYS[1]) return {type(r), tostring(r)}", ['missing']),
  ev("local r = redis.call('set', KEYS[1], 'x') return {type(r), r.ok}", ['str2']),
  ev("local r = redis.call('incr', KEYS[1]) return {type(r), r}", ['ctr']),
  ev("local r = redis.pcall('incr', KEYS[1]) return {type(r), r.err}", ['str']),
  ev("local r = redis.call('lrange', KEYS[1], 0, -1) return {type(r), #r, r[1], r[3]}", ['list']),
  ev("return redis.call('zscore', KEYS[1], 'm')", ['zs']),
  ev("local r = redis.call('zscore', KEYS[1], 'nope') return type(r)", ['zs']),
  ev("redis.setresp(3) local r = redis.call('zscore', KEYS[1], 'm') return {type(r), tostring(r.double)}", ['zs']),
  ev("redis.setresp(3) local r = redis.call('hgetall', KEYS[1]) return {type(r.map), r.map.f1}", ['hash']),
  ev("redis.setresp(3) local r = redis.call('get', KEYS[1]) return r == nil", ['missing']),
  ev("redis.setresp(3) local r = redis.call('exists', KEYS[1]) return r", ['str']),
  ev("redis.setresp(3) local r = redis.call('smembers', KEYS[1]) return type(r.set)", ['noset']),
  ev("return redis.call('mget', KEYS[1], KEYS[2], KEYS[3])", ['str', 'missing', 'list']),
  ev("return {redis.call('mget', KEYS[1], KEYS[2])[2]}", ['missing', 'str']),
  ev("return redis.call('ping')"), ev("return redis.call('ping', 'x')"), ev("return redis.call('echo', 'hello')"),
  ev("return #redis.call('time')"), ev("return redis.call('lastsave') > 0"), ev("return redis.call('type', KEYS[1])", ['hash']),
  ev("return redis.call('set', KEYS[1], 1.5)", ['num']), ev("return redis.call('get', KEYS[1])", ['num']),
  ev("redis.call('set', KEYS[1], 0.1) return redis.call('get', KEYS[1])", ['num']),
  ev("redis.call('set', KEYS[1], 2^53) return redis.call('get', KEYS[1])", ['num']),
  ev("redis.call('set', KEYS[1], 1e100) return redis.call('get', KEYS[1])", ['num']),
  ev("return redis.call('incrbyfloat', KEYS[1], 0.5)", ['flt']),
  ev("return redis.call('blmpop', 0, 1, KEYS[1], 'LEFT')", ['emptylist']),
];

export const CJSON: Cmd[] = [
  ev('return cjson.encode({})'), ev('return cjson.encode({1, 2, 3})'), ev('return cjson.encode({a = 1})'),
  ev('return cjson.encode({[1] = 1, [3] = 3})'), ev('return cjson.encode({[1] = 1, [20] = 3})'),
  ev('return cjson.encode({1.5, 0.1, 1e15, 1e300, -0.0, 123456789012345678, 3, 1/3})'), ev('return cjson.encode(1/0)'),
  ev('return cjson.encode(0/0)'), ev("return cjson.encode('a\"b\\\\c/d\\n\\r\\t\\b\\f\\0\\1\\127\\200')"),
  ev('return cjson.encode({[true] = 1})'), ev('return cjson.encode(function() end)'), ev('return cjson.encode(nil)'),
  ev('return cjson.encode(true)'), ev('return cjson.encode(cjson.null)'), ev('return cjson.encode({1, nil, 3})'),
  ev('return cjson.encode({[2.5] = 1})'), ev('return cjson.encode()'), ev('return cjson.encode(1, 2)'),
  ev('local t = {} t[1] = t return cjson.encode(t)'), ev('return cjson.encode({a = {b = {c = {}}}})'),
  ev('return cjson.encode({[-1] = 1})'), ev('return cjson.encode({[0] = 1})'), ev("return cjson.encode({{}, {{}}, {''}})"),
  ev("return cjson.decode('[1,2,3]')"), ev("return cjson.decode('{\"a\":1}').a"), ev("return type(cjson.decode('null'))"),
  ev("return cjson.decode('null') == cjson.null"), ev("return cjson.decode('[1,null,3]')"),
  ev("return tostring(cjson.decode('1.5e3'))"), ev("return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\"')"),
  ev("return cjson.decode('x')"), ev("return cjson.decode('')"), ev("return cjson.decode('{')"), ev("return cjson.decode('[1,]')"),
  ev("return cjson.decode('{\"a\" 1}')"), ev("return cjson.decode('[1] x')"), ev("return cjson.decode('\"abc')"),
  ev("return cjson.decode('\"\\\\x\"')"), ev("return cjson.decode('tru')"), ev("return cjson.decode('0x10')"),
  ev("return tostring(cjson.decode('Infinity'))"), ev("return tostring(cjson.decode('-0'))"), ev("return cjson.decode('01')"),
  ev("return cjson.decode(' [ 1 , 2 ] ')"), ev("return cjson.encode(cjson.decode('[{},[]]'))"),
  ev("return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))"), ev('return cjson.encode_max_depth()'),
  ev('return cjson.encode_number_precision()'), ev('return {cjson.encode_sparse_array()}'), ev('return cjson.encode_invalid_numbers()'),
  ev('return cjson.decode_invalid_numbers()'), ev("return cjson._VERSION .. cjson._NAME"), ev("return cjson.decode('\"\\\\u0000\"')"),
  ev('return cjson.decode(123)'), ev('return cjson.decode()'), ev('return cjson.encode({[1] = 1, [2] = 2, [5] = 5})'),
  ev("return cjson.decode('1e400')"), ev("return cjson.decode('[1.5,2]')[1]"),
  ev("local t = cjson.decode('{\"items\":[{\"id\":7,\"tags\":[\"a\",\"b\"]}],\"n\":null}') return {t.items[1].id, t.items[1].tags[2], t.n == cjson.null}"),
  ev("return cjson.encode(cjson.decode('{\"k\":[1,2,{\"x\":\"y\"}]}'))"),
];

export const CMSGPACK: Cmd[] = [
  ev('return cmsgpack.pack({})'), ev('return cmsgpack.pack({1, 2, 3})'), ev('return cmsgpack.pack({a = 1})'),
  ev('return cmsgpack.pack(0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649)'),
  ev('return cmsgpack.pack(1.5, 0.1, 1e300, 1/0, -0.0, 2^63, -2^63)'),
  ev("return cmsgpack.pack(true, false, nil, 'abc', string.rep('x', 40), string.rep('y', 300))"), ev('return cmsgpack.pack()'),
  ev('return cmsgpack.pack(function() end)'), ev('return cmsgpack.pack({[1] = 1, [3] = 3})'),
  ev('return cmsgpack.pack({1,{2,{3,{4,{5,{6,{7,{8,{9,{10,{11,{12,{13,{14,{15,{16,{17,{18}}}}}}}}}}}}}}}}}})'),
  ev("return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {1, 2}, true))}"), ev('return cmsgpack.unpack(cmsgpack.pack({a = 1})).a'),
  ev('return tostring(cmsgpack.unpack(cmsgpack.pack(1.5)))'), ev('return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))'),
  ev("return {cmsgpack.unpack('')}"), ev("return {cmsgpack.unpack('\\193')}"), ev("return {cmsgpack.unpack('\\205\\1')}"),
  ev('return {cmsgpack.unpack(cmsgpack.pack(nil, 5))}'), ev('return {cmsgpack.unpack_one(cmsgpack.pack(7, 8))}'),
  ev('return {cmsgpack.unpack_one(cmsgpack.pack(7, 8), 1)}'), ev('return {cmsgpack.unpack_one(cmsgpack.pack(7, 8), 2)}'),
  ev('return {cmsgpack.unpack_limit(cmsgpack.pack(7, 8, 9), 2)}'), ev('return {cmsgpack.unpack_limit(cmsgpack.pack(7, 8, 9), 2, 1)}'),
  ev("return {cmsgpack.unpack('\\196\\2ab')}"), ev("return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))"),
  ev('return cmsgpack.unpack()'), ev('return cmsgpack._VERSION'), ev("return {cmsgpack.unpack_one('')}"),
  ev('return {cmsgpack.unpack_one(cmsgpack.pack(7), 5)}'), ev('return {cmsgpack.unpack_limit(cmsgpack.pack(7, 8, 9), -1)}'),
  ev('return cmsgpack.pack(cjson.null)'), ev('return cmsgpack.pack({[1.5] = 1})'),
  ev("local t = cmsgpack.unpack(cmsgpack.pack({list = {1, 2, {3}}})) return {t.list[1], t.list[3][1]}"),
];

export const BIT_STRUCT: Cmd[] = [
  ev('return {bit.tobit(0xffffffff), bit.tobit(2^32 + 1), bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8), bit.bswap(0x12345678)}'),
  ev('return {bit.tohex(255), bit.tohex(-1, -4), bit.tohex(0x1234, 2), bit.tohex(1, 10), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5)}'),
  ev("return bit.band('x')"), ev('return bit.band()'), ev("return bit.tobit('12')"), ev('return bit.lshift(1, 33)'),
  ev("return struct.pack('>I2', 258)"), ev("return struct.pack('<i4 b B h H l L f d', -2, -1, 255, -300, 65000, -5, 7, 1.5, 2.25)"),
  ev("return {struct.unpack('<i4', struct.pack('<i4', -2))}"), ev("return {struct.unpack('>HHs', struct.pack('>HHs', 1, 2, 'abc'))}"),
  ev("return {struct.unpack('c0', struct.pack('B', 3) .. 'xyz')}"), ev("return {struct.unpack('Bc0', struct.pack('B', 3) .. 'xyz')}"),
  ev("return struct.size('>I4 h !4 d')"), ev("return struct.size('s')"), ev("return struct.size('c0')"), ev("return struct.pack('i3', 1)"),
  ev("return struct.pack('i64', 1)"), ev("return struct.pack('z', 1)"), ev("return {struct.unpack('>I4', 'ab')}"),
  ev("return {struct.unpack('>I2', 'abcd', 3)}"), ev("return {struct.unpack('>I2', 'abcd', 0)}"), ev("return struct.pack('c5', 'ab')"),
  ev("return struct.pack('c2', 'abc')"), ev("return struct.pack('!4 b i', 1, 2)"), ev("return struct.pack('d', 1/3)"),
  ev("return {struct.unpack('s', 'abc')}"), ev("return tostring(struct.unpack('f', struct.pack('f', 0.1)))"),
  ev("return struct.pack('>i16', -1)"), ev("return {struct.unpack('>i16', struct.pack('>i16', -2))}"), ev("return struct.pack('<L', -1)"),
];

export const LUA51: Cmd[] = [
  ev('return tostring(3.0)'), ev('return tostring(10/2)'), ev('return tostring(2^53)'), ev('return tostring(0/0)'),
  ev('return tostring(1e15)'), ev('return tostring(123456789012345)'), ev('return tostring(0.1)'), ev('return tostring(-0.0)'),
  ev('return tostring(1e100)'), ev('return tostring(0.1 + 0.2)'), ev('return tostring(2^-1074)'), ev('return tostring(1e14) .. tostring(1e13)'),
  ev("return tostring(tonumber('inf'))"), ev("return tostring(tonumber('0x10'))"), ev("return tostring(tonumber('0xffffffff'))"),
  ev("return tonumber('  12  ') + tonumber('1e2') + tonumber('0x1p4')"), ev("return tostring(tonumber('12a'))"),
  ev("return tostring(tonumber('z', 36)) .. tostring(tonumber('ff', 16)) .. tostring(tonumber('ffffffff', 16))"),
  ev("return tostring(tonumber(''))"), ev("return '10' + 5"), ev("return tostring('10' + 5)"), ev("return '3' * '4'"), ev("return 10 .. ''"),
  ev('return 2147483647 + 1'), ev('return tostring(2147483647 + 1)'), ev('return 4294967296 * 1000'), ev('return 9007199254740993'),
  ev('local s = 0 for i = 1, 100000 do s = s + i * 100000 end return s'), ev('return 1700000000123 + 1000'),
  ev('return 7 % 3'), ev('return -7 % 3'), ev('return 7.5 % 2'), ev('return tostring(7 / 2)'), ev('return math.floor(-3.5)'),
  ev("return string.format('%d', 3.7)"), ev("return string.format('%d', 1.7e12)"), ev("return string.format('%x', -1)"),
  ev("return string.format('%5.2f|%g|%s|%q|%x', 3.14159, 1e20, 12, 'a\\nb', 255)"),
  ev("return string.format('%.3f %5d %-5s| %05.1f %e %g %g %i %c %o %X %%', 1/3, 42, 'ab', 3.14159, 12345.678, 0.0001, 1e-5, 7, 65, 8, 255)"),
  ev("return string.format('%q', '\\0\\1\\r\\n\"\\\\')"), ev("return string.format('%s %s', true, 1.5)"), ev("return string.format('%d', 'x')"),
  ev("return string.format('%10.4s|', 'abcdefg')"), ev("return string.format('%5.1s|%-8d|%+d|% d|%#x|%#o', 'xyz', 5, 5, 5, 255, 8)"),
  ev("return string.format('%.14g|%.17g|%g|%g', 0.1, 0.1, 1e15, 123456789)"), ev("return string.format('%d', -0.5)"),
  ev("return string.format('%d', 2^63)"), ev("return string.format('%c%c', 0, 255)"), ev("return string.format('%q', 1/3)"),
  ev("return string.format('%z', 1)"), ev("return string.format('%', 1)"), ev("return string.format('%123d', 1)"), ev("return string.format('%d')"),
  ev("return string.rep('x', 3, ',')"), ev("return ('x'):rep(3)"), ev("return string.sub('hello', 2.7, 4)"), ev("return #'abc'"),
  ev('local t = {1, 2, nil, 4} return #t'), ev('local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return #t'), ev('local t = {nil, 2} return #t'),
  ev("return math.floor(3.7) .. ' ' .. math.ceil(3.2) .. ' ' .. math.max(1, 2.5) .. ' ' .. math.fmod(7, 3)"),
  ev('return {math.modf(3.7)}'), ev('return tostring(select(2, math.modf(3.7)))'), ev('return tostring(math.frexp(8))'),
  ev('return math.pow(2, 10)'), ev('return math.mod(7, 3)'), ev('return tostring(math.huge)'), ev('return tostring(math.log(8, 2))'),
  ev('return math.max()'), ev("return {string.find('hello world', 'o w')}"), ev("return string.gsub('hello', 'l', 'L')"),
  ev("return table.concat({1, 2.5, 'x'}, ',')"), ev('local t = {3, 1, 2} table.sort(t) return t'),
  ev("local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') table.insert(t, 5, 'e') return {t[1], t[2], t[5], #t}"),
  ev('local t = {1, 2, 3} return {table.remove(t), table.remove(t, 1), #t, table.remove({}), table.remove(t, 9)}'),
  ev('return table.maxn({1, 2, nil, 7})'), ev('table.setn({}, 1)'), ev('return table.getn({1, 2, 3})'),
  ev('local t = {} table.foreach({a = 1}, function(k, v) t[#t + 1] = k .. v end) return t'),
  ev('local t = {} table.foreachi({5, 6}, function(k, v) t[#t + 1] = k .. v end) return t'),
  ev('return unpack({1, 2, 3})'), ev("return select('#', unpack({1, 2, 3}))"), ev('return coroutine.running()'),
  ev('local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y}'),
  ev('return gcinfo() > 0'), ev("return type(collectgarbage('count'))"), ev('return string.gfind ~= nil'), ev('return _VERSION'),
  ev('return loadstring("return 1 + 1")()'), ev('return {loadstring("return +")}'), ev("return load('return 1')"),
  ev("local i = 0 return load(function() i = i + 1 if i == 1 then return 'return 7' end end)()"),
  ev('return {pcall(function() error("e") end)}'), ev("return {pcall(function() error({err = 'X'}) end)}"), ev('return {pcall()}'),
  ev('return select("#", pcall(error, {}))'), ev("return {pcall(function() redis.call('nosuch') end)}"),
  ev("return {xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)}"),
  ev("math.randomseed(42) return {math.random(100), math.random(5, 9), tostring(math.random())}"),
  ev('local t = {} for k in pairs(math) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(string) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(table) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(coroutine) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(redis) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(bit) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(cjson) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(struct) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k in pairs(cmsgpack) do t[#t + 1] = k end table.sort(t) return t'),
  ev('local t = {} for k, v in pairs(_G) do t[#t + 1] = k end table.sort(t) return t'),
  ev('return redis.sha1hex("")'), ev('return redis.sha1hex("abc")'), ev('return redis.sha1hex()'),
  ev('return redis.REDIS_VERSION .. " " .. redis.REDIS_VERSION_NUM'), ev('return redis.replicate_commands()'),
  ev('return redis.set_repl(redis.REPL_ALL)'), ev('return redis.set_repl(99)'), ev('return redis.set_repl()'),
  ev("return redis.log(redis.LOG_DEBUG, 'hello', 'world')"), ev("return redis.log(99, 'x')"), ev('return redis.log(1)'),
  ev("return redis.log('x', 'y')"), ev('return redis.breakpoint()'), ev('return redis.setresp(4)'), ev('return redis.setresp()'),
  ev('return redis.acl_check_cmd("get", "x")'), ev('return redis.acl_check_cmd("nosuch")'),
];

export const ERRORS: Cmd[] = [
  ['SET', 'str', 'abc'],
  ev('return x +'), ev('#!lua\nreturn x +'), ev('x'), ev('return "unfinished'), ev('local t = {'), ev('for i = 1 do end'),
  ev('function f( return 1 end'), ev("return redis.call('incr', KEYS[1])", ['str']), ev("return redis.pcall('incr', KEYS[1])", ['str']),
  ev("return redis.call('nosuch')"), ev("return redis.call('get')"), ev('return redis.call()'), ev('return redis.call({})'),
  ev("return redis.call('get', true)"), ev("return redis.call('eval', 'return 1', 0)"), ev("return redis.call('multi')"),
  ev("return redis.call('blpop', 'l', 0)"), ev("return redis.call('subscribe', 'ch')"), ev("return redis.call('client', 'id')"),
  ev("return redis.call('config', 'get', 'maxmemory')"), ev("return redis.call('config', 'nosuch')"), ev("return redis.call('script', 'load', 'return 1')"),
  ev("return redis.call('function', 'list')"), ev("return redis.call('mset', 'a')"), ev("return redis.call('mset', 'a', '1', 'b')"),
  ev("return error('boom')"), ev("return error('a\\nb')"), ev('return error(nil)'), ev("return error({err = 'MY boom'})"), ev('error(42)'),
  ev('local t = {} t.x()'), ev('local a = nil; return a + 1'), ev('local x = 1 x = x .. nil'), ev('local t = nil return t.field'),
  ev("return ('x'):nosuch()"), ev('return #nil'), ev('return {} < {}'), ev('return 1 < "x"'), ev('local f = 5 f()'),
  ev('return redis.foo()'), ev('return redis.foo'), ev("return ('abc') + 1"), ev('local function f() return f() + 1 end return f()'),
  ev('return 1', [], 'x'), ['EVAL', 'return 1', '-1'], ['EVAL', 'return 1', '3', 'a'], ['EVAL', 'return 1', 'x'], ['EVAL', 'return 1', '1.5'],
  ['EVAL', 'return 1'], ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], ['EVALSHA', 'fff', '0'], ['EVALSHA', 'fff', 'x'],
  ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', 'x'],
  ev('#!lua flags=bogus\nreturn 1'), ev('#!lua name=x\nreturn 1'), ev('#!luajit\nreturn 1'), ev('#!lua'), ev('#! lua\nreturn 2'),
  ev('#!lua flags=\nreturn 2'), ev('#!lua\tflags=no-writes\nreturn 3'), ev('#!lua flags="no-writes"\nreturn 4'), ev('#!lua "\nreturn 5'),
  ev('#!lua\xa0flags=no-writes\nreturn 6'), ev('#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1'),
  ev("#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')"), ev("#!lua\nreturn error('e')"),
  ['EVAL_RO', '#!lua\nreturn 2', '0'], ['EVAL_RO', "return redis.call('set', 'a', 'b')", '0'], ['EVAL_RO', "return redis.call('get', 'a')", '0'],
  ['EVAL_RO', "#!lua flags=no-writes\nreturn redis.call('get', 'a')", '0'], ['EVAL_RO', "return redis.pcall('del', 'a')", '0'],
  ev("return redis.call('select', 99)"), ev("return redis.call('select', 'x')"),
];

export const SANDBOX: Cmd[] = [
  ev('return x'), ev('x = 1'), ev('return os.clock()'), ev('return io'), ev("return require('x')"), ev("return loadfile('/etc/passwd')"),
  ev("return dofile('/etc/passwd')"), ev('return debug'), ev('return print'), ev('return getfenv'), ev('return setfenv'), ev('return newproxy'),
  ev('return module'), ev('return package'), ev('return rawlen'), ev('return utf8'), ev('return string.pack'), ev('return table.move'),
  ev('return math.type'), ev('return math.tointeger'), ev('return coroutine.isyieldable'), ev('string.foo = 1'), ev("rawset(_G, 'x', 1)"),
  ev('setmetatable(_G, nil)'), ev("getmetatable('').__index.upper = 1"), ev('redis.call = nil'), ev('cjson.encode = nil'),
  ev('math.pi = 3'), ev('_G.KEYS = 1'), ev("KEYS[1] = 'x' return KEYS[1]"), ev('local f = loadstring("x = 5") f() return 1'),
  ev('local f = loadstring("return zzz") return f()'), ev('function global_fn() end'), ev('local t = {} setmetatable(t, {}) return 1'),
  ev("return string.dump ~= nil"), ev("local ok, e = pcall(function() return nosuchvar end) return e"),
];

export const SCRIPT_CACHE: Cmd[] = [
  ['SCRIPT', 'LOAD', "return 'loaded'"], ['EVALSHA', 'b534286061d4b9e4026607613b95c06c06015ae8', '0'],
  ['EVALSHA', 'B534286061D4B9E4026607613B95C06C06015AE8', '0'], ['EVALSHA_RO', 'b534286061d4b9e4026607613b95c06c06015ae8', '0'],
  ['SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8', 'B534286061D4B9E4026607613B95C06C06015AE8', 'nope'],
  ev('return KEYS[1] .. ARGV[1]', ['k'], 'v'), ['EVALSHA', 'dc8235f4444d746adf3374579406c129fb1f0f0a', '1', A, 'x'],
  ['EVALSHA', 'dc8235f4444d746adf3374579406c129fb1f0f0a', '1', B, 'y'], ['EVALSHA', 'dc8235f4444d746adf3374579406c129fb1f0f0a', '1', C, 'z'],
  ['SCRIPT', 'EXISTS', 'dc8235f4444d746adf3374579406c129fb1f0f0a'], ['SCRIPT', 'LOAD', 'return +'], ['SCRIPT', 'LOAD', '#!lua flags=x\nreturn 1'],
  ['SCRIPT', 'LOAD', '#!lua flags=no-writes\nreturn 1'], ['SCRIPT', 'FLUSH', 'bad'], ['SCRIPT', 'FLUSH', 'sync', 'x'], ['SCRIPT', 'BOGUS'],
  ['SCRIPT', 'HELP'], ['SCRIPT'], ['SCRIPT', 'EXISTS'], ['SCRIPT', 'KILL'], ['SCRIPT', 'DEBUG', 'no'], ['SCRIPT', 'DEBUG', 'maybe'],
  ['SCRIPT', 'FLUSH'], ['EVALSHA', 'b534286061d4b9e4026607613b95c06c06015ae8', '0'], ['SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8'],
  ['SCRIPT', 'LOAD', "return 'again'"], ['SCRIPT', 'FLUSH', 'ASYNC'], ['SCRIPT', 'EXISTS', '7aab2b1d96a0c8a9f5f6b4b8a6ef8f56c2e4e6cf'],
  ['EVALSHA', 'dc8235f4444d746adf3374579406c129fb1f0f0a', '1', A, 'x'],
];

/** Real-world patterns, with their keys on four different shards of a 4-shard server. */
export const PATTERNS: Cmd[] = [
  // Lock release: compare and delete.
  ['SET', A, 'token-1'],
  ev("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", [A], 'token-2'),
  ev("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", [A], 'token-1'),
  ['EXISTS', A],
  // Rate limiter: INCR + EXPIRE on first hit.
  ...Array.from({ length: 4 }, (): Cmd => ev(
    "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end if n > tonumber(ARGV[2]) then return 0 end return n",
    [B], '60', '3')),
  ['TTL', B],
  // A BullMQ-style job move: list → list, hash update, zset add, counters, on four shards.
  ['RPUSH', A, 'job1', 'job2', 'job3'], ['HSET', C, 'job1', 'waiting'],
  ev(`local job = redis.call('lmove', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
      if not job then return nil end
      redis.call('hset', KEYS[3], job, 'active')
      redis.call('zadd', KEYS[4], ARGV[1], job)
      return {job, redis.call('llen', KEYS[1]), redis.call('llen', KEYS[2]), redis.call('hget', KEYS[3], job), redis.call('zscore', KEYS[4], job)}`,
  [A, B, C, D], '1700000000000'),
  ev("local j = redis.call('rpoplpush', KEYS[1], KEYS[2]) redis.call('zadd', KEYS[3], 5, j) return {j, redis.call('zcard', KEYS[3])}", [A, C + ':l', D]),
  ev("return {redis.call('lrange', KEYS[1], 0, -1), redis.call('lrange', KEYS[2], 0, -1), redis.call('zrange', KEYS[3], 0, -1, 'WITHSCORES')}", [A, B, D]),
  // Keys the script never declared, spread over every shard.
  ev(`for i = 1, 8 do redis.call('set', 'undeclared:' .. i, i * 11) end
      local out = {} for i = 1, 8 do out[i] = redis.call('get', 'undeclared:' .. i) end return out`),
  ['MGET', 'undeclared:1', 'undeclared:5', 'undeclared:8'],
  ev("return redis.call('mget', 'undeclared:2', 'undeclared:3', 'nope', 'undeclared:4')"),
  ev("return redis.call('del', 'undeclared:1', 'undeclared:2', 'undeclared:3')"),
  ev("redis.call('rename', 'undeclared:4', 'renamed:4') return {redis.call('get', 'renamed:4'), redis.call('exists', 'undeclared:4')}"),
  ev("redis.call('sadd', 'us:1', 'a', 'b') redis.call('sadd', 'us:2', 'b', 'c') return {redis.call('sunionstore', 'us:3', 'us:1', 'us:2'), redis.call('scard', 'us:3')}"),
  ev("local keys = redis.call('keys', 'undeclared:*') table.sort(keys) return keys"),
  ev("local c, n = '0', 0 repeat local r = redis.call('scan', c, 'match', 'undeclared:*') c = r[1] n = n + #r[2] until c == '0' return n"),
  ev("return redis.call('dbsize')"), ev("return redis.call('exists', 'undeclared:5', 'undeclared:6', 'nope')"),
  ev("redis.call('select', 2) redis.call('set', 'in2', 'x') local n = redis.call('dbsize') return n"), ['GET', 'in2'], ['SELECT', '2'],
  ['GET', 'in2'], ['SELECT', '0'],
  ev("local r = redis.call('hincrby', KEYS[1], 'n', 5) redis.call('expire', KEYS[1], 100) return {r, redis.call('ttl', KEYS[1])}", [D]),
  ev("redis.call('copy', KEYS[1], KEYS[2]) return redis.call('hgetall', KEYS[2])", [D, A + ':copy']),
  ev("return redis.call('flushdb')"), ['DBSIZE'],
];

export const FUNCTIONS: Cmd[] = [
  ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return {keys[1], args[1]} end)"],
  ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return 1 end)"],
  ['FCALL', 'f1', '1', A, 'arg'], ['FCALL', 'F1', '1', B, 'arg'], ['FCALL_RO', 'f1', '0'],
  ['FUNCTION', 'LIST'], ['FUNCTION', 'LIST', 'WITHCODE'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'my*'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'x*'],
  ['FUNCTION', 'LIST', 'bogus'], ['FUNCTION', 'LIST', 'LIBRARYNAME'], ['FUNCTION', 'STATS'], ['FUNCTION', 'DUMP'],
  ['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=mylib\nredis.register_function{function_name='f2', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}, description='desc'}"],
  ['FCALL', 'f1', '0'], ['FCALL', 'f2', '1', C, 'v'], ['FCALL_RO', 'f2', '1', C, 'v'], ['FUNCTION', 'LIST'], ['FUNCTION', 'DUMP'],
  ['FUNCTION', 'LOAD', "redis.register_function('x', function() end)"], ['FUNCTION', 'LOAD', '#!lua\nreturn 1'],
  ['FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1'], ['FUNCTION', 'LOAD', '#!lua name="hex\\x41lib"\nredis.register_function(\'hexfn\', function() return 1 end)'],
  ['FUNCTION', 'DELETE', 'hexAlib'],
  ['FUNCTION', 'LOAD', "#!lua\xa0name=nbsp\nreturn 1"], ['FUNCTION', 'LOAD', "#!lua name='a'b\nreturn 1"],
  ['FUNCTION', 'LOAD', "#!lua\tname=tabbed\nredis.register_function('tabbed', function() return 1 end)"], ['FUNCTION', 'DELETE', 'tabbed'], ['FUNCTION', 'LOAD', '#!lua name=x\nreturn 1'],
  ['FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('f2', function() return 1 end)"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function('f$', function() return 1 end)"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nlocal a = string.len('x')"], ['FUNCTION', 'LOAD', "#!lua name=y\nredis.call('ping')"],
  ['FUNCTION', 'LOAD', '#!lua name=y\nx = 1'], ['FUNCTION', 'LOAD', "#!lua name=y\nerror('oops')"],
  ['FUNCTION', 'LOAD', '#!lua name=y\nsyntax error here'], ['FUNCTION', 'LOAD', '#!js name=y\nfoo'], ['FUNCTION', 'LOAD', '#!lua name=bad-name\nfoo'],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function('g', function() end) redis.register_function('g', function() end)"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function{function_name='g', callback=function() end, flags={'bogus'}}"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function{function_name='g'}"], ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function{callback=function() end}"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function{function_name='g', callback=function() end, other=1}"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function('g')"], ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function(1, 2)"],
  ['FUNCTION', 'LOAD', "#!lua name=y\nredis.register_function('g', function() end, 3)"], ['FUNCTION', 'LOAD', 'x', 'y'], ['FUNCTION', 'LOAD', 'REPLACE'],
  ['FCALL', 'nosuch', '0'], ['FCALL', 'f1', 'x'], ['FCALL', 'f1', '5'], ['FCALL', 'f1', '-1'],
  ['FUNCTION', 'DELETE', 'nolib'], ['FUNCTION', 'DELETE', 'mylib'], ['FCALL', 'f1', '0'], ['FUNCTION', 'LIST'],
  ['FUNCTION', 'LOAD', "#!lua name=lib1\nlocal function helper(x) return string.upper(x) end\nredis.register_function('up', function(keys, args) return helper(args[1]) .. redis.call('incr', keys[1]) end)"],
  ['FCALL', 'up', '1', D, 'abc'], ['FCALL', 'up', '1', D, 'xyz'],
  ['FUNCTION', 'LOAD', "#!lua name=errs\nredis.register_function('boom', function(keys, args) return redis.call('nosuch') end)\nredis.register_function('rt', function() local t = nil return t.x end)"],
  ['FCALL', 'boom', '0'], ['FCALL', 'rt', '0'], ['FUNCTION', 'DELETE', 'errs'],
  ['FUNCTION', 'DUMP'], ['FUNCTION', 'FLUSH', 'bad'], ['FUNCTION', 'FLUSH', 'a', 'b'], ['FUNCTION', 'RESTORE', 'bogus'],
  ['FUNCTION', 'RESTORE', 'x', 'badpolicy'], ['FUNCTION', 'RESTORE', 'x', 'y', 'z'], ['FUNCTION', 'KILL'], ['FUNCTION', 'HELP'],
  ['FUNCTION'], ['FUNCTION', 'NOSUCH'], ['FUNCTION', 'FLUSH', 'ASYNC'], ['FUNCTION', 'STATS'], ['FUNCTION', 'DUMP'],
];

