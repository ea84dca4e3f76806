import { scheduler, type v1 } from "@mesos-ts/proto";
import { Agent, type Dispatcher } from "undici";
import { anySignal, raceAbort, sleep } from "./abort.js";
import { Backoff, leaderChangeDelay } from "./backoff.js";
import * as calls from "./calls/index.js";
import { type Codec, codecFor } from "./codec.js";
import { type ConnectionState, canTransition, type StateChange } from "./connection-state.js";
import { disconnectedChannel, type SchedulerLogger, stateChannel, subscribedChannel } from "./diagnostics.js";
import {
  AbortError,
  ClosedError,
  HttpStatusError,
  InvalidArgumentError,
  LeaderChangedError,
  NotSubscribedError,
  ProtocolError,
  SubscriptionLostError,
  TerminalError,
} from "./errors.js";
import { EventHub } from "./events/event-hub.js";
import { type SchedulerEvent, type SubscribedEvent, toSchedulerEvent } from "./events/scheduler-event.js";
import {
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  DEFAULT_MISSED_HEARTBEATS,
  HeartbeatMonitor,
} from "./heartbeat-monitor.js";
import { authorize, type CredentialProvider, followRedirects, mapStatus, retry } from "./http/pipeline.js";
import { type Send, undiciSend } from "./http/transport.js";
import { leaderKey, masterHosts, type ResolvedMaster, resolveMaster, schedulerUrl } from "./leader-source.js";
import type { CallOptions, CallResponse, SchedulerOptions } from "./options.js";
import { openSubscription, streamError } from "./subscription.js";

const RECONNECT_LOG_EVERY = 10;

/**
 * A Mesos v1 scheduler API client. It subscribes at once and keeps the subscription alive —
 * leader detection on every disconnect, redirects, jittered backoff, heartbeat watchdog,
 * failover with the same framework id — until close(), `options.signal`, or a terminal error.
 */
export class SchedulerClient {
  readonly #opts: Omit<SchedulerOptions, "credentials">;
  readonly #codec: Codec;
  readonly #master: ResolvedMaster;
  readonly #hub: EventHub;
  readonly #stop = new AbortController();
  readonly #trusted = new Set<string>();
  readonly #owned: Dispatcher[] = [];
  readonly #subscribeSend: Send;
  readonly #callSend: Send;
  readonly #stateListeners = new Set<(change: StateChange) => void>();
  readonly #acked = new WeakSet<SchedulerEvent>();
  readonly #log: SchedulerLogger;
  #framework: v1.FrameworkInfo;
  /** What the next SUBSCRIBE sends besides FrameworkInfo: the options, then the last UPDATE_FRAMEWORK's. */
  #suppressedRoles: string[] | undefined;
  #offerConstraints: scheduler.OfferConstraints | undefined;
  #state: ConnectionState = "disconnected";
  #generation = 0;
  #generationAbort = new AbortController();
  #cycleAbort: AbortController | undefined;
  #cycleLeaderKey: string | undefined;
  #streamId: string | undefined;
  #leaderUrl: URL | undefined;
  #frameworkId: string | undefined;
  #masterInfo: v1.MasterInfo | undefined;
  #disconnectedAt: number | undefined;
  #terminal: TerminalError | undefined;
  #leader: v1.MasterInfo | null | undefined;
  #leaderVersion = 0;
  #leaderWaiters = new Set<() => void>();
  #running: Promise<void>;
  #watching: Promise<void>;
  #closing: Promise<void> | undefined;

  constructor(options: SchedulerOptions) {
    if (options.framework === undefined) throw new InvalidArgumentError("options.framework is required");
    if (options.master === undefined && options.detector === undefined) {
      throw new InvalidArgumentError("options.master (a master URL) or options.detector is required");
    }
    // The credentials are not retained: only a closure producing the header value is.
    const { credentials: given, ...rest } = options;
    this.#opts = rest;
    this.#log = options.logger ?? {};
    this.#codec = codecFor(options.contentType ?? "protobuf");
    this.#framework = { ...options.framework };
    this.#suppressedRoles = options.suppressedRoles;
    this.#offerConstraints = options.offerConstraints;
    if (this.#framework.id?.value) this.#frameworkId = this.#framework.id.value;
    this.#hub = new EventHub(options.highWaterMark ?? 1024);
    this.#master = options.detector
      ? {
          source: options.detector,
          owned: false,
          scheme: options.scheme ?? "http",
          hosts: [],
          authoritative: true,
        }
      : resolveMaster(options.master as string, {
          ...(options.scheme ? { scheme: options.scheme } : {}),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
    for (const h of [...this.#master.hosts, ...(options.trustedHosts ?? [])]) this.#trusted.add(h);

    const callDispatcher = options.dispatcher ?? this.#own();
    const subscriptionDispatcher = options.subscriptionDispatcher ?? options.dispatcher ?? this.#own();
    const credentials = toCredentialProvider(given);
    const isTrusted = (url: URL) => this.#trusted.has(url.hostname.replace(/^\[|\]$/g, ""));
    const redirects = {
      ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
    };
    this.#subscribeSend = mapStatus(
      followRedirects(
        authorize(undiciSend(subscriptionDispatcher, options.timeouts), credentials, isTrusted),
        redirects,
      ),
    );
    this.#callSend = retry(
      mapStatus(
        followRedirects(
          authorize(undiciSend(callDispatcher, options.timeouts), credentials, isTrusted),
          redirects,
        ),
      ),
      {
        maxAttempts: options.callAttempts ?? 3,
        backoff: () => new Backoff({ initialMs: 100, maxMs: 2000, ...options.callBackoff }),
      },
    );

    // Started on a microtask, so listeners registered right after construction see every state.
    this.#watching = Promise.resolve().then(() => this.#watchLeaders());
    this.#running = Promise.resolve().then(() => this.#run());
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
    return this.#generation;
  }

  /** The framework id, once SUBSCRIBED (or as configured for a failover). */
  get frameworkId(): string | undefined {
    return this.#frameworkId;
  }

  /** Mesos-Stream-Id of the current subscription. */
  get streamId(): string | undefined {
    return this.#streamId;
  }

  /** The scheduler endpoint of the master the stream is on (the leader). */
  get leaderUrl(): URL | undefined {
    return this.#leaderUrl;
  }

  /** MasterInfo from the last SUBSCRIBED. */
  get masterInfo(): v1.MasterInfo | undefined {
    return this.#masterInfo;
  }

  /** The FrameworkInfo the next (re)SUBSCRIBE sends (with the id once known). */
  get framework(): v1.FrameworkInfo {
    return this.#framework;
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
      this.#opts.autoAcknowledge !== false ? (e: SchedulerEvent) => this.#autoAcknowledge(e) : undefined;
    return this.#hub.subscribe(options.signal, ack);
  }

  // ---- calls --------------------------------------------------------------------------------

  /**
   * Sends any call (framework_id and Mesos-Stream-Id are added) and settles on the master's
   * answer: resolves on 200/202, rejects with a typed SchedulerError otherwise.
   */
  call(call: scheduler.Call, options: CallOptions = {}): Promise<CallResponse> {
    return this.#call(call, options, true);
  }

  /**
   * `fenced`: the call belongs to its subscription, so it is cancelled (SubscriptionLostError)
   * when that stream ends. TEARDOWN is not: the master closes the stream as part of handling
   * it, and that close can be seen before the 202 on the call's own connection.
   */
  async #call(call: scheduler.Call, options: CallOptions, fenced: boolean): Promise<CallResponse> {
    const typeName = scheduler.call_TypeToJSON(call.type ?? scheduler.Call_Type.UNKNOWN);
    if (call.type === scheduler.Call_Type.SUBSCRIBE) {
      throw new InvalidArgumentError("SUBSCRIBE is managed by the client");
    }
    await this.#awaitSubscribed(options);
    const generation = this.#generation;
    const generationSignal = this.#generationAbort.signal;
    const url = this.#leaderUrl;
    const streamId = this.#streamId;
    const frameworkId = this.#frameworkId;
    if (url === undefined || streamId === undefined || frameworkId === undefined) {
      throw new NotSubscribedError(this.#state);
    }
    const link = anySignal([options.signal, fenced ? generationSignal : undefined, this.#stop.signal]);
    try {
      const stamped: scheduler.Call = { ...call, framework_id: { value: frameworkId } };
      const res = await this.#callSend({
        url,
        body: this.#codec.encodeCall(stamped),
        headers: {
          "content-type": this.#codec.mediaType,
          accept: this.#codec.mediaType,
          "mesos-stream-id": streamId,
        },
        signal: link.signal,
        callType: typeName,
      });
      const body = new Uint8Array(await res.body.arrayBuffer());
      if (fenced && generation !== this.#generation) throw new SubscriptionLostError(generation);
      return { status: res.status, body };
    } catch (error) {
      if (options.signal?.aborted) throw new AbortError(options.signal.reason);
      if (this.#stop.signal.aborted) throw this.#terminal ?? new ClosedError();
      if (error instanceof SubscriptionLostError) throw error;
      if (fenced && (generationSignal.aborted || generation !== this.#generation)) {
        throw new SubscriptionLostError(generation, { cause: error });
      }
      if (error instanceof HttpStatusError && error.subscriptionLost)
        this.#dropSubscription(generation, error);
      throw error;
    } finally {
      link.dispose();
    }
  }

  /**
   * TEARDOWN: ends the framework (all tasks killed). The client closes after the master accepts;
   * the event stream ending meanwhile (the master closes it) does not fail the call.
   */
  async teardown(options: CallOptions = {}): Promise<void> {
    await this.#call(calls.teardownCall(), options, false);
    await this.close();
  }

  accept(params: calls.AcceptParams, options?: CallOptions): Promise<void> {
    return this.#void(calls.acceptCall(params), options);
  }

  /** ACCEPT with LAUNCH operations for `tasks` on the given offers (one agent). */
  launch(
    offerIds: calls.IdLike[],
    tasks: v1.TaskInfo[],
    params: { filters?: calls.FiltersLike } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.accept(
      {
        offerIds,
        operations: [{ type: 1 /* LAUNCH */, launch: { task_infos: tasks } }],
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
    const frameworkInfo = { ...params.frameworkInfo, id: { value: this.#frameworkId as string } };
    await this.call(calls.updateFrameworkCall({ ...params, frameworkInfo }), options);
    this.#framework = frameworkInfo;
    // A re-SUBSCRIBE updates the framework exactly like UPDATE_FRAMEWORK (PROTOCOL.md §3.3), so it
    // must carry the applied suppressed roles and constraints, not the initial options: those may
    // name roles the framework no longer has, which the master refuses with an ERROR event.
    this.#suppressedRoles = params.suppressedRoles;
    this.#offerConstraints = params.offerConstraints;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Stops everything: the stream, calls in flight, timers, the detector and owned connections. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stop.abort(new ClosedError());
      this.#cycleAbort?.abort(new ClosedError());
      this.#generationAbort.abort(new ClosedError());
      this.#hub.end(this.#terminal, this.#terminal !== undefined);
      for (const wake of this.#leaderWaiters) wake();
      await this.#running.catch(() => {});
      await this.#watching.catch(() => {});
      this.#setState("closed", this.#terminal);
      if (this.#master.owned) await this.#master.source.close?.().catch(() => {});
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
      generation: this.#generation,
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

  #autoAcknowledge(event: SchedulerEvent): void {
    // Runs once per delivered event per reader: the type test first keeps the common case cheap;
    // the WeakSet makes it exactly once when several readers see the same update.
    if (event.type !== "UPDATE" && event.type !== "UPDATE_OPERATION_STATUS") return;
    if (this.#acked.has(event)) return;
    let call: scheduler.Call | undefined;
    try {
      call =
        event.type === "UPDATE"
          ? calls.acknowledgeCallFor(event.status)
          : calls.acknowledgeOperationStatusCallFor(event.status);
    } catch (error) {
      // A malformed uuid (not 16 bytes) would make the master answer 400; this runs inside the
      // reader's next(), which must not throw for what the stream carried. Marked as handled so
      // that a second reader of the same update does not warn again.
      this.#acked.add(event);
      this.#log.warn?.("cannot acknowledge this update (malformed uuid)", { error: String(error) });
      return;
    }
    // Updates without a uuid need no ACK: keep them out of the set (it is on the hot path).
    if (call === undefined) return;
    this.#acked.add(event);
    // An update from an older stream is re-sent by the agent on the new one: ack that one.
    if (event.generation !== this.#generation || this.#state !== "subscribed") return;
    this.call(call).catch((error: unknown) => {
      this.#log.warn?.("acknowledgement failed (the agent will resend the update)", { error: String(error) });
    });
  }

  #dropSubscription(generation: number, reason: Error): void {
    if (generation === this.#generation)
      this.#cycleAbort?.abort(new SubscriptionLostError(generation, { cause: reason }));
  }

  async #watchLeaders(): Promise<void> {
    const signal = this.#stop.signal;
    const backoff = new Backoff({ initialMs: 500, maxMs: 5000 });
    while (!signal.aborted) {
      try {
        for await (const change of this.#master.source.changes({ signal })) {
          this.#onLeader(change.leader);
          backoff.reset();
        }
        if (signal.aborted) return;
      } catch (error) {
        if (signal.aborted) return;
        this.#log.warn?.("leader detection failed; retrying", { error: String(error) });
      }
      await sleep(backoff.next(), signal).catch(() => {});
    }
  }

  #onLeader(leader: v1.MasterInfo | null): void {
    const previous = this.#leader;
    this.#leader = leader;
    // Only a real change counts: a detector re-reporting the same leader (a re-poll, refresh())
    // must not cut a reconnect backoff short (#leaderChangeOr wakes on the version).
    const same =
      previous !== undefined &&
      (previous === null || leader === null
        ? previous === leader
        : leaderKey(previous) === leaderKey(leader));
    if (same) return;
    this.#leaderVersion++;
    if (leader !== null) for (const h of masterHosts(leader)) this.#trusted.add(h);
    for (const wake of [...this.#leaderWaiters]) wake();
    const current = this.#cycleLeaderKey;
    if (leader !== null && current !== undefined && this.#master.authoritative) {
      const key = leaderKey(leader);
      if (key !== current) this.#cycleAbort?.abort(new LeaderChangedError(current, key));
    }
  }

  /** Resolves when the leader version moves past `version`, or after `ms`. */
  #leaderChangeOr(ms: number | undefined, version: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortError(signal.reason));
      if (this.#leaderVersion !== version) return resolve();
      const done = () => {
        this.#leaderWaiters.delete(wake);
        signal.removeEventListener("abort", onAbort);
        if (timer !== undefined) clearTimeout(timer);
      };
      const wake = () => {
        if (this.#leaderVersion === version && !signal.aborted) return;
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(new AbortError(signal.reason));
      };
      const timer =
        ms === undefined
          ? undefined
          : setTimeout(() => {
              done();
              resolve();
            }, ms);
      this.#leaderWaiters.add(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  async #currentLeader(signal: AbortSignal): Promise<v1.MasterInfo> {
    for (;;) {
      const leader = this.#leader;
      if (leader) return leader;
      await this.#leaderChangeOr(undefined, this.#leaderVersion, signal);
    }
  }

  #checkFailoverTimeout(): void {
    const timeout = this.#framework.failover_timeout ?? 0;
    if (this.#disconnectedAt === undefined || this.#frameworkId === undefined || !(timeout > 0)) return;
    const elapsed = (performance.now() - this.#disconnectedAt) / 1000;
    if (elapsed > timeout) {
      throw new TerminalError(
        "failover-timeout-expired",
        `disconnected for ${elapsed.toFixed(1)} s, longer than failover_timeout ${timeout} s: the master has removed the framework`,
      );
    }
  }

  async #run(): Promise<void> {
    const backoff = new Backoff(this.#opts.backoff);
    const heartbeat = this.#opts.heartbeat ?? {};
    const fallbackMs = (heartbeat.fallbackIntervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS) * 1000;
    const missedLimit = heartbeat.missedLimit ?? DEFAULT_MISSED_HEARTBEATS;
    let lastKey: string | undefined;
    let lastError: Error | undefined;
    let failures = 0;
    while (!this.#stop.signal.aborted) {
      this.#setState("connecting", lastError);
      const cycle = new AbortController();
      this.#cycleAbort = cycle;
      const link = anySignal([this.#stop.signal, cycle.signal]);
      const signal = link.signal;
      let subscribed = false;
      let versionAtStart = this.#leaderVersion;
      try {
        const leader = await this.#currentLeader(signal);
        versionAtStart = this.#leaderVersion;
        const key = leaderKey(leader);
        this.#cycleLeaderKey = key;
        if (lastKey !== undefined && key !== lastKey) {
          await sleep(leaderChangeDelay(this.#opts.leaderChangeDelayMaxMs), signal);
        }
        lastKey = key;
        this.#checkFailoverTimeout();
        const subscribe = calls.subscribeCall(this.#framework, {
          ...(this.#suppressedRoles ? { suppressedRoles: this.#suppressedRoles } : {}),
          ...(this.#offerConstraints ? { offerConstraints: this.#offerConstraints } : {}),
        });
        const sub = await openSubscription(this.#subscribeSend, {
          url: schedulerUrl(leader, this.#master.scheme),
          body: this.#codec.encodeCall(subscribe),
          codec: this.#codec,
          signal,
          ...(this.#opts.maxRecordBytes !== undefined ? { maxRecordBytes: this.#opts.maxRecordBytes } : {}),
        });
        const generation = ++this.#generation;
        this.#generationAbort = new AbortController();
        this.#streamId = sub.streamId;
        this.#leaderUrl = sub.url;
        this.#trusted.add(sub.url.hostname.replace(/^\[|\]$/g, ""));
        this.#hub.fence(generation);
        this.#setState("subscribing");
        const monitor = new HeartbeatMonitor({
          intervalMs: fallbackMs,
          missedLimit,
          generation,
          onDead: (error) => cycle.abort(error),
        });
        monitor.start();
        try {
          let first = true;
          // One await per network read: its records are decoded, typed and published as one
          // batch, synchronously, so a new generation cannot start in between (fencing).
          for await (const records of sub.batches) {
            monitor.beat();
            const events: SchedulerEvent[] = [];
            try {
              for (let i = 0; i < records.length; i++) {
                // A state listener may have closed the client or a leader change ended the cycle.
                if (signal.aborted) throw new AbortError(signal.reason);
                const event = toSchedulerEvent(sub.codec.decodeEvent(records[i] as Uint8Array), generation);
                if (first) {
                  first = false;
                  if (event.type !== "SUBSCRIBED" && event.type !== "ERROR") {
                    throw new ProtocolError(`first event is ${event.type}, not SUBSCRIBED`);
                  }
                }
                if (event.type === "ERROR") {
                  events.push(event);
                  throw terminalFor(event.message);
                }
                if (event.type === "SUBSCRIBED") {
                  subscribed = true;
                  failures = 0;
                  backoff.reset();
                  this.#onSubscribed(event, sub.url, monitor, fallbackMs);
                }
                events.push(event);
              }
            } finally {
              // Events before a failure (malformed record, ERROR) still go out, in order.
              this.#hub.publish(events);
            }
            if (this.#hub.congested) {
              monitor.pause();
              await this.#hub.drained(signal);
              monitor.resume();
            }
          }
          throw new ProtocolError("the master closed the event stream");
        } finally {
          monitor.stop();
        }
      } catch (caught) {
        if (this.#stop.signal.aborted) break;
        const error = streamError(caught, cycle.signal, this.#leaderUrl);
        const terminal =
          error instanceof TerminalError
            ? error
            : error instanceof HttpStatusError && error.callType === "SUBSCRIBE" && !error.temporary
              ? new TerminalError("subscribe-rejected", `SUBSCRIBE rejected: ${error.message}`, {
                  cause: error,
                })
              : undefined;
        this.#endGeneration(error, subscribed);
        if (terminal !== undefined) {
          this.#finish(terminal);
          return;
        }
        lastError = error;
        failures++;
        const log = failures % RECONNECT_LOG_EVERY === 1 ? this.#log.warn : this.#log.debug;
        log?.call(this.#log, "subscription lost; reconnecting", { error: error.message, failures });
        this.#master.source.refresh?.();
        try {
          await this.#leaderChangeOr(backoff.next(), versionAtStart, this.#stop.signal);
        } catch {
          break;
        }
      } finally {
        link.dispose();
        cycle.abort();
        this.#cycleLeaderKey = undefined;
      }
    }
  }

  #onSubscribed(event: SubscribedEvent, url: URL, monitor: HeartbeatMonitor, fallbackMs: number): void {
    const generation = event.generation;
    this.#frameworkId = event.frameworkId.value;
    this.#framework = { ...this.#framework, id: { value: event.frameworkId.value } };
    this.#masterInfo = event.masterInfo;
    this.#disconnectedAt = undefined;
    monitor.start(event.heartbeatIntervalSeconds > 0 ? event.heartbeatIntervalSeconds * 1000 : fallbackMs);
    this.#setState("subscribed");
    if (subscribedChannel.hasSubscribers) {
      subscribedChannel.publish({
        generation,
        frameworkId: event.frameworkId.value,
        url: url.href,
        heartbeatIntervalSeconds: event.heartbeatIntervalSeconds,
      });
    }
    this.#log.info?.("subscribed", { generation, frameworkId: event.frameworkId.value, url: url.href });
  }

  #endGeneration(error: Error, wasSubscribed: boolean): void {
    this.#generationAbort.abort(error);
    if (wasSubscribed) this.#disconnectedAt = performance.now();
    if (disconnectedChannel.hasSubscribers)
      disconnectedChannel.publish({ generation: this.#generation, error });
    this.#setState("disconnected", error);
  }

  #finish(terminal: TerminalError): void {
    this.#terminal = terminal;
    this.#setState("closed", terminal);
    this.#log.error?.("subscription ended for good", { reason: terminal.reason, error: terminal.message });
    this.#hub.end(terminal, true);
    void this.close();
  }
}

function terminalFor(message: string): TerminalError {
  // The only signal Mesos gives is the text of the ERROR event (PROTOCOL.md §3.3, §3.7).
  const reason = /has been removed|completed framework/i.test(message) ? "framework-removed" : "error-event";
  return new TerminalError(reason, `master sent ERROR: ${message}`);
}

function toCredentialProvider(credentials: SchedulerOptions["credentials"]): CredentialProvider | undefined {
  if (credentials === undefined) return undefined;
  if (typeof credentials === "function") return credentials;
  // Keep only the header value: the options object (and the secret) is not retained.
  const header = `Basic ${Buffer.from(`${credentials.principal}:${credentials.secret}`, "utf8").toString("base64")}`;
  return () => header;
}

/** Creates and starts a scheduler client (see SchedulerOptions). */
export function createScheduler(options: SchedulerOptions): SchedulerClient {
  return new SchedulerClient(options);
}
