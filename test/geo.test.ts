// Geo commands against real redis-server, raw reply bytes compared, on --shards 0, 1 and 4:
// hand-written cases for every command, option and error text (RESP2 and RESP3), weird scores
// put on geo keys with ZADD, seeded random indexes (points near the poles, the antimeridian, the
// equator, duplicates at one position) searched with random shapes, units, orders, counts and
// WITH* options, the *STORE forms across shards, and COMMAND INFO. Plus unit checks of the
// number formatting and of the partial sort against a full sort.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type RunningServer, redisAndKunyuFor } from './support/servers';
import { ignoreHello, runBoth, rng, pick, type Cmd } from './support/differential';
import { formatFixed } from '../src/commands/geo';
import { partialSort } from '../src/util/pqsort';

// ---------------------------------------------------------------- units

const units = suite('geo units');

units('formatFixed prints like glibc printf, ties to even', () => {
  assert.is(formatFixed(200, 6), '200.000000');
  assert.is(formatFixed(-0, 6), '-0.000000');
  assert.is(formatFixed(0.03125, 4), '0.0312');
  assert.is(formatFixed(0.09375, 4), '0.0938');
  assert.is(formatFixed(1e22, 1), '10000000000000000000000.0');
  assert.is(formatFixed(-1.5, 0), '-2');
  assert.is(formatFixed(2.5, 0), '2');
  assert.is(formatFixed(Infinity, 6), 'inf');
  assert.is(formatFixed(0.1, 20), '0.10000000000000000555');
});

units('partialSort puts the wanted range where a full sort does', () => {
  const r = rng(99);
  for (let round = 0; round < 300; round++) {
    const n = 1 + Math.floor(r() * 120);
    const a = Array.from({ length: n }, () => Math.floor(r() * 20));
    const sorted = [...a].sort((x, y) => x - y);
    const lo = Math.floor(r() * n);
    const hi = lo + Math.floor(r() * (n - lo));
    const b = [...a];
    partialSort(b, (x, y) => x - y, lo, hi);
    assert.equal(b.slice(lo, hi + 1), sorted.slice(lo, hi + 1), `n=${n} lo=${lo} hi=${hi}`);
    assert.equal([...b].sort((x, y) => x - y), sorted, 'a permutation');
  }
});

units.run();

// ---------------------------------------------------------------- hand-written cases

const SICILY: Cmd[] = [
  ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
  ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2'],
];

const EDGE_CASES: Cmd[] = [
  ...SICILY,
  ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
  ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'NonExisting'], ['GEOPOS', 'Sicily'], ['GEOPOS', 'nokey', 'a', 'b'],
  ['GEODIST', 'Sicily', 'Palermo', 'Catania'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
  ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'],
  ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Km'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'yards'],
  ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'x'], ['GEODIST', 'Sicily', 'Palermo', 'Nope'],
  ['GEODIST', 'nokey', 'a', 'b'], ['GEODIST', 'nokey', 'a', 'b', 'parsecs'], ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
  ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nope'], ['GEOHASH', 'Sicily'], ['GEOHASH', 'nokey', 'x'],
  // GEOADD options and errors.
  ['GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo', '1', '1', 'new'],
  ['GEOADD', 'Sicily', 'XX', '1', '1', 'Palermo', '2', '2', 'other'], ['GEOPOS', 'Sicily', 'Palermo', 'other'],
  ['GEOADD', 'Sicily', 'XX', 'CH', '13.361389', '38.115556', 'Palermo'], ['GEOADD', 'Sicily', 'CH', 'NX', '3', '3', 'new', '4', '4', 'n2'],
  ['GEOADD', 'Sicily', 'ch', 'xx', '3', '3', 'new', '3', '3', 'n3'], ['GEOADD', 'Sicily', 'NX', 'XX', '1', '1', 'a'],
  ['GEOADD', 'Sicily', 'CH', 'CH', 'CH'], ['GEOADD', 'Sicily', '1', '2', 'a', '3'], ['GEOADD', 'Sicily', '1', '2'],
  ['GEOADD', 'Sicily', 'GT', '1', '2', 'a'], ['GEOADD', 'Sicily', 'INCR', '1', '2', 'a'],
  ['GEOADD', 'Sicily', '200', '10', 'a'], ['GEOADD', 'Sicily', '10', '86', 'a'], ['GEOADD', 'Sicily', '-180.0000001', '0', 'a'],
  ['GEOADD', 'Sicily', '0', '-85.05112879', 'a'], ['GEOADD', 'Sicily', '1', '1', 'ok', '1000', '1', 'bad'], ['GEOPOS', 'Sicily', 'ok'],
  ['GEOADD', 'Sicily', 'abc', '1', 'a'], ['GEOADD', 'Sicily', '1', 'abc', 'a'], ['GEOADD', 'Sicily', '1', ' 1', 'a'],
  ['GEOADD', 'Sicily', 'inf', '0', 'a'], ['GEOADD', 'Sicily', '0', '-inf', 'a'], ['GEOADD', 'Sicily', '1e400', '0', 'a'],
  ['GEOADD', 'Sicily', '1e300', '1e-300', 'a'], ['GEOADD', 'Sicily', '-0.0000005', '1e-7', 'tiny'], ['GEOADD', 'Sicily', '1.5e2', '0x10', 'hexy'],
  ['GEOADD', 'Sicily', 'nan', '0', 'a'], ['GEOADD', 'Sicily', '', '0', 'a'], ['GEOPOS', 'Sicily', 'tiny', 'hexy'],
  // The corners of the index, exactly at its limits.
  ['GEOADD', 'corners', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '180', '-85.05112878', 'se', '-180', '85.05112878', 'nw'],
  ['GEOADD', 'corners', '0', '0', 'zero', '-0', '-0', 'negzero', '179.9999999', '85.0511287', 'almost'],
  ['ZRANGE', 'corners', '0', '-1', 'WITHSCORES'], ['GEOPOS', 'corners', 'ne', 'sw', 'se', 'nw', 'zero', 'negzero', 'almost'],
  ['GEOHASH', 'corners', 'ne', 'sw', 'se', 'nw', 'zero', 'almost'], ['GEODIST', 'corners', 'ne', 'sw'], ['GEODIST', 'corners', 'nw', 'ne', 'km'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '180', '85.05112878', 'BYRADIUS', '500', 'km', 'WITHCOORD', 'WITHHASH', 'WITHDIST'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '-180', '-85.05112878', 'BYBOX', '30000', '30000', 'km', 'ASC', 'WITHDIST'],
  ['GEOSEARCH', 'corners', 'FROMMEMBER', 'zero', 'BYRADIUS', '20000', 'km', 'DESC', 'WITHDIST'],
  ['GEORADIUS', 'corners', '0', '0', '0', 'm', 'WITHDIST'],
  ['GEOADD', 'corners', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '-179.9', '-85', 'far-sw', '179.9', '85', 'far-ne'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '15', '37', 'BYRADIUS', 'inf', 'km', 'WITHDIST', 'ASC'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '15', '37', 'BYRADIUS', '-0', 'km'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '15', '37', 'BYBOX', 'inf', 'inf', 'mi', 'WITHDIST', 'DESC', 'COUNT', '9223372036854775807'],
  ['GEORADIUS', 'corners', '0', '0', '1e-300', 'm', 'WITHDIST'],
  ['GEORADIUS', 'corners', '180', '85.05112878', '20000', 'km', 'ASC', 'WITHDIST', 'WITHHASH', 'COUNT', '2'],
  ['GEORADIUS', 'corners', '-180', '-85.05112878', '20000', 'km', 'DESC', 'WITHCOORD'],
  ['GEORADIUS', 'corners', '179.99999', '0', '100', 'km'], ['GEOSEARCH', 'corners', 'FROMMEMBER', 'far-ne', 'BYBOX', '100', '100', 'km', 'WITHDIST'],
  ['GEOSEARCH', 'corners', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km', 'COUNT', '1', 'ANY', 'WITHDIST'],
  // Many members at one position: COUNT takes Redis's partial sort, whose order of ties is its own.
  ['GEOADD', 'same', ...Array.from({ length: 45 }, (_, i) => ['13.5', '37.5', `m${i}`]).flat(), '13.6', '37.5', 'e1', '13.4', '37.5', 'w1'],
  ['GEOSEARCH', 'same', 'FROMLONLAT', '13.5', '37.5', 'BYRADIUS', '100', 'km', 'COUNT', '5'],
  ['GEOSEARCH', 'same', 'FROMLONLAT', '13.5', '37.5', 'BYRADIUS', '100', 'km', 'COUNT', '44', 'DESC'],
  ['GEOSEARCH', 'same', 'FROMMEMBER', 'm7', 'BYRADIUS', '100', 'km', 'ASC'], ['GEORADIUSBYMEMBER', 'same', 'm7', '100', 'km', 'COUNT', '3'],
  // Scores that are no geohash: ZADD puts anything on a geo key.
  ['ZADD', 'weird', '1.5', 'frac', '-3', 'neg', '1e20', 'big', '4503599627370496', 'two52', '9007199254740993', 'two53',
    '-1e300', 'hugeneg', 'inf', 'pinf', '-inf', 'ninf', '18446744073709551616', 'two64', '9223372036854775808', 'two63', '0', 'zero'],
  ['GEOPOS', 'weird', 'frac', 'neg', 'big', 'two52', 'two53', 'hugeneg', 'pinf', 'ninf', 'two64', 'two63', 'zero'],
  ['GEOHASH', 'weird', 'frac', 'neg', 'big', 'two52', 'two53', 'hugeneg', 'pinf', 'ninf', 'two64', 'two63', 'zero'],
  ['GEODIST', 'weird', 'frac', 'neg'], ['GEODIST', 'weird', 'pinf', 'ninf', 'km'],
  ['GEOSEARCH', 'weird', 'FROMMEMBER', 'zero', 'BYRADIUS', '1', 'km', 'WITHHASH', 'WITHCOORD'],
  ['GEOSEARCH', 'weird', 'FROMMEMBER', 'big', 'BYRADIUS', '100', 'km', 'WITHHASH', 'WITHCOORD'],
  // GEORADIUS and GEORADIUSBYMEMBER.
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHHASH', 'WITHDIST', 'ASC'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC', 'COUNT', '1'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ANY'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '0'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '-1'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', 'x'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT'],
  ['GEORADIUS', 'Sicily', '15', '37', '-1', 'km'], ['GEORADIUS', 'Sicily', '15', '37', 'x', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '1', 'kms'],
  ['GEORADIUS', 'Sicily', '15', '370', '1', 'km'], ['GEORADIUS', 'Sicily', 'a', '37', '1', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'BOGUS'],
  ['GEORADIUS', 'Sicily', '15', '37', '0', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '100000', 'km', 'ASC'],
  ['GEORADIUS', 'nokey', '15', '37', '200', 'km'], ['GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', 'dst'],
  ['GEORADIUS', 'nokey', '15', '370', '200', 'km'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'r1'], ['ZRANGE', 'r1', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'r1'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'r2', 'ASC'], ['ZRANGE', 'r2', '0', '-1', 'WITHSCORES'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'r3', 'STOREDIST', 'r4'], ['EXISTS', 'r3', 'r4'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'r1', 'WITHDIST'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE'],
  ['GEORADIUS', 'Sicily', '15', '37', '1', 'm', 'STORE', 'r1'], ['EXISTS', 'r1'],
  ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'r5', 'COUNT', '1', 'DESC'], ['ZRANGE', 'r5', '0', '-1', 'WITHSCORES'],
  ['SET', 'ttlkey', 'x', 'EX', '100'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'mi', 'STORE', 'ttlkey'], ['TTL', 'ttlkey'], ['TYPE', 'ttlkey'],
  ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'], ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'x'],
  ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'x'],
  ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST'], ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'DESC', 'WITHCOORD'],
  ['GEORADIUSBYMEMBER', 'Sicily', 'nope', '200', 'km'], ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '-1', 'km'],
  ['GEORADIUSBYMEMBER', 'nokey', 'nope', 'bad', 'bad'], ['GEORADIUSBYMEMBER', 'nokey', 'nope', 'bad', 'bad', 'STORE', 'dst'],
  ['GEORADIUSBYMEMBER', 'nokey', 'nope', 'bad', 'bad', 'BOGUS'], ['GEORADIUSBYMEMBER', 'nokey', 'nope', '1', 'km', 'ANY'],
  ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'km', 'STOREDIST', 'r6', 'COUNT', '3'], ['ZRANGE', 'r6', '0', '-1', 'WITHSCORES'],
  ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '300', 'km', 'COUNT', '3', 'WITHDIST'],
  ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '300', 'km', 'STORE', 'x'],
  // GEOSEARCH and GEOSEARCHSTORE.
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHCOORD', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '200', '200', 'km', 'DESC', 'WITHHASH'],
  ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km', 'COUNT', '1', 'ANY', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'BYRADIUS', '200', 'km', 'FROMLONLAT', '15', '37'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37'], ['geosearch', 'Sicily', 'BYRADIUS', '200', 'km', 'ASC'],
  ['GeoSearch', 'Sicily', 'FROMLONLAT', '15', '37', 'ASC', 'DESC'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'x', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'x', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '-1', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '-1', 'yd'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'yd'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1'], ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '95', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STORE', 'x'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STOREDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ANY'],
  ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '-1', 'km'],
  ['GEOSEARCH', 'nokey', 'FROMLONLAT', '1', '100', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '0', '0', 'km'], ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '0', '0', 'km'],
  ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '0', 'm', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1e308', 'mi', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1e308', '1e308', 'mi', 'WITHDIST'],
  ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'withdist\0x', 'ASC\0'],
  ['GEOSEARCHSTORE', 'gs1', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'COUNT', '3'],
  ['ZRANGE', 'gs1', '0', '-1', 'WITHSCORES'],
  ['GEOSEARCHSTORE', 'gs2', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STOREDIST'], ['ZRANGE', 'gs2', '0', '-1', 'WITHSCORES'],
  ['GEOSEARCHSTORE', 'gs2', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '4', '4', 'm', 'STOREDIST'], ['EXISTS', 'gs2'],
  ['GEOSEARCHSTORE', 'gs1', 'nokey', 'FROMMEMBER', 'x', 'BYBOX', '4', '4', 'm'], ['EXISTS', 'gs1'],
  ['GEOSEARCHSTORE', 'gs1', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'WITHDIST'],
  ['GEOSEARCHSTORE', 'gs1', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STORE', 'x'],
  ['GEOSEARCHSTORE', 'Sicily', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '100', 'km'], ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
  // Wrong types, checked before anything else.
  ['SET', 'str', 'x'], ['GEOADD', 'str', '1', '1', 'a'], ['GEOADD', 'str', '1', '100', 'a'], ['GEOPOS', 'str', 'a'], ['GEOHASH', 'str', 'a'],
  ['GEODIST', 'str', 'a', 'b'], ['GEODIST', 'str', 'a', 'b', 'bad'], ['GEORADIUS', 'str', '1', '1', '1', 'km'],
  ['GEORADIUS', 'str', '1', '1000', 'x', 'km'], ['GEORADIUSBYMEMBER', 'str', 'a', '1', 'km'], ['GEOSEARCH', 'str', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCHSTORE', 'd', 'str', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'], ['GEOSEARCHSTORE', 'str', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '1', 'km'],
  ['TYPE', 'str'],
  ['GEOADD', 'k'], ['GEOADD', 'k', '1', '1'], ['GEORADIUS', 'k', '1', '1', '1'], ['GEOSEARCH', 'k', 'a', 'b', 'c', 'd'],
  ['GEOSEARCHSTORE', 'k', 'a', 'b', 'c', 'd', 'e'], ['GEODIST', 'k', 'a'], ['GEOPOS'], ['GEOHASH'],
];

// ---------------------------------------------------------------- generated cases

/** A random position, often in the hard places: poles, antimeridian, equator, prime meridian. */
function position(r: () => number): [string, string] {
  const kind = r();
  let lon: number;
  let lat: number;
  if (kind < 0.2) { lon = (r() - 0.5) * 360; lat = (r() < 0.5 ? 1 : -1) * (80 + r() * 5.05); }
  else if (kind < 0.4) { lon = (r() < 0.5 ? 1 : -1) * (179 + r()); lat = (r() - 0.5) * 170; }
  else if (kind < 0.5) { lon = (r() - 0.5) * 2; lat = (r() - 0.5) * 2; }
  else if (kind < 0.6) { lon = 12 + r() * 4; lat = 37 + r() * 2; }
  else { lon = (r() - 0.5) * 360; lat = (r() - 0.5) * 170.2; }
  const digits = pick(r, [0, 2, 5, 7, 12]);
  return [lon.toFixed(digits), Math.max(-85.05112878, Math.min(85.05112878, lat)).toFixed(digits)];
}

function unit(r: () => number): string {
  return pick(r, ['m', 'km', 'mi', 'ft', 'KM', 'M']);
}

function distanceArg(r: () => number, u: string): string {
  const meters = pick(r, [0, 10, 500, 5000, 50000, 300000, 1000000, 3000000, 8000000, 25000000]) * (0.5 + r());
  const per = { m: 1, km: 1000, mi: 1609.34, ft: 0.3048 }[u.toLowerCase() as 'm'] ?? 1;
  return (meters / per).toFixed(pick(r, [0, 1, 3]));
}

/**
 * Reads a stored result back. Stored distances are read with ZRANGEBYSCORE, whose scores the
 * comparison rounds to 12 digits: glibc's sin/cos/asin are not correctly rounded in ~0.2% of
 * calls, so the last bit of a distance may differ (see src/util/crmath.ts).
 */
function readBack(dst: string, distances: boolean): Cmd {
  return distances ? ['ZRANGEBYSCORE', dst, '-inf', '+inf', 'WITHSCORES'] : ['ZRANGE', dst, '0', '-1', 'WITHSCORES'];
}

/** Rounds the scores of ZRANGEBYSCORE replies (stored distances) to 12 significant digits. */
function roundDistances(cmd: Cmd, reply: string): string {
  if (cmd[0] === 'HELLO') return '';
  if (cmd[0] !== 'ZRANGEBYSCORE') return reply;
  return reply.split('\r\n').map((line) => {
    if (line.startsWith('$')) return '$';
    const v = Number(line.startsWith(',') ? line.slice(1) : line);
    return line.includes('.') && Number.isFinite(v) ? v.toPrecision(12) : line;
  }).join('\r\n');
}

function generated(seed: number, points: number, queries: number): Cmd[] {
  const r = rng(seed);
  const keys = ['{g}idx', 'idx2'];
  const out: Cmd[] = [];
  const members: string[] = [];
  for (const key of keys) {
    const args: string[] = [];
    for (let i = 0; i < points; i++) {
      const m = `m${Math.floor(r() * points * 1.2)}`;
      members.push(m);
      // Some members share a position, so equal distances exist.
      const [lon, lat] = r() < 0.15 ? ['13.5', '37.5'] : position(r);
      args.push(lon, lat, m);
      if (args.length >= 90) { out.push(['GEOADD', key, ...args]); args.length = 0; }
    }
    if (args.length > 0) out.push(['GEOADD', key, ...args]);
  }
  out.push(['ZRANGE', keys[0], '0', '-1', 'WITHSCORES'], ['ZRANGE', keys[1], '0', '-1', 'WITHSCORES']);
  const member = (): string => (r() < 0.9 ? pick(r, members) : 'nosuch');
  const options = (store: boolean): string[] => {
    const o: string[] = [];
    if (!store) {
      if (r() < 0.4) o.push('WITHDIST');
      if (r() < 0.3) o.push('WITHCOORD');
      if (r() < 0.3) o.push('WITHHASH');
    }
    const order = r();
    if (order < 0.3) o.push('ASC'); else if (order < 0.5) o.push('DESC');
    if (r() < 0.4) { o.push('COUNT', String(1 + Math.floor(r() * 12))); if (r() < 0.3) o.push('ANY'); }
    // Shuffle the options: any order is accepted.
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      if ((o[i] === 'COUNT' || o[j] === 'COUNT') || /^\d+$/.test(o[i]) || /^\d+$/.test(o[j])) continue;
      [o[i], o[j]] = [o[j], o[i]];
    }
    return o;
  };
  for (let q = 0; q < queries; q++) {
    const key = pick(r, keys);
    const u = unit(r);
    const dst = pick(r, ['{g}dst', 'dst', 'other']);
    switch (Math.floor(r() * 9)) {
      case 0: {
        const [lon, lat] = position(r);
        out.push(['GEORADIUS', key, lon, lat, distanceArg(r, u), u, ...options(false)]);
        break;
      }
      case 1:
        out.push(['GEORADIUSBYMEMBER', key, member(), distanceArg(r, u), u, ...options(false)]);
        break;
      case 2: {
        const from = r() < 0.5 ? ['FROMMEMBER', member()] : ['FROMLONLAT', ...position(r)];
        const by = r() < 0.5 ? ['BYRADIUS', distanceArg(r, u), u] : ['BYBOX', distanceArg(r, u), distanceArg(r, u), u];
        out.push(['GEOSEARCH', key, ...(r() < 0.5 ? [...from, ...by] : [...by, ...from]), ...options(false)]);
        break;
      }
      case 3: {
        const from = r() < 0.5 ? ['FROMMEMBER', member()] : ['FROMLONLAT', ...position(r)];
        const by = r() < 0.5 ? ['BYRADIUS', distanceArg(r, u), u] : ['BYBOX', distanceArg(r, u), distanceArg(r, u), u];
        const dist = r() < 0.5;
        out.push(['GEOSEARCHSTORE', dst, key, ...from, ...by, ...options(true), ...(dist ? ['STOREDIST'] : [])]);
        out.push(readBack(dst, dist), ['OBJECT', 'ENCODING', dst]);
        break;
      }
      case 4: {
        const [lon, lat] = position(r);
        const dist = r() < 0.5;
        out.push(['GEORADIUS', key, lon, lat, distanceArg(r, u), u, ...options(true), dist ? 'STOREDIST' : 'STORE', dst]);
        out.push(readBack(dst, dist));
        break;
      }
      case 5:
        out.push(['GEODIST', key, member(), member(), ...(r() < 0.7 ? [u] : [])]);
        break;
      case 6:
        out.push(['GEOPOS', key, member(), member(), member()]);
        break;
      case 7:
        out.push(['GEOHASH', key, member(), member()]);
        break;
      default:
        out.push([pick(r, ['GEORADIUS_RO', 'GEORADIUSBYMEMBER_RO']), key]);
        if (out[out.length - 1][0] === 'GEORADIUS_RO') out[out.length - 1].push(...position(r));
        else out[out.length - 1].push(member());
        out[out.length - 1].push(distanceArg(r, u), u, ...options(false));
    }
  }
  return out;
}

// ---------------------------------------------------------------- differential suites

const GEO_COMMANDS = ['geoadd', 'geodist', 'geohash', 'geopos', 'geosearch', 'geosearchstore', 'georadius', 'georadius_ro',
  'georadiusbymember', 'georadiusbymember_ro'];

for (const shards of ['0', '1', '4']) {
  const t = suite(`geo differential (--shards ${shards})`);
  let redis: RunningServer;
  let kunyu: RunningServer;
  redisAndKunyuFor(t, ['--shards', shards], (r, k) => { [redis, kunyu] = [r, k]; });
  t.before.each(async () => {
    await runBoth(redis, kunyu, [['FLUSHALL']]);
  });

  t('hand-written cases and error texts', async () => {
    await runBoth(redis, kunyu, EDGE_CASES);
  });

  t('RESP3 replies', async () => {
    await runBoth(redis, kunyu, [['HELLO', '3'], ...EDGE_CASES], ignoreHello);
  });

  t('seeded random indexes and searches', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      await runBoth(redis, kunyu, [['FLUSHALL'], ...generated(seed * 6151 + Number(shards), 150, 150)], roundDistances);
    }
    await runBoth(redis, kunyu, [['FLUSHALL'], ['HELLO', '3'], ...generated(777 + Number(shards), 100, 80)], roundDistances);
  });

  t('a large index (skiplist encoded) and big counts', async () => {
    const cmds = generated(31337 + Number(shards), 700, 60);
    await runBoth(redis, kunyu, [['FLUSHALL'], ...cmds, ['OBJECT', 'ENCODING', '{g}idx']], roundDistances);
  });

  t('stores across shards and inside MULTI', async () => {
    await runBoth(redis, kunyu, [
      ...SICILY,
      ['GEOSEARCHSTORE', 'far-away-key', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '300', 'km', 'STOREDIST'],
      ['ZRANGE', 'far-away-key', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '300', 'km', 'STORE', 'another-key', 'COUNT', '2'],
      ['ZRANGE', 'another-key', '0', '-1', 'WITHSCORES'],
      ['MULTI'], ['GEOADD', 'x1', '1', '1', 'a'], ['GEOSEARCHSTORE', 'y2', 'x1', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'],
      ['GEOPOS', 'y2', 'a'], ['EXEC'],
    ]);
  });

  t('COMMAND INFO and key extraction match', async () => {
    await runBoth(redis, kunyu, GEO_COMMANDS.map((n) => ['COMMAND', 'INFO', n]));
    await runBoth(redis, kunyu, [['HELLO', '3'], ...GEO_COMMANDS.map((n) => ['COMMAND', 'INFO', n])], ignoreHello);
    await runBoth(redis, kunyu, [
      ['COMMAND', 'GETKEYS', 'GEORADIUS', 'src', '1', '1', '1', 'km', 'STORE', 'd1', 'STOREDIST', 'd2'],
      ['COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'src', 'm', '1', 'km', 'STOREDIST', 'd2'],
      ['COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      ['COMMAND', 'GETKEYS', 'GEOADD', 'k', '1', '1', 'm'],
    ]);
  });

  t.run();
}

export {};
