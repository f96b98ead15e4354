// The hot-path byte helpers (src/util/bytes.ts) against Buffer's own conversions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyBytes, latin1String, SHORT_STRING_MAX, writeLatin1 } from '../src/util/bytes';

const ALL_BYTES = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7 + 3) & 255));

test('latin1String is latin1Slice at every length and offset, across the JS/native boundary', () => {
  for (let from = 0; from < 9; from++) {
    for (let n = 0; n <= SHORT_STRING_MAX + 16; n++) {
      assert.is(latin1String(ALL_BYTES, from, from + n), ALL_BYTES.latin1Slice(from, from + n), `from ${from} length ${n}`);
    }
  }
  // Every byte value survives (NUL, CR, LF, 0x80-0xff).
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  for (let from = 0; from + 16 <= 256; from += 16) assert.is(latin1String(every, from, from + 16), every.latin1Slice(from, from + 16));
});

test('writeLatin1 and copyBytes round-trip on both sides of their 64-byte switch', () => {
  for (const n of [0, 1, 63, 64, 65, 200]) {
    const s = ALL_BYTES.latin1Slice(0, n);
    const dst = Buffer.alloc(n + 4);
    assert.is(writeLatin1(s, dst, 2), n);
    assert.is(dst.latin1Slice(2, 2 + n), s);
    const copy = Buffer.alloc(n + 3);
    copyBytes(dst, 2, 2 + n, copy, 3);
    assert.is(copy.latin1Slice(3), s);
  }
});

test.run();
