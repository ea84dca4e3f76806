// Every error this package throws is a ProtoError with a stable `code`: callers match on the
// code (or the class), never on message text, which may change.

export type ProtoErrorCode =
  /** A type name (codec `$type`) that is not in the Mesos v1 schema table. */
  | "MESOS_PROTO_UNKNOWN_TYPE"
  /** Binary protobuf that does not decode (truncated, bad wire type, recursion limit). */
  | "MESOS_PROTO_DECODE"
  /** A proto2 `required` field is missing (binary or JSON; Mesos answers 400 for these). */
  | "MESOS_PROTO_MISSING_REQUIRED"
  /** Not valid JSON, or not a string. */
  | "MESOS_JSON_SYNTAX"
  /** Nested deeper than Mesos' limit of 200 objects/arrays. */
  | "MESOS_JSON_DEPTH"
  /** A JSON value of the wrong type for its field (or a top level that is not an object). */
  | "MESOS_JSON_TYPE_MISMATCH"
  /** An integer outside its field's range, or a fraction where an integer is expected. */
  | "MESOS_JSON_INTEGER_RANGE"
  /** A 64-bit integer written in a form that cannot be read exactly (e.g. `1.5e30`). */
  | "MESOS_JSON_PRECISION_LOSS"
  /** An unknown enum name in a `required` field (Mesos rejects those too). */
  | "MESOS_JSON_UNKNOWN_ENUM"
  /** A `bytes` field that is not standard base64. */
  | "MESOS_JSON_INVALID_BASE64"
  /** NaN cannot be written: Mesos would emit the invalid JSON token `NaN`. */
  | "MESOS_JSON_NOT_FINITE";

/** Base class of every error thrown by @mesos-ts/proto. */
export class ProtoError extends Error {
  override name = "ProtoError";
  readonly code: ProtoErrorCode;

  constructor(code: ProtoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Binary decode failure (wraps the ts-proto / @bufbuild/protobuf error in `cause`). */
export class ProtoDecodeError extends ProtoError {
  override name = "ProtoDecodeError";
  /** The `$type` being decoded. */
  readonly type: string;

  constructor(type: string, message: string, options?: { cause?: unknown; code?: ProtoErrorCode }) {
    super(options?.code ?? "MESOS_PROTO_DECODE", `${type}: ${message}`, options);
    this.type = type;
  }
}

/** Mesos JSON parse or stringify failure. `path` locates the value, e.g. `offers.offers[3].id`. */
export class MesosJsonError extends ProtoError {
  override name = "MesosJsonError";
  readonly path: string;

  constructor(code: ProtoErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(code, path ? `${path}: ${message}` : message, options);
    this.path = path;
  }
}
