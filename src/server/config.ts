// Kunyu's configuration layer: redis.conf / command-line parsing, the runtime
// values behind CONFIG GET / SET / REWRITE, and the single table of every
// Redis 7.0 directive (plus Kunyu's own).
//
// Behaviour, messages and corner cases follow redis-server 7.0.15, which is
// the specification. All strings crossing this API are binary strings (one
// char per byte, as Buffer#toString('latin1') makes them), like values
// arriving over RESP. Config.load converts process argv (UTF-8) itself.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { globMatch } from '../util/glob';
import { isCSpace, quoteRepr, splitArgs } from '../util/sds';
import { KUNYU_VERSION, REDIS_VERSION } from './version';

// ---------------------------------------------------------------------------
// Errors

/** A fatal start-up error; `message` is exactly what redis-server prints to stderr. */
export class ConfigError extends Error {
  constructor(
    readonly reason: string,
    readonly at: ConfigLocation | null = null,
    message: string = formatFatalConfigError(reason, at),
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** CONFIG SET failure; `message` is the RESP error text without the leading "-". */
export class ConfigSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigSetError';
  }
}

/** CONFIG REWRITE failure; `message` is the error text without the "-ERR " prefix. */
export class ConfigRewriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigRewriteError';
  }
}

export interface ConfigLocation {
  readonly line: number;
  readonly text: string;
}

/** Redis's "FATAL CONFIG FILE ERROR" block (with its leading blank line), for start-up errors found later by the server, e.g. a bad rename-command. */
export function formatFatalConfigError(reason: string, at: ConfigLocation | null): string {
  const lines = ['', `*** FATAL CONFIG FILE ERROR (Kunyu ${KUNYU_VERSION}, Redis ${REDIS_VERSION} compatible) ***`];
  if (at !== null) lines.push(`Reading the configuration file, at line ${at.line}`, `>>> '${at.text}'`);
  lines.push(reason);
  return lines.join('\n');
}

// Thrown by codecs; the loader and CONFIG SET wrap it in their own format.
class DirectiveError extends Error {}

// ---------------------------------------------------------------------------
// Redis's text primitives (sds.c / util.c), on binary strings

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** strcasecmp-style folding: ASCII letters only (C locale). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** sdstrim(line, " \t\r\n"). */
function trimConfigLine(line: string): string {
  let start = 0;
  let end = line.length;
  const isTrimmed = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (start < end && isTrimmed(line[start])) start++;
  while (end > start && isTrimmed(line[end - 1])) end--;
  return line.slice(start, end);
}

/** How CONFIG SET splits the value of a multi-argument directive: sdssplitlen on single spaces. */
function splitOnSpaces(value: string): string[] {
  return value.length === 0 ? [] : value.split(' ');
}

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);
const ULLONG_MAX = (1n << 64n) - 1n;
const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = LLONG_MAX;

/** util.c string2ll: strict decimal, no sign other than '-', no leading zeros, no spaces. */
function string2ll(text: string): bigint | null {
  if (text.length === 0 || text.length >= 21) return null;
  if (text === '0') return 0n;
  const negative = text[0] === '-';
  const digits = negative ? text.slice(1) : text;
  if (digits.length === 0 || digits[0] < '1' || digits[0] > '9') return null;
  for (let i = 1; i < digits.length; i++) if (!isDigit(digits.charCodeAt(i))) return null;
  const magnitude = BigInt(digits);
  if (negative) return magnitude > -LLONG_MIN ? null : -magnitude;
  return magnitude > LLONG_MAX ? null : magnitude;
}

const MEMORY_UNIT_MULTIPLIERS = new Map<string, bigint>([
  ['', 1n],
  ['b', 1n],
  ['k', 1000n],
  ['kb', 1024n],
  ['m', 1000n * 1000n],
  ['mb', 1024n * 1024n],
  ['g', 1000n * 1000n * 1000n],
  ['gb', 1024n * 1024n * 1024n],
]);

/** util.c memtoull: digits + optional unit; saturates then wraps at 64 bits exactly like the C code. */
function memtoull(text: string): bigint | null {
  if (text[0] === '-') return null;
  let unitStart = 0;
  while (unitStart < text.length && isDigit(text.charCodeAt(unitStart))) unitStart++;
  const multiplier = MEMORY_UNIT_MULTIPLIERS.get(asciiLower(text.slice(unitStart)));
  if (multiplier === undefined || unitStart >= 128) return null;
  const digits = unitStart === 0 ? 0n : BigInt(text.slice(0, unitStart));
  return BigInt.asUintN(64, (digits > ULLONG_MAX ? ULLONG_MAX : digits) * multiplier);
}

/** C strtoll: leading spaces, optional sign, saturating; `end` is where parsing stopped (0 when nothing was converted). */
function cStrtoll(text: string, base: 8 | 10): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const digitsStart = i;
  const highestDigit = 0x30 + base - 1;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= highestDigit) i++;
  if (i === digitsStart) return { value: 0n, end: 0, overflow: false };
  const magnitude = BigInt(base === 8 ? '0o' + text.slice(digitsStart, i) : text.slice(digitsStart, i));
  const value = negative ? -magnitude : magnitude;
  if (value > LLONG_MAX) return { value: LLONG_MAX, end: i, overflow: true };
  if (value < LLONG_MIN) return { value: LLONG_MIN, end: i, overflow: true };
  return { value, end: i, overflow: false };
}

/** strtoll(text, &end, 10) with the "*end == '\0'" check Redis pairs it with; null when not fully numeric. */
function wholeStrtoll(text: string): bigint | null {
  const parsed = cStrtoll(text, 10);
  return parsed.end === text.length ? parsed.value : null;
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY_TEXT = /^[+-]?inf(?:inity)?$/i;

/** util.c string2d: strtod over the whole string, refusing leading space, NaN and over/underflow. */
function string2d(text: string): number | null {
  if (text.length === 0 || isCSpace(text.charCodeAt(0))) return null;
  if (INFINITY_TEXT.test(text)) return text[0] === '-' ? -Infinity : Infinity;
  let value: number;
  let mantissaIsZero: boolean;
  const hex = HEX_FLOAT.exec(text);
  if (hex !== null) {
    const [, sign, whole, fraction = '', exponent = '0'] = hex;
    if (whole.length + fraction.length === 0) return null;
    const digits = whole + fraction;
    value = (sign === '-' ? -1 : 1) * parseInt(digits, 16) * 2 ** (Number(exponent) - 4 * fraction.length);
    mantissaIsZero = !/[1-9a-fA-F]/.test(digits);
  } else if (DECIMAL_FLOAT.test(text)) {
    value = Number(text);
    mantissaIsZero = !/[1-9]/.test(text.split(/[eE]/)[0]);
  } else {
    return null;
  }
  if (!Number.isFinite(value) || (value === 0 && !mantissaIsZero)) return null;
  return value;
}

/** printf("%f") then util.c trimDoubleString. */
function formatPercentile(value: number): string {
  let text = value.toFixed(6);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

/** config.c rewriteConfigFormatMemory (takes a signed long long, like the C code). */
function formatMemoryForRewrite(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  const kb = 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
  return bytes.toString();
}

function yesNo(text: string): boolean | null {
  const lower = asciiLower(text);
  if (lower === 'yes') return true;
  if (lower === 'no') return false;
  return null;
}

const STRERROR = new Map([
  ['ENOENT', 'No such file or directory'],
  ['ENOTDIR', 'Not a directory'],
  ['EISDIR', 'Is a directory'],
  ['EACCES', 'Permission denied'],
  ['EPERM', 'Operation not permitted'],
  ['EROFS', 'Read-only file system'],
  ['ENOSPC', 'No space left on device'],
  ['ELOOP', 'Too many levels of symbolic links'],
  ['ENAMETOOLONG', 'File name too long'],
  ['EMFILE', 'Too many open files'],
  ['EEXIST', 'File exists'],
]);

/** The C strerror() text for a Node fs error. */
function strerror(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code !== undefined && STRERROR.get(code)) || (err as Error).message;
}

function fsPath(binaryPath: string): Buffer {
  return Buffer.from(binaryPath, 'latin1');
}

// ---------------------------------------------------------------------------
// Directive codecs: parse arguments, format for CONFIG GET, lines for CONFIG REWRITE

interface ParseContext<T> {
  readonly current: T;
  /** The server's working directory (the `dir` directive), for relative paths. */
  readonly dir: string;
  /** True while reading a config file after this directive was already read once (only `save` cares). */
  readonly accumulate: boolean;
  /** CONFIG SET rather than a config file or the command line. */
  readonly fromConfigSet: boolean;
  readonly configFile: string | null;
}

interface RewriteLine {
  readonly text: string;
  /** Write the line even if the file does not mention the directive yet. */
  readonly force: boolean;
}

// Method syntax on purpose: it keeps Codec<boolean> usable as Codec<unknown> in the table.
interface Codec<T> {
  /** For documentation: bool, int, memory, enum, string or special. */
  readonly type: string;
  /** Takes all the line's arguments (else exactly one); CONFIG SET splits its value on spaces. */
  readonly multiArg: boolean;
  parse(args: readonly string[], context: ParseContext<T>): T;
  format(value: T): string;
  /** No lines means "drop every line of this directive from the file". */
  rewrite(name: string, value: T, defaultValue: T): RewriteLine[];
  toInt?(value: T): number;
}

const boolCodec = (validate?: (value: boolean) => string | null): Codec<boolean> => ({
  type: 'bool',
  multiArg: false,
  parse([arg]) {
    const value = yesNo(arg);
    if (value === null) throw new DirectiveError("argument must be 'yes' or 'no'");
    const invalid = validate?.(value);
    if (invalid) throw new DirectiveError(invalid);
    return value;
  },
  format: (value) => (value ? 'yes' : 'no'),
  rewrite: (name, value, defaultValue) => [{ text: `${name} ${value ? 'yes' : 'no'}`, force: value !== defaultValue }],
  toInt: (value) => (value ? 1 : 0),
});

interface NumericSpec {
  readonly min: bigint;
  readonly max: bigint;
  /** Unsigned C types (unsigned int, unsigned long long, size_t) are range-checked as unsigned. */
  readonly unsigned?: boolean;
  readonly unit?: 'memory' | 'memory-or-percent' | 'octal';
  /** Accepted values are then silently clamped into this range, always (hz) or only by CONFIG SET (repl-backlog-size). */
  readonly clamp?: { readonly range: readonly [bigint, bigint]; readonly onlyOnConfigSet: boolean };
}

// Values are kept as the C variable would hold them: signed types as signed
// 64-bit, unsigned ones as unsigned 64-bit, percentages as negative numbers.
const numericCodec = (spec: NumericSpec): Codec<bigint> => {
  const memory = spec.unit === 'memory' || spec.unit === 'memory-or-percent';
  const percent = spec.unit === 'memory-or-percent';
  const octal = spec.unit === 'octal';
  const parseNumber = (text: string): bigint => {
    if (memory) {
      const bytes = memtoull(text);
      if (bytes !== null) return BigInt.asIntN(64, bytes);
    }
    if (percent && text.length > 1 && text.endsWith('%')) {
      const share = string2ll(text.slice(0, -1));
      if (share !== null && share >= 0n) return -share;
    }
    if (octal) {
      const parsed = cStrtoll(text, 8);
      if (!parsed.overflow && parsed.end === text.length) return parsed.value;
    }
    if (!memory && !octal) {
      const value = string2ll(text);
      if (value !== null) return value;
    }
    if (percent) throw new DirectiveError('argument must be a memory or percent value');
    if (memory) throw new DirectiveError('argument must be a memory value');
    if (octal) throw new DirectiveError("argument couldn't be parsed as an octal number");
    throw new DirectiveError("argument couldn't be parsed into an integer");
  };
  return {
    type: memory ? 'memory' : 'int',
    multiArg: false,
    parse([arg], context) {
      const value = parseNumber(arg);
      if (spec.unsigned) {
        const asUnsigned = BigInt.asUintN(64, value);
        const low = BigInt.asUintN(64, spec.min);
        const high = BigInt.asUintN(64, spec.max);
        if (asUnsigned < low || asUnsigned > high) {
          const radix = octal ? 8 : 10;
          throw new DirectiveError(`argument must be between ${low.toString(radix)} and ${high.toString(radix)} inclusive`);
        }
        return asUnsigned;
      }
      if (percent && value < 0n) {
        if (value < spec.min) throw new DirectiveError(`percentage argument must be less or equal to ${-spec.min}`);
      } else if (value < spec.min || value > spec.max) {
        throw new DirectiveError(`argument must be between ${spec.min} and ${spec.max} inclusive`);
      }
      if (spec.clamp !== undefined && (context.fromConfigSet || !spec.clamp.onlyOnConfigSet)) {
        const [low, high] = spec.clamp.range;
        return value < low ? low : value > high ? high : value;
      }
      return value;
    },
    format(value) {
      if (percent && value < 0n) return `${-value}%`;
      if (memory) return BigInt.asUintN(64, value).toString();
      if (octal) return value.toString(8);
      return value.toString();
    },
    rewrite(name, value, defaultValue) {
      // The C rewrite helpers take a signed long long, so huge unsigned values print negative.
      const signed = BigInt.asIntN(64, value);
      const force = value !== defaultValue;
      if (percent && signed < 0n) return [{ text: `${name} ${-signed}%`, force }];
      if (memory) return [{ text: `${name} ${formatMemoryForRewrite(signed)}`, force }];
      if (octal) return [{ text: `${name} ${BigInt.asUintN(64, signed).toString(8)}`, force }];
      return [{ text: `${name} ${signed}`, force }];
    },
    toInt: (value) => Number(value),
  };
};

type EnumChoices = readonly (readonly [name: string, value: number])[];

const enumCodec = (choices: EnumChoices, options: { bitflags?: boolean; validate?: (value: number) => string | null } = {}): Codec<number> => {
  const bitflags = options.bitflags ?? false;
  const format = (value: number): string => {
    // config.c configEnumGetName: an exact match first, else (bitflags) a combination of names.
    const names: string[] = [];
    let unmatched = value;
    for (const [name, bits] of choices) {
      if (bits === value) return name;
      if (bitflags && bits !== 0 && (unmatched & bits) === bits) {
        names.push(name);
        unmatched &= ~bits;
      }
    }
    return names.length === 0 || unmatched !== 0 ? 'unknown' : names.join(' ');
  };
  return {
    type: 'enum',
    multiArg: bitflags,
    parse(args) {
      let value = 0;
      let valid = args.length > 0;
      for (const arg of args) {
        const folded = asciiLower(arg);
        const matching = choices.filter(([name]) => name === folded);
        if (matching.length === 0) valid = false;
        for (const [, bits] of matching) value |= bits;
      }
      if (!valid) {
        throw new DirectiveError(`argument(s) must be one of the following: ${choices.map(([name]) => name).join(', ')}`);
      }
      const invalid = options.validate?.(value);
      if (invalid) throw new DirectiveError(invalid);
      return value;
    },
    format,
    rewrite: (name, value, defaultValue) => [{ text: `${name} ${format(value)}`, force: value !== defaultValue }],
    toInt: (value) => value,
  };
};

/** Redis string and sds configs; with emptyIsNull an empty value means "unset" (CONFIG GET shows ""). */
const stringCodec = (options: { emptyIsNull: boolean; validate?: (value: string, context: ParseContext<string | null>) => string | null }): Codec<string | null> => ({
  type: 'string',
  multiArg: false,
  parse([arg], context) {
    const invalid = options.validate?.(arg, context);
    if (invalid) throw new DirectiveError(invalid);
    return options.emptyIsNull && arg === '' ? null : arg;
  },
  format: (value) => value ?? '',
  rewrite: (name, value, defaultValue) =>
    value === null ? [] : [{ text: `${name} ${quoteRepr(value)}`, force: defaultValue === null || value !== defaultValue }],
});

function isBaseName(value: string): boolean {
  return !value.includes('/') && !value.includes('\\');
}

const validDbFilename = (value: string): string | null =>
  isBaseName(value) ? null : "dbfilename can't be a path, just a filename";

const validAppendFilename = (value: string): string | null =>
  value === '' ? "appendfilename can't be empty" : isBaseName(value) ? null : "appendfilename can't be a path, just a filename";

const validAppendDirname = (value: string): string | null =>
  value === '' ? "appenddirname can't be empty" : isBaseName(value) ? null : "appenddirname can't be a path, just a dirname";

const NET_HOST_STR_LEN = 256;

function validAnnouncedHostname(value: string): string | null {
  if (value.length >= NET_HOST_STR_LEN) return `Hostnames must be less than ${NET_HOST_STR_LEN} characters`;
  if (!/^[A-Za-z0-9.-]*$/.test(value)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
}

// server.c validateProcTitleTemplate: the template must expand (sds.c
// sdstemplate: "{{" is a literal brace, "{name}" a known variable) to
// something non-blank when the title itself is empty.
function validProcTitleTemplate(template: string, context: ParseContext<string | null>): string | null {
  const variables = new Map([
    ['title', ''],
    ['listen-addr', '*:6379'],
    ['server-mode', ''],
    ['port', '6379'],
    ['tls-port', '0'],
    ['unixsocket', ''],
    ['config-file', context.configFile ?? ''],
  ]);
  let expanded = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      expanded += template.slice(i);
      break;
    }
    expanded += template.slice(i, open);
    if (open + 1 >= template.length) return PROC_TITLE_ERROR;
    if (template[open + 1] === '{') {
      expanded += '{';
      i = open + 2;
      continue;
    }
    const close = template.indexOf('}', open + 1);
    if (close < 0) return PROC_TITLE_ERROR;
    const value = variables.get(template.slice(open + 1, close));
    if (value === undefined) return PROC_TITLE_ERROR;
    expanded += value;
    i = close + 1;
  }
  return expanded.replace(/^ +| +$/g, '') === '' ? PROC_TITLE_ERROR : null;
}

const PROC_TITLE_ERROR = 'template format is invalid or contains unknown variables';

// -- special directives ------------------------------------------------------

export interface SaveParam {
  readonly seconds: bigint;
  readonly changes: number;
}

const saveCodec: Codec<readonly SaveParam[]> = {
  type: 'special',
  multiArg: true,
  parse(args, context) {
    const pairs = args.length === 1 && args[0] === '' ? [] : args;
    if (pairs.length % 2 !== 0) throw new DirectiveError('Invalid save parameters');
    const parsed: SaveParam[] = [];
    for (let j = 0; j < pairs.length; j += 2) {
      const seconds = wholeStrtoll(pairs[j]);
      const changes = wholeStrtoll(pairs[j + 1]);
      if (seconds === null || changes === null || seconds < 1n || changes < 0n) throw new DirectiveError('Invalid save parameters');
      parsed.push({ seconds, changes: Number(BigInt.asIntN(32, changes)) });
    }
    // Successive "save" lines of one config file add up; anything else replaces.
    return context.accumulate ? [...context.current, ...parsed] : parsed;
  },
  format: (params) => params.map(({ seconds, changes }) => `${seconds} ${changes}`).join(' '),
  rewrite: (name, params) =>
    params.length === 0
      ? [{ text: `${name} ""`, force: true }]
      : params.map(({ seconds, changes }) => ({ text: `${name} ${seconds} ${changes}`, force: true })),
};

const CONFIG_BINDADDR_MAX = 16;

const bindCodec: Codec<readonly string[]> = {
  type: 'special',
  multiArg: true,
  parse(args) {
    if (args.length > CONFIG_BINDADDR_MAX) throw new DirectiveError('Too many bind addresses specified.');
    return args.length === 1 && args[0] === '' ? [] : [...args];
  },
  format: (addresses) => addresses.join(' '),
  rewrite(name, addresses, defaultAddresses) {
    if (addresses.join('\0') === defaultAddresses.join('\0')) return [];
    return [{ text: `${name} ${addresses.length > 0 ? addresses.join(' ') : '""'}`, force: true }];
  },
};

export interface ClientBufferLimit {
  readonly hardBytes: bigint;
  readonly softBytes: bigint;
  readonly softSeconds: number;
}

/** Indexed like Redis's client types: normal, replica ("slave"), pubsub. */
export type ClientBufferLimits = readonly [normal: ClientBufferLimit, replica: ClientBufferLimit, pubsub: ClientBufferLimit];

const CLIENT_CLASS_NAMES = ['normal', 'slave', 'pubsub'] as const;
const CLIENT_CLASS_BY_NAME = new Map<string, number | 'master'>([
  ['normal', 0],
  ['slave', 1],
  ['replica', 1],
  ['pubsub', 2],
  ['master', 'master'],
]);

const clientOutputBufferLimitCodec: Codec<ClientBufferLimits> = {
  type: 'special',
  multiArg: true,
  parse(args, context) {
    if (args.length % 4 !== 0) throw new DirectiveError('Wrong number of arguments in buffer limit configuration.');
    const limits: ClientBufferLimit[] = [...context.current];
    for (let j = 0; j < args.length; j += 4) {
      const clientClass = CLIENT_CLASS_BY_NAME.get(asciiLower(args[j]));
      if (clientClass === undefined || clientClass === 'master') {
        throw new DirectiveError('Invalid client class specified in buffer limit configuration.');
      }
      const hardBytes = memtoull(args[j + 1]);
      const softBytes = memtoull(args[j + 2]);
      const seconds = wholeStrtoll(args[j + 3]);
      const softSeconds = seconds === null ? -1 : Number(BigInt.asIntN(32, seconds));
      if (hardBytes === null || softBytes === null || softSeconds < 0) {
        throw new DirectiveError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      limits[clientClass] = { hardBytes, softBytes, softSeconds };
    }
    return limits as unknown as ClientBufferLimits;
  },
  format: (limits) =>
    limits.map((limit, i) => `${CLIENT_CLASS_NAMES[i]} ${limit.hardBytes} ${limit.softBytes} ${limit.softSeconds}`).join(' '),
  rewrite: (name, limits, defaults) =>
    limits.map((limit, i) => ({
      text: `${name} ${i === 1 ? 'replica' : CLIENT_CLASS_NAMES[i]} ${formatMemoryForRewrite(BigInt.asIntN(64, limit.hardBytes))} ${formatMemoryForRewrite(BigInt.asIntN(64, limit.softBytes))} ${limit.softSeconds}`,
      force:
        limit.hardBytes !== defaults[i].hardBytes || limit.softBytes !== defaults[i].softBytes || limit.softSeconds !== defaults[i].softSeconds,
    })),
};

const oomScoreAdjValuesCodec: Codec<readonly number[]> = {
  type: 'special',
  multiArg: true,
  parse(args) {
    if (args.length !== 3) throw new DirectiveError('wrong number of arguments');
    return args.map((arg) => {
      const value = wholeStrtoll(arg);
      if (value === null || value < -2000n || value > 2000n) {
        throw new DirectiveError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
      }
      return Number(value);
    });
  },
  format: (values) => values.join(' '),
  rewrite: (name, values, defaults) => [{ text: `${name} ${values.join(' ')}`, force: values.some((value, i) => value !== defaults[i]) }],
};

/** Keyspace notification classes, with Redis's bit values (server.h NOTIFY_*). */
export const KeyspaceEvents = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  MODULE: 1 << 13,
  NEW: 1 << 14,
} as const;

const NOTIFY_ALL =
  KeyspaceEvents.GENERIC | KeyspaceEvents.STRING | KeyspaceEvents.LIST | KeyspaceEvents.SET | KeyspaceEvents.HASH |
  KeyspaceEvents.ZSET | KeyspaceEvents.EXPIRED | KeyspaceEvents.EVICTED | KeyspaceEvents.STREAM | KeyspaceEvents.MODULE;

const KEYSPACE_EVENT_CHARACTERS = new Map<string, number>([
  ['A', NOTIFY_ALL],
  ['g', KeyspaceEvents.GENERIC],
  ['$', KeyspaceEvents.STRING],
  ['l', KeyspaceEvents.LIST],
  ['s', KeyspaceEvents.SET],
  ['h', KeyspaceEvents.HASH],
  ['z', KeyspaceEvents.ZSET],
  ['x', KeyspaceEvents.EXPIRED],
  ['e', KeyspaceEvents.EVICTED],
  ['K', KeyspaceEvents.KEYSPACE],
  ['E', KeyspaceEvents.KEYEVENT],
  ['t', KeyspaceEvents.STREAM],
  ['m', KeyspaceEvents.KEY_MISS],
  ['d', KeyspaceEvents.MODULE],
  ['n', KeyspaceEvents.NEW],
]);

// notify.c keyspaceEventsFlagsToString, 7.0 order: "A" hides the class
// letters, including 'n', which is not part of "A".
const CLASS_LETTERS_IN_ORDER: readonly (readonly [string, number])[] = [
  ['g', KeyspaceEvents.GENERIC],
  ['$', KeyspaceEvents.STRING],
  ['l', KeyspaceEvents.LIST],
  ['s', KeyspaceEvents.SET],
  ['h', KeyspaceEvents.HASH],
  ['z', KeyspaceEvents.ZSET],
  ['x', KeyspaceEvents.EXPIRED],
  ['e', KeyspaceEvents.EVICTED],
  ['t', KeyspaceEvents.STREAM],
  ['d', KeyspaceEvents.MODULE],
  ['n', KeyspaceEvents.NEW],
];

function keyspaceEventsToString(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) out += 'A';
  else for (const [letter, bit] of CLASS_LETTERS_IN_ORDER) if (flags & bit) out += letter;
  if (flags & KeyspaceEvents.KEYSPACE) out += 'K';
  if (flags & KeyspaceEvents.KEYEVENT) out += 'E';
  if (flags & KeyspaceEvents.KEY_MISS) out += 'm';
  return out;
}

/** notify-keyspace-events text → KeyspaceEvents flags. */
function parseKeyspaceEvents(text: string): number {
  let flags = 0;
  for (const letter of text) {
    const bits = KEYSPACE_EVENT_CHARACTERS.get(letter);
    if (bits === undefined) throw new DirectiveError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    flags |= bits;
  }
  return flags;
}

const notifyKeyspaceEventsCodec: Codec<number> = {
  type: 'special',
  multiArg: false,
  parse: ([arg]) => parseKeyspaceEvents(arg),
  format: keyspaceEventsToString,
  rewrite: (name, flags) => [{ text: `${name} ${quoteRepr(keyspaceEventsToString(flags))}`, force: flags !== 0 }],
  toInt: (flags) => flags,
};

export interface ReplicaOf {
  readonly host: string;
  readonly port: number;
}

const replicaOfCodec: Codec<ReplicaOf | null> = {
  type: 'special',
  multiArg: true,
  parse(args) {
    if (args.length !== 2) throw new DirectiveError('wrong number of arguments');
    if (asciiLower(args[0]) === 'no' && asciiLower(args[1]) === 'one') return null;
    const port = wholeStrtoll(args[1]);
    const asInt = port === null ? -1 : Number(BigInt.asIntN(32, port));
    if (asInt < 0 || asInt > 65535) throw new DirectiveError('Invalid master port');
    return { host: args[0], port: asInt };
  },
  format: (master) => (master === null ? '' : `${master.host} ${master.port}`),
  rewrite: (name, master) => (master === null ? [] : [{ text: `${name} ${master.host} ${master.port}`, force: true }]),
};

const latencyPercentilesCodec: Codec<readonly number[]> = {
  type: 'special',
  multiArg: true,
  parse(args) {
    if (args.length === 1 && args[0] === '') return [];
    return args.map((arg) => {
      const percentile = string2d(arg);
      if (percentile === null) throw new DirectiveError('Invalid latency-tracking-info-percentiles parameters');
      if (percentile > 100 || percentile < 0) {
        throw new DirectiveError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
      }
      return percentile;
    });
  },
  format: (percentiles) => percentiles.map(formatPercentile).join(' '),
  rewrite: (name, percentiles) => [
    { text: percentiles.length === 0 ? `${name} ""` : `${name} ${percentiles.map(formatPercentile).join(' ')}`, force: true },
  ],
};

// `dir` is the server's working directory. Kunyu does not chdir the process:
// the value is kept as an absolute, symlink-free path (what getcwd shows),
// and relative paths elsewhere are resolved against it.
const dirCodec: Codec<string> = {
  type: 'special',
  multiArg: false,
  parse([arg], context) {
    try {
      if (arg === '') throw Object.assign(new Error('empty path'), { code: 'ENOENT' });
      const target = fsPath(path.resolve(context.dir, arg));
      if (!fs.statSync(target).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      fs.accessSync(target, fs.constants.X_OK);
      return fs.realpathSync(target, { encoding: 'buffer' }).toString('latin1');
    } catch (err) {
      throw new DirectiveError(strerror(err));
    }
  },
  format: (dir) => dir,
  rewrite: (name, dir) => [{ text: `${name} ${quoteRepr(dir)}`, force: true }],
};

// ---------------------------------------------------------------------------
// The directive table

interface DirectiveFlags {
  readonly alias?: string;
  /** CONFIG SET refuses it: "can't set immutable config". */
  readonly immutable?: boolean;
  /** CONFIG SET needs enable-protected-configs: "can't set protected config". */
  readonly protected?: boolean;
  /** Its value must not be shown in logs or slowlog. */
  readonly sensitive?: boolean;
  /** Left out of CONFIG GET patterns; an exact name still works. */
  readonly hidden?: boolean;
  /** CONFIG SET refuses it while loading the dataset (-LOADING). */
  readonly denyLoading?: boolean;
  /** Kunyu implements its effect (everything else is accepted and stored only). */
  readonly acted?: boolean;
}

interface Directive<T = unknown> {
  readonly name: string;
  readonly alias: string | null;
  readonly codec: Codec<T>;
  readonly defaultValue: (environment: DefaultsEnvironment) => T;
  /** How documentation shows a default that depends on the machine. */
  readonly defaultDoc: string | null;
  readonly immutable: boolean;
  readonly protected: boolean;
  readonly sensitive: boolean;
  readonly hidden: boolean;
  readonly denyLoading: boolean;
  readonly acted: boolean;
}

interface DefaultsEnvironment {
  readonly cwd: string;
}

function directive<T>(
  name: string,
  codec: Codec<T>,
  defaultValue: T | ((environment: DefaultsEnvironment) => T),
  flags: DirectiveFlags = {},
  defaultDoc: string | null = null,
): Directive<T> {
  return {
    name,
    alias: flags.alias ?? null,
    codec,
    defaultValue: typeof defaultValue === 'function' ? (defaultValue as (environment: DefaultsEnvironment) => T) : () => defaultValue,
    defaultDoc,
    immutable: flags.immutable ?? false,
    protected: flags.protected ?? false,
    sensitive: flags.sensitive ?? false,
    hidden: flags.hidden ?? false,
    denyLoading: flags.denyLoading ?? false,
    acted: flags.acted ?? false,
  };
}

const bool = (name: string, defaultValue: boolean, flags?: DirectiveFlags) => directive(name, boolCodec(), defaultValue, flags);

const int = (name: string, min: bigint, max: bigint, defaultValue: bigint, flags?: DirectiveFlags, extra: Omit<NumericSpec, 'min' | 'max'> = {}) =>
  directive(name, numericCodec({ min, max, ...extra }), extra.unsigned ? BigInt.asUintN(64, defaultValue) : defaultValue, flags);

const unsignedInt = (name: string, min: bigint, max: bigint, defaultValue: bigint, flags?: DirectiveFlags) =>
  int(name, min, max, defaultValue, flags, { unsigned: true });

const memory = (name: string, min: bigint, max: bigint, defaultValue: bigint, flags?: DirectiveFlags, extra: Omit<NumericSpec, 'min' | 'max' | 'unit'> = {}) =>
  int(name, min, max, defaultValue, flags, { unit: 'memory', ...extra });

const string = (name: string, defaultValue: string | null, flags?: DirectiveFlags, validate?: (value: string, context: ParseContext<string | null>) => string | null) =>
  directive(name, stringCodec({ emptyIsNull: defaultValue === null, validate }), defaultValue, flags);

const enumeration = (name: string, choices: EnumChoices, defaultName: string, flags?: DirectiveFlags) => {
  const defaultChoice = choices.find(([choice]) => choice === defaultName);
  if (defaultChoice === undefined) throw new Error(`${name}: default ${defaultName} is not a choice`);
  return directive(name, enumCodec(choices), defaultChoice[1], flags);
};

const KB = 1024n;
const MB = 1024n * KB;
const GB = 1024n * MB;

const YES_NO_LOCAL: EnumChoices = [
  ['no', 0],
  ['yes', 1],
  ['local', 2],
];

const SHUTDOWN_SAVE = 1;
const SHUTDOWN_NOSAVE = 2;
const SHUTDOWN_ON_SIGNAL: EnumChoices = [
  ['default', 0],
  ['save', SHUTDOWN_SAVE],
  ['nosave', SHUTDOWN_NOSAVE],
  ['now', 4],
  ['force', 8],
];

const shutdownOnSignal = (name: string) =>
  directive(
    name,
    enumCodec(SHUTDOWN_ON_SIGNAL, {
      bitflags: true,
      validate: (flags) =>
        flags & SHUTDOWN_SAVE && flags & SHUTDOWN_NOSAVE ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null,
    }),
    0,
  );

const KUNYU_DEFAULT_BIND = ['127.0.0.1', '-::1'];
const MAX_SHARDS = 1024n;

/**
 * One worker per core, leaving one core to the acceptor; inline mode (0) where that would be a
 * single worker: on two cores one shard thread only adds the thread hop to the same work
 * (BENCHMARKS.md, docs/ARCHITECTURE.md "Performance").
 */
export function defaultShardCount(cores = os.availableParallelism()): bigint {
  const workers = cores - 1;
  return BigInt(workers >= 2 ? workers : 0);
}

// Redis 7.0.15's config.c table, in its order; the TLS directives exist in
// builds with TLS (Debian's has it). Kunyu's own directives come last.
const DIRECTIVES: readonly Directive[] = [
  bool('rdbchecksum', true, { immutable: true }),
  bool('daemonize', false, { immutable: true, acted: true }),
  bool('io-threads-do-reads', false, { immutable: true }),
  bool('always-show-logo', false, { immutable: true }),
  bool('protected-mode', true, { acted: true }),
  bool('rdbcompression', true),
  bool('rdb-del-sync-files', false),
  bool('activerehashing', true, { acted: true }),
  bool('stop-writes-on-bgsave-error', true),
  bool('set-proc-title', true, { immutable: true }),
  bool('dynamic-hz', true),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  bool('aof-rewrite-incremental-fsync', true),
  bool('no-appendfsync-on-rewrite', false),
  bool('cluster-require-full-coverage', true),
  bool('rdb-save-incremental-fsync', true),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('cluster-replica-no-failover', false, { alias: 'cluster-slave-no-failover' }),
  bool('replica-lazy-flush', false, { alias: 'slave-lazy-flush' }),
  bool('replica-serve-stale-data', true, { alias: 'slave-serve-stale-data' }),
  bool('replica-read-only', true, { alias: 'slave-read-only' }),
  bool('replica-ignore-maxmemory', true, { alias: 'slave-ignore-maxmemory' }),
  bool('jemalloc-bg-thread', true),
  // Like a Redis built without its bundled jemalloc (Debian's build): no active defrag.
  directive(
    'activedefrag',
    boolCodec((enabled) =>
      enabled
        ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
        : null,
    ),
    false,
  ),
  bool('syslog-enabled', false, { immutable: true }),
  bool('cluster-enabled', false, { immutable: true }),
  bool('appendonly', false, { denyLoading: true, acted: true }),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  bool('use-exit-on-panic', false, { hidden: true }),
  bool('disable-thp', true, { immutable: true }),
  bool('cluster-allow-replica-migration', true),
  bool('replica-announced', true),
  bool('latency-tracking', true, { acted: true }),
  bool('aof-disable-auto-gc', false),
  bool('replica-ignore-disk-write-errors', false),

  string('aclfile', '', { immutable: true }),
  string('unixsocket', null, { immutable: true }),
  string('pidfile', null, { immutable: true, acted: true }),
  string('replica-announce-ip', null, { alias: 'slave-announce-ip' }),
  string('masteruser', null, { sensitive: true }),
  string('cluster-announce-ip', null),
  string('cluster-config-file', 'nodes.conf', { immutable: true }),
  string('cluster-announce-hostname', null, {}, validAnnouncedHostname),
  string('syslog-ident', 'redis', { immutable: true }),
  string('dbfilename', 'dump.rdb', { protected: true, acted: true }, validDbFilename),
  string('appendfilename', 'appendonly.aof', { immutable: true }, validAppendFilename),
  string('appenddirname', 'appendonlydir', { immutable: true }, validAppendDirname),
  string('server_cpulist', null, { immutable: true }),
  string('bio_cpulist', null, { immutable: true }),
  string('aof_rewrite_cpulist', null, { immutable: true }),
  string('bgsave_cpulist', null, { immutable: true }),
  string('ignore-warnings', ''),
  string('proc-title-template', '{title} {listen-addr} {server-mode}', {}, validProcTitleTemplate),
  string('bind-source-addr', null),
  string('logfile', '', { immutable: true, acted: true }),
  string('masterauth', null, { sensitive: true }),
  string('requirepass', null, { sensitive: true, acted: true }),

  enumeration('supervised', [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], 'no', { immutable: true }),
  enumeration(
    'syslog-facility',
    [['user', 8], ['local0', 128], ['local1', 136], ['local2', 144], ['local3', 152], ['local4', 160], ['local5', 168], ['local6', 176], ['local7', 184]],
    'local0',
    { immutable: true },
  ),
  enumeration('repl-diskless-load', [['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]], 'disabled', { denyLoading: true }),
  enumeration('loglevel', [['debug', 0], ['verbose', 1], ['notice', 2], ['warning', 3]], 'notice', { acted: true }),
  enumeration(
    'maxmemory-policy',
    [
      ['volatile-lru', 1],
      ['volatile-lfu', 2],
      ['volatile-random', 3],
      ['volatile-ttl', 4],
      ['allkeys-lru', 5],
      ['allkeys-lfu', 6],
      ['allkeys-random', 7],
      ['noeviction', 8],
    ],
    'noeviction',
    { acted: true },
  ),
  enumeration('appendfsync', [['everysec', 1], ['always', 2], ['no', 0]], 'everysec'),
  // "relative" is a synonym of "yes" (CONFIG GET shows "yes").
  enumeration('oom-score-adj', [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]], 'no'),
  enumeration('acl-pubsub-default', [['allchannels', 1], ['resetchannels', 0]], 'resetchannels'),
  enumeration('sanitize-dump-payload', [['no', 0], ['yes', 1], ['clients', 2]], 'no'),
  enumeration('enable-protected-configs', YES_NO_LOCAL, 'no', { immutable: true }),
  enumeration('enable-debug-command', YES_NO_LOCAL, 'no', { immutable: true }),
  enumeration('enable-module-command', YES_NO_LOCAL, 'no', { immutable: true }),
  enumeration('cluster-preferred-endpoint-type', [['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]], 'ip'),
  enumeration('propagation-error-behavior', [['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]], 'ignore'),
  shutdownOnSignal('shutdown-on-sigint'),
  shutdownOnSignal('shutdown-on-sigterm'),

  int('databases', 1n, INT_MAX, 16n, { immutable: true, acted: true }),
  int('port', 0n, 65535n, 6379n, { acted: true }),
  int('io-threads', 1n, 128n, 1n, { immutable: true }),
  int('auto-aof-rewrite-percentage', 0n, INT_MAX, 100n),
  int('cluster-replica-validity-factor', 0n, INT_MAX, 10n, { alias: 'cluster-slave-validity-factor' }),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2n, { alias: 'list-max-ziplist-size', acted: true }),
  int('tcp-keepalive', 0n, INT_MAX, 300n, { acted: true }),
  int('cluster-migration-barrier', 0n, INT_MAX, 1n),
  int('active-defrag-cycle-min', 1n, 99n, 1n),
  int('active-defrag-cycle-max', 1n, 99n, 25n),
  int('active-defrag-threshold-lower', 0n, 1000n, 10n),
  int('active-defrag-threshold-upper', 0n, 1000n, 100n),
  int('lfu-log-factor', 0n, INT_MAX, 10n, { acted: true }),
  int('lfu-decay-time', 0n, INT_MAX, 1n, { acted: true }),
  int('replica-priority', 0n, INT_MAX, 100n, { alias: 'slave-priority' }),
  int('repl-diskless-sync-delay', 0n, INT_MAX, 5n),
  int('maxmemory-samples', 1n, INT_MAX, 5n, { acted: true }),
  int('maxmemory-eviction-tenacity', 0n, 100n, 10n),
  int('timeout', 0n, INT_MAX, 0n, { acted: true }),
  int('replica-announce-port', 0n, 65535n, 0n, { alias: 'slave-announce-port' }),
  int('tcp-backlog', 0n, INT_MAX, 511n, { immutable: true }),
  int('cluster-port', 0n, 65535n, 0n, { immutable: true }),
  int('cluster-announce-bus-port', 0n, 65535n, 0n),
  int('cluster-announce-port', 0n, 65535n, 0n),
  int('cluster-announce-tls-port', 0n, 65535n, 0n),
  int('repl-timeout', 1n, INT_MAX, 60n),
  int('repl-ping-replica-period', 1n, INT_MAX, 10n, { alias: 'repl-ping-slave-period' }),
  int('list-compress-depth', 0n, INT_MAX, 0n),
  int('rdb-key-save-delay', INT_MIN, INT_MAX, 0n, { hidden: true }),
  int('key-load-delay', INT_MIN, INT_MAX, 0n, { hidden: true }),
  int('active-expire-effort', 1n, 10n, 1n),
  // Out-of-range values are accepted and clamped to 1..500 (CONFIG_MIN_HZ..CONFIG_MAX_HZ).
  int('hz', 0n, INT_MAX, 10n, { acted: true }, { clamp: { range: [1n, 500n], onlyOnConfigSet: false } }),
  int('min-replicas-to-write', 0n, INT_MAX, 0n, { alias: 'min-slaves-to-write' }),
  int('min-replicas-max-lag', 0n, INT_MAX, 10n, { alias: 'min-slaves-max-lag' }),
  int('watchdog-period', 0n, INT_MAX, 0n, { hidden: true }),
  int('shutdown-timeout', 0n, INT_MAX, 10n),
  int('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0n),

  unsignedInt('maxclients', 1n, UINT_MAX, 10000n, { acted: true }),
  int('unixsocketperm', 0n, 0o777n, 0n, { immutable: true }, { unit: 'octal', unsigned: true }),
  unsignedInt('socket-mark-id', 0n, UINT_MAX, 0n, { immutable: true }),

  int('active-defrag-max-scan-fields', 1n, LONG_MAX, 1000n),
  int('slowlog-max-len', 0n, LONG_MAX, 128n),
  int('acllog-max-len', 0n, LONG_MAX, 128n),

  int('busy-reply-threshold', 0n, LONG_MAX, 5000n, { alias: 'lua-time-limit', acted: true }),
  int('cluster-node-timeout', 0n, LLONG_MAX, 15000n),
  int('slowlog-log-slower-than', -1n, LLONG_MAX, 10000n),
  int('latency-monitor-threshold', 0n, LLONG_MAX, 0n),
  memory('proto-max-bulk-len', MB, LONG_MAX, 512n * MB, { acted: true }),
  int('stream-node-max-entries', 0n, LLONG_MAX, 100n, { acted: true }),
  // CONFIG SET raises it to CONFIG_REPL_BACKLOG_MIN_SIZE; a config file value is kept as written.
  memory('repl-backlog-size', 1n, LLONG_MAX, MB, {}, { clamp: { range: [16n * KB, LLONG_MAX], onlyOnConfigSet: true } }),

  memory('maxmemory', 0n, ULLONG_MAX, 0n, { acted: true }, { unsigned: true }),
  memory('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0n, {}, { unsigned: true }),

  unsignedInt('hash-max-listpack-entries', 0n, LONG_MAX, 512n, { alias: 'hash-max-ziplist-entries', acted: true }),
  unsignedInt('set-max-intset-entries', 0n, LONG_MAX, 512n, { acted: true }),
  unsignedInt('zset-max-listpack-entries', 0n, LONG_MAX, 128n, { alias: 'zset-max-ziplist-entries', acted: true }),
  memory('active-defrag-ignore-bytes', 1n, LLONG_MAX, 100n * MB, {}, { unsigned: true }),
  memory('hash-max-listpack-value', 0n, LONG_MAX, 64n, { alias: 'hash-max-ziplist-value', acted: true }, { unsigned: true }),
  memory('stream-node-max-bytes', 0n, LONG_MAX, 4096n, { acted: true }, { unsigned: true }),
  memory('zset-max-listpack-value', 0n, LONG_MAX, 64n, { alias: 'zset-max-ziplist-value', acted: true }, { unsigned: true }),
  memory('hll-sparse-max-bytes', 0n, LONG_MAX, 3000n, { acted: true }, { unsigned: true }),
  unsignedInt('tracking-table-max-keys', 0n, LONG_MAX, 1000000n),
  memory('client-query-buffer-limit', MB, LONG_MAX, GB, { acted: true }, { unsigned: true }),
  int('maxmemory-clients', -100n, LLONG_MAX, 0n, {}, { unit: 'memory-or-percent' }),

  int('repl-backlog-ttl', 0n, LONG_MAX, 3600n),
  memory('auto-aof-rewrite-min-size', 0n, LLONG_MAX, 64n * MB),
  int('loading-process-events-interval-bytes', 1024n, INT_MAX, 2n * MB, { hidden: true }),

  int('tls-port', 0n, 65535n, 0n),
  int('tls-session-cache-size', 0n, INT_MAX, 20n * 1024n),
  int('tls-session-cache-timeout', 0n, INT_MAX, 300n),
  bool('tls-cluster', false),
  bool('tls-replication', false),
  enumeration('tls-auth-clients', [['no', 0], ['yes', 1], ['optional', 2]], 'yes'),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),
  string('tls-cert-file', null),
  string('tls-key-file', null),
  string('tls-key-file-pass', null, { sensitive: true }),
  string('tls-client-cert-file', null),
  string('tls-client-key-file', null),
  string('tls-client-key-file-pass', null, { sensitive: true }),
  string('tls-dh-params-file', null),
  string('tls-ca-cert-file', null),
  string('tls-ca-cert-dir', null),
  string('tls-protocols', null),
  string('tls-ciphers', null),
  string('tls-ciphersuites', null),

  directive('dir', dirCodec, (environment) => environment.cwd, { protected: true, denyLoading: true, acted: true }, '(the working directory)'),
  directive('save', saveCodec, [{ seconds: 3600n, changes: 1 }, { seconds: 300n, changes: 100 }, { seconds: 60n, changes: 10000 }], { acted: true }),
  directive(
    'client-output-buffer-limit',
    clientOutputBufferLimitCodec,
    [
      { hardBytes: 0n, softBytes: 0n, softSeconds: 0 },
      { hardBytes: 256n * MB, softBytes: 64n * MB, softSeconds: 60 },
      { hardBytes: 32n * MB, softBytes: 8n * MB, softSeconds: 60 },
    ],
    { acted: true },
  ),
  directive('oom-score-adj-values', oomScoreAdjValuesCodec, [0, 200, 800]),
  directive('notify-keyspace-events', notifyKeyspaceEventsCodec, 0, { acted: true }),
  // Kunyu listens on loopback only by default (like the shipped redis.conf), not on every interface.
  directive('bind', bindCodec, KUNYU_DEFAULT_BIND, { acted: true }),
  directive('replicaof', replicaOfCodec, null, { alias: 'slaveof', immutable: true }),
  directive('latency-tracking-info-percentiles', latencyPercentilesCodec, [50, 99, 99.9]),

  directive(
    'shards',
    numericCodec({ min: 0n, max: MAX_SHARDS }),
    () => defaultShardCount(),
    { immutable: true, acted: true },
    '(CPU cores - 1; 0, inline, below 3 cores)',
  ),
  // Kunyu: µs a thread polls before sleeping; -1 decides at start from the cores (spinWindows).
  directive('spin-us', numericCodec({ min: -1n, max: 100000n }), -1n, { immutable: true, acted: true }),
];

interface RegisteredName {
  readonly name: string;
  readonly directive: Directive;
}

// Names CONFIG GET patterns iterate over (each primary name, then its alias),
// and the case-insensitive lookup used everywhere else.
const REGISTERED_NAMES: readonly RegisteredName[] = DIRECTIVES.flatMap((entry) =>
  entry.alias === null ? [{ name: entry.name, directive: entry }] : [{ name: entry.name, directive: entry }, { name: entry.alias, directive: entry }],
);
const NAME_LOOKUP = new Map(REGISTERED_NAMES.map((registered) => [registered.name, registered]));

function lookupName(name: string): RegisteredName | undefined {
  // Names are almost always lowercase already; fold only on a miss.
  return NAME_LOOKUP.get(name) ?? NAME_LOOKUP.get(asciiLower(name));
}

// Accepted and ignored in config files (with exactly these argument counts).
const DEPRECATED_DIRECTIVES = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

// Lines CONFIG REWRITE keeps even though they are not in the table.
const REWRITE_PASSTHROUGH_DIRECTIVES = new Set(['include', 'rename-command', 'user', 'loadmodule', 'sentinel']);

const REWRITE_SIGNATURE = '# Generated by CONFIG REWRITE';
const MAX_INCLUDE_DEPTH = 64;

// ---------------------------------------------------------------------------
// Documentation

export interface DirectiveInfo {
  readonly name: string;
  readonly alias: string | null;
  readonly type: string;
  /** The default as CONFIG GET shows it, or a description when it depends on the machine. */
  readonly defaultValue: string;
  readonly defaultDependsOnMachine: boolean;
  readonly mutable: boolean;
  readonly acted: boolean;
  readonly hidden: boolean;
  readonly sensitive: boolean;
}

export function listDirectives(): DirectiveInfo[] {
  return DIRECTIVES.map((entry) => ({
    name: entry.name,
    alias: entry.alias,
    type: entry.codec.type,
    defaultValue: entry.defaultDoc ?? entry.codec.format(entry.defaultValue({ cwd: '' })),
    defaultDependsOnMachine: entry.defaultDoc !== null,
    mutable: !entry.immutable,
    acted: entry.acted,
    hidden: entry.hidden,
    sensitive: entry.sensitive,
  }));
}

/** Directives Kunyu accepts and reports but does not act on yet. */
export function notActedDirectives(): DirectiveInfo[] {
  return listDirectives().filter((info) => !info.acted);
}

// ---------------------------------------------------------------------------
// Command line: --help / --version

export type StartupAction =
  | { readonly kind: 'run' }
  | { readonly kind: 'print'; readonly text: string; readonly stream: 'stdout' | 'stderr'; readonly exitCode: number };

export function versionText(): string {
  return `Kunyu server v=${KUNYU_VERSION} redis_version=${REDIS_VERSION}`;
}

export function usageText(): string {
  return [
    'Usage: kunyu-server [/path/to/kunyu.conf] [options] [-]',
    '       kunyu-server - (read config from stdin)',
    '       kunyu-server -v or --version',
    '       kunyu-server -h or --help',
    '',
    'The configuration file uses redis.conf syntax and accepts every Redis 7.0',
    'directive, plus Kunyu\'s own "shards" (worker threads; 0 runs inline).',
    'Options given as --directive value are applied after the file.',
    '',
    'Examples:',
    '       kunyu-server (run the server with the default configuration)',
    "       echo 'maxmemory 128mb' | kunyu-server -",
    '       kunyu-server /etc/kunyu/kunyu.conf',
    '       kunyu-server --port 7777',
    "       kunyu-server --port 7777 --shards 4 --save ''",
    '       kunyu-server /etc/kunyu/kunyu.conf --loglevel verbose -',
    '',
  ].join('\n');
}

/** Like redis-server, only the first argument is checked: version goes to stdout (exit 0), usage to stderr (exit 1). */
export function startupAction(argv: readonly string[]): StartupAction {
  const first = argv[0];
  if (first === '-v' || first === '--version') return { kind: 'print', text: versionText() + '\n', stream: 'stdout', exitCode: 0 };
  if (first === '-h' || first === '--help') return { kind: 'print', text: usageText(), stream: 'stderr', exitCode: 1 };
  return { kind: 'run' };
}

// ---------------------------------------------------------------------------
// Config

export interface LoadOptions {
  /** Working directory for relative paths and the default `dir` (default: process.cwd()). */
  readonly cwd?: string;
  /** Supplies the config text for a `-` argument (default: read file descriptor 0). */
  readonly readStdin?: () => string;
}

export interface SetOptions {
  /** The client is local (loopback or unix socket), for enable-protected-configs local. */
  readonly localClient?: boolean;
  /** The server is loading its dataset: directives marked denyLoading are refused. */
  readonly loading?: boolean;
}

/** Config-file lines the table does not cover, left for the server to apply or refuse. */
export interface StartupDirective {
  /** rename-command, user, loadmodule, or a module config name (containing a dot). */
  readonly name: string;
  readonly args: readonly string[];
  readonly at: ConfigLocation;
}

interface LoadState {
  readingConfigFile: boolean;
  readonly accumulating: Set<Directive>;
  depth: number;
}

export class Config {
  private readonly values = new Map<Directive, unknown>();
  private readonly formatted = new Map<Directive, string>();
  private readonly listeners = new Map<Directive, Array<(value: string) => void>>();
  private readonly startup: StartupDirective[] = [];
  private readonly startupWarnings: string[] = [];
  private file: string | null = null;

  private constructor(environment: DefaultsEnvironment) {
    for (const entry of DIRECTIVES) this.store(entry, entry.defaultValue(environment));
  }

  /** Absolute path of the config file (binary string), or null when started without one. */
  get configFile(): string | null {
    return this.file;
  }

  /** rename-command / user / loadmodule / module-config lines, in file order. */
  get startupDirectives(): readonly StartupDirective[] {
    return this.startup;
  }

  /** Things the server should log at start-up (e.g. daemonize yes is ignored). */
  get warnings(): readonly string[] {
    return this.startupWarnings;
  }

  /**
   * Loads `kunyu-server [config-file] [--directive value ...] [-]` arguments
   * (process.argv.slice(2)), exactly as redis-server 7.0 reads them. Call
   * startupAction() first for --help / --version. Throws ConfigError.
   */
  static load(argv: readonly string[], options: LoadOptions = {}): Config {
    const cwd = fs.realpathSync(options.cwd ?? process.cwd(), { encoding: 'buffer' }).toString('latin1');
    const config = new Config({ cwd });
    const args = argv.map((arg) => Buffer.from(arg, 'utf8').toString('latin1'));
    if (args.length === 0) return config;

    let next = 0;
    if (!args[0].startsWith('-')) {
      config.file = absolutePath(args[0], cwd);
      next = 1;
    }
    let fromStdin = false;
    let commandLineOptions = '';
    // Mirrors redis-server's main(): a bare "--name" takes the following
    // arguments as its values, and "--save" followed by another option (or
    // nothing) means `save ""`.
    let lastOptionHasArgument = true;
    for (let j = next; j < args.length; j++) {
      const arg = args[j];
      const isLast = j === args.length - 1;
      if (arg === '-' && (j === 0 || isLast)) {
        fromStdin = true;
      } else if (lastOptionHasArgument && arg.startsWith('--')) {
        if (commandLineOptions.length > 0) commandLineOptions += '\n';
        commandLineOptions += arg.slice(2) + ' ';
        if ((splitArgs(arg) ?? []).length === 1) {
          lastOptionHasArgument = false;
          const nextIsOption = !isLast && args[j + 1].startsWith('--');
          const folded = asciiLower(arg);
          if (folded === '--save' && (nextIsOption || isLast)) {
            commandLineOptions += '""';
            lastOptionHasArgument = nextIsOption;
          } else if (folded === '--sentinel' && nextIsOption) {
            lastOptionHasArgument = true;
          }
        } else {
          lastOptionHasArgument = true;
        }
      } else {
        commandLineOptions += quoteRepr(arg) + ' ';
        lastOptionHasArgument = true;
      }
    }

    let text = config.file === null ? '' : readConfigFile(config.file, config.file);
    if (fromStdin) text += options.readStdin ? options.readStdin() : fs.readFileSync(0, 'latin1');
    text += '\n' + commandLineOptions;
    config.loadText(text, { readingConfigFile: false, accumulating: new Set(), depth: 0 });

    if (config.getBool('daemonize')) {
      config.startupWarnings.push("daemonize yes is accepted but ignored: Kunyu stays in the foreground (use a service manager to run it in the background)");
    }
    return config;
  }

  /** The value as CONFIG GET shows it. */
  get(name: string): string {
    return this.formatted.get(this.directiveNamed(name)) as string;
  }

  /** Numeric value of an int/memory/bool (1/0)/enum directive; notify-keyspace-events gives KeyspaceEvents flags. */
  getInt(name: string): number {
    const entry = this.directiveNamed(name);
    if (entry.codec.toInt === undefined) throw new Error(`config directive ${entry.name} is not numeric`);
    return entry.codec.toInt(this.values.get(entry));
  }

  getBool(name: string): boolean {
    const entry = this.directiveNamed(name);
    if (entry.codec.type !== 'bool') throw new Error(`config directive ${entry.name} is not a yes/no directive`);
    return this.values.get(entry) as boolean;
  }

  saveParams(): readonly SaveParam[] {
    return this.values.get(this.directiveNamed('save')) as readonly SaveParam[];
  }

  bindAddresses(): readonly string[] {
    return this.values.get(this.directiveNamed('bind')) as readonly string[];
  }

  clientOutputBufferLimits(): ClientBufferLimits {
    return this.values.get(this.directiveNamed('client-output-buffer-limit')) as ClientBufferLimits;
  }

  /** CONFIG SET name value. Throws ConfigSetError. */
  set(name: string, value: string, options: SetOptions = {}): void {
    this.setMany([[name, value]], options);
  }

  /** CONFIG SET with several pairs: all applied, or none (Redis 7 semantics and error precedence). Throws ConfigSetError. */
  setMany(pairs: readonly (readonly [string, string])[], options: SetOptions = {}): void {
    let unknownName: string | null = null;
    let refusal: { name: string; reason: string } | null = null;
    let refusedWhileLoading = false;
    const targets: RegisteredName[] = [];
    for (const [name] of pairs) {
      const registered = lookupName(name);
      if (registered === undefined) {
        if (unknownName === null && refusal === null && !refusedWhileLoading) unknownName = name;
        continue;
      }
      if (unknownName !== null || refusal !== null || refusedWhileLoading) continue;
      const entry = registered.directive;
      if (entry.immutable || (entry.protected && !this.allowsProtectedConfigs(options))) {
        refusal = { name, reason: entry.immutable ? "can't set immutable config" : "can't set protected config" };
        continue;
      }
      if (options.loading && entry.denyLoading) {
        refusedWhileLoading = true;
        continue;
      }
      // An alias and its primary name count as different parameters, as in Redis.
      if (targets.includes(registered)) {
        refusal = { name, reason: 'duplicate parameter' };
        continue;
      }
      targets.push(registered);
    }
    if (refusedWhileLoading) throw new ConfigSetError('LOADING Redis is loading the dataset in memory');
    if (unknownName !== null) throw new ConfigSetError(`ERR Unknown option or number of arguments for CONFIG SET - '${unknownName}'`);
    if (refusal !== null) throw configSetFailure(refusal.name, refusal.reason);

    // Parse everything before touching anything, so a failure changes nothing.
    const staged = new Map<Directive, unknown>();
    pairs.forEach(([, value], i) => {
      const { directive: entry, name } = targets[i];
      const args = entry.codec.multiArg ? splitOnSpaces(value) : [value];
      const context = this.parseContext(staged.has(entry) ? staged.get(entry) : this.values.get(entry), false, true);
      try {
        staged.set(entry, entry.codec.parse(args, context));
      } catch (err) {
        if (err instanceof DirectiveError) throw configSetFailure(name, err.message);
        throw err;
      }
    });

    const previous = new Map<Directive, unknown>();
    const changed: Array<{ entry: Directive; name: string }> = [];
    for (const [entry, value] of staged) {
      previous.set(entry, this.values.get(entry));
      const before = this.formatted.get(entry);
      this.store(entry, value);
      if (this.formatted.get(entry) !== before) {
        changed.push({ entry, name: targets.find((target) => target.directive === entry)?.name ?? entry.name });
      }
    }

    // Listeners apply the change; one that throws rolls the whole command back.
    const notified: Directive[] = [];
    for (const { entry, name } of changed) {
      try {
        this.notify(entry);
        notified.push(entry);
      } catch (err) {
        for (const [restored, value] of previous) this.store(restored, value);
        for (const restored of notified) {
          try {
            this.notify(restored);
          } catch {
            // Restoring is best effort, as in Redis's restoreBackupConfig.
          }
        }
        throw configSetFailure(name, err instanceof Error ? err.message : String(err));
      }
    }
  }

  /**
   * CONFIG GET: names matching any pattern (case-insensitive globs; a name
   * without glob characters is looked up exactly, hidden ones included), no
   * duplicates. Redis orders them by its hash table, i.e. arbitrarily; Kunyu
   * gives them in pattern order, then table order.
   */
  getMatching(patterns: readonly string[]): [string, string][] {
    const matches = new Map<string, [string, string]>();
    for (const pattern of patterns) {
      if (!/[[*?]/.test(pattern)) {
        const registered = lookupName(pattern);
        const key = asciiLower(pattern);
        if (registered !== undefined && !matches.has(key)) matches.set(key, [pattern, this.formatted.get(registered.directive) as string]);
        continue;
      }
      for (const registered of REGISTERED_NAMES) {
        if (registered.directive.hidden || matches.has(registered.name)) continue;
        if (globMatch(pattern, registered.name, true)) {
          matches.set(registered.name, [registered.name, this.formatted.get(registered.directive) as string]);
        }
      }
    }
    return [...matches.values()];
  }

  /** Calls `listener` with the new CONFIG GET text after a CONFIG SET changed the directive; throwing rolls the CONFIG SET back. */
  onChange(name: string, listener: (value: string) => void): void {
    const entry = this.directiveNamed(name);
    const listeners = this.listeners.get(entry);
    if (listeners === undefined) this.listeners.set(entry, [listener]);
    else listeners.push(listener);
  }

  /**
   * CONFIG REWRITE, with Redis's algorithm: each directive reuses the lines
   * it already has in the file (alias lines count as the directive), values
   * that differ from the default and have no line are appended after the
   * "# Generated by CONFIG REWRITE" marker, leftover lines of rewritten
   * directives are dropped, unknown lines are kept as "# ??? " comments, runs
   * of blank lines collapse. include / rename-command / user / loadmodule
   * lines are kept as they are. Throws ConfigRewriteError.
   */
  rewrite(): void {
    if (this.file === null) throw new ConfigRewriteError('The server is running without a config file');
    const file = fsPath(this.file);
    let oldText: string;
    try {
      oldText = fs.readFileSync(file, 'latin1');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw rewriteFailure(err);
      oldText = '';
    }

    const lines: string[] = [];
    const linesOfDirective = new Map<string, number[]>();
    let needsSignature = true;
    for (const rawLine of oldText === '' ? [] : oldText.split('\n')) {
      const line = trimConfigLine(rawLine);
      if (line === '' || line[0] === '#') {
        if (line === REWRITE_SIGNATURE) needsSignature = false;
        lines.push(line);
        continue;
      }
      const args = splitArgs(line);
      const option = args === null || args.length === 0 ? null : asciiLower(args[0]);
      const registered = option === null ? undefined : lookupName(option);
      if (option === null || (registered === undefined && !REWRITE_PASSTHROUGH_DIRECTIVES.has(option))) {
        lines.push('# ??? ' + line);
        continue;
      }
      const key = registered?.directive.name ?? option;
      const numbers = linesOfDirective.get(key) ?? [];
      numbers.push(lines.length);
      linesOfDirective.set(key, numbers);
      lines.push(line);
    }

    const rewritten = new Set<string>();
    for (const entry of DIRECTIVES) {
      rewritten.add(entry.name);
      for (const { text, force } of entry.codec.rewrite(entry.name, this.values.get(entry), entry.defaultValue({ cwd: '' }))) {
        const reusable = linesOfDirective.get(entry.name);
        if (reusable !== undefined && reusable.length > 0) {
          lines[reusable.shift() as number] = text;
        } else if (force) {
          if (needsSignature) {
            lines.push(REWRITE_SIGNATURE);
            needsSignature = false;
          }
          lines.push(text);
        }
      }
    }
    for (const [option, numbers] of linesOfDirective) {
      if (rewritten.has(option)) for (const lineNumber of numbers) lines[lineNumber] = '';
    }

    let content = '';
    let previousWasEmpty = false;
    for (const line of lines) {
      if (line === '' && previousWasEmpty) continue;
      previousWasEmpty = line === '';
      content += line + '\n';
    }
    writeFileAtomically(file, Buffer.from(content, 'latin1'));
  }

  private directiveNamed(name: string): Directive {
    const registered = lookupName(name);
    if (registered === undefined) throw new Error(`unknown config directive ${name}`);
    return registered.directive;
  }

  private store(entry: Directive, value: unknown): void {
    this.values.set(entry, value);
    this.formatted.set(entry, entry.codec.format(value));
  }

  private notify(entry: Directive): void {
    const value = this.formatted.get(entry) as string;
    for (const listener of this.listeners.get(entry) ?? []) listener(value);
  }

  private allowsProtectedConfigs(options: SetOptions): boolean {
    const setting = this.get('enable-protected-configs');
    return setting === 'yes' || (setting === 'local' && options.localClient === true);
  }

  private parseContext(current: unknown, accumulate: boolean, fromConfigSet: boolean): ParseContext<unknown> {
    return { current, dir: this.get('dir'), accumulate, fromConfigSet, configFile: this.file };
  }

  // config.c loadServerConfigFromString. Line numbers count from the start of
  // `text` (which, for the main file, includes stdin and the command line).
  private loadText(text: string, state: LoadState): void {
    state.readingConfigFile = true;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = trimConfigLine(lines[i]);
      if (line === '' || line[0] === '#') continue;
      const at: ConfigLocation = { line: i + 1, text: line };
      const args = splitArgs(line);
      if (args === null) throw new ConfigError('Unbalanced quotes in configuration line', at);
      if (args.length === 0) continue;
      const name = asciiLower(args[0]);

      const registered = lookupName(name);
      if (registered !== undefined) {
        const entry = registered.directive;
        if (!entry.codec.multiArg && args.length !== 2) throw new ConfigError('wrong number of arguments', at);
        // A multi-argument directive given one non-empty argument splits it
        // again, so `--save "3600 1 300 100"` works (an unbalanced one gives no arguments).
        const values = entry.codec.multiArg && args.length === 2 && args[1] !== '' ? (splitArgs(args[1]) ?? []) : args.slice(1);
        const accumulate = state.readingConfigFile && state.accumulating.has(entry);
        try {
          this.store(entry, entry.codec.parse(values, this.parseContext(this.values.get(entry), accumulate, false)));
        } catch (err) {
          if (err instanceof DirectiveError) throw new ConfigError(err.message, at);
          throw err;
        }
        if (state.readingConfigFile) state.accumulating.add(entry);
      } else if (DEPRECATED_DIRECTIVES.has(name) && args.length === 2) {
        continue;
      } else if (name === 'include' && args.length === 2) {
        if (state.depth >= MAX_INCLUDE_DEPTH) throw new ConfigError('Too many nested include directives', at);
        this.loadText(this.readIncluded(args[1]), { ...state, depth: state.depth + 1 });
        // Like Redis, returning from an include ends "reading a config file" for `save` accumulation.
        state.readingConfigFile = false;
      } else if ((name === 'rename-command' && args.length === 3) || ((name === 'user' || name === 'loadmodule') && args.length >= 2)) {
        this.startup.push({ name, args: args.slice(1), at });
      } else if (name.includes('.')) {
        if (args.length !== 2) throw new ConfigError('Module config specified without value', at);
        this.startup.push({ name, args: args.slice(1), at });
      } else if (name === 'sentinel') {
        if (args.length !== 1) throw new ConfigError('sentinel directive while not in sentinel mode', at);
      } else {
        throw new ConfigError('Bad directive or wrong number of arguments', at);
      }
    }

    const logfile = this.get('logfile');
    if (logfile !== '') {
      try {
        fs.closeSync(fs.openSync(fsPath(path.resolve(this.get('dir'), logfile)), 'a'));
      } catch (err) {
        throw new ConfigError(`Can't open the log file: ${strerror(err)}`);
      }
    }
    if (this.getBool('cluster-enabled') && this.get('replicaof') !== '') {
      throw new ConfigError('replicaof directive not allowed in cluster mode');
    }
    state.readingConfigFile = false;
  }

  // An include with *, ? or [ is a glob (no match is fine); otherwise the file must exist.
  private readIncluded(pattern: string): string {
    const dir = this.get('dir');
    if (!/[*?[]/.test(pattern)) return readConfigFile(pattern, path.resolve(dir, pattern));
    return expandIncludeGlob(pattern, dir)
      .map((file) => readConfigFile(file, path.resolve(dir, file)))
      .join('');
  }
}

function configSetFailure(name: string, reason: string): ConfigSetError {
  return new ConfigSetError(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);
}

function rewriteFailure(err: unknown): ConfigRewriteError {
  return new ConfigRewriteError(`Rewriting config file: ${strerror(err)}`);
}

// server.c getAbsolutePath: trims, then joins with the working directory,
// folding only leading "../" (no other normalisation).
function absolutePath(filename: string, cwd: string): string {
  let relative = trimConfigLine(filename);
  if (relative.startsWith('/')) return relative;
  let absolute = cwd.endsWith('/') ? cwd : cwd + '/';
  while (relative.startsWith('../')) {
    relative = relative.slice(3);
    if (absolute.length > 1) absolute = absolute.slice(0, absolute.lastIndexOf('/', absolute.length - 2) + 1);
  }
  return absolute + relative;
}

// Reads a config file the way fopen+fgets does: a directory reads as empty.
function readConfigFile(shownName: string, binaryPath: string): string {
  try {
    return fs.readFileSync(fsPath(binaryPath), 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return '';
    throw new ConfigError(
      `Fatal error, can't open config file '${shownName}': ${strerror(err)}`,
      null,
      `Fatal error, can't open config file '${shownName}': ${strerror(err)}`,
    );
  }
}

// glob(3) for include patterns, one path segment at a time: wildcards
// (Redis's glob syntax) never match a leading dot unless the segment starts
// with one; results are sorted and relative patterns give relative paths.
function expandIncludeGlob(pattern: string, dir: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((segment) => segment !== '');
  let candidates: string[] = [absolute ? '/' : ''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!/[*?[]/.test(segment)) {
        next.push(base + segment + '/');
        continue;
      }
      let names: string[];
      try {
        names = fs.readdirSync(fsPath(path.resolve(dir, base === '' ? '.' : base)), { encoding: 'buffer' }).map((name) => name.toString('latin1'));
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (globMatch(segment, name)) next.push(base + name + '/');
      }
    }
    candidates = next;
  }
  return candidates
    .map((candidate) => candidate.slice(0, -1))
    .filter((candidate) => candidate !== '' && fs.existsSync(fsPath(path.resolve(dir, candidate))));
}

// config.c rewriteConfigOverwriteFile: write a temporary file next to the
// config, fsync, then rename over it. Mode 0644 minus the umask.
function writeFileAtomically(file: Buffer, content: Buffer): void {
  const suffix = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  const temporary = Buffer.concat([file, Buffer.from(`.${suffix}`)]);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temporary, 'wx', 0o644);
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temporary, file);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw rewriteFailure(err);
  }
}
