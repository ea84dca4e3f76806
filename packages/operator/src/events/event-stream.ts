// SUBSCRIBE on the leading master as an async iterator of OperatorEvent, kept alive: a
// heartbeat watchdog, and a new SUBSCRIBE (to the leader of the moment) when the stream ends,
// breaks or stalls. Each new stream starts with SUBSCRIBED, the whole state again.
// (mesos-go#349: a 4 MiB frame cap killed streams of large clusters: `maxRecordBytes` is the
// caller's; pymesos#104: a 307 after a leader change must be followed, not thrown.)
import { master } from "@mesos-ts/proto";
import { DEFAULT_MAX_RECORD_BYTES } from "@mesos-ts/recordio";
import {
  AbortError,
  HeartbeatTimeoutError,
  headersFor,
  type MesosClientError,
  messageCodec,
  ProtocolError,
  recordBatches,
  recordContentType,
  sleep,
  streamError,
} from "@mesos-ts/transport";
import { linkedController } from "../abort.js";
import { disconnectedChannel, subscribedChannel } from "../diagnostics.js";
import { sendCall } from "../http/send-call.js";
import type { MasterLocator } from "../master/master-locator.js";
import type { Channel } from "../options.js";
import { HeartbeatWatchdog } from "./heartbeat-watchdog.js";
import { type OperatorEvent, toOperatorEvent } from "./operator-event.js";

export interface SubscribeOptions {
  readonly signal?: AbortSignal;
  /** Subscribe again after the stream ends, breaks or stalls (default true). */
  readonly resubscribe?: boolean;
  /** Largest record accepted (default 64 MiB). A 10,000-agent SUBSCRIBED is tens of MiB. */
  readonly maxRecordBytes?: number;
  /** Silence allowed, in heartbeat intervals, before the stream counts as stalled (default 2). */
  readonly heartbeatFactor?: number;
  /** Before the first SUBSCRIBED (default 30 s). */
  readonly initialSilenceMs?: number;
  /** Backoff between resubscriptions: doubling from `minBackoffMs` (200) to `maxBackoffMs` (10 s). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Told why a stream was lost, before the next attempt. */
  readonly onDisconnect?: (reason: MesosClientError) => void;
}

export async function* subscribeEvents(
  locator: MasterLocator,
  channel: Channel,
  options: SubscribeOptions = {},
): AsyncGenerator<OperatorEvent, void, undefined> {
  const resubscribe = options.resubscribe ?? true;
  const factor = options.heartbeatFactor ?? 2;
  let backoff = options.minBackoffMs ?? 200;
  const body = messageCodec(master.Call, channel.contentType).encode({ type: master.Call_Type.SUBSCRIBE });
  for (;;) {
    if (options.signal?.aborted) return;
    const link = linkedController(options.signal);
    let intervalMs = options.initialSilenceMs ?? 30_000;
    const watchdog = new HeartbeatWatchdog(intervalMs, () => {
      link.controller.abort(new HeartbeatTimeoutError(factor, intervalMs / factor));
    });
    let lost: MesosClientError;
    let url: URL | undefined;
    try {
      const response = await sendCall({
        send: channel.send,
        locator,
        callType: "SUBSCRIBE",
        headers: headersFor(channel.contentType),
        body,
        maxRedirects: channel.maxRedirects,
        signal: link.controller.signal,
        stream: true,
      });
      url = response.url;
      const codec = messageCodec(master.Event, recordContentType(response.headers) ?? channel.contentType);
      const batches = recordBatches(response.body as AsyncIterable<Uint8Array>, {
        maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      });
      for await (const batch of batches) {
        watchdog.feed();
        for (const record of batch) {
          const event = toOperatorEvent(codec.decode(record));
          if (event.type === "SUBSCRIBED") {
            backoff = options.minBackoffMs ?? 200;
            if (subscribedChannel.hasSubscribers)
              subscribedChannel.publish({
                master: url?.origin,
                heartbeatIntervalSeconds: event.heartbeatIntervalSeconds,
              });
            if (event.heartbeatIntervalSeconds) {
              intervalMs = event.heartbeatIntervalSeconds * 1000 * factor;
              watchdog.allowanceMs = intervalMs;
            }
          }
          yield event;
        }
      }
      lost = new ProtocolError("the master closed the event stream");
    } catch (error) {
      if (options.signal?.aborted) return;
      lost = streamError(error, link.controller.signal, url) as MesosClientError;
    } finally {
      watchdog.stop();
      link.controller.abort(); // closes the connection if the consumer left early
      link.dispose();
    }
    if (!resubscribe || lost instanceof AbortError) throw lost;
    if (!lost.temporary) throw lost;
    if (disconnectedChannel.hasSubscribers)
      disconnectedChannel.publish({ master: url?.origin, code: lost.code, message: lost.message });
    options.onDisconnect?.(lost);
    locator.forget();
    try {
      await sleep(backoff * (0.5 + Math.random() / 2), options.signal);
    } catch {
      return;
    }
    backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 10_000);
  }
}
