// Reading one JSON scalar into the value ts-proto uses for its field kind, with Mesos' input
// rules (`3rdparty/stout/include/stout/protobuf.hpp`): integers may be numeric strings (Mesos >= 1.6), doubles may be
// "Infinity"/"-Infinity", bools may be "true"/"false", bytes are standard base64.
import type { ProtoErrorCode } from "../errors.js";
import type { ScalarKind } from "../gen/schema.js";

/** Thrown inside the walk; the caller adds the path and turns it into a MesosJsonError. */
export class Fail {
  readonly segments: string[] = [];
  constructor(
    readonly code: ProtoErrorCode,
    readonly message: string,
  ) {}
}

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const WHITESPACE = /\s/g;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const describe = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
const mismatch = (expected: string, v: unknown) =>
  new Fail("MESOS_JSON_TYPE_MISMATCH", `expected ${expected}, got ${describe(v)}`);

// The marker of the parse in progress (see long-integers.ts); -1 matches nothing. Parsing is
// synchronous, so one module variable is enough; MesosJson.parse sets and resets it.
let markCode = -1;
export const setMark = (code: number) => {
  markCode = code;
};

/** Strings that came from a long integer literal in the original text. */
export const isMarked = (v: string) => v.charCodeAt(0) === markCode;

export function readScalar(kind: ScalarKind, v: unknown): unknown {
  switch (kind) {
    case "string":
      if (typeof v === "string" && !isMarked(v)) return v;
      throw mismatch("a string", typeof v === "string" ? 0 : v);
    case "bool":
      if (typeof v === "boolean") return v;
      if (v === "true") return true;
      if (v === "false") return false;
      throw mismatch("a boolean", v);
    case "double":
    case "float":
      return readDouble(v);
    case "int64":
    case "sint64":
    case "sfixed64":
      return readInt64(v, INT64_MIN, INT64_MAX);
    case "uint64":
    case "fixed64":
      return readInt64(v, 0n, UINT64_MAX);
    case "int32":
    case "sint32":
    case "sfixed32":
      return readInt32(v, -0x80000000, 0x7fffffff);
    case "uint32":
    case "fixed32":
      return readInt32(v, 0, 0xffffffff);
    case "bytes":
      return readBytes(v);
    case "enum":
      throw new Error("enums are read by the message walk");
  }
}

function readDouble(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (isMarked(v)) return Number(v.slice(1));
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    if (NUMBER.test(v)) return Number(v);
  }
  throw mismatch("a number", v);
}

function readInt32(v: unknown, min: number, max: number): number {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && isMarked(v)) n = Number(v.slice(1));
  else if (typeof v === "string" && NUMBER.test(v)) n = Number(v);
  else throw mismatch("an integer", v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Fail("MESOS_JSON_INTEGER_RANGE", `${String(v)} is not an integer in [${min}, ${max}]`);
  }
  return n;
}

function readInt64(v: unknown, min: bigint, max: bigint): bigint {
  let n: bigint;
  if (typeof v === "string" && isMarked(v)) n = BigInt(v.slice(1));
  else if (typeof v === "string" && INTEGER.test(v)) n = BigInt(v);
  else if (typeof v === "number" || (typeof v === "string" && NUMBER.test(v))) {
    const d = Number(v);
    if (!Number.isInteger(d)) throw new Fail("MESOS_JSON_INTEGER_RANGE", `${String(v)} is not an integer`);
    if (!Number.isSafeInteger(d)) {
      throw new Fail("MESOS_JSON_PRECISION_LOSS", `${String(v)} cannot be read exactly; write all digits`);
    }
    n = BigInt(d);
  } else throw mismatch("an integer", v);
  if (n < min || n > max) throw new Fail("MESOS_JSON_INTEGER_RANGE", `${n} is outside [${min}, ${max}]`);
  return n;
}

function readBytes(v: unknown): Buffer {
  if (typeof v !== "string" || isMarked(v)) throw mismatch("a base64 string", v);
  // Whitespace is allowed but rare: strip it only when the text does not validate as is.
  if (BASE64.test(v)) return Buffer.from(v, "base64");
  const compact = v.replace(WHITESPACE, "");
  if (compact === v || !BASE64.test(compact))
    throw new Fail("MESOS_JSON_INVALID_BASE64", "not standard base64");
  return Buffer.from(compact, "base64");
}
