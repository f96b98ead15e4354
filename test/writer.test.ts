// ReplyWriter's byte-level writers: the exact bytes at any position, short copies (a byte loop)
// and long ones (Uint8Array#set) alike, and across the buffer's growth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplyWriter } from '../src/protocol/writer';

const text = (w: ReplyWriter, from = 0): string => w.buf.latin1Slice(from, w.pos);
const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

test('ok() writes +OK at the current position, growing the buffer when it is full', () => {
  const w = new ReplyWriter(8);
  w.ascii('abc');
  w.ok();
  w.ok(); // past the first 8 bytes: the buffer grows
  assert.is(text(w), 'abc+OK\r\n+OK\r\n');
});

test('raw() copies short and long byte arrays exactly, after other output', () => {
  for (const n of [0, 1, 5, 63, 64, 65, 300, 5000]) {
    const w = new ReplyWriter(16);
    w.ascii('x');
    const b = bytes(n, n);
    w.raw(b);
    w.ok();
    assert.equal([...w.buf.subarray(1, 1 + n)], [...b], `${n} bytes`);
    assert.is(text(w, 1 + n), '+OK\r\n', `${n} bytes: what follows`);
  }
});

test('bulkBytes() frames short and long byte arrays exactly', () => {
  for (const n of [0, 3, 63, 64, 1000]) {
    const w = new ReplyWriter(16);
    const b = bytes(n, 7);
    w.bulkBytes(b);
    const header = `$${n}\r\n`;
    assert.is(text(w).slice(0, header.length), header);
    assert.equal([...w.buf.subarray(header.length, header.length + n)], [...b], `${n} bytes`);
    assert.is(text(w, header.length + n), '\r\n');
  }
});

test.run();
