// Redis's text quoting (sds.c), on binary (latin1) strings: the one splitter behind inline
// commands, config lines and FUNCTION shebangs, and the quoting CONFIG REWRITE writes back.

/** C isspace in the C locale. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** The value of one hex digit, or -1. */
export function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  return -1;
}

const DOUBLE_QUOTE_ESCAPES = new Map([
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['b', '\b'],
  ['a', '\x07'],
]);

/**
 * sdssplitargs: whitespace separates arguments; "..." understands \xHH \n \r \t \b \a and \<any>;
 * '...' understands \'; a closing quote must be followed by whitespace or the end. A NUL outside
 * quotes separates like a space. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  const end = line.length;
  for (;;) {
    while (i < end && isCSpace(line.charCodeAt(i))) i++;
    if (i >= end) return args;
    let current = '';
    let inDoubleQuotes = false;
    let inSingleQuotes = false;
    let done = false;
    while (!done) {
      if (i >= end) {
        if (inDoubleQuotes || inSingleQuotes) return null;
        break;
      }
      const c = line[i];
      if (inDoubleQuotes) {
        if (c === '\\' && line[i + 1] === 'x' && hexValue(line.charCodeAt(i + 2)) >= 0 && hexValue(line.charCodeAt(i + 3)) >= 0) {
          current += String.fromCharCode(hexValue(line.charCodeAt(i + 2)) * 16 + hexValue(line.charCodeAt(i + 3)));
          i += 3;
        } else if (c === '\\' && i + 1 < end) {
          i++;
          current += DOUBLE_QUOTE_ESCAPES.get(line[i]) ?? line[i];
        } else if (c === '"') {
          if (i + 1 < end && !isCSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          current += c;
        }
      } else if (inSingleQuotes) {
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (c === "'") {
          if (i + 1 < end && !isCSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          current += c;
        }
      } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\0') {
        done = true;
      } else if (c === '"') {
        inDoubleQuotes = true;
      } else if (c === "'") {
        inSingleQuotes = true;
      } else {
        current += c;
      }
      i++;
    }
    args.push(current);
  }
}

/** sdscatrepr: a double-quoted, escaped representation that splitArgs reads back. */
export function quoteRepr(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = text[i];
    if (c === '\\' || c === '"') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code === 0x07) out += '\\a';
    else if (code === 0x08) out += '\\b';
    else if (code >= 0x20 && code <= 0x7e) out += c;
    else out += '\\x' + (code & 0xff).toString(16).padStart(2, '0');
  }
  return out + '"';
}
