/**
 * Streaming RESP2/RESP3 reply parsing.
 *
 * Two layers:
 *  - `scanValues` / `skipReply`: allocation-free scanning that only finds where complete values end.
 *    Used on hot paths (splitting merged replies, counting replies in a load generator).
 *  - `ReplyReader`: buffers a byte stream and decodes complete replies into JS values.
 *
 * Decoded representation (`RespValue`):
 *  +simple string        -> string (utf8)
 *  -error, !blob error   -> RespError (message without the leading '-')
 *  :integer              -> number, or bigint when outside Number.MAX_SAFE_INTEGER
 *  $bulk string          -> Buffer (default) or string, see ReplyReaderOptions.bulkStrings
 *  $-1, *-1, _           -> null
 *  *array                -> RespValue[]
 *  ,double               -> number (inf/-inf/nan map to Infinity/-Infinity/NaN)
 *  (big number           -> bigint
 *  #boolean              -> boolean
 *  =verbatim string      -> RespVerbatim (format + text decoded like bulk strings)
 *  %map                  -> RespMap: ordered array of [key, value] pairs. Not a JS Map, because
 *                           Buffer keys compare by identity, which would make Map lookups useless.
 *  ~set                  -> RespSet (items in wire order)
 *  >push                 -> RespPush (items in wire order)
 *  |attribute + value    -> RespAttributed (the attribute map and the value it annotates)
 *
 * RESP3 streamed strings/aggregates ($?, *? ...) are not supported: Redis never sends them.
 * Malformed input throws RespProtocolError.
 */

export class RespError {
  constructor(public message: string) {}
}

export class RespProtocolError extends Error {
  override name = 'RespProtocolError';
}

export class RespVerbatim {
  constructor(
    /** Three-letter format such as "txt" or "mkd". */
    public readonly format: string,
    public readonly text: Buffer | string,
  ) {}
}

export class RespMap {
  constructor(public readonly entries: Array<[RespValue, RespValue]>) {}

  /** Value of the first entry whose key equals `key` (string or bulk-string keys). */
  get(key: string): RespValue | undefined {
    for (const [entryKey, value] of this.entries) {
      if (typeof entryKey === 'string' ? entryKey === key : Buffer.isBuffer(entryKey) && entryKey.toString() === key) {
        return value;
      }
    }
    return undefined;
  }
}

export class RespSet {
  constructor(public readonly items: RespValue[]) {}
}

export class RespPush {
  constructor(public readonly items: RespValue[]) {}
}

export class RespAttributed {
  constructor(
    public readonly attributes: RespMap,
    public readonly value: RespValue,
  ) {}
}

export type RespValue =
  | null
  | number
  | bigint
  | string
  | Buffer
  | boolean
  | RespError
  | RespValue[]
  | RespMap
  | RespSet
  | RespPush
  | RespVerbatim
  | RespAttributed;

const CR = 13;
const LF = 10;
const MINUS_SIGN = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

const TYPE_SIMPLE_STRING = 43; // +
const TYPE_ERROR = 45; // -
const TYPE_INTEGER = 58; // :
const TYPE_BULK_STRING = 36; // $
const TYPE_ARRAY = 42; // *
const TYPE_NULL = 95; // _
const TYPE_DOUBLE = 44; // ,
const TYPE_BOOLEAN = 35; // #
const TYPE_BLOB_ERROR = 33; // !
const TYPE_VERBATIM = 61; // =
const TYPE_BIG_NUMBER = 40; // (
const TYPE_MAP = 37; // %
const TYPE_SET = 126; // ~
const TYPE_PUSH = 62; // >
const TYPE_ATTRIBUTE = 124; // |

/** Type byte of a RESP value, exposed so callers can classify a reply by its first byte. */
export const RespType = {
  SimpleString: TYPE_SIMPLE_STRING,
  Error: TYPE_ERROR,
  Integer: TYPE_INTEGER,
  BulkString: TYPE_BULK_STRING,
  Array: TYPE_ARRAY,
  Null: TYPE_NULL,
  Double: TYPE_DOUBLE,
  Boolean: TYPE_BOOLEAN,
  BlobError: TYPE_BLOB_ERROR,
  Verbatim: TYPE_VERBATIM,
  BigNumber: TYPE_BIG_NUMBER,
  Map: TYPE_MAP,
  Set: TYPE_SET,
  Push: TYPE_PUSH,
  Attribute: TYPE_ATTRIBUTE,
} as const;

function protocolError(buf: Uint8Array, pos: number, what: string): RespProtocolError {
  const excerpt = Buffer.from(buf.buffer, buf.byteOffset + pos, Math.max(0, Math.min(32, buf.length - pos))).toString('latin1');
  return new RespProtocolError(`${what} at offset ${pos}: ${JSON.stringify(excerpt)}`);
}

/** Parses the decimal length/count in buf[start, stop); -1 (null) is the only negative accepted. */
function parseLength(buf: Uint8Array, start: number, stop: number): number {
  if (start >= stop) throw protocolError(buf, start, 'Empty length');
  if (buf[start] === MINUS_SIGN) {
    if (stop - start === 2 && buf[start + 1] === DIGIT_0 + 1) return -1;
    throw protocolError(buf, start, 'Invalid negative length');
  }
  let value = 0;
  for (let i = start; i < stop; i++) {
    const c = buf[i];
    if (c < DIGIT_0 || c > DIGIT_9) throw protocolError(buf, start, 'Invalid length');
    value = value * 10 + (c - DIGIT_0);
  }
  return value;
}

const INCOMPLETE = -2;
/** Set by readHeaderLength: offset just past the header's CRLF. Module scope so scanning allocates nothing. */
let headerEnd = 0;

/**
 * Reads the length/count of the header at buf[pos] in one pass; returns INCOMPLETE when the header
 * is not all in buf[pos, end), and otherwise sets headerEnd.
 */
function readHeaderLength(buf: Uint8Array, pos: number, end: number): number {
  let i = pos + 1;
  if (i < end && buf[i] === MINUS_SIGN) {
    if (pos + 5 > end) return INCOMPLETE;
    if (buf[pos + 2] !== DIGIT_0 + 1 || buf[pos + 3] !== CR || buf[pos + 4] !== LF) {
      throw protocolError(buf, pos, 'Invalid negative length');
    }
    headerEnd = pos + 5;
    return -1;
  }
  let value = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c === CR) break;
    if (c < DIGIT_0 || c > DIGIT_9) throw protocolError(buf, pos, 'Invalid length');
    value = value * 10 + (c - DIGIT_0);
  }
  if (i + 1 >= end) return INCOMPLETE;
  if (i === pos + 1 || buf[i + 1] !== LF) throw protocolError(buf, pos, 'Invalid length');
  headerEnd = i + 2;
  return value;
}

/**
 * Resumable scan position. `pos` is always at a value boundary; `missing` counts the values still
 * needed to complete the reply being scanned (0 = the reply is complete).
 */
export interface ScanState {
  pos: number;
  missing: number;
}

/**
 * Skips complete values in buf[state.pos, end) until `state.missing` values have been skipped or the
 * next value is incomplete. Aggregates need no stack: their children are simply added to `missing`,
 * because all values of a reply follow each other in the byte stream. An attribute adds its
 * key/value pairs without consuming the value it annotates.
 * On return, state.pos is the end of the last complete value (the start of an incomplete one).
 * Allocates nothing; throws RespProtocolError on malformed input.
 */
export function scanValues(buf: Uint8Array, end: number, state: ScanState): void {
  let pos = state.pos;
  let missing = state.missing;
  scan: while (missing > 0 && pos < end) {
    const type = buf[pos];
    switch (type) {
      case TYPE_SIMPLE_STRING:
      case TYPE_ERROR:
      case TYPE_INTEGER:
      case TYPE_NULL:
      case TYPE_DOUBLE:
      case TYPE_BOOLEAN:
      case TYPE_BIG_NUMBER: {
        let lineEnd = pos + 1;
        while (lineEnd < end && buf[lineEnd] !== LF) lineEnd++;
        if (lineEnd >= end) break scan;
        if (buf[lineEnd - 1] !== CR) throw protocolError(buf, pos, 'Line not terminated by CRLF');
        pos = lineEnd + 1;
        missing--;
        break;
      }
      case TYPE_BULK_STRING:
      case TYPE_VERBATIM:
      case TYPE_BLOB_ERROR: {
        const length = readHeaderLength(buf, pos, end);
        if (length === INCOMPLETE) break scan;
        if (length === -1) {
          pos = headerEnd;
        } else {
          const valueEnd = headerEnd + length + 2;
          if (valueEnd > end) break scan;
          if (buf[valueEnd - 2] !== CR || buf[valueEnd - 1] !== LF) {
            throw protocolError(buf, valueEnd - 2, 'Bulk payload not terminated by CRLF');
          }
          pos = valueEnd;
        }
        missing--;
        break;
      }
      case TYPE_ARRAY:
      case TYPE_SET:
      case TYPE_PUSH:
      case TYPE_MAP:
      case TYPE_ATTRIBUTE: {
        const count = readHeaderLength(buf, pos, end);
        if (count === INCOMPLETE) break scan;
        pos = headerEnd;
        if (count > 0) missing += type === TYPE_MAP || type === TYPE_ATTRIBUTE ? 2 * count : count;
        // An attribute annotates the value that follows it, which is still missing.
        if (type !== TYPE_ATTRIBUTE) missing--;
        break;
      }
      default:
        throw protocolError(buf, pos, 'Unknown RESP type byte');
    }
  }
  state.pos = pos;
  state.missing = missing;
}

const skipState: ScanState = { pos: 0, missing: 0 };

/**
 * End offset (exclusive) of the complete reply starting at buf[pos], or -1 if buf[pos, end) holds
 * only part of it. An attribute is skipped together with the value it annotates.
 */
export function skipReply(buf: Uint8Array, pos: number, end: number): number {
  skipState.pos = pos;
  skipState.missing = 1;
  scanValues(buf, end, skipState);
  return skipState.missing === 0 ? skipState.pos : -1;
}

export interface ReplyReaderOptions {
  /** How bulk strings and verbatim texts are returned. Default 'buffer'. */
  bulkStrings?: 'buffer' | 'utf8' | 'latin1';
}

const INITIAL_CAPACITY = 16 * 1024;

/**
 * Accumulates a byte stream and hands out complete replies. Input chunks are copied, so callers
 * may reuse their buffers; returned Buffers are copies too. Scanning resumes where the previous
 * push stopped, so a large reply arriving in many chunks is scanned only once.
 */
export class ReplyReader {
  private data = Buffer.allocUnsafe(INITIAL_CAPACITY);
  /** Start of the first reply not yet returned by next(). */
  private readPos = 0;
  private writePos = 0;
  private readonly scan: ScanState = { pos: 0, missing: 0 };
  private completeReplies = 0;
  private parsePos = 0;
  private readonly bulkEncoding: 'utf8' | 'latin1' | null;

  constructor(options: ReplyReaderOptions = {}) {
    const bulkStrings = options.bulkStrings ?? 'buffer';
    this.bulkEncoding = bulkStrings === 'buffer' ? null : bulkStrings;
  }

  /** Appends bytes; returns the number of complete replies now available to next(). */
  push(chunk: Uint8Array): number {
    this.reserve(chunk.length);
    this.data.set(chunk, this.writePos);
    this.writePos += chunk.length;

    const scan = this.scan;
    for (;;) {
      if (scan.missing === 0) {
        if (scan.pos >= this.writePos) break;
        scan.missing = 1;
      }
      scanValues(this.data, this.writePos, scan);
      if (scan.missing > 0) break;
      this.completeReplies++;
    }
    return this.completeReplies;
  }

  /** The next complete reply, or undefined if none is complete yet. */
  next(): RespValue | undefined {
    if (this.completeReplies === 0) return undefined;
    this.parsePos = this.readPos;
    const value = this.parseValue();
    this.readPos = this.parsePos;
    this.completeReplies--;
    if (this.readPos === this.writePos) {
      this.readPos = 0;
      this.writePos = 0;
      this.scan.pos = 0;
    }
    return value;
  }

  /** Makes room for `extra` bytes after writePos, compacting consumed bytes away or growing. */
  private reserve(extra: number): void {
    if (this.writePos + extra <= this.data.length) return;
    const live = this.writePos - this.readPos;
    const shift = this.readPos;
    if (live + extra <= this.data.length) {
      this.data.copyWithin(0, this.readPos, this.writePos);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(live + extra, this.data.length * 2));
      this.data.copy(grown, 0, this.readPos, this.writePos);
      this.data = grown;
    }
    this.readPos = 0;
    this.writePos = live;
    this.scan.pos -= shift;
  }

  private decodeBulk(start: number, stop: number): Buffer | string {
    const encoding = this.bulkEncoding;
    if (encoding !== null) return this.data.toString(encoding, start, stop);
    const copy = Buffer.allocUnsafe(stop - start);
    this.data.copy(copy, 0, start, stop);
    return copy;
  }

  /** Decodes the value at parsePos; the caller guarantees it is complete (push() scanned it). */
  private parseValue(): RespValue {
    const buf = this.data;
    const start = this.parsePos;
    const type = buf[start];
    let lineEnd = start + 1;
    while (buf[lineEnd] !== LF) lineEnd++;
    const contentStart = start + 1;
    const contentEnd = lineEnd - 1;
    this.parsePos = lineEnd + 1;
    switch (type) {
      case TYPE_SIMPLE_STRING:
        return buf.toString('utf8', contentStart, contentEnd);
      case TYPE_ERROR:
        return new RespError(buf.toString('utf8', contentStart, contentEnd));
      case TYPE_INTEGER:
        return parseInteger(buf.toString('latin1', contentStart, contentEnd), buf, start);
      case TYPE_NULL:
        return null;
      case TYPE_DOUBLE:
        return parseDouble(buf.toString('latin1', contentStart, contentEnd), buf, start);
      case TYPE_BOOLEAN:
        if (contentEnd - contentStart === 1 && (buf[contentStart] === 116 || buf[contentStart] === 102)) {
          return buf[contentStart] === 116; // 't'
        }
        throw protocolError(buf, start, 'Invalid boolean');
      case TYPE_BIG_NUMBER:
        return parseBigNumber(buf.toString('latin1', contentStart, contentEnd), buf, start);
      case TYPE_BULK_STRING:
      case TYPE_BLOB_ERROR:
      case TYPE_VERBATIM: {
        const length = parseLength(buf, contentStart, contentEnd);
        if (length < 0) return null;
        const payloadStart = lineEnd + 1;
        const payloadEnd = payloadStart + length;
        this.parsePos = payloadEnd + 2;
        if (type === TYPE_BULK_STRING) return this.decodeBulk(payloadStart, payloadEnd);
        if (type === TYPE_BLOB_ERROR) return new RespError(buf.toString('utf8', payloadStart, payloadEnd));
        if (length < 4 || buf[payloadStart + 3] !== 58) throw protocolError(buf, start, 'Invalid verbatim string');
        return new RespVerbatim(buf.toString('latin1', payloadStart, payloadStart + 3), this.decodeBulk(payloadStart + 4, payloadEnd));
      }
      case TYPE_ARRAY:
      case TYPE_SET:
      case TYPE_PUSH: {
        const count = parseLength(buf, contentStart, contentEnd);
        if (count < 0) return null;
        const items: RespValue[] = [];
        for (let i = 0; i < count; i++) items.push(this.parseValue());
        if (type === TYPE_ARRAY) return items;
        return type === TYPE_SET ? new RespSet(items) : new RespPush(items);
      }
      case TYPE_MAP:
      case TYPE_ATTRIBUTE: {
        const count = parseLength(buf, contentStart, contentEnd);
        if (count < 0) return null;
        const entries: Array<[RespValue, RespValue]> = [];
        for (let i = 0; i < count; i++) {
          const key = this.parseValue();
          entries.push([key, this.parseValue()]);
        }
        const map = new RespMap(entries);
        return type === TYPE_MAP ? map : new RespAttributed(map, this.parseValue());
      }
      default:
        throw protocolError(buf, start, 'Unknown RESP type byte');
    }
  }
}

const INTEGER_PATTERN = /^[+-]?\d+$/;

function parseInteger(text: string, buf: Uint8Array, pos: number): number | bigint {
  if (!INTEGER_PATTERN.test(text)) throw protocolError(buf, pos, 'Invalid integer');
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function parseBigNumber(text: string, buf: Uint8Array, pos: number): bigint {
  if (!INTEGER_PATTERN.test(text)) throw protocolError(buf, pos, 'Invalid big number');
  return BigInt(text);
}

function parseDouble(text: string, buf: Uint8Array, pos: number): number {
  switch (text.toLowerCase()) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
      return NaN;
  }
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw protocolError(buf, pos, 'Invalid double');
  return value;
}
