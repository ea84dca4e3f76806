import type { Channel } from "node:diagnostics_channel";
import { type buildConnector, Client, type Dispatcher } from "undici";
import { Backoff, type BackoffOptions } from "./backoff.js";
import { type CredentialProvider, type Credentials, toCredentialProvider } from "./credentials.js";
import {
  type ChannelMovedMessage,
  channelMovedChannel,
  type RedirectMessage,
  redirectChannel,
} from "./diagnostics.js";
import {
  AbortError,
  ClosedError,
  HttpStatusError,
  InvalidArgumentError,
  LeaderChangedError,
} from "./errors.js";
import { isTemporary } from "./pipeline.js";
import { DEFAULT_MAX_REDIRECTS, RedirectChain } from "./redirect.js";
import { DEFAULT_TIMEOUTS, type TransportTimeouts, toTransportError } from "./send.js";
import { statusOutcome } from "./status-table.js";
import type { TrustedHosts } from "./trusted-hosts.js";

/** Calls sent ahead of their answers on the one connection (HTTP/1.1 pipelining). */
export const DEFAULT_PIPELINE_DEPTH = 16;
/** Calls waiting for a pipeline slot before callers themselves wait. */
export const DEFAULT_QUEUE_LIMIT = 1024;

export interface CallChannelOptions {
  /** Where calls go (the leader's API endpoint); settable later with `moveTo`. */
  url?: URL;
  /**
   * Calls in flight at once on the connection (default 16; 1 = each call waits for the previous
   * answer). With a caller-supplied `dispatcher` the default is 1, since that dispatcher may
   * spread calls over several sockets and only one-at-a-time then keeps their order.
   */
  depth?: number;
  /** Calls that may wait for a slot (default 1024); beyond it `send()` waits for room first. */
  queueLimit?: number;
  /**
   * A caller-supplied undici Dispatcher (TLS settings, a ProxyAgent, a MockAgent). It is used as
   * is and never closed by the channel. Default: one undici `Client` per master, owned.
   */
  dispatcher?: Dispatcher;
  /** TLS/socket options of the channel's own Client (ca, cert, key, servername, ...). */
  connect?: buildConnector.BuildOptions;
  timeouts?: TransportTimeouts;
  credentials?: Credentials;
  /** Hosts that may receive the credentials (default: none, so set it when giving credentials). */
  trusted?: TrustedHosts;
  /** 307 hops per call (default 5). */
  maxRedirects?: number;
  /** Attempts per call for temporary failures (503, 404, 429, network; default 3). */
  maxAttempts?: number;
  /** Backoff between attempts of one call (default 100 ms doubling, capped at 2 s). */
  backoff?: BackoffOptions;
  /** Told of each redirect hop the channel followed (it has moved to `to` by then). */
  onRedirect?: (from: URL, to: URL) => void;
  /** Where redirects are published (default `mesos-ts:transport:redirect`). */
  redirectChannel?: Channel;
}

/** One call: an encoded message and its headers. */
export interface ChannelCall {
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** The call type name, for errors and diagnostics. */
  readonly callType: string;
  readonly signal?: AbortSignal | undefined;
  /**
   * A group the call belongs to (e.g. the subscription generation it was made for):
   * `failGroup(group, error)` rejects every unsettled call of that group at once, without a
   * listener per call on a shared signal.
   */
  readonly group?: number | undefined;
}

/** The answer to a call, its body read in full (it is small: 202 has none). */
export interface ChannelResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
  /** The master that answered. */
  readonly url: URL;
}

interface Entry {
  readonly call: ChannelCall;
  readonly resolve: (response: ChannelResponse) => void;
  readonly reject: (error: unknown) => void;
  url: URL | undefined;
  attempt: number;
  backoff: Backoff | undefined;
  chain: RedirectChain | undefined;
  /** The `moveTo` epoch it was sent in; a stale answer is ignored. */
  epoch: number;
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Calls to one master on one keep-alive connection, pipelined, in the order `send()` was called
 * (like the reference C++ scheduler library, `src/scheduler/scheduler.cpp`). At most `depth` calls
 * are in flight; the next `queueLimit` wait in order for a slot; beyond that callers wait for room
 * — the channel never opens a second socket for more throughput. A leader change (`moveTo`) fails
 * the calls in flight on the old master with LeaderChangedError (retriable) and sends the
 * queued ones to the new one. Temporary failures are retried with jittered backoff (a retried
 * call goes behind calls issued meanwhile); 307s are followed and move the channel.
 *
 * Calls are treated as safe to send again (undici's `idempotent`): when a connection breaks,
 * the calls pipelined behind the one that failed are re-sent on the next connection, and a call
 * whose answer was lost may reach the master twice — as with any retry of a Mesos call: a second
 * ACKNOWLEDGE of the same uuid is only logged by the agent, but a second ACCEPT of an offer
 * already used is answered with TASK_DROPPED/TASK_LOST updates (REASON_INVALID_OFFERS) for its
 * tasks, which a framework resolves by reconciliation. `maxAttempts: 1` and `depth: 1` avoid
 * both kinds of re-sending.
 */
export class CallChannel {
  readonly #depth: number;
  readonly #queueLimit: number;
  readonly #given: Dispatcher | undefined;
  readonly #connect: buildConnector.BuildOptions | undefined;
  readonly #timeouts: Required<TransportTimeouts>;
  readonly #credentials: CredentialProvider | undefined;
  readonly #trusted: TrustedHosts | undefined;
  readonly #maxRedirects: number;
  readonly #maxAttempts: number;
  readonly #backoff: BackoffOptions;
  readonly #onRedirect: ((from: URL, to: URL) => void) | undefined;
  readonly #redirectChannel: Channel;
  #url: URL | undefined;
  #client: Client | undefined;
  #epoch = 0;
  #queue: Entry[] = [];
  #head = 0;
  #blocked: Entry[] = [];
  #blockedHead = 0;
  readonly #inFlight = new Set<Entry>();
  readonly #retrying = new Set<Entry>();
  #authorizing = false;
  #room: { promise: Promise<void>; resolve: () => void } | undefined;
  #closed = false;
  #connections = 0;

  constructor(options: CallChannelOptions = {}) {
    this.#given = options.dispatcher;
    this.#depth = options.depth ?? (options.dispatcher ? 1 : DEFAULT_PIPELINE_DEPTH);
    this.#queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    if (!(Number.isInteger(this.#depth) && this.#depth >= 1))
      throw new InvalidArgumentError("depth must be an integer >= 1");
    if (!(Number.isInteger(this.#queueLimit) && this.#queueLimit >= 0))
      throw new InvalidArgumentError("queueLimit must be an integer >= 0");
    this.#connect = options.connect;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#credentials = toCredentialProvider(options.credentials);
    this.#trusted = options.trusted;
    this.#maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#backoff = { initialMs: 100, maxMs: 2000, ...options.backoff };
    this.#onRedirect = options.onRedirect;
    this.#redirectChannel = options.redirectChannel ?? redirectChannel;
    this.#url = options.url;
  }

  /** Where calls go now. */
  get url(): URL | undefined {
    return this.#url;
  }

  /** Calls sent and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Calls waiting for a pipeline slot (at most `queueLimit`). */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Callers waiting for room in the queue. */
  get blocked(): number {
    return this.#blocked.length - this.#blockedHead;
  }

  /**
   * Resolves once no caller waits for room (at once when none does): a producer that does not
   * await its calls (auto-acknowledgement) waits here instead of piling calls up. One shared
   * promise, whatever the number of waiters.
   */
  whenRoom(): Promise<void> {
    if (this.blocked === 0 || this.#closed) return Promise.resolve();
    if (this.#room === undefined) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.#room = { promise, resolve };
    }
    return this.#room.promise;
  }

  /** Connections the channel's own Clients opened so far (0 with a caller-supplied dispatcher). */
  get connectionsOpened(): number {
    return this.#connections;
  }

  /**
   * Sends a call after every call sent before it. Resolves with the answer (2xx) or rejects with
   * a typed error: HttpStatusError, NetworkError, LeaderChangedError, redirect errors,
   * AbortError (the call's signal), ClosedError.
   */
  send(call: ChannelCall): Promise<ChannelResponse> {
    if (this.#closed) return Promise.reject(new ClosedError("call channel closed"));
    if (call.signal?.aborted) return Promise.reject(new AbortError(call.signal.reason));
    return new Promise<ChannelResponse>((resolve, reject) => {
      const entry: Entry = {
        call,
        resolve,
        reject,
        url: undefined,
        attempt: 1,
        backoff: undefined,
        chain: undefined,
        epoch: -1,
        settled: false,
        timer: undefined,
        onAbort: undefined,
      };
      const signal = call.signal;
      if (signal !== undefined) {
        // The caller's own signal, detached when the call settles: no growth on shared signals.
        entry.onAbort = () => this.#settle(entry, new AbortError(signal.reason));
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      if (this.blocked > 0 || this.queued >= this.#queueLimit) this.#blocked.push(entry);
      else this.#queue.push(entry);
      this.#pump();
    });
  }

  /**
   * Points the channel at another master (a leader change). Calls in flight on the old one fail
   * with LeaderChangedError; queued calls go to `url`. No-op when the origin is the same.
   */
  moveTo(url: URL): void {
    this.#move(url);
    this.#pump();
  }

  /** moveTo without pumping: the pump itself moves the channel for a call it is about to send. */
  #move(url: URL): void {
    const previous = this.#url;
    this.#url = url;
    if (previous !== undefined && previous.origin === url.origin) return;
    const failed = this.#failInFlight(previous, url);
    if (channelMovedChannel.hasSubscribers) {
      const message: ChannelMovedMessage = { from: previous?.href, to: url.href, failedInFlight: failed };
      channelMovedChannel.publish(message);
    }
  }

  /**
   * Rejects every unsettled call of `group` (and of lower groups) with `error`: queued ones are
   * not sent, answers still owed are ignored. Returns how many were rejected.
   */
  failGroup(group: number, error: Error): number {
    let failed = 0;
    const fail = (entry: Entry) => {
      const g = entry.call.group;
      if (g === undefined || g > group || entry.settled) return;
      this.#settle(entry, error);
      failed++;
    };
    for (const e of [...this.#inFlight, ...this.#retrying]) fail(e);
    for (let i = this.#head; i < this.#queue.length; i++) fail(this.#queue[i] as Entry);
    for (let i = this.#blockedHead; i < this.#blocked.length; i++) fail(this.#blocked[i] as Entry);
    if (failed > 0) this.#pump();
    return failed;
  }

  /** Rejects every call (ClosedError) and closes the channel's own connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const error = new ClosedError("call channel closed");
    for (const e of [...this.#inFlight, ...this.#retrying]) this.#settle(e, error);
    for (let i = this.#head; i < this.#queue.length; i++) this.#settle(this.#queue[i] as Entry, error);
    for (let i = this.#blockedHead; i < this.#blocked.length; i++)
      this.#settle(this.#blocked[i] as Entry, error);
    this.#queue = [];
    this.#head = 0;
    this.#blocked = [];
    this.#blockedHead = 0;
    this.#room?.resolve();
    this.#room = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.destroy().catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #failInFlight(from: URL | undefined, to: URL): number {
    this.#epoch++;
    const failed = this.#inFlight.size;
    const error = new LeaderChangedError(from?.origin ?? "(none)", to.origin);
    for (const entry of [...this.#inFlight]) this.#settle(entry, error);
    const old = this.#client;
    this.#client = undefined;
    // Pipelined answers still owed by the old master are dropped with its connection.
    if (old !== undefined) void old.destroy().catch(() => {});
    return failed;
  }

  #dispatcher(url: URL): Dispatcher {
    if (this.#given !== undefined) return this.#given;
    if (this.#client === undefined) {
      const client = new Client(url.origin, {
        pipelining: this.#depth,
        connect: { timeout: this.#timeouts.connectMs, ...this.#connect },
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      });
      client.on("connect", () => this.#connections++);
      this.#client = client;
    }
    return this.#client;
  }

  #pump(): void {
    while (
      !this.#closed &&
      !this.#authorizing &&
      this.#inFlight.size < this.#depth &&
      this.#head < this.#queue.length
    ) {
      const entry = this.#queue[this.#head++] as Entry;
      if (this.#head > 1024 && this.#head * 2 >= this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (entry.settled) continue;
      const url = entry.url ?? this.#url;
      if (url === undefined) {
        this.#settle(entry, new InvalidArgumentError("call channel has no master to send to (moveTo first)"));
        continue;
      }
      this.#admitBlocked();
      const value =
        this.#credentials !== undefined && this.#trusted?.has(url) ? this.#credentials() : undefined;
      if (value instanceof Promise) {
        // Later calls wait behind this one's credentials: order is kept.
        this.#authorizing = true;
        this.#inFlight.add(entry);
        value.then(
          (v) => {
            this.#authorizing = false;
            this.#inFlight.delete(entry);
            if (!entry.settled) this.#start(entry, url, v);
            this.#pump();
          },
          (error: unknown) => {
            this.#authorizing = false;
            this.#inFlight.delete(entry);
            this.#settle(entry, error);
            this.#pump();
          },
        );
        return;
      }
      this.#start(entry, url, value);
    }
    this.#admitBlocked();
  }

  #admitBlocked(): void {
    while (this.#blockedHead < this.#blocked.length && this.queued < this.#queueLimit) {
      const entry = this.#blocked[this.#blockedHead++] as Entry;
      if (!entry.settled) this.#queue.push(entry);
    }
    if (this.#blockedHead === this.#blocked.length && this.#blockedHead > 0) {
      this.#blocked = [];
      this.#blockedHead = 0;
    }
    if (this.#room !== undefined && (this.blocked === 0 || this.#closed)) {
      this.#room.resolve();
      this.#room = undefined;
    }
  }

  #start(entry: Entry, url: URL, authorization: string | undefined): void {
    // A queued call follows the channel: only a redirect hop pins its own target.
    const target = entry.chain !== undefined ? url : (this.#url ?? url);
    if (this.#url === undefined || this.#url.origin !== target.origin) this.#move(target);
    const epoch = this.#epoch;
    entry.epoch = epoch;
    this.#inFlight.add(entry);
    const headers =
      authorization === undefined ? entry.call.headers : { ...entry.call.headers, authorization };
    const dispatcher = this.#dispatcher(target);
    dispatcher
      .request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers: headers as Record<string, string>,
        body: entry.call.body,
        // Mesos calls may be pipelined (the reference library does): undici holds non-idempotent
        // requests until the connection is idle otherwise.
        idempotent: true,
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      })
      .then(async (res) => {
        const body = new Uint8Array(await res.body.arrayBuffer());
        return { status: res.statusCode, headers: res.headers, body, url: target };
      })
      .then(
        (response) => this.#answered(entry, epoch, response),
        (error: unknown) => this.#failed(entry, epoch, toTransportError(error, entry.call.signal, target)),
      );
  }

  #answered(entry: Entry, epoch: number, response: ChannelResponse): void {
    if (epoch !== entry.epoch || entry.settled) return;
    this.#inFlight.delete(entry);
    if (response.status === 307) {
      try {
        entry.chain ??= new RedirectChain(response.url, this.#maxRedirects);
        const location = response.headers.location;
        const to = entry.chain.follow(response.url, Array.isArray(location) ? location[0] : location);
        if (this.#redirectChannel.hasSubscribers) {
          const message: RedirectMessage = {
            from: response.url.href,
            to: to.href,
            hop: entry.chain.hops,
            callType: entry.call.callType,
          };
          this.#redirectChannel.publish(message);
        }
        this.#onRedirect?.(response.url, to);
        entry.url = to;
        this.#move(to);
        // Ahead of everything queued: it was issued before them.
        this.#queue.splice(this.#head, 0, entry);
      } catch (error) {
        this.#settle(entry, error);
      }
      this.#pump();
      return;
    }
    const outcome = statusOutcome(response.status, entry.call.callType);
    if (outcome.ok) {
      this.#settle(entry, undefined, response);
      this.#pump();
      return;
    }
    const text = Buffer.from(response.body.subarray(0, 4096)).toString("utf8").trim();
    this.#failed(
      entry,
      epoch,
      new HttpStatusError(
        response.status,
        text,
        outcome.meaning,
        outcome.subscriptionLost,
        outcome.temporary,
        entry.call.callType,
      ),
      true,
    );
  }

  #failed(entry: Entry, epoch: number, error: Error, alreadyRemoved = false): void {
    if (epoch !== entry.epoch || entry.settled) return;
    if (!alreadyRemoved) this.#inFlight.delete(entry);
    if (isTemporary(error) && entry.attempt < this.#maxAttempts && !this.#closed) {
      entry.attempt++;
      entry.backoff ??= new Backoff(this.#backoff);
      this.#retrying.add(entry);
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        this.#retrying.delete(entry);
        if (entry.settled || this.#closed) return;
        this.#queue.push(entry);
        this.#pump();
      }, entry.backoff.next());
    } else {
      this.#settle(entry, error);
    }
    this.#pump();
  }

  #settle(entry: Entry, error: unknown, response?: ChannelResponse): void {
    if (entry.settled) return;
    entry.settled = true;
    this.#inFlight.delete(entry);
    this.#retrying.delete(entry);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    if (entry.onAbort !== undefined) entry.call.signal?.removeEventListener("abort", entry.onAbort);
    if (response !== undefined) entry.resolve(response);
    else entry.reject(error);
  }
}
