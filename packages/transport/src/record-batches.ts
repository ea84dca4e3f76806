import { RecordIODecoder } from "@mesos-ts/recordio";

export interface RecordBatchesOptions {
  /** Largest record accepted, bytes (RecordIO's default when absent). */
  readonly maxRecordBytes?: number | undefined;
}

/**
 * The records of a RecordIO byte stream, one array per network read: the event loop decodes a
 * whole read synchronously and pays one await per read instead of one per record. Records are
 * views of the read's buffer (see RecordIODecoder). Records before a framing error are yielded
 * first, then the RecordIOError is thrown. Leaving early destroys the body (for-await's return).
 * Aborting is the transport's job: undici destroys the body when the request's signal fires.
 */
export async function* recordBatches(
  body: AsyncIterable<Uint8Array>,
  options: RecordBatchesOptions = {},
): AsyncGenerator<Uint8Array[], void, undefined> {
  const decoder = new RecordIODecoder(
    options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {},
  );
  for await (const chunk of body) {
    const records = decoder.push(chunk);
    if (records.length > 0) yield records;
    if (decoder.error !== undefined) throw decoder.error;
  }
  decoder.end();
}
