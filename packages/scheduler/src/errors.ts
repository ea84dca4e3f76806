import { MesosClientError } from "@mesos-ts/transport";

/**
 * Every error thrown or reported by @mesos-ts/scheduler. Users match on `code`, never on
 * `message`; data lives in typed fields and the original error in `cause`. No error carries
 * request headers or bodies we sent: those may hold credentials or task secrets.
 */
export type SchedulerErrorCode =
  | "MESOS_SCHEDULER_NOT_SUBSCRIBED"
  | "MESOS_SCHEDULER_TERMINAL_ERROR"
  | "MESOS_SCHEDULER_SUBSCRIPTION_LOST"
  | "MESOS_SCHEDULER_CLOSED"
  | "MESOS_SCHEDULER_INVALID_ARGUMENT"
  | "MESOS_SCHEDULER_UNKNOWN_CALL_TYPE";

// What can go wrong on the wire (HTTP statuses, network, redirects, heartbeats, framing, aborts)
// is the same for every Mesos client: those errors are @mesos-ts/transport's, re-exported here.
export {
  AbortError,
  BadRedirectError,
  HeartbeatTimeoutError,
  HttpStatusError,
  InsecureRedirectError,
  LeaderChangedError,
  MalformedMessageError as MalformedEventError,
  MesosClientError,
  NetworkError,
  NoMasterReachableError,
  ProtocolError,
  RedirectLoopError,
  TooManyRedirectsError,
  TransportError,
  type TransportErrorCode,
} from "@mesos-ts/transport";

/** Base class of every error of this package; match on `code`. */
export class SchedulerError extends MesosClientError {
  override name = "SchedulerError";
  declare readonly code: SchedulerErrorCode;
  constructor(code: SchedulerErrorCode, message: string, options?: ErrorOptions & { temporary?: boolean }) {
    super(code, message, options);
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

export type TerminalReason =
  /** The master sent an ERROR event (invalid FrameworkInfo, failed over by another instance, ...). */
  | "error-event"
  /** The master removed the framework for good ("Framework has been removed"). */
  | "framework-removed"
  /** The client stayed disconnected longer than FrameworkInfo.failover_timeout. */
  | "failover-timeout-expired"
  /** SUBSCRIBE got a status that retrying cannot fix (400, 401, 403, 415, ...). */
  | "subscribe-rejected"
  /** Every master candidate refused the connection before the first subscription (`unreachableMasters: "fail"`). */
  | "no-master-reachable"
  /** The leader source failed for good (e.g. `zk://` without the `zookeeper` binding installed). */
  | "leader-detection-failed";

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

/** The client was closed. */
export class ClosedError extends SchedulerError {
  override name = "ClosedError";
  declare readonly code: "MESOS_SCHEDULER_CLOSED";
  constructor() {
    super("MESOS_SCHEDULER_CLOSED", "scheduler client closed");
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

/**
 * A Call without a known type. Never sent: a real master aborts on it when it carries a known
 * framework id (`Check failed: call_types.contains(callType)`, src/master/metrics.cpp).
 */
export class UnknownCallTypeError extends SchedulerError {
  override name = "UnknownCallTypeError";
  declare readonly code: "MESOS_SCHEDULER_UNKNOWN_CALL_TYPE";
  constructor(readonly type: number | undefined) {
    super(
      "MESOS_SCHEDULER_UNKNOWN_CALL_TYPE",
      `refusing to send a Call of type ${type === undefined ? "(none)" : type === 0 ? "UNKNOWN" : type}`,
    );
  }
}
