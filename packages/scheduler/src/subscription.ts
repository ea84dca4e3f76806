import type { scheduler } from "@mesos-ts/proto";
import { decode, RecordIOError } from "@mesos-ts/recordio";
import { type Codec, codecForMediaType } from "./codec.js";
import { AbortError, ProtocolError, SchedulerError } from "./errors.js";
import { discard, type Send, toTransportError } from "./http/transport.js";

export interface OpenSubscriptionRequest {
  readonly url: URL;
  readonly body: Uint8Array;
  readonly codec: Codec;
  readonly signal: AbortSignal;
  readonly maxRecordBytes?: number;
}

/** A SUBSCRIBE that got its 200: the stream id and a record-by-record event stream. */
export interface OpenedSubscription {
  readonly streamId: string;
  /** The master that answered (after redirects): the leader, where calls go. */
  readonly url: URL;
  /** Decoded wire events; errors are SchedulerErrors (ProtocolError wraps framing errors). */
  readonly events: AsyncGenerator<scheduler.Event, void, undefined>;
}

/**
 * POSTs SUBSCRIBE through `send` (redirects, auth and status mapping are behaviours of `send`)
 * and returns once the 200 and its `Mesos-Stream-Id` arrived. The stream lives until `signal`
 * aborts, the master closes it, or a record fails to decode.
 */
export async function openSubscription(send: Send, req: OpenSubscriptionRequest): Promise<OpenedSubscription> {
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
  const records = decode(res.body, {
    signal: req.signal,
    ...(req.maxRecordBytes !== undefined ? { maxRecordBytes: req.maxRecordBytes } : {}),
  });
  return { streamId, url: res.url, events: events(records, codec, req.signal, res.url) };
}

async function* events(
  records: AsyncIterable<Uint8Array>,
  codec: Codec,
  signal: AbortSignal,
  url: URL,
): AsyncGenerator<scheduler.Event, void, undefined> {
  try {
    for await (const record of records) yield codec.decodeEvent(record);
  } catch (error) {
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      throw reason instanceof SchedulerError ? reason : new AbortError(reason);
    }
    if (error instanceof SchedulerError) throw error;
    if (error instanceof RecordIOError) {
      throw new ProtocolError(`event stream framing: ${error.message}`, { cause: error });
    }
    throw toTransportError(error, undefined, url);
  }
}
