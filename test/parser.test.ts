// RESP request parser: split frames at every byte, pipelines, inline commands, malformed input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RequestParser } from '../src/protocol/parser';
import { splitArgs } from '../src/util/sds';

function collect(parser: RequestParser, chunks: Buffer[]): string[][] {
  const out: string[][] = [];
  for (const c of chunks) {
    parser.feed(c, (buf, starts, ends, argc) => {
      const args: string[] = [];
      for (let i = 0; i < argc; i++) args.push(buf.latin1Slice(starts[i], ends[i]));
      out.push(args);
      return true;
    });
  }
  return out;
}

function parseAll(input: string | Buffer, chunkSize = 0): { cmds: string[][]; error: string | null } {
  const data = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const p = new RequestParser();
  const chunks: Buffer[] = [];
  if (chunkSize <= 0) chunks.push(data);
  else for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  const cmds = collect(p, chunks);
  return { cmds, error: p.error };
}

const PIPELINE = '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING\r\n*1\r\n$4\r\nPING\r\n';
const EXPECTED = [['SET', 'key', 'va\r\nl'], ['GET', 'key'], ['PING'], ['PING']];

test('parses a pipeline in one chunk', () => {
  assert.equal(parseAll(PIPELINE).cmds, EXPECTED);
});

test('parses a pipeline split at every possible byte boundary', () => {
  for (let size = 1; size <= PIPELINE.length; size++) {
    assert.equal(parseAll(PIPELINE, size).cmds, EXPECTED, `chunk size ${size}`);
  }
  const data = Buffer.from(PIPELINE, 'latin1');
  for (let cut = 1; cut < data.length; cut++) {
    const p = new RequestParser();
    const cmds = collect(p, [data.subarray(0, cut), data.subarray(cut)]);
    assert.equal(cmds, EXPECTED, `cut at ${cut}`);
  }
});

test('thousands of pipelined commands in one read', () => {
  const one = '*3\r\n$3\r\nSET\r\n$5\r\nk:123\r\n$3\r\nxyz\r\n';
  const { cmds } = parseAll(one.repeat(5000));
  assert.is(cmds.length, 5000);
  assert.equal(cmds[4999], ['SET', 'k:123', 'xyz']);
});

test('a large bulk arriving in many small chunks', () => {
  const value = Buffer.alloc(3 * 1024 * 1024, 0x61);
  const frame = Buffer.concat([Buffer.from(`*2\r\n$4\r\nECHO\r\n$${value.length}\r\n`), value, Buffer.from('\r\n*1\r\n$4\r\nPING\r\n')]);
  const { cmds, error } = parseAll(frame, 64 * 1024 + 7);
  assert.is(error, null);
  assert.is(cmds.length, 2);
  assert.is(cmds[0][1].length, value.length);
  assert.equal(cmds[1], ['PING']);
});

test('binary-safe arguments', () => {
  const bin = Buffer.from([0, 1, 2, 255, 13, 10, 128]);
  const frame = Buffer.concat([Buffer.from(`*2\r\n$4\r\nECHO\r\n$${bin.length}\r\n`), bin, Buffer.from('\r\n')]);
  const { cmds } = parseAll(frame);
  assert.equal(Buffer.from(cmds[0][1], 'latin1'), bin);
});

test('empty multibulks and empty inline lines are skipped', () => {
  assert.equal(parseAll('*0\r\n*-1\r\n\r\n\n  \r\nPING\r\n').cmds, [['PING']]);
});

test('inline commands: quotes, escapes, bare newlines', () => {
  assert.equal(parseAll('set "a b" \'c d\'\r\n').cmds, [['set', 'a b', 'c d']]);
  assert.equal(parseAll('echo "\\x41\\n\\t"\n').cmds, [['echo', 'A\n\t']]);
  assert.equal(parseAll("echo 'it\\'s'\n").cmds, [['echo', "it's"]]);
  assert.equal(parseAll('a"b c"d\n').error, 'Protocol error: unbalanced quotes in request');
  assert.equal(parseAll('set "a\n').error, 'Protocol error: unbalanced quotes in request');
  // Redis never answers a NUL in an inline line (strchr stops at it); Kunyu separates there.
  assert.equal(parseAll('echo a\0b "c\0d"\r\n').cmds, [['echo', 'a', 'b', 'c\0d']]);
});

test('splitArgs matches sdssplitargs on quote rules', () => {
  assert.equal(splitArgs('  a   b  '), ['a', 'b']);
  assert.equal(splitArgs('"a"b'), null);
  assert.equal(splitArgs('x"a b"'), ['xa b']);
  assert.equal(splitArgs('""'), ['']);
  assert.equal(splitArgs('"\\q"'), ['q']);
});

test('protocol errors carry Redis\'s texts', () => {
  const cases: Array<[string, string]> = [
    ['*1\r\nxPING\r\n', "Protocol error: expected '$', got 'x'"],
    ['*a\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*01\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$600000000\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$+5\r\n', 'Protocol error: invalid bulk length'],
  ];
  for (const [input, err] of cases) assert.is(parseAll(input).error, err, JSON.stringify(input));
});

test('commands before a protocol error are delivered', () => {
  const r = parseAll('*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\nx\r\n');
  assert.equal(r.cmds, [['PING']]);
  assert.is(r.error, "Protocol error: expected '$', got 'x'");
});

test('oversized lines without a newline fail', () => {
  assert.is(parseAll('x'.repeat(70 * 1024)).error, 'Protocol error: too big inline request');
  assert.is(parseAll('*' + '1'.repeat(70 * 1024)).error, 'Protocol error: too big mbulk count string');
  assert.is(parseAll('*1\r\n$' + '1'.repeat(70 * 1024)).error, 'Protocol error: too big bulk count string');
});

test('a count line longer than any valid one fails whole or split, and waits for its CR', () => {
  // Valid "*N"/"$N" lines are short; past 32 bytes the CR search changes method.
  const long = '1'.repeat(40);
  for (const size of [0, 1, 7, 33]) {
    assert.is(parseAll(`*1\r\n$${long}\r\n`, size).error, 'Protocol error: invalid bulk length', `chunk size ${size}`);
    assert.is(parseAll(`*${long}\r\n`, size).error, 'Protocol error: invalid multibulk length', `chunk size ${size}`);
  }
  // A CR after the bytes read (stale data in a shared read buffer) is not the line's end.
  const shared = Buffer.alloc(128, '\r');
  const p = new RequestParser();
  const n = shared.write(`*1\r\n$${long}`, 'latin1');
  p.feed(shared, () => true, n);
  assert.is(p.error, null);
  p.feed(Buffer.from('\r\n'), () => true);
  assert.is(p.error, 'Protocol error: invalid bulk length');
});

test('proto-max-bulk-len is honoured', () => {
  const p = new RequestParser();
  p.maxBulkLen = 10;
  collect(p, [Buffer.from('*1\r\n$11\r\n')]);
  assert.is(p.error, 'Protocol error: invalid bulk length');
});

test('unauthenticated clients get small limits', () => {
  const p = new RequestParser();
  p.authRequired = true;
  collect(p, [Buffer.from('*11\r\n')]);
  assert.is(p.error, 'Protocol error: unauthenticated multibulk length');
  const q = new RequestParser();
  q.authRequired = true;
  collect(q, [Buffer.from('*1\r\n$16385\r\n')]);
  assert.is(q.error, 'Protocol error: unauthenticated bulk length');
});

test('pause and resume keep the rest of the input', () => {
  const p = new RequestParser();
  const seen: string[] = [];
  let allow = 1;
  const sink = (buf: Buffer, s: Int32Array, e: Int32Array): boolean => {
    seen.push(buf.latin1Slice(s[0], e[0]));
    return --allow > 0;
  };
  p.feed(Buffer.from('*1\r\n$1\r\na\r\n*1\r\n$1\r\nb\r\n*1\r\n$1\r\nc\r\n'), sink);
  assert.equal(seen, ['a']);
  p.feed(Buffer.from('*1\r\n$1\r\nd\r\n'), sink);
  assert.equal(seen, ['a']);
  allow = 100;
  p.resume(sink);
  assert.equal(seen, ['a', 'b', 'c', 'd']);
});

test('reads share one buffer: only the first n bytes count, and a split command survives its reuse', () => {
  // The acceptor reads every socket into one buffer: what follows the n bytes read is stale data
  // of an earlier read, and the next read overwrites the buffer.
  const shared = Buffer.alloc(64, 'x');
  const p = new RequestParser();
  const seen: string[][] = [];
  const sink = (buf: Buffer, s: Int32Array, e: Int32Array, argc: number): boolean => {
    const args: string[] = [];
    for (let i = 0; i < argc; i++) args.push(buf.latin1Slice(s[i], e[i]));
    seen.push(args);
    return true;
  };
  const read = (bytes: string): void => {
    const n = shared.write(bytes, 'latin1');
    p.feed(shared, sink, n);
  };
  read('*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nGE');
  assert.equal(seen, [['GET', 'k']]);
  read('T\r\n$2\r\nab\r\nPING\r\n');
  assert.equal(seen, [['GET', 'k'], ['GET', 'ab'], ['PING']]);
  read('*1\r\n$4\r\nPI');
  shared.fill('*');
  read('NG\r\n');
  assert.equal(seen, [['GET', 'k'], ['GET', 'ab'], ['PING'], ['PING']]);
  assert.is(p.error, null);
});

test.run();
