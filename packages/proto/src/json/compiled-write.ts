// The fast walk of MesosJson.stringify: one writer function per message type, generated on
// first use from the schema table and cached, like the readers (compiled-read.ts). Fields are
// visited in declaration order with their keys and `[default = …]` texts baked in as string
// literals; semantics are those of write.ts (the interpreting walk, kept as the reference and
// as the fallback), and a test compares the two.
//
// Safety of the generated code: every name or string in it comes from the schema table and is
// embedded only through JSON.stringify or as a numeric index; no message data reaches the code.
import { type FieldInfo, fieldEnum, type MessageInfo, messageInfo } from "../schema/registry.js";
import { codegenEnabled, instantiate, onCodegenChange } from "./codegen.js";
import { formatDouble } from "./double.js";
import { MAX_DEPTH } from "./read.js";
import { Fail } from "./scalars.js";
import { mismatch, writeDefault, writeInt64, writeMap, writeMessage } from "./write.js";

/** A message writer: message -> Mesos JSON text. */
export type Writer = (msg: unknown, depth: number, emitDefaults: boolean) => string;

interface Slot {
  write: Writer;
}

const slots = new Map<string, Slot>();
onCodegenChange(() => slots.clear());

const helpers = {
  mismatch,
  formatDouble,
  writeInt64,
  writeMap,
  tooDeep: () => new Fail("MESOS_JSON_DEPTH", `nested deeper than ${MAX_DEPTH} levels`),
  bytes: (v: unknown) => {
    if (!(v instanceof Uint8Array)) throw mismatch("a Uint8Array", v);
    return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"`;
  },
  push: (e: unknown, segment: string) => {
    if (e instanceof Fail) e.segments.push(segment);
  },
};

/** The writer of `name` (compiled on first call). */
export function writerOf(name: string): Writer {
  return slotOf(name).write;
}

function slotOf(name: string): Slot {
  let slot = slots.get(name);
  if (slot === undefined) {
    const info = messageInfo(name);
    const s: Slot = {
      write: (msg, depth, emitDefaults) => {
        s.write = compile(info);
        return s.write(msg, depth, emitDefaults);
      },
    };
    slot = s;
    slots.set(name, slot);
  }
  return slot;
}

function interpreted(info: MessageInfo): Writer {
  return (msg, depth, emitDefaults) => writeMessage(info, msg, depth, emitDefaults);
}

type Ref = (value: unknown) => string;

function compile(info: MessageInfo): Writer {
  if (!codegenEnabled()) return interpreted(info);
  const refs: unknown[] = [];
  const ref: Ref = (value) => {
    refs.push(value);
    return `r[${refs.length - 1}]`;
  };
  const body = `return function write(msg, depth, emitDefaults) {
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) throw h.mismatch(${JSON.stringify(`a ${info.name}`)}, msg);
  if (depth > ${MAX_DEPTH}) throw h.tooDeep();
  let out = "{";
  let name;
  let v;
  let t;
  try {
    ${info.fields.map((f) => fieldCode(f, ref)).join("\n    ")}
  } catch (e) { h.push(e, name); throw e; }
  return out + "}";
};`;
  return instantiate<Writer>(body, helpers, refs) ?? interpreted(info);
}

function fieldCode(f: FieldInfo, ref: Ref): string {
  const name = JSON.stringify(f.name);
  const read =
    f.oneof === undefined
      ? `v = msg[${name}];`
      : `v = msg[${JSON.stringify(f.oneof)}]; v = v !== undefined && v !== null && v.$case === ${name} ? v[${name}] : undefined;`;
  const fallback =
    f.default !== undefined && !f.deprecated
      ? `if (t === undefined && emitDefaults) t = ${JSON.stringify(writeDefault(f))};`
      : "";
  return `${read}
    t = undefined;
    if (v !== undefined && v !== null) { name = ${name}; ${valueOfField(f, ref)} }
    ${fallback}
    if (t !== undefined) out += (out.length === 1 ? ${JSON.stringify(`"${f.name}":`)} : ${JSON.stringify(`,"${f.name}":`)}) + t;`;
}

/** Statements setting `t` (text or undefined) from the present value `v`. */
function valueOfField(f: FieldInfo, ref: Ref): string {
  if (f.kind === "map") return `t = h.writeMap(${ref(f)}, v, depth + 1, emitDefaults);`;
  if (f.label !== "repeated") return valueCode(f, "v", "depth + 1", ref, "t");
  return `if (!Array.isArray(v)) throw h.mismatch("an array", v);
      let list = "";
      let i = 0;
      try {
        for (; i < v.length; i++) {
          const w = v[i];
          let x;
          ${valueCode(f, "w", "depth + 2", ref)}
          if (x !== undefined) list += list === "" ? x : "," + x;
        }
      } catch (e) { h.push(e, "[" + i + "]"); throw e; }
      if (list !== "") t = "[" + list + "]";`;
}

/** Statements setting `x` (or `target`) from the value `input` (undefined for an unknown enum number). */
function valueCode(f: FieldInfo, input: string, depth: string, ref: Ref, target = "x"): string {
  const x = target;
  switch (f.kind) {
    case "message":
      return `${x} = ${ref(slotOf(f.type!))}.write(${input}, ${depth}, emitDefaults);`;
    case "enum": {
      const names = new Map<number, string>();
      for (const [n, v] of fieldEnum(f).byNumber) names.set(n, JSON.stringify(v));
      return `if (typeof ${input} !== "number") throw h.mismatch("an enum number", ${input}); ${x} = ${ref(names)}.get(${input});`;
    }
    case "string":
      return `if (typeof ${input} !== "string") throw h.mismatch("a string", ${input}); ${x} = JSON.stringify(${input});`;
    case "bool":
      return `if (typeof ${input} !== "boolean") throw h.mismatch("a boolean", ${input}); ${x} = ${input} ? "true" : "false";`;
    case "double":
    case "float":
      return `if (typeof ${input} !== "number") throw h.mismatch("a number", ${input}); ${x} = h.formatDouble(${input});`;
    case "bytes":
      return `${x} = h.bytes(${input});`;
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
      return `${x} = h.writeInt64(${JSON.stringify(f.kind)}, ${input});`;
    default:
      return `if (typeof ${input} !== "number" || !Number.isInteger(${input})) throw h.mismatch("an integer", ${input}); ${x} = String(${input});`;
  }
}
