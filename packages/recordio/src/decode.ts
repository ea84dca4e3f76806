import { type ByteSource, closeSource, openSource, pull } from "./byte-source.js";
import { AbortError } from "./errors.js";
import { RecordIODecoder } from "./recordio-decoder.js";

export interface DecodeOptions {
  /** Largest payload accepted, in bytes (default DEFAULT_MAX_RECORD_BYTES, 64 MiB). */
  maxRecordBytes?: number;
  /** Stops decoding with an AbortError (code MESOS_RECORDIO_ABORTED) and cancels the source. */
  signal?: AbortSignal;
}

/**
 * Decodes a RecordIO byte stream into records. Pull-based: the next chunk is read only when
 * the records of the previous one were consumed, so a slow consumer holds at most one chunk.
 * Leaving the loop early (break, throw) cancels the source; so do a decode error and an abort.
 * Options are checked now, not at the first iteration.
 */
export function decode(
  source: ByteSource,
  options: DecodeOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const decoder = new RecordIODecoder({ maxRecordBytes: options.maxRecordBytes });
  return records(source, decoder, options.signal);
}

async function* records(
  source: ByteSource,
  decoder: RecordIODecoder,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
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
      for (const record of decoder.push(result.value)) {
        yield record;
        if (signal?.aborted) throw new AbortError(signal.reason);
      }
      // Records before a bad byte were delivered above; now the error.
      if (decoder.error !== undefined) throw decoder.error;
    }
    finished = true;
    decoder.end();
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await closeSource(cursor, !finished, failure, reading);
  }
}
