// HyperLogLog commands (Redis 7.0's hyperloglog.c semantics): PFADD PFCOUNT PFMERGE PFDEBUG
// PFSELFTEST. Values are strings in Redis's HLL format (src/store/hll.ts), so they move freely
// between Redis and Kunyu (GET/SET, DUMP-less copies) and GET shows Redis's exact bytes.
// PFCOUNT with several keys and PFMERGE may reach keys on other shards (peekKey; the destination
// is written wherever it lives).
import { KeyspaceEvents as EV } from '../server/config';
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import { META_RAW } from '../store/keyspace';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { keyAt } from './keyspecs';
import { WRONGTYPE } from '../store/errors';
import {
  HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_REGISTERS, HLL_SPARSE, Hll, cachedCardinality, denseGet, estimate,
  denseGetString, hllPattern, histogramOf, histogramOfRaw, isHllString, mergeInto, setSparseMaxBytes,
} from '../store/hll';
import { readAnyKey, storeRawString } from './bitmap';

const NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const CORRUPTED = 'INVALIDOBJ Corrupted HLL object detected';

/** Checks a value is an HLL string; writes the error and returns false otherwise. */
function checkHll(value: unknown, w: ReplyWriter): value is string {
  if (typeof value !== 'string') { w.error(WRONGTYPE); return false; }
  if (!isHllString(value)) { w.error(NOT_HLL); return false; }
  return true;
}

function useSettings(ctx: ShardContext): void {
  setSparseMaxBytes(ctx.shard.settings.hllSparseMaxBytes);
}

/** An estimate as Redis replies it: a signed 64-bit integer. */
function writeCard(w: ReplyWriter, card: bigint): void {
  const signed = BigInt.asIntN(64, card);
  if (signed <= 9007199254740991n && signed >= -9007199254740991n) w.int(Number(signed));
  else w.bigint(signed);
}

function pfadd(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  useSettings(ctx);
  const key = argv[1];
  // lookupKeyWrite: no hit/miss counted.
  const e = ctx.db.lookup(key, ctx.now);
  let hll: Hll;
  let updated = 0;
  if (e === undefined) {
    hll = Hll.empty();
    updated++;
  } else {
    if (!checkHll(e.value, w)) return;
    e.meta |= META_RAW;
    if (argv.length === 2 || (e.value.charCodeAt(4) === HLL_DENSE && !raisesDense(e.value, argv))) { w.int(0); return; }
    hll = Hll.from(e.value);
  }
  for (let j = 2; j < argv.length; j++) {
    const r = hll.add(argv[j]);
    if (r === 1) updated++;
    else if (r < 0) {
      // Redis changed the value in place up to here (without invalidating the cached count).
      const partial = hll.toString();
      if (e !== undefined && partial !== e.value) ctx.shard.update(ctx, key, partial, META_RAW);
      w.error(CORRUPTED);
      return;
    }
  }
  if (updated > 0) {
    hll.invalidateCache();
    ctx.shard.update(ctx, key, hll.toString(), META_RAW);
    ctx.shard.notify(ctx, EV.STRING, 'pfadd', key);
  }
  w.int(updated > 0 ? 1 : 0);
}

/** True if some element would raise a register of a dense HLL (else PFADD changes nothing). */
function raisesDense(value: string, argv: string[]): boolean {
  for (let j = 2; j < argv.length; j++) {
    const p = hllPattern(argv[j]);
    if ((p & 63) > denseGetString(value, p >>> 6)) return true;
  }
  return false;
}

function pfcount(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  if (argv.length > 2) {
    // The cardinality of the union; the keys are not changed.
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const found = readAnyKey(ctx, argv[j]);
      if (found === undefined) continue;
      if (!checkHll(found.value, w)) return;
      if (!mergeInto(max, found.value)) { w.error(CORRUPTED); return; }
    }
    writeCard(w, estimate(histogramOfRaw(max)));
    return;
  }
  const key = argv[1];
  const e = ctx.shard.read(ctx, key);
  if (e === undefined) { w.int(0); return; }
  const value = e.value;
  if (!checkHll(value, w)) return;
  e.meta |= META_RAW;
  const cached = cachedCardinality(value);
  if (cached !== null) { writeCard(w, cached); return; }
  const histo = histogramOf(value);
  if (histo === null) { w.error(CORRUPTED); return; }
  const card = estimate(histo);
  // Redis stores the new count in the value (a change replicas see, and WATCH too).
  const hll = Hll.from(value);
  hll.setCache(card);
  ctx.shard.update(ctx, key, hll.toString(), META_RAW);
  writeCard(w, card);
}

function pfmerge(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  useSettings(ctx);
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  // The destination is one of the inputs (argv[1] onwards).
  for (let j = 1; j < argv.length; j++) {
    const found = readAnyKey(ctx, argv[j]);
    if (found === undefined) continue;
    if (!checkHll(found.value, w)) return;
    if (found.value.charCodeAt(4) === HLL_DENSE) useDense = true;
    if (!mergeInto(max, found.value)) { w.error(CORRUPTED); return; }
  }
  const dest = argv[1];
  const current = ctx.shard.peekKey(ctx, dest);
  const hll = current === undefined ? Hll.empty() : Hll.from(current.value as string);
  if (useDense && !hll.toDense()) { w.error(CORRUPTED); return; }
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] !== 0) hll.set(j, max[j]);
  }
  hll.invalidateCache();
  storeRawString(ctx, dest, hll.toString(), true);
  ctx.shard.notify(ctx, EV.STRING, 'pfadd', dest);
  w.ok();
}

function pfdebug(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const sub = argv[1];
  const key = argv[2];
  const e = ctx.db.lookup(key, ctx.now);
  if (e === undefined) { w.error('ERR The specified key does not exist'); return; }
  if (!checkHll(e.value, w)) return;
  e.meta |= META_RAW;
  const value = e.value;
  switch (sub.toLowerCase()) {
    case 'getreg': {
      let regs = value;
      if (value.charCodeAt(4) === HLL_SPARSE) {
        const hll = Hll.from(value);
        if (!hll.toDense()) { w.error(CORRUPTED); return; }
        regs = hll.toString();
        ctx.db.reencodeString(e, regs);
      }
      const b = Buffer.from(regs, 'latin1');
      w.array(HLL_REGISTERS);
      for (let i = 0; i < HLL_REGISTERS; i++) w.int(denseGet(b, HLL_HDR_SIZE, i));
      return;
    }
    case 'decode': {
      if (value.charCodeAt(4) !== HLL_SPARSE) { w.error('ERR HLL encoding is not sparse'); return; }
      const parts: string[] = [];
      for (let p = HLL_HDR_SIZE; p < value.length;) {
        const op = value.charCodeAt(p);
        if ((op & 0xc0) === 0) {
          parts.push(`z:${(op & 0x3f) + 1}`);
          p++;
        } else if ((op & 0xc0) === 0x40) {
          const next = p + 1 < value.length ? value.charCodeAt(p + 1) : 0;
          parts.push(`Z:${(((op & 0x3f) << 8) | next) + 1}`);
          p += 2;
        } else {
          parts.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`);
          p++;
        }
      }
      w.bulk(parts.join(' '));
      return;
    }
    case 'encoding':
      w.simple(value.charCodeAt(4) === HLL_DENSE ? 'dense' : 'sparse');
      return;
    case 'todense': {
      if (value.charCodeAt(4) !== HLL_SPARSE) { w.int(0); return; }
      const hll = Hll.from(value);
      if (!hll.toDense()) { w.error(CORRUPTED); return; }
      ctx.db.reencodeString(e, hll.toString());
      w.int(1);
      return;
    }
    default:
      w.error(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/** PFSELFTEST: checks register access, and dense against sparse counts, on random data. */
function pfselftest(ctx: ShardContext, _argv: string[], w: ReplyWriter): void {
  useSettings(ctx);
  const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
  const bytes = new Uint8Array(HLL_REGISTERS);
  const rand = (): number => Math.floor(Math.random() * 0x100000000);
  for (let cycle = 0; cycle < 100; cycle++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = rand() & 63;
      bytes[i] = r;
      writeRegister(dense, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(dense, HLL_HDR_SIZE, i);
      if (v !== bytes[i]) { w.error(`TESTFAILED Register ${i} should be ${bytes[i]} but is ${v}`); return; }
    }
  }
  // Dense and sparse must agree on every count, and the error must stay within bounds.
  const a = Hll.empty();
  const b = Hll.empty();
  b.toDense();
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  const seed = rand();
  let checkpoint = 1;
  const ele = Buffer.alloc(8);
  for (let j = 1; j <= 100000; j++) {
    ele.writeUInt32LE((j ^ seed) >>> 0, 0);
    ele.writeUInt32LE(seed, 4);
    const s = ele.latin1Slice(0, 8);
    a.add(s);
    b.add(s);
    if (j === checkpoint) {
      if (j < ctx.shard.settings.hllSparseMaxBytes / 2 && a.encoding !== HLL_SPARSE) {
        w.error('TESTFAILED sparse encoding not used');
        return;
      }
      const ha = histogramOf(a.toString());
      const hb = histogramOf(b.toString());
      const ca = ha === null ? -1n : estimate(ha);
      const cb = hb === null ? -2n : estimate(hb);
      if (ca !== cb) { w.error('TESTFAILED dense/sparse disagree'); return; }
      const abserr = Math.abs(checkpoint - Number(cb));
      const maxerr = j === 10 ? 1 : Math.ceil(relerr * 6 * checkpoint);
      if (abserr > maxerr) { w.error(`TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`); return; }
      checkpoint *= 10;
    }
  }
  w.ok();
}

function writeRegister(b: Buffer, index: number, value: number): void {
  const bit = index * 6;
  const byte = HLL_HDR_SIZE + (bit >> 3);
  const fb = bit & 7;
  b[byte] = (b[byte] & ~(63 << fb)) | (value << fb);
  b[byte + 1] = (b[byte + 1] & ~(63 >> (8 - fb))) | (value >> (8 - fb));
}

// ---- the table

const HYPERLOGLOG = ['hyperloglog'];
const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };

const hllCmd = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: HYPERLOGLOG, group: 'hyperloglog', where: 'shard', ...def });

const PFMERGE_KEYS: KeySpec[] = [
  { flags: ['RW', 'access', 'insert'], begin: { index: 1 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } },
  { flags: ['RO', 'access'], begin: { index: 2 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } },
];

export const hyperloglogCommands: CommandDef[] = [
  hllCmd({
    name: 'pfadd', arity: -2, flags: ['write', 'denyoom', 'fast'], since: '2.8.9', complexity: 'O(1) to add every element.',
    summary: 'Adds elements to a HyperLogLog, creating it if needed.',
    keys: keyAt(1, 'RW', 'insert'),
    args: [KEY, { name: 'element', type: 'string', flags: ['optional', 'multiple'] }], shard: pfadd,
  }),
  hllCmd({
    name: 'pfcount', arity: -2, flags: ['readonly'], since: '2.8.9',
    complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    summary: 'Returns the estimated number of distinct elements added to one HyperLogLog, or to the union of several.',
    keys: [{ notes: 'RW because it may change the internal representation of the key, and propagate to replicas',
      flags: ['RW', 'access'], begin: { index: 1 }, find: { range: { lastKey: -1, step: 1, limit: 0 } } }],
    args: [{ ...KEY, flags: ['multiple'] }], shard: pfcount,
  }),
  hllCmd({
    name: 'pfmerge', arity: -2, flags: ['write', 'denyoom'], since: '2.8.9',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    summary: 'Merges HyperLogLogs into a destination HyperLogLog (itself included).',
    keys: PFMERGE_KEYS,
    args: [{ name: 'destkey', type: 'key', keySpecIndex: 0 }, { name: 'sourcekey', type: 'key', keySpecIndex: 1, flags: ['multiple'] }],
    shard: pfmerge,
  }),
  hllCmd({
    name: 'pfdebug', arity: 3, flags: ['write', 'denyoom', 'admin'], since: '2.8.9', complexity: 'N/A',
    summary: 'Shows or converts the internal representation of a HyperLogLog (for debugging).',
    keys: [{ flags: ['RW', 'access'], begin: { index: 2 }, find: { range: { lastKey: 0, step: 1, limit: 0 } } }],
    args: [{ name: 'subcommand', type: 'string' }, { name: 'key', type: 'key', keySpecIndex: 0 }], shard: pfdebug,
  }),
  hllCmd({
    name: 'pfselftest', arity: 1, flags: ['admin'], since: '2.8.9', complexity: 'N/A',
    summary: 'Tests the HyperLogLog implementation on random data.',
    shard: pfselftest,
  }),
];
