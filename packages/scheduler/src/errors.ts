/**
 * Every error thrown or reported by @mesos-ts/scheduler. Users match on `code`, never on
 * `message`; data lives in typed fields and the original error in `cause`. No error carries
 * request headers or bodies we sent: those may hold credentials or task secrets.
 */
export type SchedulerErrorCode =
  | "MESOS_SCHEDULER_NOT_SUBSCRIBED"
  | "MESOS_SCHEDULER_HTTP_STATUS"
  | "MESOS_SCHEDULER_NETWORK"
  | "MESOS_SCHEDULER_TERMINAL_ERROR"
  | "MESOS_SCHEDULER_REDIRECT_LOOP"
  | "MESOS_SCHEDULER_TOO_MANY_REDIRECTS"
  | "MESOS_SCHEDULER_INSECURE_REDIRECT"
  | "MESOS_SCHEDULER_BAD_REDIRECT"
  | "MESOS_SCHEDULER_SUBSCRIPTION_LOST"
  | "MESOS_SCHEDULER_LEADER_CHANGED"
  | "MESOS_SCHEDULER_HEARTBEAT_TIMEOUT"
  | "MESOS_SCHEDULER_MALFORMED_EVENT"
  | "MESOS_SCHEDULER_PROTOCOL"
  | "MESOS_SCHEDULER_CLOSED"
  | "MESOS_SCHEDULER_ABORTED"
  | "MESOS_SCHEDULER_INVALID_ARGUMENT";

/** Base class of every error of this package; match on `code`. */
export class SchedulerError extends Error {
  override name = "SchedulerError";
  /** True when trying again later (same call, after backoff) can succeed. */
  readonly temporary: boolean;
  constructor(
    readonly code: SchedulerErrorCode,
    message: string,
    options?: ErrorOptions & { temporary?: boolean },
  ) {
    super(message, options);
    this.temporary = options?.temporary ?? false;
  }
}

/** A call was made while the client is not subscribed (and the caller did not ask to wait). */
export class NotSubscribedError extends SchedulerError {
  override name = "NotSubscribedError";
  declare readonly code: "MESOS_SCHEDULER_NOT_SUBSCRIBED";
  constructor(readonly state: string) {
    super("MESOS_SCHEDULER_NOT_SUBSCRIBED", `scheduler is not subscribed (state: ${state})`, {
      temporary: true,
    });
  }
}

/** The master answered with a status this client does not treat as success. */
export class HttpStatusError extends SchedulerError {
  override name = "HttpStatusError";
  declare readonly code: "MESOS_SCHEDULER_HTTP_STATUS";
  constructor(
    readonly status: number,
    /** The master's plain-text error body (truncated to 4 KiB). */
    readonly body: string,
    /** What the status means on /api/v1/scheduler (from the status table). */
    readonly meaning: string,
    /** True when the status implies the subscription is gone (e.g. 403 "not subscribed"). */
    readonly subscriptionLost: boolean,
    temporary: boolean,
    /** The call type that got this answer, e.g. "ACCEPT". */
    readonly callType?: string,
  ) {
    super(
      "MESOS_SCHEDULER_HTTP_STATUS",
      `master answered ${status} (${meaning})${callType ? ` to ${callType}` : ""}${body ? `: ${body}` : ""}`,
      { temporary },
    );
  }
}

/** Connection refused/reset, timeouts, TLS failures: anything below HTTP. */
export class NetworkError extends SchedulerError {
  override name = "NetworkError";
  declare readonly code: "MESOS_SCHEDULER_NETWORK";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_SCHEDULER_NETWORK", message, { ...options, temporary: true });
  }
}

export type TerminalReason =
  /** The master sent an ERROR event (invalid FrameworkInfo, failed over by another instance, ...). */
  | "error-event"
  /** The master removed the framework for good ("Framework has been removed"). */
  | "framework-removed"
  /** The client stayed disconnected longer than FrameworkInfo.failover_timeout. */
  | "failover-timeout-expired"
  /** SUBSCRIBE got a status that retrying cannot fix (400, 401, 403, 415, ...). */
  | "subscribe-rejected";

/**
 * The subscription ended for good: the client will not resubscribe. `events()` throws it after
 * delivering the ERROR event (if any); `client.terminalError` holds it too.
 */
export class TerminalError extends SchedulerError {
  override name = "TerminalError";
  declare readonly code: "MESOS_SCHEDULER_TERMINAL_ERROR";
  constructor(
    readonly reason: TerminalReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super("MESOS_SCHEDULER_TERMINAL_ERROR", message, options);
  }
}

/** A 307 chain came back to a URL it had already visited. */
export class RedirectLoopError extends SchedulerError {
  override name = "RedirectLoopError";
  declare readonly code: "MESOS_SCHEDULER_REDIRECT_LOOP";
  constructor(readonly chain: readonly string[]) {
    super("MESOS_SCHEDULER_REDIRECT_LOOP", `redirect loop: ${chain.join(" -> ")}`, { temporary: true });
  }
}

/** More 307 hops than `maxRedirects`. */
export class TooManyRedirectsError extends SchedulerError {
  override name = "TooManyRedirectsError";
  declare readonly code: "MESOS_SCHEDULER_TOO_MANY_REDIRECTS";
  constructor(readonly chain: readonly string[]) {
    super("MESOS_SCHEDULER_TOO_MANY_REDIRECTS", `too many redirects: ${chain.join(" -> ")}`, {
      temporary: true,
    });
  }
}

/** A 307 from an https master pointed at a plain http URL; never followed. */
export class InsecureRedirectError extends SchedulerError {
  override name = "InsecureRedirectError";
  declare readonly code: "MESOS_SCHEDULER_INSECURE_REDIRECT";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super("MESOS_SCHEDULER_INSECURE_REDIRECT", `refusing redirect from ${from} to ${to}: https downgrade`);
  }
}

/** A 307 without a usable Location header. */
export class BadRedirectError extends SchedulerError {
  override name = "BadRedirectError";
  declare readonly code: "MESOS_SCHEDULER_BAD_REDIRECT";
  constructor(
    readonly from: string,
    readonly location: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      "MESOS_SCHEDULER_BAD_REDIRECT",
      `unusable redirect Location ${JSON.stringify(location)} from ${from}`,
      {
        ...options,
        temporary: true,
      },
    );
  }
}

/** The subscription a call or event belonged to ended before the master answered. */
export class SubscriptionLostError extends SchedulerError {
  override name = "SubscriptionLostError";
  declare readonly code: "MESOS_SCHEDULER_SUBSCRIPTION_LOST";
  constructor(
    readonly generation: number,
    options?: ErrorOptions,
  ) {
    super(
      "MESOS_SCHEDULER_SUBSCRIPTION_LOST",
      `subscription ${generation} ended before the call was answered`,
      {
        ...options,
        temporary: true,
      },
    );
  }
}

/** No record arrived for `missed` heartbeat intervals; the stream was dropped. */
export class HeartbeatTimeoutError extends SchedulerError {
  override name = "HeartbeatTimeoutError";
  declare readonly code: "MESOS_SCHEDULER_HEARTBEAT_TIMEOUT";
  constructor(
    readonly missed: number,
    readonly intervalMs: number,
  ) {
    super(
      "MESOS_SCHEDULER_HEARTBEAT_TIMEOUT",
      `no event for ${missed} heartbeat intervals of ${intervalMs} ms`,
      {
        temporary: true,
      },
    );
  }
}

/** A record could not be decoded as a scheduler Event (bad protobuf or bad Mesos JSON). */
export class MalformedEventError extends SchedulerError {
  override name = "MalformedEventError";
  declare readonly code: "MESOS_SCHEDULER_MALFORMED_EVENT";
  constructor(
    readonly recordBytes: number,
    options?: ErrorOptions,
  ) {
    super("MESOS_SCHEDULER_MALFORMED_EVENT", `malformed event record (${recordBytes} bytes)`, {
      ...options,
      temporary: true,
    });
  }
}

/** The master broke the protocol (no Mesos-Stream-Id, first event not SUBSCRIBED, bad framing...). */
export class ProtocolError extends SchedulerError {
  override name = "ProtocolError";
  declare readonly code: "MESOS_SCHEDULER_PROTOCOL";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_SCHEDULER_PROTOCOL", message, { ...options, temporary: true });
  }
}

/** The client was closed. */
export class ClosedError extends SchedulerError {
  override name = "ClosedError";
  declare readonly code: "MESOS_SCHEDULER_CLOSED";
  constructor() {
    super("MESOS_SCHEDULER_CLOSED", "scheduler client closed");
  }
}

/** An AbortSignal fired. `cause` is the signal's reason. */
export class AbortError extends SchedulerError {
  override name = "AbortError";
  declare readonly code: "MESOS_SCHEDULER_ABORTED";
  constructor(reason?: unknown) {
    super("MESOS_SCHEDULER_ABORTED", "operation aborted", { cause: reason });
  }
}

/** A builder or option got an argument it cannot use. */
export class InvalidArgumentError extends SchedulerError {
  override name = "InvalidArgumentError";
  declare readonly code: "MESOS_SCHEDULER_INVALID_ARGUMENT";
  constructor(message: string) {
    super("MESOS_SCHEDULER_INVALID_ARGUMENT", message);
  }
}

/** The detector reported another leader than the master our stream is on; the stream is dropped. */
export class LeaderChangedError extends SchedulerError {
  override name = "LeaderChangedError";
  declare readonly code: "MESOS_SCHEDULER_LEADER_CHANGED";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super("MESOS_SCHEDULER_LEADER_CHANGED", `leader changed from ${from} to ${to}`, { temporary: true });
  }
}
