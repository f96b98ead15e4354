// Redis's glob matcher (util.c stringmatchlen) on binary strings: one char per
// byte, as produced by Buffer#toString('latin1').
//
// Semantics copied from Redis 7.0, including its corner cases:
//  - `*` any run, `?` one byte, `\x` the literal x, `[abc]`, `[^abc]`, `[a-z]`;
//    reversed ranges `[z-a]` are accepted; inside a class `\x` is the literal x
//    (compared case-sensitively even in nocase mode);
//  - an unterminated class `[abc` takes the rest of the pattern as its members;
//  - range bounds compare as C `char`, which is signed on x86-64, so bytes
//    >= 0x80 sort below 0x00 in ranges (`[a-\xff]` is really `[\xff-a]`);
//  - nocase folds only A-Z (C locale tolower);
//  - an empty subject matches only an empty pattern: globMatch('*', '') is
//    false, exactly like stringmatchlen. (KEYS treats a lone `*` as "all keys"
//    before calling the matcher; callers that want that must do the same.)
//  - abusive patterns are cut off like Redis does: once a `*` has failed to
//    place the rest of the pattern anywhere in the subject, no earlier `*` is
//    retried (keeps `a*a*a*a*b` linear-ish), and recursion deeper than 1000
//    nested `*` answers "no match".

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const DASH = 0x2d;

const MAX_NESTING = 1000;

// Shared by one top-level call and all its recursion, like the
// `skipLongerMatches` pointer in Redis. Safe because matching never yields.
let skipLongerMatches = false;

export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  skipLongerMatches = false;
  return matchFrom(pattern, 0, subject, 0, nocase, 0);
}

function matchFrom(pattern: string, p: number, subject: string, s: number, nocase: boolean, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  const patternEnd = pattern.length;
  const subjectEnd = subject.length;

  while (p < patternEnd && s < subjectEnd) {
    const pc = pattern.charCodeAt(p);
    if (pc === STAR) {
      while (p + 1 < patternEnd && pattern.charCodeAt(p + 1) === STAR) p++;
      if (p + 1 === patternEnd) return true;
      // When a plain character follows the star, positions where the subject
      // differs would fail at once (with no side effect), so skip them.
      const next = pattern.charCodeAt(p + 1);
      const nextIsPlain = next !== QUESTION && next !== OPEN_BRACKET && next !== BACKSLASH;
      const nextFolded = nocase ? toLower(next) : next;
      while (s < subjectEnd) {
        const sc = subject.charCodeAt(s);
        if (!nextIsPlain || (nocase ? toLower(sc) : sc) === nextFolded) {
          if (matchFrom(pattern, p + 1, subject, s, nocase, nesting + 1)) return true;
          if (skipLongerMatches) return false;
        }
        s++;
      }
      skipLongerMatches = true;
      return false;
    } else if (pc === QUESTION) {
      s++;
    } else if (pc === OPEN_BRACKET) {
      const sc = subject.charCodeAt(s);
      p++;
      // Past the end charCodeAt gives NaN, which plays the role of C's NUL.
      const negate = pattern.charCodeAt(p) === CARET;
      if (negate) p++;
      let member = false;
      for (;;) {
        const remaining = patternEnd - p;
        const cc = pattern.charCodeAt(p);
        if (cc === BACKSLASH && remaining >= 2) {
          p++;
          if (pattern.charCodeAt(p) === sc) member = true;
        } else if (cc === CLOSE_BRACKET) {
          break;
        } else if (remaining === 0) {
          // Unterminated class: step back so the increment below lands on the end.
          p--;
          break;
        } else if (remaining >= 3 && pattern.charCodeAt(p + 1) === DASH) {
          let start = signedChar(cc);
          let end = signedChar(pattern.charCodeAt(p + 2));
          let c = signedChar(sc);
          if (start > end) {
            const swap = start;
            start = end;
            end = swap;
          }
          if (nocase) {
            start = toLower(start);
            end = toLower(end);
            c = toLower(c);
          }
          p += 2;
          if (c >= start && c <= end) member = true;
        } else if (nocase ? toLower(cc) === toLower(sc) : cc === sc) {
          member = true;
        }
        p++;
      }
      if (negate) member = !member;
      if (!member) return false;
      s++;
    } else {
      if (pc === BACKSLASH && patternEnd - p >= 2) p++;
      const literal = pattern.charCodeAt(p);
      const sc = subject.charCodeAt(s);
      if (nocase ? toLower(literal) !== toLower(sc) : literal !== sc) return false;
      s++;
    }
    p++;
    if (s === subjectEnd) {
      while (p < patternEnd && pattern.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p === patternEnd && s === subjectEnd;
}

function signedChar(code: number): number {
  return code >= 0x80 && code <= 0xff ? code - 0x100 : code;
}

function toLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}
