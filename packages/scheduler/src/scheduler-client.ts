import { scheduler, type v1 } from "@mesos-ts/proto";
import {
  AbortError,
  authorize,
  CallChannel,
  type ChannelResponse,
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  DEFAULT_MISSED_HEARTBEATS,
  EventSession,
  type EventSessionHandler,
  followRedirects,
  givenLeaderSource,
  HttpStatusError,
  LeaderChangedError,
  LeaderTracker,
  leaderKey,
  mapStatus,
  type ResolvedLeaderSource,
  raceAbort,
  resolveLeaderSource,
  type Send,
  TrustedHosts,
  toCredentialProvider,
  undiciSend,
} from "@mesos-ts/transport";
import { Agent, type Dispatcher } from "undici";
import { AckTracker } from "./ack-tracker.js";
import * as calls from "./calls/index.js";
import { codecFor, type SchedulerCodec } from "./codec.js";
import { type ConnectionState, canTransition, type StateChange } from "./connection-state.js";
import {
  heartbeatMissedChannel,
  redirectChannel,
  type SchedulerLogger,
  stateChannel,
} from "./diagnostics.js";
import {
  ClosedError,
  InvalidArgumentError,
  NotSubscribedError,
  SubscriptionLostError,
  TerminalError,
  UnknownCallTypeError,
} from "./errors.js";
import { EventHub } from "./events/event-hub.js";
import type { SchedulerEvent } from "./events/scheduler-event.js";
import type { CallOptions, CallResponse, SchedulerOptions } from "./options.js";
import { StreamHandler } from "./stream-handler.js";
import { SubscriptionState } from "./subscription-state.js";

/** What `launch()` takes. */
export interface LaunchParams {
  offerIds: calls.IdLike[];
  tasks: v1.TaskInfo[];
  filters?: calls.FiltersLike;
}

/**
 * A Mesos v1 scheduler API client: a thin façade over named parts — leader tracking
 * (`LeaderTracker`), the subscription session (`EventSession`: heartbeat watchdog, generation
 * fencing, resubscription with backoff), the call channel (`CallChannel`: every call on one
 * pipelined connection, in order) and the acknowledgement tracker (`AckTracker`). It subscribes
 * at once and keeps the subscription alive until close(), `options.signal`, or a terminal error.
 */
export class SchedulerClient {
  readonly #opts: Omit<SchedulerOptions, "credentials">;
  readonly #codec: SchedulerCodec;
  readonly #leaders: LeaderTracker;
  readonly #session: EventSession;
  readonly #channel: CallChannel;
  readonly #acks: AckTracker;
  readonly #sub: SubscriptionState;
  readonly #hub: EventHub;
  readonly #stop = new AbortController();
  readonly #trusted: TrustedHosts;
  readonly #owned: Dispatcher[] = [];
  readonly #stateListeners = new Set<(change: StateChange) => void>();
  readonly #log: SchedulerLogger;
  readonly #fallbackHeartbeatMs: number;
  #state: ConnectionState = "disconnected";
  #terminal: TerminalError | undefined;
  #tearingDown: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SchedulerOptions) {
    if (options.framework === undefined) throw new InvalidArgumentError("options.framework is required");
    if ((options.master === undefined) === (options.detector === undefined)) {
      throw new InvalidArgumentError(
        "exactly one of options.master (a master URL) and options.detector is required",
      );
    }
    // The credentials are not retained: only a closure producing the header value is.
    const { credentials: given, ...rest } = options;
    this.#opts = rest;
    this.#log = options.logger ?? {};
    this.#codec = codecFor(options.contentType ?? "protobuf");
    this.#sub = new SubscriptionState(options);
    this.#hub = new EventHub(options.highWaterMark ?? 1024);
    const resolved: ResolvedLeaderSource = options.detector
      ? givenLeaderSource(options.detector, options.scheme ?? "http")
      : resolveLeaderSource(options.master as string, {
          ...(options.scheme ? { scheme: options.scheme } : {}),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
    this.#trusted = new TrustedHosts([...resolved.hosts, ...(options.trustedHosts ?? [])]);
    this.#leaders = new LeaderTracker(resolved, {
      trusted: this.#trusted,
      logger: this.#log,
      onChange: (leader) => this.#onLeader(leader),
      onFatal: (error) =>
        this.#finish(
          new TerminalError("leader-detection-failed", `leader detection failed: ${error.message}`, {
            cause: error,
          }),
        ),
    });

    const credentials = toCredentialProvider(given);
    const subscriptionDispatcher = options.subscriptionDispatcher ?? options.dispatcher ?? this.#own();
    const streamSend: Send = mapStatus(
      followRedirects(
        authorize(undiciSend(subscriptionDispatcher, options.timeouts), credentials, (url) =>
          this.#trusted.has(url),
        ),
        {
          channel: redirectChannel,
          ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
        },
      ),
    );
    this.#channel = new CallChannel({
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.pipelineDepth !== undefined ? { depth: options.pipelineDepth } : {}),
      ...(options.callQueueLimit !== undefined ? { queueLimit: options.callQueueLimit } : {}),
      ...(options.connect ? { connect: options.connect } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(given !== undefined ? { credentials: given } : {}),
      trusted: this.#trusted,
      ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
      maxAttempts: options.callAttempts ?? 3,
      ...(options.callBackoff ? { backoff: options.callBackoff } : {}),
      redirectChannel,
      onRedirect: (_from, to) => this.#trusted.addUrl(to),
    });
    this.#acks = new AckTracker(
      (call) => this.call(call),
      (generation) => generation === this.#sub.generation && this.#state === "subscribed",
      this.#log,
    );
    const heartbeat = options.heartbeat ?? {};
    this.#fallbackHeartbeatMs =
      (heartbeat.fallbackIntervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS) * 1000;
    const isZooKeeper = options.master !== undefined && /^\s*zk:\/\//i.test(options.master);
    const unreachable =
      options.unreachableMasters ?? (options.detector !== undefined || isZooKeeper ? "retry" : "fail");
    this.#session = new EventSession({
      leaders: this.#leaders,
      send: streamSend,
      handler: this.#handler(),
      requireStreamId: true,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.leaderChangeDelayMaxMs !== undefined
        ? { leaderChangeDelayMaxMs: options.leaderChangeDelayMaxMs }
        : {}),
      ...(options.recoveryRetryMs !== undefined ? { recoveryRetryMs: options.recoveryRetryMs } : {}),
      heartbeat: {
        intervalMs: this.#fallbackHeartbeatMs,
        missedLimit: heartbeat.missedLimit ?? DEFAULT_MISSED_HEARTBEATS,
        channel: heartbeatMissedChannel,
      },
      ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
      failFastWhenUnreachable: unreachable === "fail",
      signal: this.#stop.signal,
      logger: this.#log,
    });

    if (options.signal?.aborted) {
      // Closed for real (state "closed", readers ended), not merely never started: otherwise
      // events() and ready() would wait forever.
      void this.close();
    } else {
      options.signal?.addEventListener("abort", () => void this.close(), {
        once: true,
        signal: this.#stop.signal,
      });
    }
  }

  // ---- observable state -------------------------------------------------------------------

  /** The connection state (see ConnectionState). */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The subscription generation: 1 for the first SUBSCRIBE that got its 200, +1 per resubscription. */
  get generation(): number {
    return this.#sub.generation;
  }

  /** The framework id, once SUBSCRIBED (or as configured for a failover). */
  get frameworkId(): string | undefined {
    return this.#sub.frameworkId;
  }

  /** Mesos-Stream-Id of the current subscription. */
  get streamId(): string | undefined {
    return this.#sub.streamId;
  }

  /** The scheduler endpoint of the master the stream is on (the leader). */
  get leaderUrl(): URL | undefined {
    return this.#sub.leaderUrl;
  }

  /** MasterInfo from the last SUBSCRIBED. */
  get masterInfo(): v1.MasterInfo | undefined {
    return this.#sub.masterInfo;
  }

  /** The FrameworkInfo the next (re)SUBSCRIBE sends (with the id once known). */
  get framework(): v1.FrameworkInfo {
    return this.#sub.framework;
  }

  /**
   * Events decoded and not yet taken by the slowest `events()` reader (or waiting for the first
   * one). Bounded: reading the stream pauses at `highWaterMark` (TCP backpressure then holds the
   * master), so this stays below `highWaterMark` plus the events of one network read.
   */
  get bufferedEvents(): number {
    return this.#hub.buffered;
  }

  /** The terminal error, once the client gave up for good. */
  get terminalError(): TerminalError | undefined {
    return this.#terminal;
  }

  /** Called on every state change; returns the unsubscribe function. */
  onStateChange(listener: (change: StateChange) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Resolves when the state is `state` (at once if it is). Rejects on close/terminal error/abort. */
  waitForState(state: ConnectionState, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#state === state) return Promise.resolve();
    if (this.#state === "closed") return Promise.reject(this.#terminal ?? new ClosedError());
    const promise = new Promise<void>((resolve, reject) => {
      const off = this.onStateChange((change) => {
        if (change.state === state) {
          off();
          resolve();
        } else if (change.state === "closed") {
          off();
          reject(this.#terminal ?? new ClosedError());
        }
      });
    });
    return raceAbort(promise, options.signal);
  }

  /** Resolves once subscribed. */
  ready(options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.waitForState("subscribed", options);
  }

  // ---- events -------------------------------------------------------------------------------

  /**
   * The event stream: `for await (const event of client.events())`. Survives resubscriptions
   * (a SUBSCRIBED event marks each); ends when the client closes, throws TerminalError after an
   * ERROR event or another terminal condition. With `autoAcknowledge` (default), an UPDATE or
   * UPDATE_OPERATION_STATUS carrying a uuid is acknowledged once the loop body handled it
   * (when the next event is asked for, or the loop is left).
   */
  events(options: { signal?: AbortSignal } = {}): AsyncGenerator<SchedulerEvent, void, undefined> {
    const ack =
      this.#opts.autoAcknowledge !== false ? (e: SchedulerEvent) => this.#acks.delivered(e) : undefined;
    return this.#hub.subscribe(options.signal, ack);
  }

  // ---- calls --------------------------------------------------------------------------------

  /**
   * Sends any call (framework_id and Mesos-Stream-Id are added) and settles on the master's
   * answer: resolves on 200/202, rejects with a typed error otherwise. Calls go out in the
   * order they were made, on one connection.
   */
  call(call: scheduler.Call, options: CallOptions = {}): Promise<CallResponse> {
    return this.#call(call, options, true);
  }

  /**
   * `fenced`: the call belongs to its subscription, so it is cancelled (SubscriptionLostError)
   * when that stream ends. TEARDOWN is not: the master closes the stream as part of handling
   * it, and that close can be seen before the 202 on the call's own connection.
   */
  #call(call: scheduler.Call, options: CallOptions, fenced: boolean): Promise<CallResponse> {
    if (
      call.type === undefined ||
      call.type === scheduler.Call_Type.UNKNOWN ||
      call.type === scheduler.Call_Type.UNRECOGNIZED
    ) {
      return Promise.reject(new UnknownCallTypeError(call.type));
    }
    if (call.type === scheduler.Call_Type.SUBSCRIBE) {
      return Promise.reject(new InvalidArgumentError("SUBSCRIBE is managed by the client"));
    }
    // Subscribed: handed to the channel synchronously, so calls keep the order they were made in.
    if (this.#state === "subscribed" && this.#terminal === undefined && !options.signal?.aborted) {
      return this.#send(call, options, fenced);
    }
    return this.#awaitSubscribed(options).then(() => this.#send(call, options, fenced));
  }

  #send(call: scheduler.Call, options: CallOptions, fenced: boolean): Promise<CallResponse> {
    const generation = this.#sub.generation;
    const { streamId, frameworkId } = this.#sub;
    if (this.#sub.leaderUrl === undefined || streamId === undefined || frameworkId === undefined) {
      return Promise.reject(new NotSubscribedError(this.#state));
    }
    const typeName = scheduler.call_TypeToJSON(call.type as scheduler.Call_Type);
    const stamped: scheduler.Call = { ...call, framework_id: { value: frameworkId } };
    const sent = this.#channel.send({
      body: this.#codec.call.encode(stamped),
      headers: {
        "content-type": this.#codec.mediaType,
        accept: this.#codec.mediaType,
        "mesos-stream-id": streamId,
      },
      callType: typeName,
      signal: options.signal,
      // Ending a generation fails its calls through the channel: no listener per call.
      group: fenced ? generation : undefined,
    });
    return sent.then(
      (res: ChannelResponse) => {
        if (fenced && generation !== this.#sub.generation) throw new SubscriptionLostError(generation);
        this.#sub.suppressed.accepted(call, this.#sub.framework);
        return { status: res.status, body: res.body };
      },
      (error: unknown) => {
        throw this.#callError(error, options, fenced, generation);
      },
    );
  }

  #callError(error: unknown, options: CallOptions, fenced: boolean, generation: number): unknown {
    if (options.signal?.aborted) return new AbortError(options.signal.reason);
    if (this.#stop.signal.aborted) return this.#terminal ?? new ClosedError();
    if (error instanceof SubscriptionLostError) return error;
    if (fenced && generation !== this.#sub.generation)
      return new SubscriptionLostError(generation, { cause: error });
    if (error instanceof HttpStatusError && error.subscriptionLost) this.#session.drop(error, generation);
    return error;
  }

  /**
   * TEARDOWN: ends the framework (all tasks killed). The client closes after the master accepts;
   * the event stream ending meanwhile (the master closes it) does not fail the call.
   */
  async teardown(options: CallOptions = {}): Promise<void> {
    // The master closes the event stream as part of handling TEARDOWN, possibly before its 202
    // reaches us (observed on a Mesos 1.12 master): that close is not a lost subscription, so the
    // session waits for this answer instead of reporting it and reconnecting.
    const answer = this.#call(calls.teardownCall(), options, false);
    this.#tearingDown = answer.then(
      () => undefined,
      () => undefined,
    );
    try {
      await answer;
    } finally {
      this.#tearingDown = undefined;
    }
    await this.close();
  }

  accept(params: calls.AcceptParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.acceptCall(params), options);
  }

  /** ACCEPT with LAUNCH operations for `tasks` on the given offers (one agent). */
  launch(params: LaunchParams, options?: CallOptions): Promise<void> {
    return this.accept(
      {
        offerIds: params.offerIds,
        operations: [{ type: 1 /* LAUNCH */, launch: { task_infos: params.tasks } }],
        ...(params.filters !== undefined ? { filters: params.filters } : {}),
      },
      options,
    );
  }

  decline(params: calls.DeclineParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.declineCall(params), options);
  }

  acceptInverseOffers(params: calls.InverseOffersParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.acceptInverseOffersCall(params), options);
  }

  declineInverseOffers(params: calls.InverseOffersParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.declineInverseOffersCall(params), options);
  }

  revive(params: { roles?: string[] } = {}, options?: CallOptions): Promise<void> {
    return this.#void(calls.reviveCall(params), options);
  }

  suppress(params: { roles?: string[] } = {}, options?: CallOptions): Promise<void> {
    return this.#void(calls.suppressCall(params), options);
  }

  kill(params: calls.KillParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.killCall(params), options);
  }

  shutdown(
    params: { executorId: calls.IdLike; agentId: calls.IdLike },
    options?: CallOptions,
  ): Promise<void> {
    return this.#void(calls.shutdownCall(params), options);
  }

  acknowledge(params: calls.AcknowledgeParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.acknowledgeCall(params), options);
  }

  /** ACKNOWLEDGE `status` if it carries a uuid; resolves at once (nothing sent) if it does not. */
  async acknowledgeStatus(status: v1.TaskStatus, options?: CallOptions): Promise<void> {
    const call = calls.acknowledgeCallFor(status);
    if (call !== undefined) await this.#void(call, options);
  }

  acknowledgeOperationStatus(
    params: calls.AcknowledgeOperationStatusParams,
    options?: CallOptions,
  ): Promise<void> {
    return this.#void(calls.acknowledgeOperationStatusCall(params), options);
  }

  reconcile(params: { tasks?: calls.ReconcileTask[] } = {}, options?: CallOptions): Promise<void> {
    return this.#void(calls.reconcileCall(params), options);
  }

  reconcileOperations(
    params: { operations?: calls.ReconcileOperation[] } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#void(calls.reconcileOperationsCall(params), options);
  }

  message(params: calls.MessageParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.messageCall(params), options);
  }

  request(params: { requests: v1.Request[] }, options?: CallOptions): Promise<void> {
    return this.#void(calls.requestCall(params), options);
  }

  /**
   * UPDATE_FRAMEWORK (Mesos >= 1.9) with the full desired FrameworkInfo; the id is filled in.
   * Once the master answers 200, later resubscriptions use the new FrameworkInfo, suppressed roles
   * and offer constraints.
   */
  async updateFramework(params: calls.UpdateFrameworkParams, options?: CallOptions): Promise<void> {
    await this.#awaitSubscribed(options ?? {});
    const frameworkInfo = { ...params.frameworkInfo, id: { value: this.#sub.frameworkId as string } };
    await this.call(calls.updateFrameworkCall({ ...params, frameworkInfo }), options);
    this.#sub.updated({ ...params, frameworkInfo });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Stops everything: the stream, calls in flight, timers, the detector and owned connections. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stop.abort(new ClosedError());
      this.#hub.end(this.#terminal, this.#terminal !== undefined);
      await this.#session.done.catch(() => {});
      await this.#channel.close();
      await this.#leaders.close();
      this.#setState("closed", this.#terminal);
      await Promise.all(this.#owned.map((d) => d.destroy().catch(() => {})));
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- internals ----------------------------------------------------------------------------

  #own(): Dispatcher {
    const agent = new Agent({
      pipelining: 1,
      connect: { timeout: this.#opts.timeouts?.connectMs ?? 10_000, ...this.#opts.connect },
    });
    this.#owned.push(agent);
    return agent;
  }

  async #void(call: scheduler.Call, options?: CallOptions): Promise<void> {
    await this.call(call, options);
  }

  async #awaitSubscribed(options: CallOptions): Promise<void> {
    if (this.#terminal) throw this.#terminal;
    if (this.#state === "closed" || this.#stop.signal.aborted) throw new ClosedError();
    if (options.signal?.aborted) throw new AbortError(options.signal.reason);
    if (this.#state === "subscribed") return;
    if (!(options.wait ?? this.#opts.waitForSubscription ?? false)) throw new NotSubscribedError(this.#state);
    await this.waitForState("subscribed", options.signal ? { signal: options.signal } : {});
  }

  #setState(state: ConnectionState, error?: Error): void {
    const previous = this.#state;
    if (previous === state || !canTransition(previous, state)) return;
    this.#state = state;
    const change: StateChange = {
      state,
      previous,
      generation: this.#sub.generation,
      error,
      at: performance.now(),
    };
    if (stateChannel.hasSubscribers) stateChannel.publish(change);
    for (const listener of [...this.#stateListeners]) {
      try {
        listener(change);
      } catch (e) {
        this.#log.error?.("state listener threw", { error: String(e) });
      }
    }
  }

  /** A real leader change: a stream on another master is on a master that lost leadership. */
  #onLeader(leader: v1.MasterInfo | null): void {
    const current = this.#session?.currentKey;
    if (leader === null || current === undefined || !this.#leaders.source.authoritative) return;
    const key = leaderKey(leader);
    if (key !== current) this.#session.drop(new LeaderChangedError(current, key));
  }

  /** The subscription session's view of this client: the stream handler and what it may touch. */
  #handler(): EventSessionHandler {
    const self = this;
    return new StreamHandler({
      sub: this.#sub,
      hub: this.#hub,
      channel: this.#channel,
      trusted: this.#trusted,
      codec: this.#codec,
      scheme: this.#leaders.source.scheme,
      log: this.#log,
      get stopped() {
        return self.#stop.signal.aborted;
      },
      get tearingDown() {
        return self.#tearingDown;
      },
      setState: (state, error) => this.#setState(state, error),
      finish: (terminal) => this.#finish(terminal),
    });
  }

  #finish(terminal: TerminalError): void {
    if (this.#terminal !== undefined || this.#stop.signal.aborted) return;
    this.#terminal = terminal;
    this.#setState("closed", terminal);
    this.#log.error?.("subscription ended for good", { reason: terminal.reason, error: terminal.message });
    this.#hub.end(terminal, true);
    void this.close();
  }
}

/** Creates and starts a scheduler client (see SchedulerOptions). */
export function createScheduler(options: SchedulerOptions): SchedulerClient {
  return new SchedulerClient(options);
}
