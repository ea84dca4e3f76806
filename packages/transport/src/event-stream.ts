import { RecordIOError } from "@mesos-ts/recordio";
import { type ContentType, recordContentType } from "./codec.js";
import { AbortError, MesosClientError, ProtocolError } from "./errors.js";
import { recordBatches } from "./record-batches.js";
import { discard, type Send, toTransportError } from "./send.js";

export interface OpenEventStreamRequest {
  readonly url: URL;
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** e.g. "SUBSCRIBE". */
  readonly callType: string;
  readonly maxRecordBytes?: number | undefined;
  /** The API answers with a `Mesos-Stream-Id` that later calls must carry (the scheduler API). */
  readonly requireStreamId?: boolean;
}

/** A streaming call that got its 2xx: the stream id (if any) and the records, a network read at a time. */
export interface OpenedEventStream {
  /** `Mesos-Stream-Id`, when the API has one. */
  readonly streamId: string | undefined;
  /** The master that answered (after redirects): the leader. */
  readonly url: URL;
  /** RecordIO records of the stream, one array per read; map their errors with `streamError`. */
  readonly batches: AsyncIterable<Uint8Array[]>;
  /** The content type of the records (from the answer's headers), when it names one. */
  readonly contentType: ContentType | undefined;
}

/**
 * POSTs a streaming call through `send` (redirects, auth and status mapping are behaviours of
 * `send`) and returns once the 2xx (and the stream id, when required) arrived. The stream lives
 * until `signal` aborts, the master closes it, a record fails to frame, or the reader leaves.
 */
export async function openEventStream(send: Send, req: OpenEventStreamRequest): Promise<OpenedEventStream> {
  const res = await send({
    url: req.url,
    body: req.body,
    headers: req.headers,
    signal: req.signal,
    stream: true,
    callType: req.callType,
  });
  const raw = res.headers["mesos-stream-id"];
  const streamId = Array.isArray(raw) ? raw[0] : raw;
  if (req.requireStreamId && (streamId === undefined || streamId === "")) {
    await discard(res.body);
    throw new ProtocolError(`${req.callType} answer carries no Mesos-Stream-Id header`);
  }
  // `signal` also went to the request: undici destroys the body when it fires.
  const batches = recordBatches(res.body as AsyncIterable<Uint8Array>, {
    maxRecordBytes: req.maxRecordBytes,
  });
  return {
    streamId: streamId === "" ? undefined : streamId,
    url: res.url,
    batches,
    contentType: recordContentType(res.headers),
  };
}

/** Maps a failure while reading a stream to a typed error (the abort reason when aborted). */
export function streamError(error: unknown, signal: AbortSignal, url: URL | undefined): Error {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof MesosClientError ? reason : new AbortError(reason);
  }
  if (error instanceof MesosClientError) return error;
  if (error instanceof RecordIOError)
    return new ProtocolError(`event stream framing: ${error.message}`, { cause: error });
  return toTransportError(error, undefined, url);
}
