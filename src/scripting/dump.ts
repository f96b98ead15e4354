// FUNCTION DUMP / FUNCTION RESTORE payloads, byte for byte as Redis 7.0 writes them: for each
// library the RDB opcode FUNCTION2 (245) and its code as an RDB string (LZF-compressed when
// rdbcompression is on and it saves room), then the RDB version (10, little-endian u16) and
// the CRC64 (Jones, reflected) of everything before it, little-endian.

const RDB_VERSION = 10;
const OPCODE_FUNCTION_PRE_GA = 246;
const OPCODE_FUNCTION2 = 245;
const ENC_LZF = 3;

// ---------------------------------------------------------------- CRC64 (crc-64-jones)

const CRC_TABLE: bigint[] = (() => {
  const poly = 0x95ac9329ac4bc9b5n;
  const table: bigint[] = [];
  for (let i = 0n; i < 256n; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = (c & 1n) !== 0n ? (c >> 1n) ^ poly : c >> 1n;
    table.push(c);
  }
  return table;
})();

export function crc64(data: Uint8Array, crc = 0n): bigint {
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[Number((crc ^ BigInt(data[i])) & 0xffn)] ^ (crc >> 8n);
  return crc;
}

// ---------------------------------------------------------------- LZF (liblzf 3.6, as Redis builds it: VERY_FAST)

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/** lzf_compress with Redis's settings (VERY_FAST); null when the result would not fit outLen. */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inLen = input.length;
  if (inLen === 0 || outLen === 0) return null;
  const out = new Uint8Array(outLen + 8);
  // Positions + 1 (0 = empty slot): liblzf's table of pointers.
  const htab = new Int32Array(HSIZE);
  let ip = 0;
  let op = 0;
  const inEnd = inLen;
  const outEnd = outLen;
  let lit = 0;
  op++; // start run
  const frst = (p: number): number => (input[p] << 8) | input[p + 1];
  const next = (v: number, p: number): number => ((v << 8) | input[p + 2]) >>> 0;
  const idx = (h: number): number => (((h >>> (3 * 8 - HLOG)) - h * 5) >>> 0) & (HSIZE - 1);
  let hval = frst(ip);
  while (ip < inEnd - 2) {
    hval = next(hval, ip);
    const slot = idx(hval);
    const ref = htab[slot] - 1;
    htab[slot] = ip + 1;
    const off = ip - ref - 1;
    if (ref >= 0 && ref < ip && off < MAX_OFF && ref > 0
      && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      maxlen = maxlen > MAX_REF ? MAX_REF : maxlen;
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return null;
      out[op - lit - 1] = lit - 1; // stop run
      op -= lit === 0 ? 1 : 0; // undo run if length is zero
      let mismatch = false;
      if (maxlen > 16) {
        // liblzf's unrolled loop: 16 steps without the maxlen test.
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) { mismatch = true; break; }
        }
      }
      if (!mismatch) {
        do len++; while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      --ip;
      --ip;
      hval = frst(ip);
      hval = next(hval, ip);
      htab[idx(hval)] = ip + 1;
      ip++;
      hval = next(hval, ip);
      htab[idx(hval)] = ip + 1;
      ip++;
    } else {
      if (op >= outEnd) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inEnd) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  op -= lit === 0 ? 1 : 0;
  return out.subarray(0, op);
}

/** lzf_decompress; null if the data is corrupt or does not expand to exactly outLen bytes. */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    let ctrl = input[ip++];
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > input.length) return null;
      out.set(input.subarray(ip, ip + ctrl), op);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= input.length) return null;
      if (len === 7) {
        len += input[ip++];
        if (ip >= input.length) return null;
      }
      ref -= input[ip++];
      if (op + len + 2 > outLen || ref < 0) return null;
      for (let i = 0; i < len + 2; i++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}

// ---------------------------------------------------------------- RDB strings

function rdbLen(len: number): number[] {
  if (len < 1 << 6) return [len];
  if (len < 1 << 14) return [((len >> 8) & 0xff) | 0x40, len & 0xff];
  if (len <= 0xffffffff) return [0x80, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff];
  const big = BigInt(len);
  const out = [0x81];
  for (let i = 7; i >= 0; i--) out.push(Number((big >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** An RDB string (rdbSaveRawString): integer encoding is impossible for library code ("#!..."). */
function rdbString(s: Uint8Array, compression: boolean): number[] {
  if (compression && s.length > 20 && s.length > 4) {
    const compressed = lzfCompress(s, s.length - 4);
    if (compressed !== null) return [0xc0 | ENC_LZF, ...rdbLen(compressed.length), ...rdbLen(s.length), ...compressed];
  }
  return [...rdbLen(s.length), ...s];
}

/** The FUNCTION DUMP payload of these library codes (latin1 strings). */
export function dumpFunctions(codes: string[], compression: boolean): Buffer {
  const bytes: number[] = [];
  for (const code of codes) bytes.push(OPCODE_FUNCTION2, ...rdbString(Buffer.from(code, 'latin1'), compression));
  bytes.push(RDB_VERSION & 0xff, (RDB_VERSION >> 8) & 0xff);
  const body = Buffer.from(bytes);
  const crc = crc64(body);
  const tail = Buffer.alloc(8);
  tail.writeBigUInt64LE(crc);
  return Buffer.concat([body, tail]);
}

/** Library codes read back from a FUNCTION RESTORE payload, or Redis's error text. */
export function parseFunctionDump(payload: Buffer): string[] | string {
  const len = payload.length;
  if (len < 10) return 'ERR DUMP payload version or checksum are wrong';
  const version = payload.readUInt16LE(len - 10);
  if (version > RDB_VERSION) return 'ERR DUMP payload version or checksum are wrong';
  if (crc64(payload.subarray(0, len - 8)) !== payload.readBigUInt64LE(len - 8)) return 'ERR DUMP payload version or checksum are wrong';
  const codes: string[] = [];
  let p = 0;
  const end = len - 10;
  const readLen = (): { len: number; encoded: boolean } | null => {
    if (p >= end) return null;
    const b = payload[p];
    const type = b >> 6;
    if (type === 0) { p++; return { len: b & 0x3f, encoded: false }; }
    if (type === 1) { if (p + 2 > end) return null; const v = ((b & 0x3f) << 8) | payload[p + 1]; p += 2; return { len: v, encoded: false }; }
    if (type === 3) { p++; return { len: b & 0x3f, encoded: true }; }
    if (b === 0x80) { if (p + 5 > end) return null; const v = payload.readUInt32BE(p + 1); p += 5; return { len: v, encoded: false }; }
    if (b === 0x81) { if (p + 9 > end) return null; const v = Number(payload.readBigUInt64BE(p + 1)); p += 9; return { len: v, encoded: false }; }
    return null;
  };
  while (end - p > 0) {
    const type = payload[p++];
    if (type === OPCODE_FUNCTION_PRE_GA) return 'ERR Pre-GA function format not supported';
    if (type !== OPCODE_FUNCTION2) return 'ERR given type is not a function';
    const l = readLen();
    if (l === null) return 'ERR failed loading the given functions payload';
    let code: Uint8Array;
    if (l.encoded) {
      if (l.len === ENC_LZF) {
        const clen = readLen();
        const olen = readLen();
        if (clen === null || olen === null || p + clen.len > end) return 'ERR failed loading the given functions payload';
        const d = lzfDecompress(payload.subarray(p, p + clen.len), olen.len);
        if (d === null) return 'ERR failed loading the given functions payload';
        code = d;
        p += clen.len;
      } else if (l.len <= 2) {
        const size = 1 << l.len;
        if (p + size > end) return 'ERR failed loading the given functions payload';
        const v = size === 1 ? payload.readInt8(p) : size === 2 ? payload.readInt16LE(p) : payload.readInt32LE(p);
        code = Buffer.from(String(v), 'latin1');
        p += size;
      } else {
        return 'ERR failed loading the given functions payload';
      }
    } else {
      if (p + l.len > end) return 'ERR failed loading the given functions payload';
      code = payload.subarray(p, p + l.len);
      p += l.len;
    }
    codes.push(Buffer.from(code).latin1Slice());
  }
  return codes;
}
