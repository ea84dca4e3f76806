import { Buffer } from "node:buffer";
import {
  BadLengthCharacterError,
  LengthOverflowError,
  type RecordIOError,
  RecordTooLargeError,
  TruncatedRecordError,
} from "./errors.js";
import { checkMaxRecordBytes, MAX_LENGTH_DIGITS, MAX_UINT64 } from "./limits.js";

const NEWLINE = 0x0a;
const DIGIT_ZERO = 0x30;

export interface RecordIODecoderOptions {
  /** Largest payload accepted, in bytes (default DEFAULT_MAX_RECORD_BYTES, 64 MiB). */
  maxRecordBytes?: number;
}

/**
 * Push-style RecordIO decoder for callers that own the read loop: feed chunks with `push`,
 * take the complete records it returns, call `end` when the stream is over.
 *
 * - A record that lies inside one chunk is returned as a view of that chunk (no copy), so do
 *   not reuse or mutate a chunk after pushing it. A record spanning chunks is copied once into
 *   a buffer allocated when its length line completes, after the length was checked against
 *   `maxRecordBytes`.
 * - `0\n` is a well-formed empty record and is returned as a zero-length Uint8Array.
 * - Errors are permanent. If a chunk holds complete records before the bad bytes, `push`
 *   returns those records and the error is thrown by the next `push` or `end` (and is visible
 *   at once in `error`), so nothing decoded before an error is lost.
 */
export class RecordIODecoder {
  readonly maxRecordBytes: number;
  /** Value of the length digits read so far; the declared length while assembling a record. */
  #length = 0;
  #digits = 0;
  /**
   * Digits of a length line cut by a chunk end, kept only so that an error can report a length
   * beyond 2^53 exactly (the hot path never touches it).
   */
  #carriedDigits = "";
  /** Buffer of a record that spans chunks, and how much of it is filled. */
  #record: Uint8Array | undefined;
  #filled = 0;
  /** Stream bytes consumed by earlier pushes: errors report absolute offsets. */
  #offset = 0;
  #error: RecordIOError | undefined;
  #ended = false;

  constructor(options: RecordIODecoderOptions = {}) {
    this.maxRecordBytes = checkMaxRecordBytes(options.maxRecordBytes);
  }

  /** The error that failed this decoder, if any; once set it never clears. */
  get error(): RecordIOError | undefined {
    return this.#error;
  }

  /** True between records: `end()` now would succeed. */
  get atBoundary(): boolean {
    return this.#record === undefined && this.#digits === 0;
  }

  /** Decodes one chunk; returns the records it completed, in order (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) throw new Error("RecordIODecoder: push() after end()");
    if (!(chunk instanceof Uint8Array)) throw new TypeError(describeNonBytes(chunk));
    const records: Uint8Array[] = [];
    const size = chunk.length;
    let pos = 0;

    const pending = this.#record;
    if (pending !== undefined) {
      const missing = this.#length - this.#filled;
      if (size < missing) {
        pending.set(chunk, this.#filled);
        this.#filled += size;
        this.#offset += size;
        return records;
      }
      pending.set(size === missing ? chunk : chunk.subarray(0, missing), this.#filled);
      records.push(pending);
      this.#record = undefined;
      this.#length = 0;
      pos = missing;
    }

    // Records are returned as plain Uint8Array views even when the chunk is a Buffer, so that
    // every record has the same type whatever the source.
    const buffer = chunk.buffer;
    const base = chunk.byteOffset;
    const max = this.maxRecordBytes;
    let length = this.#length;
    let digits = this.#digits;

    while (pos < size) {
      // Length line: digits then "\n", possibly cut by the chunk end anywhere.
      const lineStart = pos;
      let byte = chunk[pos] as number;
      while (byte !== NEWLINE) {
        const digit = byte - DIGIT_ZERO;
        if (digit < 0 || digit > 9) {
          return this.#fail(new BadLengthCharacterError(byte, this.#offset + pos), records);
        }
        if (digits === MAX_LENGTH_DIGITS) {
          return this.#fail(new LengthOverflowError(digits + 1, this.#offset + pos), records);
        }
        digits++;
        length = length * 10 + digit;
        if (++pos === size) {
          this.#carriedDigits += latin1(chunk, lineStart, size);
          this.#length = length;
          this.#digits = digits;
          this.#offset += size;
          return records;
        }
        byte = chunk[pos] as number;
      }
      if (digits === 0) return this.#fail(new BadLengthCharacterError(byte, this.#offset + pos), records);
      // `length` is inexact past 2^53, but then it is far above `max`, and the slow path below
      // recomputes it exactly for the error.
      if (length > max) {
        const declared = BigInt(this.#carriedDigits + latin1(chunk, lineStart, pos));
        return this.#fail(this.#oversize(declared, digits, this.#offset + pos), records);
      }
      pos++;
      digits = 0;
      if (this.#carriedDigits !== "") this.#carriedDigits = "";

      const available = size - pos;
      if (length <= available) {
        records.push(new Uint8Array(buffer, base + pos, length));
        pos += length;
        length = 0;
      } else {
        // The size was checked above, so this allocation is bounded by maxRecordBytes.
        const record = allocate(length);
        record.set(chunk.subarray(pos));
        this.#record = record;
        this.#filled = available;
        pos = size;
      }
    }
    this.#length = length;
    this.#digits = digits;
    this.#offset += size;
    return records;
  }

  /** Declares the end of the stream; throws TruncatedRecordError if it ended inside a record. */
  end(): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) return;
    this.#ended = true;
    if (this.#record !== undefined) {
      this.#error = new TruncatedRecordError("payload", this.#length, this.#filled, this.#offset);
    } else if (this.#digits > 0) {
      this.#error = new TruncatedRecordError("length", undefined, 0, this.#offset);
    }
    this.#record = undefined;
    if (this.#error !== undefined) throw this.#error;
  }

  #fail(error: RecordIOError, records: Uint8Array[]): Uint8Array[] {
    this.#error = error;
    this.#record = undefined;
    // Throwing now would drop the records this chunk completed; they are returned and the
    // error is raised by the next call instead.
    if (records.length > 0) return records;
    throw error;
  }

  #oversize(declared: bigint, digits: number, offset: number): RecordIOError {
    if (declared > MAX_UINT64) return new LengthOverflowError(digits, offset);
    return new RecordTooLargeError(declared, this.maxRecordBytes, offset);
  }
}

/**
 * Uninitialised memory (Buffer.allocUnsafe): no zero-filling of up to maxRecordBytes, and
 * malloc reuses freed blocks where a zeroed allocation would fault fresh pages in. Safe because
 * a record is handed out only once every byte was written, and dropped otherwise. Returned as a
 * plain Uint8Array view so that every record has the same type.
 */
function allocate(length: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, length);
}

function latin1(chunk: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...chunk.subarray(start, end));
}

function describeNonBytes(chunk: unknown): string {
  const kind = typeof chunk === "string" ? "a string (is an encoding set on the stream?)" : typeof chunk;
  return `RecordIO decodes bytes: expected a Uint8Array chunk, got ${kind}`;
}
