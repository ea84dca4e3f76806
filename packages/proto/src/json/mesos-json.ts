// The public face of the Mesos JSON codec. Both directions take the generated codec
// (`scheduler.Call`, `master.Response`, …) and find the schema by its `$type`.
import { MesosJsonError } from "../errors.js";
import type { MessageType } from "../schema/registry.js";
import { readerOf } from "./compiled-read.js";
import { writerOf } from "./compiled-write.js";
import { protectLongIntegers, quoteLongIntegers } from "./long-integers.js";
import type { ParseOptions } from "./read.js";
import { Fail, setMark } from "./scalars.js";
import type { StringifyOptions } from "./write.js";

export type { ParseOptions } from "./read.js";
export type { StringifyOptions } from "./write.js";

const utf8 = new TextDecoder();

function pathOf(segments: readonly string[]): string {
  let path = "";
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    path += s.startsWith("[") || path === "" ? s : `.${s}`;
  }
  return path;
}

function toError(e: unknown): unknown {
  return e instanceof Fail ? new MesosJsonError(e.code, pathOf(e.segments), e.message) : e;
}

const syntaxError = (e: unknown) =>
  new MesosJsonError("MESOS_JSON_SYNTAX", "", (e as Error).message, { cause: e });

/** Text (or UTF-8 bytes, e.g. a RecordIO record) -> message of `type`. */
function parse<T>(type: MessageType<T>, text: string | Uint8Array, options?: ParseOptions): T {
  const read = readerOf(type.$type); // throws MESOS_PROTO_UNKNOWN_TYPE first, as before
  const source = typeof text === "string" ? text : text instanceof Uint8Array ? utf8.decode(text) : undefined;
  if (source === undefined) throw new MesosJsonError("MESOS_JSON_SYNTAX", "", "expected a string or bytes");
  let json: unknown;
  let { text: prepared, mark } = quoteLongIntegers(source);
  try {
    json = JSON.parse(prepared);
  } catch (e) {
    if (mark < 0) throw syntaxError(e);
    // A long digit run inside a string (or text that is not JSON): the string-aware pass.
    ({ text: prepared, mark } = protectLongIntegers(source));
    try {
      json = JSON.parse(prepared);
    } catch (e2) {
      throw syntaxError(e2);
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new MesosJsonError("MESOS_JSON_TYPE_MISMATCH", "", "the top level must be a JSON object");
  }
  setMark(mark);
  try {
    return read(json, 1, options?.allowPartial === true, mark) as T;
  } catch (e) {
    throw toError(e);
  } finally {
    setMark(-1);
  }
}

/** Message of `type` -> Mesos JSON text (compact, declaration order). */
function stringify<T>(type: MessageType<T>, message: T, options?: StringifyOptions): string {
  const write = writerOf(type.$type);
  try {
    return write(message, 1, options?.emitDefaults !== false);
  } catch (e) {
    throw toError(e);
  }
}

/** Mesos' own JSON dialect (`3rdparty/stout/include/stout/protobuf.hpp`), not proto3 JSON. */
export const MesosJson = { parse, stringify } as const;
