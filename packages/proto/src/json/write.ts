// MesosJson.stringify's walk: a ts-proto message -> Mesos JSON text as a 1.11 master writes
// it (`3rdparty/stout/include/stout/protobuf.hpp`): declaration order, snake_case names, enum names, 64-bit integers as
// bare exact numbers, `.0` doubles, base64 bytes, empty repeated fields omitted, unknown
// fields and unknown enum numbers dropped, and (with emitDefaults) unset fields that have a
// non-deprecated `[default = …]` written with that default.
import type { ScalarKind } from "../gen/schema.js";
import { type FieldInfo, fieldEnum, fieldMessage, type MessageInfo } from "../schema/registry.js";
import { formatDouble } from "./double.js";
import { MAX_DEPTH } from "./read.js";
import { Fail } from "./scalars.js";

export interface StringifyOptions {
  /**
   * Write unset fields that have an explicit, non-deprecated `[default = …]` with that
   * default, as Mesos does (`"failover_timeout":0.0`, `"refuse_seconds":5.0`). Default true.
   */
  readonly emitDefaults?: boolean;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

export const mismatch = (expected: string, v: unknown) =>
  new Fail("MESOS_JSON_TYPE_MISMATCH", `expected ${expected}, got ${v === null ? "null" : typeof v}`);

export function writeMessage(info: MessageInfo, msg: unknown, depth: number, emitDefaults: boolean): string {
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) throw mismatch(`a ${info.name}`, msg);
  if (depth > MAX_DEPTH) throw new Fail("MESOS_JSON_DEPTH", `nested deeper than ${MAX_DEPTH} levels`);
  const record = msg as Record<string, unknown>;
  let out = "{";
  for (const field of info.fields) {
    let v: unknown;
    if (field.oneof === undefined) v = record[field.name];
    else {
      const union = record[field.oneof] as { $case?: string } | undefined | null;
      if (union?.$case === field.name) v = (union as Record<string, unknown>)[field.name];
    }
    let text: string | undefined;
    if (v !== undefined && v !== null) {
      try {
        text = writeField(field, v, depth, emitDefaults);
      } catch (e) {
        if (e instanceof Fail) e.segments.push(field.name);
        throw e;
      }
    }
    // Unset (or an enum number this schema does not know, which Mesos would not have kept).
    if (text === undefined && emitDefaults && field.default !== undefined && !field.deprecated) {
      text = writeDefault(field);
    }
    if (text === undefined) continue;
    out += out.length === 1 ? `"${field.name}":${text}` : `,"${field.name}":${text}`;
  }
  return `${out}}`;
}

function writeField(field: FieldInfo, v: unknown, depth: number, emitDefaults: boolean): string | undefined {
  if (field.kind === "map") return writeMap(field, v, depth + 1, emitDefaults);
  if (field.label !== "repeated") return writeValue(field, field.kind, v, depth + 1, emitDefaults);
  if (!Array.isArray(v)) throw mismatch("an array", v);
  let out = "";
  for (let i = 0; i < v.length; i++) {
    let item: string | undefined;
    try {
      item = writeValue(field, field.kind, v[i], depth + 2, emitDefaults);
    } catch (e) {
      if (e instanceof Fail) e.segments.push(`[${i}]`);
      throw e;
    }
    if (item !== undefined) out += out === "" ? item : `,${item}`;
  }
  return out === "" ? undefined : `[${out}]`; // empty repeated fields are omitted
}

export function writeMap(
  field: FieldInfo,
  v: unknown,
  depth: number,
  emitDefaults: boolean,
): string | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw mismatch("an object (map)", v);
  let out = "";
  for (const [key, value] of Object.entries(v)) {
    if (value === undefined || value === null) continue;
    let item: string | undefined;
    try {
      item = writeValue(field, field.value!, value, depth + 1, emitDefaults);
    } catch (e) {
      if (e instanceof Fail) e.segments.push(`[${JSON.stringify(key)}]`);
      throw e;
    }
    if (item !== undefined) out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${item}`;
  }
  return out === "" ? undefined : `{${out}}`;
}

function writeValue(
  field: FieldInfo,
  kind: ScalarKind | "message" | "map",
  v: unknown,
  depth: number,
  emitDefaults: boolean,
): string | undefined {
  switch (kind) {
    case "message":
      return writeMessage(fieldMessage(field), v, depth, emitDefaults);
    case "enum": {
      if (typeof v !== "number") throw mismatch("an enum number", v);
      const name = fieldEnum(field).byNumber.get(v);
      return name === undefined ? undefined : `"${name}"`;
    }
    case "string":
      if (typeof v !== "string") throw mismatch("a string", v);
      return JSON.stringify(v);
    case "bool":
      if (typeof v !== "boolean") throw mismatch("a boolean", v);
      return v ? "true" : "false";
    case "double":
    case "float":
      if (typeof v !== "number") throw mismatch("a number", v);
      return formatDouble(v);
    case "bytes":
      if (!(v instanceof Uint8Array)) throw mismatch("a Uint8Array", v);
      return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"`;
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
      return writeInt64(kind, v);
    case "map":
      throw new Error("maps are written by writeMap");
    default:
      if (typeof v !== "number" || !Number.isInteger(v)) throw mismatch("an integer", v);
      return String(v);
  }
}

export function writeInt64(kind: ScalarKind, v: unknown): string {
  let n: bigint;
  if (typeof v === "bigint") n = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
  else throw mismatch("a bigint", v);
  const unsigned = kind === "uint64" || kind === "fixed64";
  if (unsigned ? n < 0n || n > UINT64_MAX : n < INT64_MIN || n >= -INT64_MIN) {
    throw new Fail("MESOS_JSON_INTEGER_RANGE", `${n} is out of range for ${kind}`);
  }
  return n.toString();
}

export function writeDefault(field: FieldInfo): string {
  const d = field.default!;
  switch (field.kind) {
    case "double":
    case "float":
      return formatDouble(d as number);
    case "string":
    case "enum": // the table keeps enum defaults as value names
      return JSON.stringify(d);
    default:
      return String(d);
  }
}
