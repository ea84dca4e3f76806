// The schema walk of MesosJson.parse: a JSON.parse result -> a ts-proto message, following
// Mesos' input rules (`3rdparty/stout/include/stout/protobuf.hpp`). Only fields present in the JSON are set (proto2
// presence survives), unknown keys are ignored, unknown enum names are dropped unless the
// field is required, and nesting deeper than Mesos' 200 levels is refused, unknown keys included.
import { type FieldInfo, fieldEnum, fieldMessage, type MessageInfo } from "../schema/registry.js";
import { Fail, isMarked, readScalar } from "./scalars.js";

export const MAX_DEPTH = 200;

export interface ParseOptions {
  /**
   * Skip the proto2 `required` check (Mesos answers 400 for a missing required field) and
   * drop unknown enum names even in required fields. Default false, as Mesos.
   */
  readonly allowPartial?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const tooDeep = () => new Fail("MESOS_JSON_DEPTH", `nested deeper than ${MAX_DEPTH} levels`);

export function readMessage(
  info: MessageInfo,
  json: unknown,
  depth: number,
  partial: boolean,
): Record<string, unknown> {
  if (!isObject(json)) throw new Fail("MESOS_JSON_TYPE_MISMATCH", `expected an object for ${info.name}`);
  if (depth > MAX_DEPTH) throw tooDeep();
  const out: Record<string, unknown> = {};
  for (const key in json) {
    const v = json[key];
    const field = info.byName.get(key);
    if (field === undefined) {
      if (typeof v === "object" && v !== null) {
        try {
          checkDepth(v, depth + 1);
        } catch (e) {
          if (e instanceof Fail) e.segments.push(key);
          throw e;
        }
      }
      continue;
    }
    if (v === null) continue; // null = absent
    try {
      readField(field, v, out, depth, partial);
    } catch (e) {
      if (e instanceof Fail) e.segments.push(key);
      throw e;
    }
  }
  if (!partial) {
    for (const field of info.required) {
      if (out[field.name] === undefined) {
        const missing = info.required.filter((f) => out[f.name] === undefined).map((f) => f.name);
        throw new Fail("MESOS_PROTO_MISSING_REQUIRED", `missing required fields: ${missing.join(", ")}`);
      }
    }
  }
  return out;
}

function readField(
  field: FieldInfo,
  v: unknown,
  out: Record<string, unknown>,
  depth: number,
  partial: boolean,
) {
  if (field.kind === "map") {
    out[field.name] = readMap(field, v, depth + 1, partial);
    return;
  }
  if (field.label === "repeated") {
    // Mesos takes a single bare value as a one-element list.
    const items = Array.isArray(v) ? v : [v];
    const depthOfItems = Array.isArray(v) ? depth + 2 : depth + 1;
    if (depthOfItems - 1 > MAX_DEPTH) throw tooDeep();
    const list: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const item = readValue(field, items[i], depthOfItems, partial);
        if (item !== undefined) list.push(item);
      } catch (e) {
        if (e instanceof Fail) e.segments.push(`[${i}]`);
        throw e;
      }
    }
    out[field.name] = list;
    return;
  }
  if (Array.isArray(v)) throw new Fail("MESOS_JSON_TYPE_MISMATCH", "expected a single value, got array");
  const value = readValue(field, v, depth + 1, partial);
  if (value === undefined) {
    if (field.label === "required" && !partial) {
      throw new Fail("MESOS_JSON_UNKNOWN_ENUM", `unknown ${field.type} name ${JSON.stringify(v)}`);
    }
    return; // an unknown enum name in an optional field: silently dropped, as Mesos does
  }
  if (field.oneof === undefined) out[field.name] = value;
  else out[field.oneof] = { $case: field.name, [field.name]: value };
}

/** `depth` is the depth of `v` itself. Returns undefined for an unknown enum name. */
function readValue(field: FieldInfo, v: unknown, depth: number, partial: boolean): unknown {
  const kind = field.kind === "map" ? field.value! : field.kind;
  if (kind === "message") return readMessage(fieldMessage(field), v, depth, partial);
  if (kind === "enum") {
    if (typeof v !== "string" || isMarked(v)) {
      throw new Fail(
        "MESOS_JSON_TYPE_MISMATCH",
        `expected an enum name, got ${Array.isArray(v) ? "array" : typeof v}`,
      );
    }
    return fieldEnum(field).byName.get(v);
  }
  return readScalar(kind, v);
}

export function readMap(
  field: FieldInfo,
  v: unknown,
  depth: number,
  partial: boolean,
): Record<string, unknown> {
  if (!isObject(v)) throw new Fail("MESOS_JSON_TYPE_MISMATCH", "expected an object for a map");
  if (depth > MAX_DEPTH) throw tooDeep();
  const out: Record<string, unknown> = {};
  for (const key in v) {
    const item = v[key];
    if (item === null) continue;
    try {
      if (field.key !== "string") readScalar(field.key!, key); // validates the key's form
      const value = readValue(field, item, depth + 1, partial);
      if (value === undefined) continue;
      // A JSON key "__proto__" must become an own entry, not the object's prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    } catch (e) {
      if (e instanceof Fail) e.segments.push(`[${JSON.stringify(key)}]`);
      throw e;
    }
  }
  return out;
}

/** Depth check for values under unknown keys, iterative so hostile nesting cannot overflow. */
export function checkDepth(root: object, rootDepth: number): void {
  const stack: [unknown, number][] = [[root, rootDepth]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > MAX_DEPTH) throw tooDeep();
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const c of children) if (typeof c === "object" && c !== null) stack.push([c, d + 1]);
  }
}
