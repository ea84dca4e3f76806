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

/**
 * The fast form of protectLongIntegers, which does not know where strings are. It samples
 * every 16th character (any run of 16 digits contains one sample), measures the digit run
 * around a sampled digit, and quotes it when it is a whole integer literal: no fraction or
 * exponent around it, no leading zero, not right after a backslash, not in key position
 * (followed by ":"), so a quoted literal outside strings turns valid JSON into valid JSON
 * and invalid into invalid. If a quoted run lies inside a string, the inserted `"` (never
 * escaped: no backslash before it) ends that string and the mark character after it stands
 * outside any string, so JSON.parse of the result always fails; the caller then falls back
 * to protectLongIntegers.
 */
export function quoteLongIntegers(text: string): Protected {
  const quoted = quoteRuns(text, FIRST_MARK);
  if (quoted === text) return { text, mark: -1 };
  if (isFree(text, FIRST_MARK)) return { text: quoted, mark: FIRST_MARK };
  const mark = freeMark(text);
  return { text: quoteRuns(text, mark), mark };
}

const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;

function quoteRuns(text: string, mark: number): string {
  const n = text.length;
  let out = "";
  let copied = 0;
  for (let k = 15; k < n; k += 16) {
    if (!isDigit(text.charCodeAt(k))) continue;
    let start = k;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = k + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    while (k + 16 < end) k += 16; // the next sample lies after this run
    if (end - start < 16 || text.charCodeAt(start) === ZERO) continue;
    if (text.charCodeAt(start - 1) === MINUS) start--;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    if (before === DOT || before === LOWER_E || before === UPPER_E || before === PLUS) continue;
    if (before === MINUS || before === BACKSLASH || isDigit(before)) continue;
    const after = end < n ? text.charCodeAt(end) : -1;
    if (after === DOT || after === LOWER_E || after === UPPER_E || isKey(text, end)) continue;
    out += `${text.slice(copied, start)}"${String.fromCharCode(mark)}${text.slice(start, end)}"`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export interface Protected {
  readonly text: string;
  /** Char code that starts every marked string, or -1 when nothing was marked. */
  readonly mark: number;
}

/**
 * Returns `text` with every integer literal of >= 16 digits (outside strings) replaced by a
 * string starting with `mark`, a character that occurs nowhere in the text (raw or
 * escaped), so that no real string can pass for a marked one. Never makes invalid JSON
 * valid: literals with a leading zero, a fraction or an exponent are left alone, and
 * malformed strings are left for JSON.parse to report.
 */
export function protectLongIntegers(text: string): Protected {
  if (!LONG_RUN.test(text)) return { text, mark: -1 };
  const mark = freeMark(text);
  const markText = String.fromCharCode(mark);
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
    if (i - digitsStart >= 16 && text.charCodeAt(digitsStart) !== ZERO && !isKey(text, i)) {
      out += `${text.slice(copied, start)}"${markText}${text.slice(start, i)}"`;
      copied = i;
    }
  }
  return copied === 0 ? { text, mark: -1 } : { text: out + text.slice(copied), mark };
}

/** A ":" after optional whitespace: a number there is an (invalid) key and must stay a number. */
function isKey(text: string, end: number): boolean {
  let j = end;
  while (text[j] === " " || text[j] === "\t" || text[j] === "\n" || text[j] === "\r") j++;
  return text[j] === ":";
}

// The mark is written raw (JSON allows DEL and U+0080-U+00FF unescaped in strings) and is
// one byte wide: a \uXXXX escape, or a character above U+00FF that makes V8 build a two-byte
// string, costs JSON.parse about a third more on a small event.
const FIRST_MARK = 0x7f;

/** `code` occurs in `text` neither raw nor as a \uXXXX escape (any hex case). */
function isFree(text: string, code: number): boolean {
  if (text.includes(String.fromCharCode(code))) return false;
  if (!text.includes("\\u")) return true; // the usual case: no escapes at all
  return !new RegExp(`\\\\u${code.toString(16).padStart(4, "0")}`, "i").test(text);
}

/** The first of U+007F…U+00FF, U+E000…U+F8FF absent from `text`, raw and escaped. */
function freeMark(text: string): number {
  for (let code = FIRST_MARK; code <= 0xf8ff; code = code === 0xff ? 0xe000 : code + 1) {
    if (isFree(text, code)) return code;
  }
  throw new RangeError("no free marker character"); // needs a text with > 6500 distinct such chars
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
