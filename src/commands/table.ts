// The one command table. Every family file exports its CommandDefs; this module indexes them.
// Arity and unknown-command errors, routing (key positions), ACL categories and the COMMAND
// command's output all derive from here and nothing else. Both the acceptor and every shard
// worker load this module, so command ids agree across threads.
import type { Command, CommandDef, KeySpec } from './types';
import { latin1String } from '../util/bytes';
import { connectionCommands } from './connection';
import { serverCommands } from './server';
import { stringCommands } from './string';
import { genericCommands } from './generic';
import { listCommands } from './list';
import { hashCommands } from './hash';
import { setCommands } from './set';
import { zsetCommands } from './zset';
import { pubsubCommands } from './pubsub';
import { txCommands } from './tx';
import { scriptingCommands } from './scripting';
import { streamCommands } from './stream';
import { bitmapCommands } from './bitmap';
import { hyperloglogCommands } from './hyperloglog';
import { geoCommands } from './geo';
import { sortCommands } from './sort';

export const ACL_CATEGORY_ORDER = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
];

const families: CommandDef[][] = [
  connectionCommands, serverCommands, stringCommands, genericCommands, listCommands, hashCommands, setCommands, zsetCommands,
  pubsubCommands, txCommands, scriptingCommands, bitmapCommands, hyperloglogCommands, geoCommands, sortCommands, streamCommands,
];

/** Every command and subcommand, indexed by id. */
export const commandsById: Command[] = [];
/** Top-level commands callable by clients, by lower-case name. */
const byName = new Map<string, Command>();
/** Internal commands (sent between threads), by name. */
const internalByName = new Map<string, Command>();

function index(def: CommandDef, parent: Command | null): Command {
  const fullName = parent ? `${parent.name}|${def.name}` : def.name;
  const legacy = legacyKeyRange(def.keys ?? []);
  const cmd: Command = {
    ...def,
    id: commandsById.length,
    fullName,
    nameSpelling: '',
    aclCategories: aclCategories(def),
    firstKey: legacy.first,
    lastKey: legacy.last,
    keyStep: legacy.step,
    movableKeys: legacy.movable,
    denyOom: def.flags.includes('denyoom'),
    singleKeyIndex: singleKeyIndex(def.keys ?? []),
    parent,
    subs: null,
  };
  commandsById.push(cmd);
  if (def.subcommands) {
    cmd.subs = new Map();
    for (const sub of def.subcommands) cmd.subs.set(sub.name, index(sub, cmd));
  }
  return cmd;
}

for (const family of families) {
  for (const def of family) {
    const cmd = index(def, null);
    if (def.internal) internalByName.set(def.name, cmd);
    else byName.set(def.name, cmd);
  }
}

/**
 * Client-callable names indexed by bytes, in any letter case: the acceptor finds a command
 * straight from the request buffer, without making a string per command. Open addressing over a
 * hash of the lower-cased name; each slot holds the name's bytes and its command.
 */
const BYTE_INDEX_BITS = 11;
let byteNames: Array<Uint8Array | undefined> = [];
let byteCommands: Array<Command | undefined> = [];

function nameHash(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  // `| 0x20` lower-cases letters; other bytes may collide, which the byte comparison sorts out.
  for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] | 0x20), 0x01000193);
  return h >>> (32 - BYTE_INDEX_BITS);
}

function reindex(): void {
  byteNames = new Array(1 << BYTE_INDEX_BITS);
  byteCommands = new Array(1 << BYTE_INDEX_BITS);
  const mask = (1 << BYTE_INDEX_BITS) - 1;
  for (const [name, cmd] of byName) {
    const bytes = Buffer.from(name, 'latin1');
    let i = nameHash(bytes, 0, bytes.length);
    while (byteNames[i] !== undefined) i = (i + 1) & mask;
    byteNames[i] = bytes;
    byteCommands[i] = cmd;
  }
}
reindex();

/**
 * rename-command (a start-up directive): the command answers to a new name, or to none when
 * `to` is empty. Returns Redis's error reason, or null.
 */
export function renameCommand(from: string, to: string): string | null {
  const cmd = byName.get(from.toLowerCase());
  if (cmd === undefined) return 'No such command in rename-command';
  if (to !== '' && byName.has(to.toLowerCase())) return 'Target command name already exists';
  byName.delete(from.toLowerCase());
  if (to !== '') byName.set(to.toLowerCase(), cmd);
  reindex();
  return null;
}

/** Scratch bytes for findCommand: names are short, so no allocation per lookup. */
const nameBytes = Buffer.allocUnsafe(64);

/** Looks up a client-callable command by name, in any letter case. */
export function findCommand(name: string): Command | undefined {
  if (name.length > nameBytes.length) return undefined;
  const n = nameBytes.latin1Write(name, 0);
  return findCommandAt(nameBytes, 0, n);
}

/** Looks up a client-callable command named by the bytes b[from, to), in any letter case. */
export function findCommandAt(b: Uint8Array, from: number, to: number): Command | undefined {
  const mask = (1 << BYTE_INDEX_BITS) - 1;
  const len = to - from;
  for (let i = nameHash(b, from, to); ; i = (i + 1) & mask) {
    const name = byteNames[i];
    if (name === undefined) return undefined;
    if (name.length !== len) continue;
    let j = 0;
    for (; j < len; j++) {
      let c = b[from + j];
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== name[j]) break;
    }
    if (j === len) return byteCommands[i];
  }
}

/**
 * A command's name argument (argv[0]) as a string. Clients keep to one spelling of a command, so
 * the string last made for it is reused when the bytes match: one string less per command.
 */
export function nameArgument(cmd: Command, b: Buffer, from: number, to: number): string {
  const last = cmd.nameSpelling;
  const len = to - from;
  if (last.length === len) {
    let j = 0;
    while (j < len && b[from + j] === last.charCodeAt(j)) j++;
    if (j === len) return last;
  }
  return (cmd.nameSpelling = latin1String(b, from, to));
}

export function internalCommand(name: string): Command {
  const cmd = internalByName.get(name);
  if (!cmd) throw new Error(`no internal command ${name}`);
  return cmd;
}

export function allCommands(): IterableIterator<Command> {
  return byName.values();
}

export function commandCount(): number {
  return byName.size;
}

// Redis adds categories implied by flags (setImplicitACLCategories in server.c).
function aclCategories(def: CommandDef): string[] {
  const cats = new Set<string>();
  const f = new Set(def.flags);
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !def.acl.includes('scripting')) cats.add('read');
  if (f.has('admin')) { cats.add('admin'); cats.add('dangerous'); }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  if (!f.has('fast')) cats.add('slow');
  for (const c of def.acl) cats.add(c);
  // COMMAND lists categories in the order of Redis's category table, whatever their source.
  return ACL_CATEGORY_ORDER.filter((c) => cats.has(c)).map((c) => '@' + c);
}


// The (first, last, step) triple COMMAND reports: derived from the key specs like Redis's
// populateCommandLegacyRangeSpec.
function legacyKeyRange(specs: KeySpec[]): { first: number; last: number; step: number; movable: boolean } {
  let first = 0;
  let last = 0;
  let step = 0;
  let movable = false;
  let prevLast = 0;
  for (const spec of specs) {
    if (!('index' in spec.begin) || !('range' in spec.find)) { movable = true; continue; }
    const r = spec.find.range;
    if (r.limit !== 0 && r.lastKey < 0) { movable = true; continue; }
    const specFirst = spec.begin.index;
    const specLast = r.lastKey >= 0 ? specFirst + r.lastKey : r.lastKey;
    if (first === 0) {
      first = specFirst;
      last = specLast;
      step = r.step;
      prevLast = specLast;
      continue;
    }
    // Specs that continue the same range (e.g. MSET's pairs) merge; others make the range partial.
    if (r.step === step && prevLast >= 0 && specFirst === prevLast + step) {
      last = specLast;
      prevLast = specLast;
    } else {
      movable = true;
    }
  }
  return { first, last, step, movable };
}

function singleKeyIndex(specs: KeySpec[]): number {
  if (specs.length !== 1) return -1;
  const s = specs[0];
  if ('index' in s.begin && 'range' in s.find && s.find.range.lastKey === 0) return s.begin.index;
  return -1;
}

/** Arity check: Redis's rule. */
export function arityOk(cmd: Command, argc: number): boolean {
  return cmd.arity > 0 ? argc === cmd.arity : argc >= -cmd.arity;
}

/**
 * The argv indexes of a command's keys, from its key specs (Redis's getKeysFromCommandWithSpecs).
 * `arg(i)` returns argument i as a string (only called for keyword and numkeys arguments).
 */
export function keyPositions(cmd: Command, argc: number, arg: (i: number) => string): number[] {
  if (cmd.getKeys !== undefined) return cmd.getKeys(argc, arg);
  const out: number[] = [];
  for (const spec of cmd.keys ?? []) {
    if (spec.flags.includes('not_key') || 'unknown' in spec.begin || 'unknown' in spec.find) continue;
    let first: number;
    if ('index' in spec.begin) {
      first = spec.begin.index;
    } else {
      const { keyword, startFrom } = spec.begin;
      first = -1;
      const kw = keyword.toLowerCase();
      if (startFrom >= 0) {
        for (let i = startFrom; i < argc; i++) if (arg(i).toLowerCase() === kw) { first = i + 1; break; }
      } else {
        for (let i = argc + startFrom; i > 0; i--) if (arg(i).toLowerCase() === kw) { first = i + 1; break; }
      }
      if (first < 0) continue;
    }
    if (first >= argc) continue;
    if ('range' in spec.find) {
      const { lastKey, step, limit } = spec.find.range;
      let last: number;
      if (lastKey >= 0) last = first + lastKey;
      else if (limit <= 1) last = argc + lastKey;
      else last = first + Math.floor((argc - first) / limit) - 1 + lastKey + 1;
      for (let i = first; i <= last && i < argc; i += step) out.push(i);
    } else {
      const { keyNumIdx, firstKey, step } = spec.find.keyNum;
      const numIdx = first + keyNumIdx;
      if (numIdx >= argc) continue;
      const n = Number(arg(numIdx));
      if (!Number.isInteger(n) || n < 0) continue;
      const start = first + firstKey;
      for (let k = 0, i = start; k < n && i < argc; k++, i += step) out.push(i);
    }
  }
  return out;
}

/** One shard's part of a split command: the argv indexes it gets, and its keys' positions. */
export interface SplitPart {
  shard: number;
  args: number[];
  order: number[];
}

/**
 * Splits a command with a merge rule (MGET, MSET, DEL...) into per-shard parts: each part gets
 * the arguments before the first key, then its own keys with their trailing arguments (MSET's
 * values). `order` lists, for the merge, the index of each of the part's keys among all keys.
 */
export function splitByShard(cmd: Command, argc: number, keys: number[], shardOfArg: (i: number) => number): SplitPart[] {
  const parts = new Map<number, SplitPart>();
  const step = Math.max(1, cmd.keyStep);
  for (let k = 0; k < keys.length; k++) {
    const pos = keys[k];
    const shard = shardOfArg(pos);
    let part = parts.get(shard);
    if (part === undefined) {
      part = { shard, args: [0], order: [] };
      for (let i = 1; i < keys[0]; i++) part.args.push(i);
      parts.set(shard, part);
    }
    for (let i = 0; i < step && pos + i < argc; i++) part.args.push(pos + i);
    part.order.push(k);
  }
  return [...parts.values()];
}
