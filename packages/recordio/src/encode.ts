import { type ByteSource, closeSource, openSource, pull } from "./byte-source.js";
import { AbortError } from "./errors.js";

const NEWLINE = 0x0a;
const DIGIT_ZERO = 0x30;

/** Frames one record: its decimal byte count, `\n`, then the bytes, in one new Uint8Array. */
export function encode(record: Uint8Array): Uint8Array {
  if (!(record instanceof Uint8Array)) {
    throw new TypeError(`RecordIO encodes bytes: expected a Uint8Array, got ${typeof record}`);
  }
  const length = record.length;
  let digits = 1;
  for (let rest = length; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  const out = new Uint8Array(digits + 1 + length);
  let rest = length;
  for (let i = digits - 1; i >= 0; i--) {
    out[i] = DIGIT_ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  out[digits] = NEWLINE;
  out.set(record, digits + 1);
  return out;
}

export interface EncodeAllOptions {
  /** Stops with an AbortError (code MESOS_RECORDIO_ABORTED) and cancels the source. */
  signal?: AbortSignal;
}

/**
 * Frames every record of `source`, one output chunk per record, pulling the next record only
 * when the previous chunk was taken. Suits a streaming request body (agent
 * ATTACH_CONTAINER_INPUT): pass the generator to undici/fetch as `body`.
 */
export async function* encodeAll(
  source: ByteSource,
  options: EncodeAllOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const { signal } = options;
  const cursor = openSource(source);
  let finished = false;
  let reading = false;
  let failure: unknown;
  try {
    for (;;) {
      reading = true;
      const result = await pull(cursor, signal);
      reading = false;
      if (result.done === true) break;
      yield encode(result.value);
      if (signal?.aborted) throw new AbortError(signal.reason);
    }
    finished = true;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await closeSource(cursor, !finished, failure, reading);
  }
}
