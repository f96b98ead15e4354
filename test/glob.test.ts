import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { globMatch } from '../src/util/glob';
import { realRedisAvailable, RespError, startRealRedis, type RealRedis } from './support/real-redis';

test('basic wildcards', () => {
  assert.ok(globMatch('h?llo', 'hello'));
  assert.ok(globMatch('h*llo', 'heeeello'));
  assert.ok(globMatch('h*llo', 'hllo'));
  assert.ok(globMatch('*', 'x'));
  assert.ok(globMatch('a*', 'a'));
  assert.ok(globMatch('a**', 'a'));
  assert.not.ok(globMatch('h?llo', 'hllo'));
  assert.not.ok(globMatch('h*llo', 'hellox'));
  assert.ok(globMatch('', ''));
  assert.not.ok(globMatch('', 'a'));
});

test('an empty subject matches only the empty pattern, as in stringmatchlen', () => {
  assert.not.ok(globMatch('*', ''));
  assert.not.ok(globMatch('**', ''));
  assert.not.ok(globMatch('?', ''));
});

test('classes, negation, ranges (also reversed)', () => {
  assert.ok(globMatch('h[ae]llo', 'hallo'));
  assert.not.ok(globMatch('h[ae]llo', 'hillo'));
  assert.ok(globMatch('h[^e]llo', 'hallo'));
  assert.not.ok(globMatch('h[^e]llo', 'hello'));
  assert.ok(globMatch('h[a-b]llo', 'hbllo'));
  assert.ok(globMatch('h[b-a]llo', 'hallo'));
  assert.ok(globMatch('[z-a]', 'm'));
  assert.not.ok(globMatch('[]', 'a'));
  assert.ok(globMatch('[^]', 'a'));
  // "[a-]" is the range a..']' (reversed, so ']'..'a').
  assert.ok(globMatch('[a-]', '^'));
  assert.not.ok(globMatch('[a-]', '-'));
});

test('escapes', () => {
  assert.ok(globMatch('h\\*llo', 'h*llo'));
  assert.not.ok(globMatch('h\\*llo', 'hello'));
  assert.ok(globMatch('[\\]]', ']'));
  assert.ok(globMatch('a\\', 'a\\'));
  assert.ok(globMatch('[\\', '\\'));
});

test('unterminated class takes the rest of the pattern', () => {
  assert.ok(globMatch('[abc', 'b'));
  assert.not.ok(globMatch('[abc', 'bc'));
  assert.not.ok(globMatch('a[', 'a['));
  assert.ok(globMatch('a[^', 'ax'));
});

test('nocase folds A-Z only, and not escaped class members', () => {
  assert.ok(globMatch('HELLO', 'hello', true));
  assert.ok(globMatch('h[A-C]llo', 'hbllo', true));
  assert.ok(globMatch('[a]', 'A', true));
  assert.not.ok(globMatch('[\\a]', 'A', true));
  assert.not.ok(globMatch('\u00c0', '\u00e0', true));
});

test('range bounds compare as signed chars (x86-64 Redis)', () => {
  // 'a'..0xff is really 0xff(-1)..'a'(97): control chars and digits are in, 'b' and 0x80 are out.
  assert.ok(globMatch('[a-\u00ff]', '0'));
  assert.ok(globMatch('[a-\u00ff]', '\u00ff'));
  assert.not.ok(globMatch('[a-\u00ff]', 'b'));
  assert.not.ok(globMatch('[a-\u00ff]', '\u0080'));
});

test('pathological patterns stay fast', () => {
  const subject = 'a'.repeat(5000);
  const start = process.hrtime.bigint();
  assert.not.ok(globMatch('a*a*a*a*a*a*a*a*a*a*a*a*b', subject));
  assert.not.ok(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c', subject));
  assert.ok(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*', subject));
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(elapsedMs < 200, `took ${elapsedMs}ms`);
});

test('more than 1000 nested stars answer no match, like Redis', () => {
  const subject = 'a'.repeat(1200);
  assert.ok(globMatch('*a'.repeat(1000), subject));
  assert.not.ok(globMatch('*a'.repeat(1002), subject));
});

// ---------------------------------------------------------------------------
// Differential test against the real redis-server's KEYS.

const SUBJECT_ALPHABET = ['a', 'b', 'A', 'z', '-', ']', '[', '^', '\\', '*', '?', '0', '\u0080', '\u00ff', '\u0001'];
const PATTERN_ALPHABET = [...SUBJECT_ALPHABET, '*', '*', '?', '[', '[', ']', ']', '^', '-', '-', '\\'];

// Deterministic PRNG (mulberry32) so a failure can be reproduced.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomString(random: () => number, alphabet: string[], maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

if (realRedisAvailable()) {
  let redis: RealRedis;

  test.before(async () => {
    redis = await startRealRedis();
  });

  test.after(async () => {
    await redis.stop();
  });

  test('matches real redis-server KEYS on generated patterns', async () => {
    const random = prng(20240607);
    const subjects = new Set<string>(['', 'a', 'ab', 'abc', 'hello', 'hallo', 'h*llo', 'a-b', '[a]', 'a\\b']);
    while (subjects.size < 160) subjects.add(randomString(random, SUBJECT_ALPHABET, 6));
    for (const subject of subjects) {
      assert.equal(await redis.client.call('SET', subject, '1'), 'OK');
    }
    const patterns = new Set<string>(['[a-]', '[]', '[^]', '[\\', 'a[', '[a-\u00ff]', '[\u00ff-a]', '\\']);
    while (patterns.size < 400) {
      const pattern = randomString(random, PATTERN_ALPHABET, 7);
      // KEYS answers a lone "*" from a fast path without the matcher.
      if (pattern !== '*') patterns.add(pattern);
    }
    for (const pattern of patterns) {
      const reply = await redis.client.call('KEYS', pattern);
      if (!Array.isArray(reply)) throw new Error(`KEYS ${JSON.stringify(pattern)} answered ${JSON.stringify(reply)}`);
      const expected = [...(reply as string[])].sort();
      const actual = [...subjects].filter((subject) => globMatch(pattern, subject)).sort();
      assert.equal(actual, expected, `pattern ${JSON.stringify(pattern)}`);
    }
  });

  test('matches real redis-server on the nesting limit', async () => {
    const subject = 'a'.repeat(1200);
    await redis.client.call('FLUSHALL');
    await redis.client.call('SET', subject, '1');
    for (const stars of [999, 1000, 1001, 1002]) {
      const reply = await redis.client.call('KEYS', '*a'.repeat(stars));
      assert.not.instance(reply, RespError);
      assert.is(globMatch('*a'.repeat(stars), subject), (reply as string[]).length === 1, `${stars} stars`);
    }
  });
}

test.run();
