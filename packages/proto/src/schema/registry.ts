// Run-time view of the generated schema table (src/gen/schema.ts): per message, fields in
// declaration order plus a name index; per enum, name <-> number maps. Built lazily, once per
// type, because a process usually touches a few dozen of the 363 messages.
import type { BinaryWriter } from "@bufbuild/protobuf/wire";
import { ProtoError } from "../errors.js";
import { ENUMS, type FieldRow, MESSAGES } from "../gen/schema.js";

/** What every generated codec offers (`scheduler.Call`, `v1.Offer`, …); `$type` names the schema. */
export interface MessageType<T> {
  readonly $type: string;
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: Uint8Array, length?: number): T;
}

export interface FieldInfo extends FieldRow {
  /** True for int64/uint64/fixed64/sfixed64/sint64: bigint in ts-proto, bare digits in JSON. */
  readonly is64: boolean;
  /** Resolved on first use (hot path of the JSON walks): the message or enum of `type`. */
  message?: MessageInfo;
  enum?: EnumInfo;
}

export const fieldMessage = (f: FieldInfo): MessageInfo => (f.message ??= messageInfo(f.type!));
export const fieldEnum = (f: FieldInfo): EnumInfo => (f.enum ??= enumInfo(f.type!));

export interface MessageInfo {
  readonly name: string;
  readonly fields: readonly FieldInfo[];
  readonly byName: ReadonlyMap<string, FieldInfo>;
  readonly required: readonly FieldInfo[];
}

export interface EnumInfo {
  readonly name: string;
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
}

const INT64 = new Set(["int64", "uint64", "fixed64", "sfixed64", "sint64"]);
const messageCache = new Map<string, MessageInfo>();
const enumCache = new Map<string, EnumInfo>();

export function hasMessage(name: string): boolean {
  return Object.hasOwn(MESSAGES, name);
}

export function messageInfo(name: string): MessageInfo {
  let info = messageCache.get(name);
  if (info) return info;
  const rows = Object.hasOwn(MESSAGES, name) ? MESSAGES[name] : undefined;
  if (!rows) throw new ProtoError("MESOS_PROTO_UNKNOWN_TYPE", `not a Mesos v1 message type: ${name}`);
  // Every FieldInfo gets the same properties in the same order: one hidden class, so the hot
  // loops of the JSON walks stay monomorphic.
  const fields: FieldInfo[] = rows.map((row) => ({
    name: row.name,
    number: row.number,
    kind: row.kind,
    label: row.label,
    type: row.type,
    key: row.key,
    value: row.value,
    default: row.default,
    oneof: row.oneof,
    deprecated: row.deprecated,
    packed: row.packed,
    is64: INT64.has(row.kind),
    message: undefined,
    enum: undefined,
  }));
  info = {
    name,
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    required: fields.filter((f) => f.label === "required"),
  };
  messageCache.set(name, info);
  return info;
}

export function enumInfo(name: string): EnumInfo {
  let info = enumCache.get(name);
  if (info) return info;
  const values = Object.hasOwn(ENUMS, name) ? ENUMS[name] : undefined;
  if (!values) throw new ProtoError("MESOS_PROTO_UNKNOWN_TYPE", `not a Mesos v1 enum type: ${name}`);
  const byNumber = new Map<number, string>();
  // With aliases the first name wins, as protobuf's own JSON writers do.
  for (const [n, v] of values) if (!byNumber.has(v)) byNumber.set(v, n);
  info = { name, byName: new Map(values), byNumber };
  enumCache.set(name, info);
  return info;
}

/** Resolves a type argument (codec or full name) to its schema. */
export function typeName(type: { readonly $type: string } | string): string {
  return typeof type === "string" ? type : type.$type;
}
