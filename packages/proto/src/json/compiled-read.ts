// The fast schema walk of MesosJson.parse: one reader function per message type, generated
// on first use from the schema table (src/gen/schema.ts) and cached. A `switch` over the
// field names replaces the per-key Map lookup, scalar fast paths are inlined, one try/catch
// per message adds the path on errors, and the required check runs on the result object.
// Decoding is in place: the JSON.parse result (private to MesosJson.parse) becomes the
// message, so a snapshot is not built twice (copying was most of the walk's cost, in GC);
// an object is copied only when a key must be left out or a oneof is met (copyBefore).
// Semantics are those of read.ts (the interpreting walk, kept as the reference and as the
// fallback where code generation is disallowed); a test compares the two on every fixture.
//
// Safety of the generated code: every name or string in it comes from the schema table and
// is embedded only through JSON.stringify (string literals) or as a numeric index; no JSON
// input ever reaches the code text.
import { type FieldInfo, fieldEnum, type MessageInfo, messageInfo } from "../schema/registry.js";
import { codegenEnabled, instantiate, onCodegenChange } from "./codegen.js";
import { checkDepth, MAX_DEPTH, readMap, readMessage } from "./read.js";
import { Fail, readScalar } from "./scalars.js";

/** A message reader; `mark` is the char code of protected long integers (-1: none). */
export type Reader = (
  json: unknown,
  depth: number,
  partial: boolean,
  mark: number,
) => Record<string, unknown>;

interface Slot {
  read: Reader;
}

const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;

const slots = new Map<string, Slot>();
onCodegenChange(() => slots.clear());

const describe = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

// Shared by all generated readers: the slow and failing paths, out of line.
const helpers = {
  Fail,
  scalar: readScalar,
  readMap,
  checkDepth,
  notObject: (name: string) => new Fail("MESOS_JSON_TYPE_MISMATCH", `expected an object for ${name}`),
  tooDeep: () => new Fail("MESOS_JSON_DEPTH", `nested deeper than ${MAX_DEPTH} levels`),
  notSingle: () => new Fail("MESOS_JSON_TYPE_MISMATCH", "expected a single value, got array"),
  notEnum: (v: unknown) => new Fail("MESOS_JSON_TYPE_MISMATCH", `expected an enum name, got ${describe(v)}`),
  unknownEnum: (type: string, v: unknown) =>
    new Fail("MESOS_JSON_UNKNOWN_ENUM", `unknown ${type} name ${JSON.stringify(v)}`),
  missing: (out: Record<string, unknown>, names: readonly string[]) =>
    new Fail(
      "MESOS_PROTO_MISSING_REQUIRED",
      `missing required fields: ${names.filter((n) => out[n] === undefined).join(", ")}`,
    ),
  /** A protected long integer (see long-integers.ts) in range, else undefined (the slow path decides). */
  exact: (v: unknown, mark: number, range: readonly [bigint, bigint]): bigint | undefined => {
    if (typeof v !== "string" || v.charCodeAt(0) !== mark) return undefined;
    const n = BigInt(v.slice(1));
    return n >= range[0] && n <= range[1] ? n : undefined;
  },
  /**
   * A reader works in place on the JSON.parse result (`out === json`: known fields are
   * overwritten with their decoded values) until a key must be left out (unknown, null, a
   * dropped enum name) or a oneof is met; then it copies the keys read so far, all known
   * and final, into a fresh object and goes on there.
   */
  copyBefore: (json: Record<string, unknown>, stop: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k in json) {
      if (k === stop) break;
      out[k] = json[k];
    }
    return out;
  },
  push: (e: unknown, segment: string) => {
    if (e instanceof Fail) e.segments.push(segment);
  },
};

/** The reader of `name` (compiled on first call). */
export function readerOf(name: string): Reader {
  return slotOf(name).read;
}

export { useCodegen } from "./codegen.js";

function slotOf(name: string): Slot {
  let slot = slots.get(name);
  if (slot === undefined) {
    const info = messageInfo(name); // throws for unknown types before anything is cached
    const s: Slot = {
      read: (json, depth, partial, mark) => {
        s.read = compile(info);
        return s.read(json, depth, partial, mark);
      },
    };
    slot = s;
    slots.set(name, slot);
  }
  return slot;
}

function interpreted(info: MessageInfo): Reader {
  return (json, depth, partial) => readMessage(info, json, depth, partial);
}

function compile(info: MessageInfo): Reader {
  if (!codegenEnabled()) return interpreted(info);
  const refs: unknown[] = [];
  const ref = (value: unknown) => {
    refs.push(value);
    return `r[${refs.length - 1}]`;
  };
  const cases = info.fields.map((f) => `case ${JSON.stringify(f.name)}: ${fieldCode(f, ref)} break;`);
  const required = info.required.map((f) => f.name);
  const requiredCheck =
    required.length === 0
      ? ""
      : `if (!partial && (${required.map((n) => `out[${JSON.stringify(n)}] === undefined`).join(" || ")})) throw h.missing(out, ${ref(required)});`;
  const body = `return function read(json, depth, partial, mark) {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw h.notObject(${JSON.stringify(info.name)});
  if (depth > ${MAX_DEPTH}) throw h.tooDeep();
  let out = json;
  let key;
  try {
    for (key in json) {
      const v = json[key];
      if (v === null) { ${DROP} continue; } // null = absent
      switch (key) {
        ${cases.join("\n        ")}
        default: ${DROP} if (typeof v === "object") h.checkDepth(v, depth + 1);
      }
    }
  } catch (e) { h.push(e, key); throw e; }
  ${requiredCheck}
  return out;
};`;
  // undefined with --disallow-code-generation-from-strings and similar: walk the table instead.
  return instantiate<Reader>(body, helpers, refs) ?? interpreted(info);
}

type Ref = (value: unknown) => string;

/** Leaves the current key out of the result: switches from in-place to a copy. */
const DROP = "if (out === json) out = h.copyBefore(json, key);";

/** Statements for one known key; `v` is its (non-null checked here) JSON value. */
function fieldCode(f: FieldInfo, ref: Ref): string {
  const name = JSON.stringify(f.name);
  if (f.kind === "map") return `out[${name}] = h.readMap(${ref(f)}, v, depth + 1, partial);`;
  if (f.label === "repeated") {
    // In place as well: the array's items are overwritten until one is left out.
    return `{
      let list;
      let i = 0;
      if (Array.isArray(v) && depth + 1 > ${MAX_DEPTH}) throw h.tooDeep();
      try {
        if (Array.isArray(v)) {
          list = v;
          for (; i < v.length; i++) {
            const w = v[i]; let x; ${valueCode(f, "w", "depth + 2", ref)}
            if (list === v) { if (x !== undefined) v[i] = x; else list = v.slice(0, i); }
            else if (x !== undefined) list.push(x);
          }
        } else { list = []; let x; ${valueCode(f, "v", "depth + 1", ref)} if (x !== undefined) list.push(x); }
      } catch (e) { h.push(e, "[" + i + "]"); throw e; }
      out[${name}] = list;
    }`;
  }
  const store =
    f.oneof === undefined
      ? `out[${name}] = x;`
      : `{ ${DROP} out[${JSON.stringify(f.oneof)}] = { $case: ${name}, ${name}: x }; }`;
  const unknown =
    f.kind === "enum"
      ? f.label === "required"
        ? `if (x === undefined) { if (!partial) throw h.unknownEnum(${JSON.stringify(f.type)}, v); ${DROP} } else `
        : `if (x === undefined) { ${DROP} } else `
      : "";
  return `{
      if (Array.isArray(v)) throw h.notSingle();
      let x; ${valueCode(f, "v", "depth + 1", ref)}
      ${unknown}${store}
    }`;
}

/** Statements setting `x` from the JSON value `input` at depth `depth` (undefined: unknown enum name). */
function valueCode(f: FieldInfo, input: string, depth: string, ref: Ref): string {
  const kind = f.kind === "map" ? f.value! : f.kind;
  const slow = `h.scalar(${JSON.stringify(kind)}, ${input})`;
  switch (kind) {
    case "message":
      return `x = ${ref(slotOf(f.type!))}.read(${input}, ${depth}, partial, mark);`;
    case "enum":
      return `if (typeof ${input} !== "string" || ${input}.charCodeAt(0) === mark) throw h.notEnum(${input}); x = ${ref(fieldEnum(f).byName)}.get(${input});`;
    case "string":
      return `x = typeof ${input} === "string" && ${input}.charCodeAt(0) !== mark ? ${input} : ${slow};`;
    case "bool":
      return `x = ${input} === true || ${input} === false ? ${input} : ${slow};`;
    case "double":
    case "float":
      return `x = typeof ${input} === "number" ? ${input} : ${slow};`;
    case "int32":
    case "sint32":
    case "sfixed32":
      return `x = typeof ${input} === "number" && (${input} | 0) === ${input} ? ${input} : ${slow};`;
    case "uint32":
    case "fixed32":
      return `x = typeof ${input} === "number" && ${input} >>> 0 === ${input} ? ${input} : ${slow};`;
    case "int64":
    case "sint64":
    case "sfixed64":
      return `x = typeof ${input} === "number" && Number.isSafeInteger(${input}) ? BigInt(${input}) : h.exact(${input}, mark, ${ref(INT64_RANGE)}) ?? ${slow};`;
    case "uint64":
    case "fixed64":
      return `x = typeof ${input} === "number" && ${input} >= 0 && Number.isSafeInteger(${input}) ? BigInt(${input}) : h.exact(${input}, mark, ${ref(UINT64_RANGE)}) ?? ${slow};`;
    default:
      return `x = ${slow};`;
  }
}
