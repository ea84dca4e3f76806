import {
  AbortError,
  apiUrl,
  type CallChannel,
  type EventSessionHandler,
  HttpStatusError,
  NoMasterReachableError,
  type OpenedEventStream,
  ProtocolError,
  raceAbort,
  type SessionControl,
  type TrustedHosts,
} from "@mesos-ts/transport";
import { codecFor, type SchedulerCodec } from "./codec.js";
import type { ConnectionState } from "./connection-state.js";
import {
  type DisconnectedMessage,
  disconnectedChannel,
  type SchedulerLogger,
  type SubscribedMessage,
  subscribedChannel,
} from "./diagnostics.js";
import { SubscriptionLostError, TerminalError } from "./errors.js";
import type { EventHub } from "./events/event-hub.js";
import { type SchedulerEvent, type SubscribedEvent, toSchedulerEvent } from "./events/scheduler-event.js";
import type { SubscriptionState } from "./subscription-state.js";

const RECONNECT_LOG_EVERY = 10;

/** What the stream handler may touch of the client. */
export interface StreamHost {
  readonly sub: SubscriptionState;
  readonly hub: EventHub;
  readonly channel: CallChannel;
  readonly trusted: TrustedHosts;
  readonly codec: SchedulerCodec;
  readonly scheme: "http" | "https";
  readonly log: SchedulerLogger;
  /** The client is closing. */
  readonly stopped: boolean;
  /** Set while a TEARDOWN waits for its answer. */
  readonly tearingDown: Promise<void> | undefined;
  setState(state: ConnectionState, error?: Error): void;
  /** Ends the client for good. */
  finish(terminal: TerminalError): void;
}

/**
 * The scheduler API's side of the subscription session: builds each SUBSCRIBE, turns the
 * stream's records into typed events for the hub (SUBSCRIBED first, ERROR terminal), moves the
 * call channel to the stream's master, and decides after each lost stream whether to retry.
 */
export class StreamHandler implements EventSessionHandler {
  #firstEvent = true;
  #lastError: Error | undefined;

  constructor(private readonly host: StreamHost) {}

  connecting(): void {
    this.host.setState("connecting", this.#lastError);
  }

  request(leader: Parameters<EventSessionHandler["request"]>[0]): ReturnType<EventSessionHandler["request"]> {
    const { codec } = this.host;
    return {
      url: apiUrl(leader, this.host.scheme, "scheduler"),
      body: codec.call.encode(this.host.sub.subscribeCall()),
      headers: { "content-type": codec.mediaType, accept: codec.mediaType },
      callType: "SUBSCRIBE",
    };
  }

  opened(stream: OpenedEventStream, generation: number): void {
    this.host.sub.opened(generation, stream.streamId, stream.url);
    this.host.trusted.addUrl(stream.url);
    // Calls follow the stream: still in flight on an old leader, they fail (LeaderChangedError).
    this.host.channel.moveTo(stream.url);
    this.#firstEvent = true;
    this.host.hub.fence(generation);
    this.host.setState("subscribing");
  }

  /** One network read: decoded, typed and published as one batch, synchronously (fencing). */
  records(
    records: Uint8Array[],
    stream: OpenedEventStream,
    generation: number,
    control: SessionControl,
  ): void {
    const codec = stream.contentType ? codecFor(stream.contentType) : this.host.codec;
    const events: SchedulerEvent[] = [];
    try {
      for (let i = 0; i < records.length; i++) {
        // A state listener may have closed the client or a leader change ended the stream.
        if (control.signal.aborted) throw new AbortError(control.signal.reason);
        const event = toSchedulerEvent(codec.event.decode(records[i] as Uint8Array), generation);
        if (this.#firstEvent) {
          this.#firstEvent = false;
          if (event.type !== "SUBSCRIBED" && event.type !== "ERROR") {
            throw new ProtocolError(`first event is ${event.type}, not SUBSCRIBED`);
          }
        }
        if (event.type === "ERROR") {
          events.push(event);
          throw terminalFor(event.message);
        }
        if (event.type === "SUBSCRIBED") {
          control.established(
            event.heartbeatIntervalSeconds > 0 ? event.heartbeatIntervalSeconds * 1000 : undefined,
          );
          this.#subscribed(event, stream.url);
        }
        events.push(event);
      }
    } finally {
      // Events before a failure (malformed record, ERROR) still go out, in order.
      this.host.hub.publish(events);
    }
  }

  /**
   * Backpressure: stop reading while readers lag or while automatic ACKs wait for room on the
   * call channel (otherwise they would pile up without bound).
   */
  drained(signal: AbortSignal): Promise<void> | undefined {
    const { hub, channel } = this.host;
    if (hub.congested) return hub.drained(signal);
    return channel.blocked > 0 ? raceAbort(channel.whenRoom(), signal) : undefined;
  }

  ended(error: Error, generation: number, subscribed: boolean): "retry" | "stop" {
    const host = this.host;
    if (host.stopped) return "stop";
    const terminal =
      error instanceof TerminalError
        ? error
        : error instanceof HttpStatusError && error.callType === "SUBSCRIBE" && !error.temporary
          ? new TerminalError("subscribe-rejected", `SUBSCRIBE rejected: ${error.message}`, { cause: error })
          : error instanceof NoMasterReachableError
            ? new TerminalError("no-master-reachable", error.message, { cause: error })
            : undefined;
    if (generation > 0)
      host.channel.failGroup(generation, new SubscriptionLostError(generation, { cause: error }));
    host.sub.lost(subscribed);
    this.#lastError = error;
    if (host.tearingDown !== undefined && terminal === undefined) {
      // The master closed the stream while answering TEARDOWN: not a lost subscription.
      return "retry";
    }
    if (disconnectedChannel.hasSubscribers) {
      const message: DisconnectedMessage = { generation: host.sub.generation, error };
      disconnectedChannel.publish(message);
    }
    host.setState("disconnected", error);
    if (terminal !== undefined) {
      host.finish(terminal);
      return "stop";
    }
    return "retry";
  }

  /** A TEARDOWN that closed the stream is answered before anything is retried. */
  beforeRetry(): Promise<void> | undefined {
    return this.host.tearingDown;
  }

  retrying(error: Error, failures: number): void {
    const log = failures % RECONNECT_LOG_EVERY === 1 ? this.host.log.warn : this.host.log.debug;
    log?.call(this.host.log, "subscription lost; reconnecting", { error: error.message, failures });
  }

  #subscribed(event: SubscribedEvent, url: URL): void {
    const generation = event.generation;
    this.#lastError = undefined;
    this.host.sub.subscribed(event.frameworkId.value, event.masterInfo);
    this.host.setState("subscribed");
    if (subscribedChannel.hasSubscribers) {
      const message: SubscribedMessage = {
        generation,
        frameworkId: event.frameworkId.value,
        url: url.href,
        heartbeatIntervalSeconds: event.heartbeatIntervalSeconds,
      };
      subscribedChannel.publish(message);
    }
    this.host.log.info?.("subscribed", { generation, frameworkId: event.frameworkId.value, url: url.href });
  }
}

function terminalFor(message: string): TerminalError {
  // The only signal Mesos gives is the text of the ERROR event (`src/master/master.cpp`).
  const reason = /has been removed|completed framework/i.test(message) ? "framework-removed" : "error-event";
  return new TerminalError(reason, `master sent ERROR: ${message}`);
}
