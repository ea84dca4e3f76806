import { executor, type v1 } from "@mesos-ts/proto";
import {
  anySignal,
  apiCodec,
  authorize,
  Backoff,
  CallChannel,
  type ContentType,
  HttpStatusError,
  MalformedMessageError,
  mapStatus,
  openEventStream,
  raceAbort,
  sleep,
  streamError,
  AbortError as TransportAbortError,
  ClosedError as TransportClosedError,
  type TransportTimeouts,
  TrustedHosts,
  toCredentialProvider,
  undiciSend,
} from "@mesos-ts/transport";
import { Agent } from "undici";
import { type ExecutorEnvironment, readExecutorEnvironment } from "./environment.js";
import {
  AbortError,
  AgentGoneError,
  ClosedError,
  ExecutorError,
  MalformedEventError,
  NetworkError,
  RecoveryTimeoutError,
} from "./errors.js";
import { type ExecutorEvent, toExecutorEvent } from "./events.js";
import { callRejected, rejectionOf } from "./rejection.js";
import { UpdateBook } from "./update-book.js";

/** Two missed agent HEARTBEATs (one every 30 min, `src/slave/constants.hpp`) and a margin. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 2 * 30 * 60_000 + 5_000;
export const DEFAULT_MAX_UNACKNOWLEDGED = 10_000;

export interface ExecutorClientOptions {
  /** Default: read from `process.env` (throws EnvironmentError naming every problem). */
  readonly environment?: ExecutorEnvironment;
  /** Wire encoding of calls and events (default protobuf). */
  readonly contentType?: ContentType;
  /** Ends everything (events throw AbortError). */
  readonly signal?: AbortSignal;
  /** Updates kept while waiting for ACKNOWLEDGED (default 10 000); beyond, update() throws. */
  readonly maxUnacknowledged?: number;
  /** No byte on the subscription for this long counts as a disconnection (default 1 h 5 s). */
  readonly streamIdleTimeoutMs?: number;
  /** Largest event record accepted, bytes (RecordIO's default otherwise). */
  readonly maxRecordBytes?: number;
  readonly timeouts?: TransportTimeouts;
  /** Random source in [0, 1) for the reconnect backoff (tests). */
  readonly random?: () => number;
}

/**
 * A client of `POST /api/v1/executor` (`src/slave/http.cpp`, `src/executor/executor.cpp`): one
 * subscription stream, calls on a second connection (as the reference C++ library), exactly-once
 * bookkeeping of updates, and the disconnection rules of Mesos: without checkpointing the executor
 * exits when the agent goes away; with it, SUBSCRIBE is retried after a random delay in [0,
 * subscription backoff max] until the recovery timeout (`src/executor/executor.cpp`).
 */
export class ExecutorClient {
  readonly environment: ExecutorEnvironment;
  readonly contentType: ContentType;
  readonly #url: URL;
  readonly #codec;
  readonly #channel: CallChannel;
  readonly #streamAgent: Agent;
  readonly #send;
  readonly #book: UpdateBook;
  readonly #idleMs: number;
  readonly #maxRecordBytes: number | undefined;
  readonly #random: () => number;
  readonly #closer = new AbortController();
  readonly #scope: { signal: AbortSignal; dispose: () => void };
  readonly #chains = new Map<string, Promise<void>>();
  #subscribed = false;
  #consuming = false;
  #closed = false;

  constructor(options: ExecutorClientOptions = {}) {
    this.environment = options.environment ?? readExecutorEnvironment();
    this.contentType = options.contentType ?? "protobuf";
    this.#url = new URL("/api/v1/executor", this.environment.agentUrl);
    this.#codec = apiCodec(executor.Call, executor.Event, this.contentType);
    const trusted = new TrustedHosts([this.environment.agentUrl.hostname]);
    const token = this.environment.authToken;
    const credentials = token !== undefined ? { token } : undefined;
    this.#channel = new CallChannel({
      url: this.#url,
      maxAttempts: 1,
      ...(credentials ? { credentials, trusted } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    });
    this.#streamAgent = new Agent({ connections: 1 });
    this.#send = mapStatus(
      authorize(undiciSend(this.#streamAgent, options.timeouts), toCredentialProvider(credentials), (u) =>
        trusted.has(u),
      ),
    );
    this.#book = new UpdateBook({
      executorId: this.environment.executorId,
      agentId: this.environment.agentId,
      limit: options.maxUnacknowledged ?? DEFAULT_MAX_UNACKNOWLEDGED,
    });
    this.#idleMs = options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
    this.#maxRecordBytes = options.maxRecordBytes;
    this.#random = options.random ?? Math.random;
    this.#scope = anySignal([options.signal, this.#closer.signal]);
  }

  /** Updates waiting for their ACKNOWLEDGED. */
  get unacknowledged(): number {
    return this.#book.unacknowledged;
  }

  /** Launched tasks whose terminal update is not acknowledged yet. */
  get activeTasks(): number {
    return this.#book.activeTasks;
  }

  /** The TaskInfo of a launched, unfinished task. */
  task(taskId: string): v1.TaskInfo | undefined {
    return this.#book.task(taskId);
  }

  /** Whether the subscription stream is open now. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  /**
   * The events of the subscription, re-subscribing as Mesos defines it. Ends (returns) when the
   * client is closed; throws AgentGoneError, RecoveryTimeoutError, MalformedEventError (without
   * checkpointing) or AbortError. One consumer at a time.
   */
  async *events(): AsyncGenerator<ExecutorEvent, void, undefined> {
    if (this.#consuming) throw new ExecutorError("MESOS_EXECUTOR_BUSY", "events() already has a consumer");
    this.#consuming = true;
    const env = this.environment;
    let lostAt: number | undefined;
    let everSubscribed = false;
    try {
      for (;;) {
        if (this.#closed) return;
        const stream = new AbortController();
        const scope = anySignal([this.#scope.signal, stream.signal]);
        let failure: Error | undefined;
        try {
          const opened = await openEventStream(this.#send, {
            url: this.#url,
            body: this.#codec.call.encode(this.#subscribeCall()),
            headers: { "content-type": this.#codec.mediaType, accept: this.#codec.mediaType },
            signal: scope.signal,
            callType: "SUBSCRIBE",
            maxRecordBytes: this.#maxRecordBytes,
          });
          this.#subscribed = true;
          everSubscribed = true;
          lostAt = undefined;
          const idle = setTimeout(
            () => stream.abort(new NetworkError("no byte on the subscription stream")),
            this.#idleMs,
          );
          try {
            for await (const batch of opened.batches) {
              idle.refresh();
              for (const record of batch) {
                let decoded: executor.Event;
                try {
                  decoded = this.#codec.event.decode(record);
                } catch (error) {
                  throw new MalformedEventError(
                    `an event record of ${record.byteLength} bytes is not an executor Event`,
                    {
                      cause: error instanceof MalformedMessageError ? error.cause : error,
                    },
                  );
                }
                const event = toExecutorEvent(decoded, (id) => this.#book.task(id)?.kill_policy);
                this.#observe(event);
                yield event;
              }
            }
            failure = new NetworkError("the agent closed the subscription stream");
          } finally {
            clearTimeout(idle);
          }
        } catch (error) {
          failure = this.#typed(error, scope.signal, stream.signal);
        } finally {
          this.#subscribed = false;
          scope.dispose();
          stream.abort();
        }
        if (this.#closed) return;
        if (failure instanceof AbortError) throw failure;
        if (!env.checkpoint) {
          if (failure instanceof MalformedEventError) throw failure;
          throw new AgentGoneError(
            everSubscribed
              ? `disconnected from the agent and the framework does not checkpoint: exiting (${failure?.message})`
              : `could not subscribe to the agent: ${failure?.message}`,
            { cause: failure },
          );
        }
        if (failure instanceof ExecutorError && failure.code === "MESOS_EXECUTOR_CALL_REJECTED") {
          const rejected = failure as ReturnType<typeof callRejected>;
          if (!rejected.temporary) {
            throw new AgentGoneError(`the agent refused SUBSCRIBE: ${rejected.message}`, { cause: rejected });
          }
        }
        lostAt ??= Date.now();
        const recoveryMs = env.recoveryTimeoutMs ?? 15 * 60_000;
        const left = lostAt + recoveryMs - Date.now();
        if (left <= 0) throw new RecoveryTimeoutError(recoveryMs, { cause: failure });
        const delay = Math.min(left, this.#random() * (env.subscriptionBackoffMaxMs ?? 2_000));
        try {
          await sleep(delay, this.#scope.signal);
        } catch {
          if (this.#closed) return;
          throw new AbortError(this.#scope.signal.reason);
        }
        if (Date.now() - lostAt >= recoveryMs) throw new RecoveryTimeoutError(recoveryMs, { cause: failure });
      }
    } finally {
      this.#consuming = false;
    }
  }

  /**
   * Sends a status (fresh v4 uuid, SOURCE_EXECUTOR, timestamp) and keeps it until ACKNOWLEDGED.
   * Resolves with the uuid once the agent took the call (202), or once the update is kept for
   * the next SUBSCRIBE because the agent is away. Throws InvalidStatusError for a status the
   * agent would reject or drop, CallRejectedError when the agent refuses it.
   */
  async update(status: v1.TaskStatus): Promise<Uint8Array> {
    if (this.#closed) throw new ClosedError();
    const update = this.#book.prepare(status);
    const taskId = update.status?.task_id?.value ?? "";
    const previous = this.#chains.get(taskId) ?? Promise.resolve();
    // Updates of one task go out one after the other (a retried one stays ahead of later ones).
    const run = previous.then(() => this.#postUpdate(update));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#chains.set(taskId, tail);
    void tail.then(() => {
      if (this.#chains.get(taskId) === tail) this.#chains.delete(taskId);
    });
    await run;
    return update.status?.uuid as Uint8Array;
  }

  /** MESSAGE to the scheduler (best effort, as in Mesos). */
  async message(data: Uint8Array): Promise<void> {
    await this.#call({ type: executor.Call_Type.MESSAGE, message: { data: Buffer.from(data) } }, 5);
  }

  /** HEARTBEAT (the agent answers 202 and does nothing else). */
  async heartbeat(): Promise<void> {
    await this.#call({ type: executor.Call_Type.HEARTBEAT }, 1);
  }

  /** Resolves when every update was ACKNOWLEDGED; rejects with AbortError when `signal` fires. */
  async allAcknowledged(signal?: AbortSignal): Promise<void> {
    try {
      await raceAbort(this.#book.drained(), signal);
    } catch (error) {
      throw error instanceof TransportAbortError ? new AbortError(signal?.reason) : error;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closer.abort(new ClosedError());
    this.#scope.dispose();
    await this.#channel.close();
    await this.#streamAgent.close().catch(() => {});
  }

  // ---------------------------------------------------------------- internals

  #subscribeCall(): executor.Call {
    return {
      framework_id: { value: this.environment.frameworkId },
      executor_id: { value: this.environment.executorId },
      type: executor.Call_Type.SUBSCRIBE,
      subscribe: this.#book.subscribe(),
    };
  }

  #observe(event: ExecutorEvent): void {
    switch (event.type) {
      case "SUBSCRIBED":
        this.#book.agentId = event.agentInfo?.id?.value;
        return;
      case "LAUNCH":
        this.#book.launched(event.task);
        return;
      case "LAUNCH_GROUP":
        for (const task of event.taskGroup.tasks ?? []) this.#book.launched(task);
        return;
      case "ACKNOWLEDGED":
        this.#book.acknowledged(event.taskId, event.uuid);
        return;
      default:
        return;
    }
  }

  async #postUpdate(update: executor.Call_Update): Promise<void> {
    const backoff = new Backoff({ initialMs: 50, maxMs: 1_000, random: this.#random });
    for (;;) {
      if (!this.#book.isPending(update) || this.#closed) return;
      try {
        await this.#post({ type: executor.Call_Type.UPDATE, update });
        return;
      } catch (error) {
        const typed = this.#typed(error, this.#scope.signal, undefined);
        if (typed instanceof AbortError || this.#closed) throw typed;
        const temporary =
          typed instanceof NetworkError || (typed as { temporary?: boolean }).temporary === true;
        if (!temporary) {
          this.#book.rejected(update);
          throw typed;
        }
        // The agent is away: the update is kept and goes with the next SUBSCRIBE. While the
        // stream is up (an agent finishing recovery answers 503), retry it here.
        if (!this.#subscribed) return;
        await sleep(backoff.next(), this.#scope.signal).catch(() => undefined);
      }
    }
  }

  async #call(partial: executor.Call, attempts: number): Promise<void> {
    const backoff = new Backoff({ initialMs: 50, maxMs: 1_000, random: this.#random });
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new ClosedError();
      try {
        await this.#post(partial);
        return;
      } catch (error) {
        const typed = this.#typed(error, this.#scope.signal, undefined);
        const temporary =
          typed instanceof NetworkError || (typed as { temporary?: boolean }).temporary === true;
        if (!temporary || attempt >= attempts || typed instanceof AbortError) throw typed;
        await sleep(backoff.next(), this.#scope.signal).catch(() => undefined);
      }
    }
  }

  #post(partial: executor.Call): Promise<unknown> {
    const call: executor.Call = {
      framework_id: { value: this.environment.frameworkId },
      executor_id: { value: this.environment.executorId },
      ...partial,
    };
    return this.#channel.send({
      body: this.#codec.call.encode(call),
      headers: { "content-type": this.#codec.mediaType, accept: this.#codec.mediaType },
      callType: executor.call_TypeToJSON(call.type ?? executor.Call_Type.UNKNOWN),
    });
  }

  /** Any failure as one of this package's errors. */
  #typed(error: unknown, signal: AbortSignal, streamSignal: AbortSignal | undefined): Error {
    if (error instanceof ExecutorError) return error;
    if (streamSignal?.aborted && !this.#scope.signal.aborted) {
      const reason: unknown = streamSignal.reason;
      return reason instanceof ExecutorError ? reason : new NetworkError("subscription stream ended");
    }
    if (this.#scope.signal.aborted || error instanceof TransportAbortError) {
      return this.#closed ? new ClosedError() : new AbortError(signal.reason);
    }
    if (error instanceof TransportClosedError) return new ClosedError();
    if (error instanceof HttpStatusError)
      return callRejected(error.callType ?? "call", error.status, error.body);
    const mapped = error instanceof Error ? streamError(error, signal, this.#url) : undefined;
    const message = mapped?.message ?? String(error);
    return new NetworkError(message, { cause: error });
  }
}

/** `rejectionOf` re-exported for users matching statuses of their own calls. */
export { rejectionOf };
