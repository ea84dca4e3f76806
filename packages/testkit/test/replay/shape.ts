// The "shape" of a JSON text as the recordings in fixtures/real-mesos-1.12 write it: every key,
// recursively, with its value's type; numbers typed by how they were written (`4.0` is "float",
// `4` is "int"); enum-like strings keep their value ("enum:TASK_RUNNING"); `message` and
// `source` strings keep their text; arrays reduced to the union of their elements.

export type Shape = string | Shape[] | { [key: string]: Shape };

const ENUM_LIKE = /^[A-Z][A-Z0-9_]*$/;
const VALUE_KEYS = new Set(["message", "source"]);

/** Shape of a JSON text (parsed here, so `1.0` and `1` stay distinguishable). */
export function shapeOfJson(text: string): Shape {
  const parser = new ShapeParser(text);
  const shape = parser.value(undefined);
  parser.end();
  return shape;
}

class ShapeParser {
  #i = 0;
  readonly #s: string;

  constructor(s: string) {
    this.#s = s;
  }

  end(): void {
    this.#ws();
    if (this.#i !== this.#s.length) throw new SyntaxError(`trailing text at ${this.#i}`);
  }

  value(key: string | undefined): Shape {
    this.#ws();
    const c = this.#s[this.#i];
    if (c === "{") return this.#object();
    if (c === "[") return this.#array();
    if (c === '"') {
      const s = this.#string();
      if (ENUM_LIKE.test(s)) return `enum:${s}`;
      if (key !== undefined && VALUE_KEYS.has(key)) return `str=${JSON.stringify(s)}`;
      return "string";
    }
    if (this.#s.startsWith("true", this.#i) || this.#s.startsWith("false", this.#i)) {
      this.#i += this.#s[this.#i] === "t" ? 4 : 5;
      return "bool";
    }
    if (this.#s.startsWith("null", this.#i)) {
      this.#i += 4;
      return "null";
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.#s.slice(this.#i, this.#i + 64));
    if (!m) throw new SyntaxError(`unexpected ${c} at ${this.#i}`);
    this.#i += m[0].length;
    return m[1] !== undefined || m[2] !== undefined ? "float" : "int";
  }

  #object(): Shape {
    this.#i++;
    const out: Record<string, Shape> = {};
    this.#ws();
    if (this.#s[this.#i] === "}") {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#ws();
      const key = this.#string();
      this.#ws();
      this.#expect(":");
      out[key] = this.value(key);
      this.#ws();
      if (this.#s[this.#i] === ",") {
        this.#i++;
        continue;
      }
      this.#expect("}");
      return sortKeys(out);
    }
  }

  #array(): Shape {
    this.#i++;
    const items: Shape[] = [];
    this.#ws();
    if (this.#s[this.#i] === "]") {
      this.#i++;
      return [];
    }
    for (;;) {
      items.push(this.value(undefined));
      this.#ws();
      if (this.#s[this.#i] === ",") {
        this.#i++;
        continue;
      }
      this.#expect("]");
      return [items.reduce((a, b) => unionShape(a, b))];
    }
  }

  #string(): string {
    this.#expect('"');
    let j = this.#i;
    while (this.#s[j] !== '"') j += this.#s[j] === "\\" ? 2 : 1;
    const s = JSON.parse(this.#s.slice(this.#i - 1, j + 1)) as string;
    this.#i = j + 1;
    return s;
  }

  #expect(c: string): void {
    if (this.#s[this.#i] !== c) throw new SyntaxError(`expected ${c} at ${this.#i}`);
    this.#i++;
  }

  #ws(): void {
    while (/\s/.test(this.#s[this.#i] ?? "")) this.#i++;
  }
}

function sortKeys(o: Record<string, Shape>): Record<string, Shape> {
  const out: Record<string, Shape> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k] as Shape;
  return out;
}

/** The union of two element shapes: objects merge their keys, scalars join as `a|b` (sorted). */
export function unionShape(a: Shape, b: Shape): Shape {
  if (typeof a === "string" && typeof b === "string") {
    return [...new Set([...a.split("|"), ...b.split("|")])].sort().join("|");
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return [unionShape(a[0] as Shape, b[0] as Shape)];
  }
  if (isObject(a) && isObject(b)) {
    const out: Record<string, Shape> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? unionShape(out[k] as Shape, v) : v;
    return sortKeys(out);
  }
  return typeof a === "string" ? a : b;
}

function isObject(s: Shape): s is Record<string, Shape> {
  return typeof s === "object" && !Array.isArray(s);
}

/** Paths where two shapes differ (`a.b[]`: …), empty when they are the same. */
export function shapeDifferences(expected: Shape, actual: Shape, path = ""): string[] {
  if (typeof expected === "string" || typeof actual === "string") {
    return JSON.stringify(expected) === JSON.stringify(actual)
      ? []
      : [`${path || "."}: expected ${brief(expected)}, got ${brief(actual)}`];
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) {
      return [`${path}: expected ${brief(expected)}, got ${brief(actual)}`];
    }
    if (expected.length === 0 || actual.length === 0) {
      return expected.length === actual.length
        ? []
        : [`${path}[]: expected ${expected.length ? "items" : "[]"}, got ${actual.length ? "items" : "[]"}`];
    }
    return shapeDifferences(expected[0] as Shape, actual[0] as Shape, `${path}[]`);
  }
  const out: string[] = [];
  for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in actual)) out.push(`${p}: missing`);
    else if (!(k in expected)) out.push(`${p}: unexpected`);
    else out.push(...shapeDifferences(expected[k] as Shape, actual[k] as Shape, p));
  }
  return out;
}

function brief(s: Shape): string {
  const t = JSON.stringify(s);
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
