// Binary protobuf through the generated codecs, with the two things ts-proto leaves out:
// a typed error (stable code) instead of whatever the wire reader throws, and the proto2
// required-field check Mesos applies to every message it parses.
import { ProtoDecodeError } from "./errors.js";
import { type MessageType, messageInfo } from "./schema/registry.js";
import { findMissingRequired } from "./schema/required.js";

export interface DecodeOptions {
  /** Skip the proto2 `required` check. Default false, as Mesos. */
  readonly allowPartial?: boolean;
}

/** Bytes -> message; throws ProtoDecodeError (MESOS_PROTO_DECODE or MESOS_PROTO_MISSING_REQUIRED). */
export function decodeMessage<T>(type: MessageType<T>, bytes: Uint8Array, options?: DecodeOptions): T {
  messageInfo(type.$type); // unknown types fail with MESOS_PROTO_UNKNOWN_TYPE before decoding
  if (!(bytes instanceof Uint8Array)) throw new ProtoDecodeError(type.$type, "expected a Uint8Array");
  let message: T;
  try {
    message = type.decode(bytes);
  } catch (e) {
    throw new ProtoDecodeError(type.$type, e instanceof Error ? e.message : String(e), { cause: e });
  }
  if (options?.allowPartial !== true) {
    const missing = findMissingRequired(type, message);
    if (missing.length > 0) {
      throw new ProtoDecodeError(type.$type, `missing required fields: ${missing.join(", ")}`, {
        code: "MESOS_PROTO_MISSING_REQUIRED",
      });
    }
  }
  return message;
}

/** Message -> bytes. Unknown fields kept by decode are written back unchanged. */
export function encodeMessage<T>(type: MessageType<T>, message: T): Uint8Array {
  return type.encode(message).finish();
}
