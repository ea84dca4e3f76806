// SUBSCRIBE on the leading master as an async iterator of OperatorEvent, kept alive: a
// heartbeat watchdog, and a new SUBSCRIBE (to the leader of the moment) when the stream ends,
// breaks or stalls. Each new stream starts with SUBSCRIBED, the whole state again.
// (mesos-go#349: a 4 MiB frame cap killed streams of large clusters: `maxRecordBytes` is the
// caller's; pymesos#104: a 307 after a leader change must be followed, not thrown.)

import { master } from "@mesos-ts/proto";
import { DEFAULT_MAX_RECORD_BYTES, decode as decodeRecords } from "@mesos-ts/recordio";
import { linkedController, sleep } from "../abort.js";
import { contentTypeOf, decode, encode, MEDIA_TYPES } from "../codec.js";
import { AbortedError, HeartbeatTimeoutError, OperatorError, StreamEndedError } from "../errors.js";
import { sendCall } from "../http/send-call.js";
import type { ChannelOptions } from "../http/unary.js";
import type { MasterLocator } from "../master/master-locator.js";
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
  readonly onDisconnect?: (reason: OperatorError) => void;
}

export async function* subscribeEvents(
  locator: MasterLocator,
  channel: ChannelOptions,
  options: SubscribeOptions = {},
): AsyncGenerator<OperatorEvent, void, undefined> {
  const resubscribe = options.resubscribe ?? true;
  const factor = options.heartbeatFactor ?? 2;
  let backoff = options.minBackoffMs ?? 200;
  const body = encode(master.Call, channel.contentType, { type: master.Call_Type.SUBSCRIBE });
  for (;;) {
    if (options.signal?.aborted) return;
    const link = linkedController(options.signal);
    let stalled: HeartbeatTimeoutError | undefined;
    const watchdog = new HeartbeatWatchdog(options.initialSilenceMs ?? 30_000, (ms) => {
      stalled = new HeartbeatTimeoutError(ms);
      link.controller.abort(stalled);
    });
    let lost: OperatorError;
    try {
      const response = await sendCall({
        locator,
        callType: "SUBSCRIBE",
        headers: {
          ...channel.headers,
          "Content-Type": MEDIA_TYPES[channel.contentType],
          Accept: MEDIA_TYPES[channel.contentType],
        },
        body,
        maxRedirects: channel.maxRedirects,
        signal: link.controller.signal,
      });
      const contentType = contentTypeOf(response.headers.get("content-type")) ?? channel.contentType;
      const records = decodeRecords(response.body ?? [], {
        maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
        signal: link.controller.signal,
      });
      for await (const record of records) {
        watchdog.feed();
        const event = toOperatorEvent(decode(master.Event, contentType, record));
        if (event.type === "SUBSCRIBED") {
          backoff = options.minBackoffMs ?? 200;
          if (event.heartbeatIntervalSeconds)
            watchdog.allowanceMs = event.heartbeatIntervalSeconds * 1000 * factor;
        }
        yield event;
      }
      lost = new StreamEndedError("the master closed the event stream");
    } catch (error) {
      if (options.signal?.aborted) return;
      if (stalled) lost = stalled;
      else if (error instanceof OperatorError && !(error instanceof AbortedError)) lost = error;
      else
        lost = new StreamEndedError(`the event stream broke: ${(error as Error).message}`, { cause: error });
    } finally {
      watchdog.stop();
      link.controller.abort(); // closes the connection if the consumer left early
      link.dispose();
    }
    if (!resubscribe) throw lost;
    if (lost.code === "MESOS_OPERATOR_HTTP_STATUS" && !lost.temporary) throw lost;
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
