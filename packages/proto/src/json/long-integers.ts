// Node 20's JSON.parse turns every number into a double, so an int64 such as a nanosecond
// timestamp (1732261234567891234) silently loses its last digits. Integers with at most 15
// digits are always exact as doubles, so only texts holding a run of >= 16 digits need help:
// one string-aware pass wraps each such integer literal in quotes, behind a marker, before
// JSON.parse; the schema walk then reads it back as a bigint (or a double, or rejects it for a
// string field, since the original was a number).

const LONG_RUN = /\d{16}/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const isDigit = (c: number) => c >= ZERO && c <= NINE;
// Characters that may continue a JSON number after its integer part: . e E + - digits.
const isNumberTail = (c: number) =>
  isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;

export interface Protected {
  readonly text: string;
  /** Char code that starts every marked string, or -1 when nothing was marked. */
  readonly mark: number;
}

/**
 * Returns `text` with every integer literal of >= 16 digits (outside strings) replaced by a
 * string starting with `mark`, a private-use character that occurs nowhere in the text (raw
 * or escaped), so that no real string can pass for a marked one. Never makes invalid JSON
 * valid: literals with a leading zero, a fraction or an exponent are left alone, and
 * malformed strings are left for JSON.parse to report.
 */
export function protectLongIntegers(text: string): Protected {
  if (!LONG_RUN.test(text)) return { text, mark: -1 };
  const mark = freeMark(text);
  const markEscaped = `\\u${mark.toString(16)}`;
  const n = text.length;
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return { text, mark: -1 }; // unterminated: JSON.parse reports the syntax error
      continue;
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === MINUS) i++;
    const digitsStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const next = i < n ? text.charCodeAt(i) : -1;
    if (next === 0x2e || next === 0x65 || next === 0x45) {
      while (i < n && isNumberTail(text.charCodeAt(i))) i++; // a double: JSON.parse is right
      continue;
    }
    if (i - digitsStart >= 16 && text.charCodeAt(digitsStart) !== ZERO) {
      out += `${text.slice(copied, start)}"${markEscaped}${text.slice(start, i)}"`;
      copied = i;
    }
  }
  return copied === 0 ? { text, mark: -1 } : { text: out + text.slice(copied), mark };
}

/** The first private-use character (U+E000…U+F8FF) absent from `text`, raw and as \\uXXXX. */
function freeMark(text: string): number {
  for (let code = 0xe000; code <= 0xf8ff; code++) {
    const escaped = new RegExp(`\\\\u${code.toString(16)}`, "i");
    if (!text.includes(String.fromCharCode(code)) && !escaped.test(text)) return code;
  }
  throw new RangeError("no free marker character"); // needs a text of > 6400 distinct private-use chars
}

/** Index just past the string starting at `open` (a quote), or -1 if it never ends. */
function endOfString(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return -1;
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1; // an even number of backslashes: a real quote
    j++;
  }
}
