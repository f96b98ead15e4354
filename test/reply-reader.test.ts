import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ReplyReader,
  RespAttributed,
  RespError,
  RespMap,
  RespProtocolError,
  RespPush,
  RespSet,
  RespValue,
  RespVerbatim,
  scanValues,
  skipReply,
} from '../src/protocol/reply-reader';

interface Sample {
  name: string;
  wire: string;
  value: RespValue;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

const SAMPLES: Sample[] = [
  { name: 'simple string', wire: '+OK\r\n', value: 'OK' },
  { name: 'empty simple string', wire: '+\r\n', value: '' },
  { name: 'error', wire: '-ERR unknown command\r\n', value: new RespError('ERR unknown command') },
  { name: 'integer', wire: ':1234\r\n', value: 1234 },
  { name: 'negative integer', wire: ':-42\r\n', value: -42 },
  { name: 'int64 beyond 2^53', wire: ':9223372036854775807\r\n', value: 9223372036854775807n },
  { name: 'bulk string', wire: '$5\r\nhello\r\n', value: bytes('hello') },
  { name: 'bulk with CRLF inside', wire: '$4\r\n\r\n\r\n\r\n', value: bytes('\r\n\r\n') },
  { name: 'empty bulk', wire: '$0\r\n\r\n', value: bytes('') },
  { name: 'null bulk', wire: '$-1\r\n', value: null },
  { name: 'null array', wire: '*-1\r\n', value: null },
  { name: 'empty array', wire: '*0\r\n', value: [] },
  {
    name: 'mixed array',
    wire: '*4\r\n:1\r\n$3\r\nfoo\r\n+bar\r\n$-1\r\n',
    value: [1, bytes('foo'), 'bar', null],
  },
  { name: 'null', wire: '_\r\n', value: null },
  { name: 'double', wire: ',3.14\r\n', value: 3.14 },
  { name: 'double exponent', wire: ',-1.5e+10\r\n', value: -1.5e10 },
  { name: 'double inf', wire: ',inf\r\n', value: Infinity },
  { name: 'double -inf', wire: ',-inf\r\n', value: -Infinity },
  { name: 'double nan', wire: ',nan\r\n', value: NaN },
  { name: 'boolean true', wire: '#t\r\n', value: true },
  { name: 'boolean false', wire: '#f\r\n', value: false },
  { name: 'blob error', wire: '!21\r\nSYNTAX invalid syntax\r\n', value: new RespError('SYNTAX invalid syntax') },
  { name: 'verbatim', wire: '=15\r\ntxt:Some string\r\n', value: new RespVerbatim('txt', bytes('Some string')) },
  {
    name: 'big number',
    wire: '(3492890328409238509324850943850943825024385\r\n',
    value: 3492890328409238509324850943850943825024385n,
  },
  {
    name: 'map',
    wire: '%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n*2\r\n#t\r\n_\r\n',
    value: new RespMap([
      ['first', 1],
      [bytes('second'), [true, null]],
    ]),
  },
  { name: 'empty map', wire: '%0\r\n', value: new RespMap([]) },
  { name: 'set', wire: '~3\r\n+a\r\n:2\r\n,0.5\r\n', value: new RespSet(['a', 2, 0.5]) },
  {
    name: 'push',
    wire: '>3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$2\r\nhi\r\n',
    value: new RespPush([bytes('message'), bytes('chan'), bytes('hi')]),
  },
  {
    name: 'attribute before value',
    wire: '|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n',
    value: new RespAttributed(new RespMap([['key-popularity', new RespMap([[bytes('a'), 0.19]])]]), [2039123, 9543892]),
  },
  {
    name: 'attribute inside array',
    wire: '*2\r\n|1\r\n+ttl\r\n:10\r\n+v\r\n:2\r\n',
    value: [new RespAttributed(new RespMap([['ttl', 10]]), 'v'), 2],
  },
  {
    name: 'nested aggregates',
    wire: '*3\r\n*2\r\n%1\r\n+k\r\n~1\r\n*0\r\n*-1\r\n>1\r\n*1\r\n$1\r\nz\r\n:7\r\n',
    value: [[new RespMap([['k', new RespSet([[]])]]), null], new RespPush([[bytes('z')]]), 7],
  },
];

const ALL_WIRE = bytes(SAMPLES.map((sample) => sample.wire).join(''));
const ALL_VALUES = SAMPLES.map((sample) => sample.value);

function drain(reader: ReplyReader): RespValue[] {
  const values: RespValue[] = [];
  for (let value = reader.next(); value !== undefined; value = reader.next()) values.push(value);
  return values;
}

for (const sample of SAMPLES) {
  test(`decodes ${sample.name}`, () => {
    const reader = new ReplyReader();
    assert.is(reader.push(bytes(sample.wire)), 1);
    assert.equal(reader.next(), sample.value);
    assert.is(reader.next(), undefined);
  });

  test(`skipReply finds the end of ${sample.name} and rejects every prefix`, () => {
    const wire = bytes(`garbage${sample.wire}+trailing\r\n`);
    const start = 'garbage'.length;
    const end = start + sample.wire.length;
    assert.is(skipReply(wire, start, wire.length), end);
    assert.is(skipReply(wire, start, end), end);
    for (let cut = start; cut < end; cut++) assert.is(skipReply(wire, start, cut), -1, `cut at ${cut - start}`);
  });
}

test('push returns the number of complete replies and next() hands them out in order', () => {
  const reader = new ReplyReader();
  assert.is(reader.push(ALL_WIRE), SAMPLES.length);
  assert.equal(drain(reader), ALL_VALUES);
  assert.is(reader.next(), undefined);
});

test('every split point of the whole stream yields the same replies', () => {
  for (let cut = 0; cut <= ALL_WIRE.length; cut++) {
    const reader = new ReplyReader();
    const values: RespValue[] = [];
    reader.push(ALL_WIRE.subarray(0, cut));
    values.push(...drain(reader));
    reader.push(ALL_WIRE.subarray(cut));
    values.push(...drain(reader));
    assert.equal(values, ALL_VALUES, `split at ${cut}`);
  }
});

test('byte-at-a-time feeding yields the same replies and counts replies as they complete', () => {
  const reader = new ReplyReader();
  const values: RespValue[] = [];
  let completions = 0;
  for (let i = 0; i < ALL_WIRE.length; i++) {
    const available = reader.push(ALL_WIRE.subarray(i, i + 1));
    assert.ok(available <= 1);
    completions += available;
    values.push(...drain(reader));
  }
  assert.is(completions, SAMPLES.length);
  assert.equal(values, ALL_VALUES);
});

test('scanValues resumes across chunks at value boundaries', () => {
  const wire = bytes('*3\r\n$5\r\nhello\r\n:1\r\n+x\r\n');
  const state = { pos: 0, missing: 1 };
  scanValues(wire, 12, state); // '*3' complete, '$5 hello' incomplete
  assert.equal(state, { pos: 4, missing: 3 });
  scanValues(wire, 19, state); // through ':1' (':1\r\n' ends at 19)
  assert.equal(state, { pos: 19, missing: 1 });
  scanValues(wire, wire.length, state);
  assert.equal(state, { pos: wire.length, missing: 0 });
});

test('input chunks are copied: reusing the caller buffer does not corrupt replies', () => {
  const reader = new ReplyReader();
  const chunk = bytes('$5\r\nhel');
  reader.push(chunk);
  chunk.fill(0);
  reader.push(bytes('lo\r\n'));
  const value = reader.next();
  chunk.fill(1);
  assert.equal(value, bytes('hello'));
});

test('bulkStrings option decodes bulk and verbatim payloads as strings', () => {
  const utf8Reader = new ReplyReader({ bulkStrings: 'utf8' });
  utf8Reader.push(Buffer.from('*2\r\n$5\r\nhé!!\r\n=8\r\ntxt:abcd\r\n', 'utf8'));
  assert.equal(utf8Reader.next(), ['hé!!', new RespVerbatim('txt', 'abcd')]);

  const latin1Reader = new ReplyReader({ bulkStrings: 'latin1' });
  latin1Reader.push(Buffer.from([0x24, 0x32, 13, 10, 0xff, 0x80, 13, 10]));
  assert.is(latin1Reader.next(), '\u00ff\u0080');
});

test('RespMap.get matches string and bulk keys', () => {
  const reader = new ReplyReader();
  reader.push(bytes('%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n+proto\r\n:3\r\n'));
  const map = reader.next();
  assert.instance(map, RespMap);
  assert.equal((map as RespMap).get('server'), bytes('redis'));
  assert.is((map as RespMap).get('proto'), 3);
  assert.is((map as RespMap).get('missing'), undefined);
});

test('big bulk strings arrive in many chunks intact', () => {
  const payload = Buffer.alloc(5 * 1024 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  const wire = Buffer.concat([bytes(`+before\r\n$${payload.length}\r\n`), payload, bytes('\r\n:1\r\n')]);
  assert.is(skipReply(wire, 9, wire.length), wire.length - 4);
  assert.is(skipReply(wire, 9, wire.length - 5), -1);

  const reader = new ReplyReader();
  const counts: number[] = [];
  for (let pos = 0; pos < wire.length; pos += 65536) counts.push(reader.push(wire.subarray(pos, pos + 65536)));
  assert.is(counts[0], 1);
  assert.is(counts[counts.length - 1], 3);
  assert.is(reader.next(), 'before');
  assert.ok(payload.equals(reader.next() as Buffer));
  assert.is(reader.next(), 1);
});

test('large arrays split across chunks', () => {
  const count = 20000;
  const parts = [`*${count}\r\n`];
  for (let i = 0; i < count; i++) parts.push(`$${String(i).length}\r\n${i}\r\n`);
  const wire = bytes(parts.join(''));
  assert.is(skipReply(wire, 0, wire.length), wire.length);
  assert.is(skipReply(wire, 0, wire.length - 1), -1);

  const reader = new ReplyReader({ bulkStrings: 'latin1' });
  for (let pos = 0; pos < wire.length; pos += 1000) {
    assert.is(reader.push(wire.subarray(pos, pos + 1000)), pos + 1000 >= wire.length ? 1 : 0);
  }
  const value = reader.next() as string[];
  assert.is(value.length, count);
  assert.is(value[0], '0');
  assert.is(value[count - 1], String(count - 1));
});

test('deeply nested arrays are skipped without recursion', () => {
  const depth = 100000;
  const wire = bytes('*1\r\n'.repeat(depth) + ':1\r\n');
  assert.is(skipReply(wire, 0, wire.length), wire.length);
  assert.is(skipReply(wire, 0, wire.length - 1), -1);
});

test('malformed input throws RespProtocolError', () => {
  const isProtocolError = (error: unknown) => error instanceof RespProtocolError;
  const malformed = ['?1\r\n', '$abc\r\nxyz\r\n', '$3\r\nabcXY', '*-2\r\n', '+no cr\n', '$?\r\n'];
  for (const wire of malformed) {
    assert.throws(() => skipReply(bytes(wire), 0, wire.length), isProtocolError, wire);
    assert.throws(() => new ReplyReader().push(bytes(wire)), isProtocolError, wire);
  }
  const reader = new ReplyReader();
  reader.push(bytes(':12a\r\n'));
  assert.throws(() => reader.next(), isProtocolError);
});

test.run();
