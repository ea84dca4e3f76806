import { findMissingRequired, MesosJson, type MessageType } from "@mesos-ts/proto";
import { JSON_MEDIA, type MediaType } from "./http/accept.js";
import { jsonSyntaxError } from "./json/json-syntax.js";

/** A body that Mesos would fail to parse (`src/master/http.cpp` → 400). */
export class BodyParseError extends Error {}

/**
 * Parses a request body the way Mesos does (`src/master/http.cpp`): protobuf parse or Mesos JSON (`3rdparty/stout/include/stout/protobuf.hpp`),
 * then proto2 `required` fields (which ts-proto's decoder does not check, but Mesos' does).
 */
export function decodeBody<T>(type: MessageType<T>, media: MediaType, body: Uint8Array): T {
  let message: T;
  if (media === JSON_MEDIA) {
    const syntax = jsonSyntaxError(Buffer.from(body).toString("utf8"));
    if (syntax !== undefined) throw new BodyParseError(`Failed to parse body into JSON: ${syntax}`);
    try {
      message = MesosJson.parse(type, body);
    } catch (e) {
      const name = type.$type.slice(type.$type.lastIndexOf(".") + 1);
      throw new BodyParseError(`Failed to convert JSON into ${name} protobuf: ${(e as Error).message}`);
    }
  } else {
    try {
      message = type.decode(body);
    } catch (e) {
      throw new BodyParseError(`Failed to parse body into ${type.$type}: ${(e as Error).message}`);
    }
  }
  const missing = findMissingRequired(type, message);
  if (missing.length > 0) {
    throw new BodyParseError(
      `Failed to parse body into ${type.$type}: Missing required fields: ${missing.join(", ")}`,
    );
  }
  return message;
}

/** Mesos JSON (declaration order, defaults emitted) or protobuf binary. */
export function encodeBody<T>(type: MessageType<T>, media: MediaType, message: T): Uint8Array {
  if (media === JSON_MEDIA) return Buffer.from(MesosJson.stringify(type, message), "utf8");
  return type.encode(message).finish();
}
