import { type ByteSource, closeSource, openSource, pull, type SourceCursor } from "./byte-source.js";
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
export function decode(source: ByteSource, options: DecodeOptions = {}): AsyncIterableIterator<Uint8Array> {
  const decoder = new RecordIODecoder({ maxRecordBytes: options.maxRecordBytes });
  return new RecordIterator(source, decoder, options.signal);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Hand-written rather than an async generator: handing out a record that is already decoded
 * costs one resolved promise here, about a third of a generator's yield, which is most of the
 * cost of small records.
 */
class RecordIterator implements AsyncIterableIterator<Uint8Array> {
  readonly #source: ByteSource;
  readonly #decoder: RecordIODecoder;
  readonly #signal: AbortSignal | undefined;
  #cursor: SourceCursor<Uint8Array> | undefined;
  #records: Uint8Array[] = [];
  #next = 0;
  /** Set while a chunk is being read: concurrent next() calls queue behind it. */
  #reading: Promise<unknown> | undefined;
  #closed = false;

  constructor(source: ByteSource, decoder: RecordIODecoder, signal: AbortSignal | undefined) {
    this.#source = source;
    this.#decoder = decoder;
    this.#signal = signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#reading !== undefined) return this.#reading.then(() => this.next());
    if (this.#closed) return Promise.resolve(DONE);
    if (this.#signal?.aborted) return this.#fail(new AbortError(this.#signal.reason));
    if (this.#next < this.#records.length) {
      const value = this.#records[this.#next++] as Uint8Array;
      return Promise.resolve({ done: false, value });
    }
    // Records before a bad byte went out first; now the error.
    const error = this.#decoder.error;
    if (error !== undefined) return this.#fail(error);
    const reading = this.#read();
    // #read clears #reading itself as soon as it has a result (the fast path); this clears it
    // too when #read settled before the assignment below (a source that fails synchronously).
    const settled: Promise<void> = reading
      .then(
        () => {},
        () => {},
      )
      .then(() => {
        if (this.#reading === settled) this.#reading = undefined;
      });
    this.#reading = settled;
    return reading;
  }

  /** Leaving early (for-await `break`): cancel the source. */
  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    await this.#close(true, undefined);
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<Uint8Array, undefined>> {
    await this.#close(true, error);
    throw error;
  }

  async #read(): Promise<IteratorResult<Uint8Array, undefined>> {
    try {
      this.#cursor ??= openSource(this.#source);
      for (;;) {
        const result = await pull(this.#cursor, this.#signal);
        if (result.done === true) {
          this.#decoder.end();
          this.#reading = undefined;
          await this.#close(false, undefined);
          return DONE;
        }
        const records = this.#decoder.push(result.value);
        if (records.length > 0) {
          this.#records = records;
          this.#next = 1;
          this.#reading = undefined;
          return { done: false, value: records[0] as Uint8Array };
        }
      }
    } catch (error) {
      this.#reading = undefined;
      // An abort can land while the read is still pending: do not wait for the source then.
      await this.#close(true, error, error instanceof AbortError);
      throw error;
    }
  }

  #fail(error: unknown): Promise<never> {
    return this.#close(true, error).then(() => Promise.reject(error));
  }

  async #close(cancel: boolean, reason: unknown, readPending = this.#reading !== undefined): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#records = [];
    if (this.#cursor !== undefined) await closeSource(this.#cursor, cancel, reason, readPending);
  }
}
