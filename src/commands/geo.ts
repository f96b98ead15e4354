// Geo commands (Redis 7.0's geo.c with geohash.c and geohash_helper.c). A geo set is a sorted set
// whose scores are 52-bit interleaved geohashes (26 bits of latitude in the even bits, 26 of
// longitude in the odd ones), so every sorted set command works on it. The arithmetic below
// follows Redis's operation by operation (same doubles, same order of operations), so encoded
// scores, decoded positions, the search cells and therefore the results and their order match.
// Distances use correctly rounded trigonometry (src/util/crmath.ts): glibc's agrees with it in all
// but about 0.2% of calls, where the last bit of a distance may differ (visible only in STOREDIST).
import type { ReplyWriter } from '../protocol/writer';
import type { ShardContext } from '../store/shard';
import type { ArgDoc, CommandDef, KeySpec } from './types';
import { keyAt } from './keyspecs';
import { ZSet } from '../store/zset';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../store/errors';
import { parseDoubleArg } from '../util/double';
import { parseInteger } from '../util/numbers';
import { formatLongDouble } from '../util/longdouble';
import { zsetCommands } from './zset';
import { asin, cos, sin } from '../util/crmath';
import { partialSort } from '../util/pqsort';

// ---------------------------------------------------------------- constants (geohash.h, geohash_helper.c)

const LAT_MIN = -85.05112878;
const LAT_MAX = 85.05112878;
const LON_MIN = -180;
const LON_MAX = 180;
const STEP_MAX = 26;
const D_R = Math.PI / 180;
const EARTH_RADIUS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const TWO32 = 4294967296;

const NOT_FLOAT = 'ERR value is not a valid float';
const BAD_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';
const BAD_MEMBER = 'ERR could not decode requested zset member';

// ---------------------------------------------------------------- number formatting

const f64 = new DataView(new ArrayBuffer(8));

/** A finite double as m × 2^e exactly (m carries the sign). */
function decompose(x: number): { m: bigint; e: number } {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else { m |= 1n << 52n; e = bexp - 1075; }
  return { m: hi >>> 31 ? -m : m, e };
}

/** printf("%.<digits>f", x) for a double, exactly as glibc prints it (ties to even). */
export function formatFixed(x: number, digits: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const { m, e } = decompose(Math.abs(x));
  const scale = 10n ** BigInt(digits);
  let fixed: bigint;
  if (e >= 0) {
    fixed = (m << BigInt(e)) * scale;
  } else {
    const den = 1n << BigInt(-e);
    const num = m * scale;
    fixed = num / den;
    const r = num - fixed * den;
    if (r * 2n > den || (r * 2n === den && (fixed & 1n) === 1n)) fixed += 1n;
  }
  let s = fixed.toString();
  if (digits > 0) {
    s = s.padStart(digits + 1, '0');
    s = s.slice(0, -digits) + '.' + s.slice(-digits);
  }
  return neg ? '-' + s : s;
}

/**
 * Distances as Redis 7.0 prints them (fixedpoint_d2string with 4 digits): the double times 10^4,
 * rounded to an integer half-to-even (llrint), then written with 4 decimals. Not quite "%.4f":
 * the product is rounded before the integer rounding.
 */
function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const v = d * 10000;
  let r = Math.floor(v);
  const frac = v - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 !== 0)) r += 1;
  const neg = r < 0;
  const digits = String(Math.abs(r)).padStart(5, '0');
  return (neg ? '-' : '') + digits.slice(0, -4) + '.' + digits.slice(-4);
}

/** "%.17Lf" without trailing zeros: how GEOPOS and WITHCOORD print coordinates. */
function formatCoord(x: number): string {
  return formatLongDouble(decompose(x));
}

// ---------------------------------------------------------------- geohash bits

/** Spreads the low 16 bits of v to the even bits of a 32-bit value. */
function spread(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Gathers the even bits of a 32-bit value into 16 bits. */
function squash(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/** Interleaves two 32-bit values: x in the even bits, y in the odd bits, as [hi, lo] 32-bit halves. */
function interleave(x: number, y: number): [number, number] {
  const lo = (spread(x) | (spread(y) << 1)) >>> 0;
  const hi = (spread(x >>> 16) | (spread(y >>> 16) << 1)) >>> 0;
  return [hi, lo];
}

/** A geohash cell: `step` bits per coordinate (step 0 with bits 0: no cell, Redis's GZERO). */
interface Cell {
  bits: bigint;
  step: number;
}

const ZERO_CELL: Cell = { bits: 0n, step: 0 };
const isZero = (c: Cell): boolean => c.bits === 0n && c.step === 0;

/** C's (uint32_t) of a non-negative offset (through a 64-bit truncation). */
function toUint32(v: number): number {
  return Math.trunc(v) % TWO32;
}

/**
 * geohashEncode: the cell of (lon, lat) at `step` bits, or null outside the ranges. An offset of
 * exactly 1 (a coordinate at the range's maximum) carries into the next bit, as in Redis.
 */
function encode(lonMin: number, lonMax: number, latMin: number, latMax: number, lon: number, lat: number, step: number): Cell | null {
  if (lon > 180 || lon < -180 || lat > 85.05112878 || lat < -85.05112878) return null;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return null;
  let latOffset = (lat - latMin) / (latMax - latMin);
  let lonOffset = (lon - lonMin) / (lonMax - lonMin);
  latOffset *= 2 ** step;
  lonOffset *= 2 ** step;
  const [hi, lo] = interleave(toUint32(latOffset), toUint32(lonOffset));
  return { bits: (BigInt(hi) << 32n) | BigInt(lo), step };
}

/** The score GEOADD stores for a position: the 52-bit geohash, as an exact decimal integer. */
function scoreOf(lon: number, lat: number): string {
  const latOffset = ((lat - LAT_MIN) / (LAT_MAX - LAT_MIN)) * 2 ** STEP_MAX;
  const lonOffset = ((lon - LON_MIN) / (LON_MAX - LON_MIN)) * 2 ** STEP_MAX;
  const [hi, lo] = interleave(toUint32(latOffset), toUint32(lonOffset));
  const v = hi * TWO32 + lo;
  return v <= Number.MAX_SAFE_INTEGER ? String(v) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

interface Area { lonMin: number; lonMax: number; latMin: number; latMax: number }

/** geohashDecode: the bounds of a cell given as 32-bit halves of its bits. */
function decodeHalves(hi: number, lo: number, step: number, lonMin: number, lonMax: number, latMin: number, latMax: number): Area {
  const ilat = (squash(lo) | (squash(hi) << 16)) >>> 0;
  const ilon = (squash(lo >>> 1) | (squash(hi >>> 1) << 16)) >>> 0;
  const latScale = latMax - latMin;
  const lonScale = lonMax - lonMin;
  const div = 2 ** step;
  return {
    latMin: latMin + (ilat / div) * latScale,
    latMax: latMin + (((ilat + 1) >>> 0) / div) * latScale,
    lonMin: lonMin + (ilon / div) * lonScale,
    lonMax: lonMin + (((ilon + 1) >>> 0) / div) * lonScale,
  };
}

function decodeCell(c: Cell): Area {
  const bits = BigInt.asUintN(64, c.bits);
  return decodeHalves(Number(bits >> 32n), Number(bits & 0xffffffffn), c.step, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX);
}

const TWO63 = 2 ** 63;
const INT64_MIN_BITS = 1n << 63n;

/** C's (uint64_t) of a score on x86-64 (out-of-range values as the CPU converts them). */
function scoreToUint64(score: number): bigint {
  if (score >= TWO63) {
    const d = score - TWO63;
    return d < TWO63 ? BigInt(Math.trunc(d)) | INT64_MIN_BITS : 0n;
  }
  if (score !== score || score < -TWO63) return INT64_MIN_BITS;
  return BigInt.asUintN(64, BigInt(Math.trunc(score)));
}

/** decodeGeohash: a score's position [lon, lat], the center of its cell, clamped to the ranges. */
function decodeScore(score: number): [number, number] {
  let hi: number;
  let lo: number;
  if (score >= 0 && score <= Number.MAX_SAFE_INTEGER) {
    const t = Math.trunc(score);
    hi = Math.floor(t / TWO32);
    lo = t - hi * TWO32;
  } else {
    const u = scoreToUint64(score);
    hi = Number(u >> 32n);
    lo = Number(u & 0xffffffffn);
  }
  const a = decodeHalves(hi, lo, STEP_MAX, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX);
  let lon = (a.lonMin + a.lonMax) / 2;
  if (lon > LON_MAX) lon = LON_MAX;
  if (lon < LON_MIN) lon = LON_MIN;
  let lat = (a.latMin + a.latMax) / 2;
  if (lat > LAT_MAX) lat = LAT_MAX;
  if (lat < LAT_MIN) lat = LAT_MIN;
  return [lon, lat];
}

const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;

/** geohash_move_x / geohash_move_y: the adjacent cell east/west (odd bits) or north/south (even bits). */
function move(c: Cell, d: number, lonAxis: boolean): Cell {
  if (d === 0) return c;
  const shift = BigInt(64 - c.step * 2);
  const mine = lonAxis ? ODD : EVEN;
  const other = lonAxis ? EVEN : ODD;
  let v = c.bits & mine;
  const rest = c.bits & other;
  const zz = other >> shift;
  if (d > 0) v = v + (zz + 1n);
  else v = (v | zz) - (zz + 1n);
  v = BigInt.asUintN(64, v) & (mine >> shift);
  return { bits: v | rest, step: c.step };
}

function align52(c: Cell): number {
  return Number(BigInt.asUintN(64, c.bits << BigInt(52 - c.step * 2)));
}

// ---------------------------------------------------------------- distances (geohash_helper.c)

function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS * Math.abs(lat2 * D_R - lat1 * D_R);
}

/**
 * Redis's haversine distance in meters. `cos1` and `cos2`, when given, are cos(lat1 * D_R) and
 * cos(lat2 * D_R) already computed (a search reuses its center's and a point's).
 */
function distance(lon1: number, lat1: number, lon2: number, lat2: number, cos1?: number, cos2?: number): number {
  const lon1r = lon1 * D_R;
  const lon2r = lon2 * D_R;
  const v = sin((lon2r - lon1r) / 2);
  if (v === 0) return latDistance(lat1, lat2);
  const lat1r = lat1 * D_R;
  const lat2r = lat2 * D_R;
  const u = sin((lat2r - lat1r) / 2);
  const a = u * u + (cos1 ?? cos(lat1r)) * (cos2 ?? cos(lat2r)) * v * v;
  return 2.0 * EARTH_RADIUS * asin(Math.sqrt(a));
}

// ---------------------------------------------------------------- the search

const enum ShapeType { Circle, Box }

interface Shape {
  type: ShapeType;
  lon: number;
  lat: number;
  radius: number;
  width: number;
  height: number;
  /** Meters per unit. */
  conversion: number;
  /** cos(lat * D_R), computed once per search. */
  cosLat?: number;
}

interface GeoPoint {
  lon: number;
  lat: number;
  dist: number;
  score: number;
  member: string;
}

function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/**
 * geohashCalculateAreasByShapeWGS84: the center cell and its 8 neighbours covering the shape, in
 * Redis's search order (center, N, S, E, W, NE, NW, SE, SW); useless ones are zero cells.
 */
function searchCells(shape: Shape): Cell[] {
  const { lon, lat } = shape;
  const circle = shape.type === ShapeType.Circle;
  // geohashBoundingBox
  const height = shape.conversion * (circle ? shape.radius : shape.height / 2);
  const width = shape.conversion * (circle ? shape.radius : shape.width / 2);
  const latDelta = height / EARTH_RADIUS / D_R;
  const south = lat < 0;
  const lonDelta = width / EARTH_RADIUS / cos((south ? lat - latDelta : lat + latDelta) * D_R) / D_R;
  const minLon = lon - lonDelta;
  const maxLon = lon + lonDelta;
  const minLat = lat - latDelta;
  const maxLat = lat + latDelta;

  let radiusMeters = circle ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;
  let steps = estimateSteps(radiusMeters, lat);

  const around = (step: number): { cell: Cell; n: Cell[] } => {
    const cell = encode(LON_MIN, LON_MAX, LAT_MIN, LAT_MAX, lon, lat, step) ?? { bits: 0n, step };
    const east = move(cell, 1, true);
    const west = move(cell, -1, true);
    const north = move(cell, 1, false);
    const southC = move(cell, -1, false);
    // [N, S, E, W, NE, NW, SE, SW]
    return { cell, n: [north, southC, east, west, move(east, 1, false), move(west, 1, false), move(east, -1, false), move(west, -1, false)] };
  };
  let { cell, n } = around(steps);
  let area = decodeCell(cell);
  if (steps > 1 && (decodeCell(n[0]).latMax < maxLat || decodeCell(n[1]).latMin > minLat
    || decodeCell(n[2]).lonMax < maxLon || decodeCell(n[3]).lonMin > minLon)) {
    steps--;
    ({ cell, n } = around(steps));
    area = decodeCell(cell);
  }
  if (steps >= 2) {
    if (area.latMin < minLat) { n[1] = ZERO_CELL; n[7] = ZERO_CELL; n[6] = ZERO_CELL; }
    if (area.latMax > maxLat) { n[0] = ZERO_CELL; n[4] = ZERO_CELL; n[5] = ZERO_CELL; }
    if (area.lonMin < minLon) { n[3] = ZERO_CELL; n[7] = ZERO_CELL; n[5] = ZERO_CELL; }
    if (area.lonMax > maxLon) { n[2] = ZERO_CELL; n[6] = ZERO_CELL; n[4] = ZERO_CELL; }
  }
  return [cell, ...n];
}

/** geoAppendIfWithinShape. */
function appendIfWithin(shape: Shape, score: number, member: string, out: GeoPoint[]): void {
  const [x, y] = decodeScore(score);
  let dist: number;
  if (shape.type === ShapeType.Circle) {
    dist = distance(shape.lon, shape.lat, x, y, shape.cosLat);
    if (dist > shape.radius * shape.conversion) return;
  } else {
    const widthM = shape.width * shape.conversion;
    const heightM = shape.height * shape.conversion;
    if (latDistance(y, shape.lat) > heightM / 2) return;
    const cosY = cos(y * D_R);
    if (distance(x, y, shape.lon, y, cosY, cosY) > widthM / 2) return;
    dist = distance(shape.lon, shape.lat, x, y, shape.cosLat, cosY);
  }
  out.push({ lon: x, lat: y, dist, score, member });
}

/** membersOfAllNeighbors: the points of every cell inside the shape (stopping at `limit` if not 0). */
function searchPoints(z: ZSet, shape: Shape, limit: number): GeoPoint[] {
  const cells = searchCells(shape);
  shape.cosLat = cos(shape.lat * D_R);
  const out: GeoPoint[] = [];
  let last = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isZero(c)) continue;
    // Huge radii make neighbours coincide: skip a cell equal to the one processed just before.
    if (last !== 0 && c.bits === cells[last].bits && c.step === cells[last].step) continue;
    if (out.length > 0 && limit > 0 && out.length >= limit) break;
    const min = align52(c);
    const max = align52({ bits: c.bits + 1n, step: c.step });
    const rank = z.countBefore((s) => s >= min);
    if (rank < z.size) {
      const cur = z.at(rank);
      do {
        if (!(cur.score < max)) break;
        appendIfWithin(shape, cur.score, cur.member, out);
        if (limit > 0 && out.length >= limit) break;
      } while (cur.next());
    }
    last = i;
  }
  return out;
}

// ---------------------------------------------------------------- argument helpers

/** An option name as strcasecmp sees it: up to the first NUL, any letter case. */
function opt(s: string): string {
  const nul = s.indexOf('\0');
  return (nul >= 0 ? s.slice(0, nul) : s).toLowerCase();
}

function parseCoords(argv: string[], i: number, w: ReplyWriter): [number, number] | null {
  const lon = parseDoubleArg(argv[i]);
  if (lon === null) { w.error(NOT_FLOAT); return null; }
  const lat = parseDoubleArg(argv[i + 1]);
  if (lat === null) { w.error(NOT_FLOAT); return null; }
  if (lon < LON_MIN || lon > LON_MAX || lat < LAT_MIN || lat > LAT_MAX) {
    w.error(`ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`);
    return null;
  }
  return [lon, lat];
}

/** Meters per unit, or -1 after writing the error. */
function parseUnit(s: string, w: ReplyWriter): number {
  switch (opt(s)) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
    default: w.error(BAD_UNIT); return -1;
  }
}

/** A radius and its unit into `shape`; false after writing the error. */
function parseRadius(argv: string[], i: number, shape: Shape, w: ReplyWriter): boolean {
  const r = parseDoubleArg(argv[i]);
  if (r === null) { w.error('ERR need numeric radius'); return false; }
  if (r < 0) { w.error('ERR radius cannot be negative'); return false; }
  shape.radius = r;
  const conv = parseUnit(argv[i + 1], w);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

function parseBox(argv: string[], i: number, shape: Shape, w: ReplyWriter): boolean {
  const width = parseDoubleArg(argv[i]);
  if (width === null) { w.error('ERR need numeric width'); return false; }
  const height = parseDoubleArg(argv[i + 1]);
  if (height === null) { w.error('ERR need numeric height'); return false; }
  if (height < 0 || width < 0) { w.error('ERR height or width cannot be negative'); return false; }
  shape.width = width;
  shape.height = height;
  const conv = parseUnit(argv[i + 2], w);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

/** The source sorted set, wherever it lives (GEOSEARCHSTORE's source may be on another shard). */
function lookupZset(ctx: ShardContext, key: string, w: ReplyWriter): ZSet | null | undefined {
  if (ctx.shard.ownsKey(key)) return ctx.shard.readCollection(ctx, key, ZSet, w);
  const t = ctx.shard.peekKey(ctx, key);
  if (t === undefined) return null;
  if (!(t.value instanceof ZSet)) { w.error(WRONGTYPE); return undefined; }
  return t.value;
}

// ---------------------------------------------------------------- GEOADD, GEOPOS, GEOHASH, GEODIST

function geoadd(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let nx = false;
  let xx = false;
  let longIdx = 2;
  for (; longIdx < argv.length; longIdx++) {
    const o = opt(argv[longIdx]);
    if (o === 'nx') nx = true;
    else if (o === 'xx') xx = true;
    else if (o !== 'ch') break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) { w.error(SYNTAX); return; }
  // GEOADD is ZADD with the positions turned into scores.
  const zargv = argv.slice(0, longIdx);
  zargv[0] = 'zadd';
  for (let i = longIdx; i < argv.length; i += 3) {
    const xy = parseCoords(argv, i, w);
    if (xy === null) return;
    zargv.push(scoreOf(xy[0], xy[1]), argv[i + 2]);
  }
  zaddHandler()(ctx, zargv, w);
}

let zadd: CommandDef['shard'];
function zaddHandler(): NonNullable<CommandDef['shard']> {
  if (zadd === undefined) zadd = zsetCommands.find((c) => c.name === 'zadd')!.shard;
  return zadd!;
}

function geopos(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const z = ctx.shard.readCollection(ctx, argv[1], ZSet, w);
  if (z === undefined) return;
  w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === null ? undefined : z.score(argv[j]);
    if (score === undefined) { w.nilArray(); continue; }
    const [lon, lat] = decodeScore(score);
    w.array(2);
    w.double(formatCoord(lon));
    w.double(formatCoord(lat));
  }
}

const GEO_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

function geohash(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  const z = ctx.shard.readCollection(ctx, argv[1], ZSet, w);
  if (z === undefined) return;
  w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === null ? undefined : z.score(argv[j]);
    if (score === undefined) { w.nil(); continue; }
    // Re-encoded with the standard latitude range (-90, 90) for a standard geohash string.
    const [lon, lat] = decodeScore(score);
    const cell = encode(-180, 180, -90, 90, lon, lat, 26)!;
    let s = '';
    for (let i = 0; i < 11; i++) {
      const idx = i === 10 ? 0 : Number((cell.bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
      s += GEO_ALPHABET[idx];
    }
    w.bulk(s);
  }
}

function geodist(ctx: ShardContext, argv: string[], w: ReplyWriter): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = parseUnit(argv[4], w);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    w.error(SYNTAX);
    return;
  }
  const z = ctx.shard.readCollection(ctx, argv[1], ZSet, w);
  if (z === undefined) return;
  if (z === null) { w.nil(); return; }
  const s1 = z.score(argv[2]);
  const s2 = s1 === undefined ? undefined : z.score(argv[3]);
  if (s1 === undefined || s2 === undefined) { w.nil(); return; }
  const [x1, y1] = decodeScore(s1);
  const [x2, y2] = decodeScore(s2);
  w.bulk(formatDistance(distance(x1, y1, x2, y2) / toMeter));
}

// ---------------------------------------------------------------- GEORADIUS*, GEOSEARCH*

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

const enum Sort { None, Asc, Desc }

const byDistance = (a: GeoPoint, b: GeoPoint): number => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
const byDistanceDesc = (a: GeoPoint, b: GeoPoint): number => -byDistance(a, b);

/** Redis's georadiusGeneric: every search command, `srcIdx` the source key's argv index. */
function georadiusGeneric(ctx: ShardContext, argv: string[], w: ReplyWriter, srcIdx: number, flags: number): void {
  const z = lookupZset(ctx, argv[srcIdx], w);
  if (z === undefined) return;
  let storeKey: string | null = null;
  let storeDist = false;
  const shape: Shape = { type: ShapeType.Circle, lon: 0, lat: 0, radius: 0, width: 0, height: 0, conversion: 0 };
  let base: number;
  if (flags & RADIUS_COORDS) {
    base = 6;
    const xy = parseCoords(argv, 2, w);
    if (xy === null) return;
    [shape.lon, shape.lat] = xy;
    if (!parseRadius(argv, base - 2, shape, w)) return;
  } else if ((flags & RADIUS_MEMBER) && z === null) {
    // No source: the rest is still parsed, for the reply that fits the options.
    base = 5;
  } else if (flags & RADIUS_MEMBER) {
    base = 5;
    const score = z!.score(argv[2]);
    if (score === undefined) { w.error(BAD_MEMBER); return; }
    [shape.lon, shape.lat] = decodeScore(score);
    if (!parseRadius(argv, base - 2, shape, w)) return;
  } else {
    base = 2;
    if (flags & GEOSEARCHSTORE) {
      base = 3;
      storeKey = argv[1];
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoords = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = Sort.None;
  let any = false;
  let count = 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const a = opt(argv[base + i]);
    if (a === 'withdist') {
      withDist = true;
    } else if (a === 'withhash') {
      withHash = true;
    } else if (a === 'withcoord') {
      withCoords = true;
    } else if (a === 'any') {
      any = true;
    } else if (a === 'asc') {
      sort = Sort.Asc;
    } else if (a === 'desc') {
      sort = Sort.Desc;
    } else if (a === 'count' && i + 1 < remaining) {
      const n = parseInteger(argv[base + i + 1]);
      if (n === null) { w.error(NOT_INTEGER); return; }
      if (n <= 0) { w.error('ERR COUNT must be > 0'); return; }
      count = n;
      i++;
    } else if ((a === 'store' || a === 'storedist') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storeKey = argv[base + i + 1];
      storeDist = a === 'storedist';
      i++;
    } else if (a === 'storedist' && (flags & GEOSEARCH) && (flags & GEOSEARCHSTORE)) {
      storeDist = true;
    } else if (a === 'frommember' && i + 1 < remaining && (flags & GEOSEARCH) && !fromLoc) {
      if (z !== null) {
        const score = z.score(argv[base + i + 1]);
        if (score === undefined) { w.error(BAD_MEMBER); return; }
        [shape.lon, shape.lat] = decodeScore(score);
      }
      fromMember = true;
      i++;
    } else if (a === 'fromlonlat' && i + 2 < remaining && (flags & GEOSEARCH) && !fromMember) {
      const xy = parseCoords(argv, base + i + 1, w);
      if (xy === null) return;
      [shape.lon, shape.lat] = xy;
      fromLoc = true;
      i += 2;
    } else if (a === 'byradius' && i + 2 < remaining && (flags & GEOSEARCH) && !byBox) {
      if (!parseRadius(argv, base + i + 1, shape, w)) return;
      shape.type = ShapeType.Circle;
      byRadius = true;
      i += 2;
    } else if (a === 'bybox' && i + 3 < remaining && (flags & GEOSEARCH) && !byRadius) {
      if (!parseBox(argv, base + i + 1, shape, w)) return;
      shape.type = ShapeType.Box;
      byBox = true;
      i += 3;
    } else {
      w.error(SYNTAX);
      return;
    }
  }

  if (storeKey !== null && (withDist || withHash || withCoords)) {
    const what = flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    w.error(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
    return;
  }
  if ((flags & GEOSEARCH) && !(fromMember || fromLoc)) {
    w.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
    return;
  }
  if ((flags & GEOSEARCH) && !(byRadius || byBox)) {
    w.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
    return;
  }
  if (any && count === 0) { w.error('ERR the ANY argument requires COUNT argument'); return; }

  const event = flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore';
  if (z === null) {
    if (storeKey !== null) {
      ctx.shard.storeCollection(ctx, storeKey, null, event);
      w.int(0);
    } else {
      w.array(0);
    }
    return;
  }

  // COUNT alone means the nearest ones.
  if (count !== 0 && sort === Sort.None && !any) sort = Sort.Asc;
  const points = searchPoints(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === null) { w.array(0); return; }
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== Sort.None) {
    const cmp = sort === Sort.Asc ? byDistance : byDistanceDesc;
    // glibc's qsort is a stable merge sort; Redis's pqsort when only the first ones are needed.
    if (returned === points.length) points.sort(cmp);
    else partialSort(points, cmp, 0, returned - 1);
  }

  if (storeKey === null) {
    const options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
    w.array(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options > 0) w.array(options + 1);
      w.bulk(p.member);
      if (withDist) w.bulk(formatDistance(p.dist / shape.conversion));
      if (withHash) w.int(Math.trunc(p.score));
      if (withCoords) {
        w.array(2);
        w.double(formatCoord(p.lon));
        w.double(formatCoord(p.lat));
      }
    }
    return;
  }

  const scores = new Map<string, number>();
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    scores.set(p.member, storeDist ? p.dist / shape.conversion : p.score);
  }
  const members = [...scores.keys()];
  members.sort((a, b) => {
    const sa = scores.get(a)!;
    const sb = scores.get(b)!;
    return sa < sb ? -1 : sa > sb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const out = ZSet.fromSorted(members, members.map((m) => scores.get(m)!), ctx.shard.settings);
  ctx.shard.storeCollection(ctx, storeKey, returned > 0 ? out : null, event);
  w.int(returned);
}

const radiusCmd = (srcIdx: number, flags: number) =>
  (ctx: ShardContext, argv: string[], w: ReplyWriter): void => georadiusGeneric(ctx, argv, w, srcIdx, flags);

// ---------------------------------------------------------------- table

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const UNIT: ArgDoc = { name: 'unit', type: 'oneof', args: [
  { name: 'm', type: 'pure-token', token: 'M' }, { name: 'km', type: 'pure-token', token: 'KM' },
  { name: 'ft', type: 'pure-token', token: 'FT' }, { name: 'mi', type: 'pure-token', token: 'MI' }] };
const LONLAT: ArgDoc[] = [{ name: 'longitude', type: 'double' }, { name: 'latitude', type: 'double' }];
const WITH_ARGS: ArgDoc[] = [
  { name: 'withcoord', type: 'pure-token', token: 'WITHCOORD', flags: ['optional'] },
  { name: 'withdist', type: 'pure-token', token: 'WITHDIST', flags: ['optional'] },
  { name: 'withhash', type: 'pure-token', token: 'WITHHASH', flags: ['optional'] },
];
const COUNT_ARG = (anySince?: string): ArgDoc => ({ name: 'count', type: 'block', flags: ['optional'], args: [
  { name: 'count', type: 'integer', token: 'COUNT' },
  { name: 'any', type: 'pure-token', token: 'ANY', flags: ['optional'], ...(anySince ? { since: anySince } : {}) }] });
const ORDER_ARG: ArgDoc = { name: 'order', type: 'oneof', flags: ['optional'], args: [
  { name: 'asc', type: 'pure-token', token: 'ASC' }, { name: 'desc', type: 'pure-token', token: 'DESC' }] };
const FROM_ARG: ArgDoc = { name: 'from', type: 'oneof', args: [
  { name: 'member', type: 'string', token: 'FROMMEMBER' },
  { name: 'longitude_latitude', type: 'block', token: 'FROMLONLAT', args: LONLAT }] };
const BY_ARG: ArgDoc = { name: 'by', type: 'oneof', args: [
  { name: 'circle', type: 'block', args: [{ name: 'radius', type: 'double', token: 'BYRADIUS' }, UNIT] },
  { name: 'box', type: 'block', args: [{ name: 'width', type: 'double', token: 'BYBOX' }, { name: 'height', type: 'double' }, UNIT] }] };
const STORE_ARGS: ArgDoc[] = [
  { name: 'key', type: 'key', keySpecIndex: 1, token: 'STORE', flags: ['optional'] },
  { name: 'key', type: 'key', keySpecIndex: 2, token: 'STOREDIST', flags: ['optional'] },
];

const storeKeywordSpec = (keyword: string, startFrom: number): KeySpec =>
  ({ flags: ['OW', 'update'], begin: { keyword, startFrom }, find: { range: { lastKey: 0, step: 1, limit: 0 } } });
const oneKeySpec = (index: number, ...flags: string[]): KeySpec =>
  ({ flags, begin: { index }, find: { range: { lastKey: 0, step: 1, limit: 0 } } });

const gc = (def: Omit<CommandDef, 'acl' | 'group' | 'where'> & Partial<CommandDef>): CommandDef =>
  ({ acl: ['geo'], group: 'geo', where: 'shard', ...def });

const SEARCH_COMPLEXITY = 'O(N+log(M)): N elements in the cells around the area, M in the index.';

const radiusDef = (name: string, byMember: boolean, readOnly: boolean): CommandDef => {
  const centerArgs: ArgDoc[] = byMember ? [MEMBER] : LONLAT;
  const flags = (byMember ? RADIUS_MEMBER : RADIUS_COORDS) | (readOnly ? RADIUS_NOSTORE : 0);
  const storeFrom = byMember ? 5 : 6;
  return gc({
    name, arity: byMember ? -5 : -6, flags: readOnly ? ['readonly'] : ['write', 'denyoom'],
    since: readOnly ? '3.2.10' : '3.2.0',
    summary: byMember ? 'Finds members within a radius of a member (deprecated: GEOSEARCH).'
      : 'Finds members within a radius of a point (deprecated: GEOSEARCH).',
    complexity: SEARCH_COMPLEXITY,
    keys: readOnly ? [oneKeySpec(1, 'RO', 'access')]
      : [oneKeySpec(1, 'RO', 'access'), storeKeywordSpec('STORE', storeFrom), storeKeywordSpec('STOREDIST', storeFrom)],
    args: [KEY, ...centerArgs, { name: 'radius', type: 'double' }, UNIT, ...WITH_ARGS, COUNT_ARG('6.2.0'), ORDER_ARG,
      ...(readOnly ? [] : STORE_ARGS)],
    shard: radiusCmd(1, flags),
  });
};

export const geoCommands: CommandDef[] = [
  gc({
    name: 'geoadd', arity: -5, flags: ['write', 'denyoom'], since: '3.2.0',
    summary: 'Adds members with their positions to a geo index (a sorted set).',
    complexity: 'O(log(N)) per member.', keys: keyAt(1, 'RW', 'update'),
    args: [KEY,
      { name: 'condition', type: 'oneof', since: '6.2.0', flags: ['optional'], args: [
        { name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }] },
      { name: 'change', type: 'pure-token', token: 'CH', since: '6.2.0', flags: ['optional'] },
      { name: 'longitude_latitude_member', type: 'block', flags: ['multiple'], args: [...LONLAT, MEMBER] }],
    shard: geoadd,
  }),
  gc({
    name: 'geodist', arity: -4, flags: ['readonly'], since: '3.2.0', summary: 'Returns the distance between two members.',
    complexity: 'O(1)', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { name: 'member1', type: 'string' }, { name: 'member2', type: 'string' }, { ...UNIT, flags: ['optional'] }],
    shard: geodist,
  }),
  gc({
    name: 'geohash', arity: -2, flags: ['readonly'], since: '3.2.0', summary: 'Returns the geohash strings of members.',
    complexity: 'O(1) per member.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { ...MEMBER, flags: ['optional', 'multiple'] }], shard: geohash,
  }),
  gc({
    name: 'geopos', arity: -2, flags: ['readonly'], since: '3.2.0', summary: 'Returns the longitude and latitude of members.',
    complexity: 'O(1) per member.', keys: keyAt(1, 'RO', 'access'),
    args: [KEY, { ...MEMBER, flags: ['optional', 'multiple'] }], shard: geopos,
  }),
  radiusDef('georadius', false, false),
  radiusDef('georadius_ro', false, true),
  radiusDef('georadiusbymember', true, false),
  radiusDef('georadiusbymember_ro', true, true),
  gc({
    name: 'geosearch', arity: -7, flags: ['readonly'], since: '6.2.0', summary: 'Finds members inside a circle or a box.',
    complexity: SEARCH_COMPLEXITY, keys: keyAt(1, 'RO', 'access'),
    args: [KEY, FROM_ARG, BY_ARG, ORDER_ARG, COUNT_ARG(), ...WITH_ARGS],
    shard: radiusCmd(1, GEOSEARCH),
  }),
  gc({
    name: 'geosearchstore', arity: -8, flags: ['write', 'denyoom'], since: '6.2.0',
    summary: 'Stores the members inside a circle or a box in a sorted set.',
    complexity: SEARCH_COMPLEXITY, keys: [oneKeySpec(1, 'OW', 'update'), oneKeySpec(2, 'RO', 'access')],
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, { name: 'source', type: 'key', keySpecIndex: 1 },
      FROM_ARG, BY_ARG, ORDER_ARG, COUNT_ARG(), { name: 'storedist', type: 'pure-token', token: 'STOREDIST', flags: ['optional'] }],
    shard: radiusCmd(2, GEOSEARCH | GEOSEARCHSTORE),
  }),
];
