/**
 * Every error thrown by @mesos-ts/recordio. Users match on `code`, never on `message`;
 * details live in typed fields. No error ever carries payload bytes: a payload may hold
 * secrets (task environments, credentials) and is not what a caller needs to debug framing.
 */
export type RecordIOErrorCode =
  | "MESOS_RECORDIO_BAD_LENGTH_CHARACTER"
  | "MESOS_RECORDIO_LENGTH_OVERFLOW"
  | "MESOS_RECORDIO_RECORD_TOO_LARGE"
  | "MESOS_RECORDIO_TRUNCATED"
  | "MESOS_RECORDIO_ABORTED";

/** Base class of every error thrown by @mesos-ts/recordio; match on `code`. */
export class RecordIOError extends Error {
  override name = "RecordIOError";
  constructor(
    readonly code: RecordIOErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A length line held a byte other than `0`-`9`, or a `\n` with no digit before it. */
export class BadLengthCharacterError extends RecordIOError {
  override name = "BadLengthCharacterError";
  declare readonly code: "MESOS_RECORDIO_BAD_LENGTH_CHARACTER";
  constructor(
    /** The offending byte value (0-255). */
    readonly byte: number,
    /** Position of that byte in the whole stream, counted from 0. */
    readonly offset: number,
  ) {
    super(
      "MESOS_RECORDIO_BAD_LENGTH_CHARACTER",
      `RecordIO: bad length character ${describeByte(byte)} at stream offset ${offset}`,
    );
  }
}

/** A length line longer than 20 digits, or a 20-digit length above 2^64 - 1. */
export class LengthOverflowError extends RecordIOError {
  override name = "LengthOverflowError";
  declare readonly code: "MESOS_RECORDIO_LENGTH_OVERFLOW";
  constructor(
    /** Digits seen when the decoder gave up (21 means "more than 20"). */
    readonly digits: number,
    /** Stream offset of the byte that made the length overflow. */
    readonly offset: number,
  ) {
    super(
      "MESOS_RECORDIO_LENGTH_OVERFLOW",
      `RecordIO: record length does not fit an unsigned 64-bit integer (${digits} digits) at stream offset ${offset}`,
    );
  }
}

/** A record announced more bytes than `maxRecordBytes`; raised before anything is allocated for it. */
export class RecordTooLargeError extends RecordIOError {
  override name = "RecordTooLargeError";
  declare readonly code: "MESOS_RECORDIO_RECORD_TOO_LARGE";
  constructor(
    /** The length the stream announced, exact (it may exceed Number.MAX_SAFE_INTEGER). */
    readonly declaredLength: bigint,
    readonly maxRecordBytes: number,
    /** Stream offset of the `\n` that ended the length line. */
    readonly offset: number,
  ) {
    super(
      "MESOS_RECORDIO_RECORD_TOO_LARGE",
      `RecordIO: record of ${declaredLength} bytes exceeds maxRecordBytes ${maxRecordBytes} (length line ends at stream offset ${offset})`,
    );
  }
}

/** The stream ended inside a record: in its length line, or before all payload bytes arrived. */
export class TruncatedRecordError extends RecordIOError {
  override name = "TruncatedRecordError";
  declare readonly code: "MESOS_RECORDIO_TRUNCATED";
  constructor(
    /** Where the stream stopped: in the digits (no `\n` yet) or in the payload. */
    readonly inside: "length" | "payload",
    /** Payload length announced by the record (`undefined` when the length line was cut). */
    readonly declaredLength: number | undefined,
    /** Payload bytes received before the end (0 when `inside` is `"length"`). */
    readonly receivedBytes: number,
    /** Total bytes the stream carried. */
    readonly offset: number,
  ) {
    super(
      "MESOS_RECORDIO_TRUNCATED",
      inside === "length"
        ? `RecordIO: stream ended inside a length line at stream offset ${offset}`
        : `RecordIO: stream ended inside a record: ${receivedBytes} of ${declaredLength} payload bytes received (stream offset ${offset})`,
    );
  }
}

/**
 * Decoding was stopped by an AbortSignal; `cause` is `signal.reason`. Named `AbortError` like the
 * platform's own, so code that checks `err.name === "AbortError"` keeps working.
 */
export class AbortError extends RecordIOError {
  override name = "AbortError";
  declare readonly code: "MESOS_RECORDIO_ABORTED";
  constructor(reason: unknown) {
    super("MESOS_RECORDIO_ABORTED", "RecordIO: decoding aborted", { cause: reason });
  }
}

function describeByte(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, "0")}`;
  // Printable ASCII is shown as well: "'a' (0x61)" reads faster than a bare hex value.
  return byte >= 0x20 && byte < 0x7f ? `${hex} (${JSON.stringify(String.fromCharCode(byte))})` : hex;
}
