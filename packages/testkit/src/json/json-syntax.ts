// Where a JSON text stops being JSON, as picojson (stout's JSON::parse) reports it:
// `syntax error at line N near: <the rest of that line>`, the rest starting at the first
// character the parser could not take.

/** picojson's error text for `text`, or undefined when `text` is valid JSON. */
export function jsonSyntaxError(text: string): string | undefined {
  const scan = new Scan(text);
  if (scan.value()) {
    scan.ws();
    if (scan.i === text.length) return undefined;
  }
  const line = text.slice(0, scan.i).split("\n").length;
  const rest = text.slice(scan.i).split("\n")[0] ?? "";
  return `syntax error at line ${line} near: ${rest.replace(/[\x00-\x1f]/g, "")}`;
}

class Scan {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (" \t\r\n".includes(this.s[this.i] ?? "x")) this.i++;
  }

  value(): boolean {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const word of ["true", "false", "null"]) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return true;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) return false;
    this.i += m[0].length;
    return true;
  }

  object(): boolean {
    this.i++;
    this.ws();
    if (this.s[this.i] === "}") return this.take("}");
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"' || !this.string()) return false;
      this.ws();
      if (!this.take(":") || !this.value()) return false;
      this.ws();
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      return this.take("}");
    }
  }

  array(): boolean {
    this.i++;
    this.ws();
    if (this.s[this.i] === "]") return this.take("]");
    for (;;) {
      if (!this.value()) return false;
      this.ws();
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      return this.take("]");
    }
  }

  string(): boolean {
    let j = this.i + 1;
    while (j < this.s.length && this.s[j] !== '"') j += this.s[j] === "\\" ? 2 : 1;
    if (j >= this.s.length) return false;
    this.i = j + 1;
    return true;
  }

  take(c: string): boolean {
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }
}
