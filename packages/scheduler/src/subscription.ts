import { RecordIOError } from "@mesos-ts/recordio";
import { type Codec, codecForMediaType } from "./codec.js";
import { AbortError, ProtocolError, SchedulerError } from "./errors.js";
import { discard, type Send, toTransportError } from "./http/transport.js";
import { recordBatches } from "./record-batches.js";

export interface OpenSubscriptionRequest {
  readonly url: URL;
  readonly body: Uint8Array;
  readonly codec: Codec;
  readonly signal: AbortSignal;
  readonly maxRecordBytes?: number;
}

/** A SUBSCRIBE that got its 200: the stream id and the event records, a network read at a time. */
export interface OpenedSubscription {
  readonly streamId: string;
  /** The master that answered (after redirects): the leader, where calls go. */
  readonly url: URL;
  /** RecordIO records of the stream, one array per read; map their errors with `streamError`. */
  readonly batches: AsyncIterable<Uint8Array[]>;
  /** The codec of the response's Content-Type. */
  readonly codec: Codec;
}

/**
 * POSTs SUBSCRIBE through `send` (redirects, auth and status mapping are behaviours of `send`)
 * and returns once the 200 and its `Mesos-Stream-Id` arrived. The stream lives until `signal`
 * aborts, the master closes it, a record fails to decode, or the reader leaves its loop.
 */
export async function openSubscription(
  send: Send,
  req: OpenSubscriptionRequest,
): Promise<OpenedSubscription> {
  const res = await send({
    url: req.url,
    body: req.body,
    headers: { "content-type": req.codec.mediaType, accept: req.codec.mediaType },
    signal: req.signal,
    stream: true,
    callType: "SUBSCRIBE",
  });
  const raw = res.headers["mesos-stream-id"];
  const streamId = Array.isArray(raw) ? raw[0] : raw;
  if (streamId === undefined || streamId === "") {
    await discard(res.body);
    throw new ProtocolError("SUBSCRIBE answer carries no Mesos-Stream-Id header");
  }
  const codec = codecForMediaType(res.headers["content-type"]) ?? req.codec;
  // `signal` also went to the request: undici destroys the body when it fires.
  const batches = recordBatches(res.body as AsyncIterable<Uint8Array>, {
    maxRecordBytes: req.maxRecordBytes,
  });
  return { streamId, url: res.url, batches, codec };
}

/** Maps a failure while reading the stream to a SchedulerError (the abort reason when aborted). */
export function streamError(error: unknown, signal: AbortSignal, url: URL | undefined): Error {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof SchedulerError ? reason : new AbortError(reason);
  }
  if (error instanceof SchedulerError) return error;
  if (error instanceof RecordIOError) {
    return new ProtocolError(`event stream framing: ${error.message}`, { cause: error });
  }
  return toTransportError(error, undefined, url);
}
