import type { Channel } from "node:diagnostics_channel";
import type { MasterInfo } from "@mesos-ts/discovery";
import { anySignal, sleep } from "./abort.js";
import { Backoff, type BackoffOptions, leaderChangeDelay } from "./backoff.js";
import type { TransportLogger } from "./diagnostics.js";
import { HttpStatusError, NetworkError, NoMasterReachableError, ProtocolError } from "./errors.js";
import { type OpenedEventStream, openEventStream, streamError } from "./event-stream.js";
import { HeartbeatMonitor } from "./heartbeat-monitor.js";
import { leaderKey } from "./leader-source.js";
import type { LeaderTracker } from "./leader-tracker.js";
import type { Send } from "./send.js";
import { isRecovering } from "./status-table.js";

/** Delay before retrying a master that answered 503 "has not finished recovery" (tens of ms on Mesos). */
export const DEFAULT_RECOVERY_RETRY_MS = 100;

/** What the session asks of the client that owns it. */
export interface EventSessionHandler {
  /** The subscribing call for this attempt (state such as the framework id may have changed). */
  request(leader: MasterInfo): {
    url: URL;
    body: Uint8Array;
    headers: Record<string, string>;
    callType: string;
  };
  /** The stream answered 2xx: generation `generation` starts. */
  opened(stream: OpenedEventStream, generation: number, control: SessionControl): void;
  /**
   * One network read's records, in order, synchronously (so a new generation cannot start in
   * between). Throwing ends the stream with that error.
   */
  records(
    records: Uint8Array[],
    stream: OpenedEventStream,
    generation: number,
    control: SessionControl,
  ): void;
  /** Awaited after each read (backpressure: resolve when the readers caught up). */
  drained?(signal: AbortSignal): Promise<void> | undefined;
  /** The stream of `generation` (0: never opened) ended with `error`. Return "stop" to end the session. */
  ended(error: Error, generation: number, subscribed: boolean): "retry" | "stop";
  /** The session is trying again (`attempt` failures in a row, delay in ms). */
  retrying?(error: Error, attempt: number, delayMs: number): void;
  /** Awaited before the retry delay (e.g. until a TEARDOWN that closed the stream is answered). */
  beforeRetry?(): Promise<void> | undefined;
  /** A new attempt starts (after the first, after each failure). */
  connecting?(): void;
}

/** Handed to the handler: what it may tell the session about the stream. */
export interface SessionControl {
  /** The stream is established (e.g. SUBSCRIBED): resets the backoff, (re)arms the watchdog. */
  established(heartbeatIntervalMs?: number): void;
  /** Aborted when this stream ends. */
  readonly signal: AbortSignal;
}

export interface EventSessionOptions {
  leaders: LeaderTracker;
  /** The stream's pipeline (auth, redirects, status mapping): no retry, the session retries. */
  send: Send;
  handler: EventSessionHandler;
  /** The API answers with a `Mesos-Stream-Id` (the scheduler API). */
  requireStreamId?: boolean;
  /** Reconnect backoff (default 250 ms doubling, capped at 15 s, jittered). */
  backoff?: BackoffOptions;
  /** Upper bound of the random delay after a leader change (default 500 ms, like libmesos). */
  leaderChangeDelayMaxMs?: number;
  /** Delay before retrying a recovering master's 503 (default 100 ms). */
  recoveryRetryMs?: number;
  /** Watchdog: interval before the stream announces its own, and missed intervals allowed. */
  heartbeat: { intervalMs: number; missedLimit: number; channel?: Channel };
  maxRecordBytes?: number;
  /**
   * Report "no master reachable" (handler.ended with NoMasterReachableError) as soon as every
   * candidate refused the connection, before the session was ever established (default true).
   */
  failFastWhenUnreachable?: boolean;
  /** Closes the session. */
  signal: AbortSignal;
  logger?: TransportLogger;
}

/**
 * A subscription that keeps itself alive: waits for a leader, POSTs the streaming call, reads
 * RecordIO records under a heartbeat watchdog, fences each new stream with a generation number,
 * and on any failure resubscribes with jittered backoff — cut short when the leader changes (a
 * new leader also resets it), and short after a recovering master's 503.
 */
export class EventSession {
  readonly #o: EventSessionOptions;
  #generation = 0;
  #cycle: AbortController | undefined;
  #cycleKey: string | undefined;
  readonly #done: Promise<void>;

  constructor(options: EventSessionOptions) {
    this.#o = options;
    this.#done = Promise.resolve().then(() => this.#run());
  }

  /** Generation of the last stream that opened (1 for the first). */
  get generation(): number {
    return this.#generation;
  }

  /** Resolves when the session stopped (closed or the handler said stop). */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Ends the current stream with `reason` (a leader change, a subscription-lost answer to a call). */
  drop(reason: Error, generation?: number): void {
    if (generation === undefined || generation === this.#generation) this.#cycle?.abort(reason);
  }

  /** The master the current attempt is on (a leader key), if any. */
  get currentKey(): string | undefined {
    return this.#cycleKey;
  }

  async #run(): Promise<void> {
    const o = this.#o;
    const backoff = new Backoff(o.backoff);
    let lastKey: string | undefined;
    let failures = 0;
    let everEstablished = false;
    let refusedInARow = 0;
    while (!o.signal.aborted) {
      const cycle = new AbortController();
      this.#cycle = cycle;
      const link = anySignal([o.signal, cycle.signal]);
      const signal = link.signal;
      let established = false;
      let opened = 0;
      let versionAtStart = o.leaders.version;
      let stream: OpenedEventStream | undefined;
      o.handler.connecting?.();
      const monitor = new HeartbeatMonitor({
        intervalMs: o.heartbeat.intervalMs,
        missedLimit: o.heartbeat.missedLimit,
        generation: this.#generation + 1,
        onDead: (error) => cycle.abort(error),
        ...(o.heartbeat.channel ? { channel: o.heartbeat.channel } : {}),
      });
      try {
        const leader = await o.leaders.current(signal, () =>
          !everEstablished && (o.failFastWhenUnreachable ?? true) && o.leaders.unreachable
            ? new NoMasterReachableError(o.leaders.source.candidates)
            : undefined,
        );
        versionAtStart = o.leaders.version;
        const key = leaderKey(leader);
        this.#cycleKey = key;
        if (lastKey !== undefined && key !== lastKey) {
          // A new leader: start over (as `src/scheduler/scheduler.cpp` does), after its random
          // delay.
          backoff.reset();
          await sleep(leaderChangeDelay(o.leaderChangeDelayMaxMs), signal);
        }
        lastKey = key;
        const req = o.handler.request(leader);
        stream = await openEventStream(o.send, {
          ...req,
          signal,
          requireStreamId: o.requireStreamId ?? false,
          maxRecordBytes: o.maxRecordBytes,
        });
        refusedInARow = 0;
        const generation = ++this.#generation;
        opened = generation;
        const control: SessionControl = {
          established: (intervalMs) => {
            established = true;
            everEstablished = true;
            failures = 0;
            backoff.reset();
            monitor.start(intervalMs && intervalMs > 0 ? intervalMs : o.heartbeat.intervalMs);
          },
          signal,
        };
        o.handler.opened(stream, generation, control);
        monitor.start();
        for await (const records of stream.batches) {
          monitor.beat();
          o.handler.records(records, stream, generation, control);
          const drained = o.handler.drained?.(signal);
          if (drained !== undefined) {
            monitor.pause();
            await drained;
            monitor.resume();
          }
        }
        throw new ProtocolError("the master closed the event stream");
      } catch (caught) {
        monitor.stop();
        if (o.signal.aborted) break;
        let error = streamError(caught, cycle.signal, stream?.url);
        if (error instanceof NetworkError && error.refused) refusedInARow++;
        else refusedInARow = 0;
        if (
          !everEstablished &&
          (o.failFastWhenUnreachable ?? true) &&
          error instanceof NetworkError &&
          error.refused &&
          refusedInARow >= Math.max(1, o.leaders.source.candidates.length)
        ) {
          error = new NoMasterReachableError(o.leaders.source.candidates, { cause: error });
        }
        if (o.handler.ended(error, opened, established) === "stop") break;
        await o.handler.beforeRetry?.();
        if (o.signal.aborted) break;
        failures++;
        o.leaders.refresh();
        const recovering = error instanceof HttpStatusError && isRecovering(error.status, error.body);
        const delay = recovering ? (o.recoveryRetryMs ?? DEFAULT_RECOVERY_RETRY_MS) : backoff.next();
        o.handler.retrying?.(error, failures, delay);
        try {
          await o.leaders.changeOr(delay, versionAtStart, o.signal);
        } catch {
          break;
        }
      } finally {
        monitor.stop();
        link.dispose();
        cycle.abort();
        this.#cycleKey = undefined;
      }
    }
  }
}
