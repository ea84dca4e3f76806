// The operator API writes some empty repeated fields as `[]` (`"executors":[]`), which the
// MesosJson writer omits, as the scheduler API does (src/master/http.cpp writes these responses
// with explicit JSON writers), and a few fields `mesos.v1` has no name for. This adds them to a
// MesosJson text: the text is read into a tree whose numbers keep their spelling (`1.0` stays
// `1.0`), the fields are added where their parent object exists, and the tree is written back.
// A path's `x[]` segment walks every element of the list `x`.

type Node =
  | { kind: "raw"; text: string }
  | { kind: "array"; items: Node[] }
  | { kind: "object"; entries: [string, Node][] };

/** Adds each `[path, json]` field where its parent object exists and the field does not. */
export function withFields(text: string, fields: ReadonlyArray<readonly [string, string]>): string {
  const root = new TreeReader(text).read();
  for (const [path, value] of fields) addAt(root, path.split("."), value);
  return write(root);
}

function addAt(node: Node, segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (head.endsWith("[]")) {
    const child = field(node, head.slice(0, -2));
    if (child?.kind === "array") for (const item of child.items) addAt(item, rest, value);
    return;
  }
  if (node.kind !== "object") return;
  if (rest.length === 0) {
    if (!node.entries.some(([k]) => k === head)) node.entries.push([head, new TreeReader(value).read()]);
    return;
  }
  const child = field(node, head);
  if (child) addAt(child, rest, value);
}

function field(node: Node, name: string): Node | undefined {
  return node.kind === "object" ? node.entries.find(([k]) => k === name)?.[1] : undefined;
}

function write(node: Node): string {
  if (node.kind === "raw") return node.text;
  if (node.kind === "array") return `[${node.items.map(write).join(",")}]`;
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(",")}}`;
}

class TreeReader {
  #i = 0;
  readonly #s: string;

  constructor(s: string) {
    this.#s = s;
  }

  read(): Node {
    const c = this.#s[this.#i];
    if (c === "{") {
      this.#i++;
      const entries: [string, Node][] = [];
      while (this.#s[this.#i] !== "}") {
        if (this.#s[this.#i] === ",") this.#i++;
        const key = this.#string();
        this.#i++; // ':'
        entries.push([JSON.parse(key) as string, this.read()]);
      }
      this.#i++;
      return { kind: "object", entries };
    }
    if (c === "[") {
      this.#i++;
      const items: Node[] = [];
      while (this.#s[this.#i] !== "]") {
        if (this.#s[this.#i] === ",") this.#i++;
        items.push(this.read());
      }
      this.#i++;
      return { kind: "array", items };
    }
    if (c === '"') return { kind: "raw", text: this.#string() };
    const start = this.#i;
    while (this.#i < this.#s.length && !",]}".includes(this.#s[this.#i] as string)) this.#i++;
    return { kind: "raw", text: this.#s.slice(start, this.#i) };
  }

  /** A string token, quotes included (MesosJson writes compact JSON: no whitespace). */
  #string(): string {
    const start = this.#i;
    let j = this.#i + 1;
    while (this.#s[j] !== '"') j += this.#s[j] === "\\" ? 2 : 1;
    this.#i = j + 1;
    return this.#s.slice(start, this.#i);
  }
}
