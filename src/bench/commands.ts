/** Benchmark commands: the redis-benchmark test suite, user templates, and their wire encoding. */

const RAND_PLACEHOLDER = '__rand_int__';
const DATA_PLACEHOLDER = '__data__';
const RAND_DIGITS = 12; // same width as the placeholder, so substitution never changes lengths

export interface BenchCommand {
  title: string;
  /** One request on the wire. */
  bytes: Buffer;
  /** Offsets in `bytes` of the __rand_int__ placeholders to randomize (empty without -r). */
  randOffsets: number[];
}

interface SuiteTest {
  /** -t names that select this test. */
  selectors: string[];
  title: string;
  /** RESP array arguments, or raw bytes for the inline-protocol test. */
  command: (data: string, randomKeys: boolean) => string[] | Buffer;
}

const LRANGE_SELECTORS = ['lrange', 'lrange_100', 'lrange_300', 'lrange_500', 'lrange_600'];

/** The tests redis-benchmark 7.0 runs, in its order, sending the same commands. */
const SUITE: SuiteTest[] = [
  { selectors: ['ping_inline', 'ping'], title: 'PING_INLINE', command: () => Buffer.from('PING\r\n') },
  { selectors: ['ping_mbulk', 'ping'], title: 'PING_MBULK', command: () => ['PING'] },
  { selectors: ['set'], title: 'SET', command: (data) => ['SET', 'key:__rand_int__', data] },
  { selectors: ['get'], title: 'GET', command: () => ['GET', 'key:__rand_int__'] },
  { selectors: ['incr'], title: 'INCR', command: () => ['INCR', 'counter:__rand_int__'] },
  { selectors: ['lpush'], title: 'LPUSH', command: (data) => ['LPUSH', 'mylist', data] },
  { selectors: ['rpush'], title: 'RPUSH', command: (data) => ['RPUSH', 'mylist', data] },
  { selectors: ['lpop'], title: 'LPOP', command: () => ['LPOP', 'mylist'] },
  { selectors: ['rpop'], title: 'RPOP', command: () => ['RPOP', 'mylist'] },
  { selectors: ['sadd'], title: 'SADD', command: () => ['SADD', 'myset', 'element:__rand_int__'] },
  { selectors: ['hset'], title: 'HSET', command: (data) => ['HSET', 'myhash', 'element:__rand_int__', data] },
  { selectors: ['spop'], title: 'SPOP', command: () => ['SPOP', 'myset'] },
  {
    selectors: ['zadd'],
    title: 'ZADD',
    command: (_data, randomKeys) => ['ZADD', 'myzset', randomKeys ? RAND_PLACEHOLDER : '0', 'element:__rand_int__'],
  },
  { selectors: ['zpopmin'], title: 'ZPOPMIN', command: () => ['ZPOPMIN', 'myzset'] },
  { selectors: LRANGE_SELECTORS, title: 'LPUSH (needed to benchmark LRANGE)', command: (data) => ['LPUSH', 'mylist', data] },
  { selectors: ['lrange', 'lrange_100'], title: 'LRANGE_100 (first 100 elements)', command: () => ['LRANGE', 'mylist', '0', '99'] },
  { selectors: ['lrange', 'lrange_300'], title: 'LRANGE_300 (first 300 elements)', command: () => ['LRANGE', 'mylist', '0', '299'] },
  { selectors: ['lrange', 'lrange_500'], title: 'LRANGE_500 (first 500 elements)', command: () => ['LRANGE', 'mylist', '0', '499'] },
  { selectors: ['lrange', 'lrange_600'], title: 'LRANGE_600 (first 600 elements)', command: () => ['LRANGE', 'mylist', '0', '599'] },
  {
    selectors: ['mset'],
    title: 'MSET (10 keys)',
    command: (data) => ['MSET', ...Array.from({ length: 10 }, () => ['key:__rand_int__', data]).flat()],
  },
];

export const TEST_NAMES: string[] = [...new Set(SUITE.flatMap((test) => test.selectors))];

export function encodeCommand(args: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) parts.push(Buffer.from(`$${arg.length}\r\n`), arg, Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function placeholderOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = bytes.indexOf(RAND_PLACEHOLDER); at !== -1; at = bytes.indexOf(RAND_PLACEHOLDER, at + RAND_DIGITS)) {
    offsets.push(at);
  }
  return offsets;
}

function makeCommand(title: string, command: string[] | Buffer, randomKeys: boolean): BenchCommand {
  const bytes = Buffer.isBuffer(command) ? command : encodeCommand(command.map((arg) => Buffer.from(arg)));
  return { title, bytes, randOffsets: randomKeys ? placeholderOffsets(bytes) : [] };
}

/** Suite tests selected by `selected` (all when null), in suite order. */
export function suiteCommands(selected: string[] | null, dataSize: number, randomKeys: boolean): BenchCommand[] {
  const data = 'x'.repeat(dataSize);
  return SUITE.filter((test) => selected === null || test.selectors.some((name) => selected.includes(name))).map(
    (test) => makeCommand(test.title, test.command(data, randomKeys), randomKeys),
  );
}

/** A user command line; __data__ anywhere in an argument becomes the -d payload. */
export function templateCommand(args: string[], dataSize: number, randomKeys: boolean): BenchCommand {
  const data = 'x'.repeat(dataSize);
  return makeCommand(
    args.join(' '),
    args.map((arg) => arg.split(DATA_PLACEHOLDER).join(data)),
    randomKeys,
  );
}

/**
 * `depth` copies of a command, written with a single socket write per batch. Random placeholders
 * are patched in place with fresh digits before each batch instead of re-encoding the command.
 * Reusing the buffer is safe because a batch is only rebuilt after all its replies arrived, so
 * the previous write has been fully sent.
 */
export class PipelineBuffer {
  private readonly bytes: Buffer;
  private readonly commandLength: number;
  /** Placeholder offsets of all copies, in command order. */
  private readonly randOffsets: Int32Array;
  private readonly placeholdersPerCommand: number;

  constructor(
    command: BenchCommand,
    private readonly depth: number,
    private readonly keyspaceLen: number,
  ) {
    this.commandLength = command.bytes.length;
    this.placeholdersPerCommand = command.randOffsets.length;
    this.bytes = Buffer.allocUnsafe(this.commandLength * depth);
    this.randOffsets = new Int32Array(this.placeholdersPerCommand * depth);
    for (let copy = 0; copy < depth; copy++) {
      const base = copy * this.commandLength;
      command.bytes.copy(this.bytes, base);
      for (let i = 0; i < this.placeholdersPerCommand; i++) {
        this.randOffsets[copy * this.placeholdersPerCommand + i] = base + command.randOffsets[i];
      }
    }
  }

  /** Wire bytes of the first `count` commands (count <= depth), with fresh random digits. */
  batch(count: number): Buffer {
    const bytes = this.bytes;
    const offsets = this.randOffsets;
    const keyspaceLen = this.keyspaceLen;
    const placeholders = count * this.placeholdersPerCommand;
    for (let i = 0; i < placeholders; i++) {
      let value = Math.floor(Math.random() * keyspaceLen);
      for (let pos = offsets[i] + RAND_DIGITS - 1, first = offsets[i]; pos >= first; pos--) {
        const quotient = Math.floor(value / 10);
        bytes[pos] = 48 + value - quotient * 10;
        value = quotient;
      }
    }
    return count === this.depth ? bytes : bytes.subarray(0, count * this.commandLength);
  }
}
