/**
 * Every error thrown or reported by @mesos-ts/executor. Users match on `code`, never on
 * `message`. No error carries the authentication token or the bodies we sent.
 */
export type ExecutorErrorCode =
  | "MESOS_EXECUTOR_ENVIRONMENT"
  | "MESOS_EXECUTOR_CALL_REJECTED"
  | "MESOS_EXECUTOR_NETWORK"
  | "MESOS_EXECUTOR_MALFORMED_EVENT"
  | "MESOS_EXECUTOR_AGENT_GONE"
  | "MESOS_EXECUTOR_RECOVERY_TIMEOUT"
  | "MESOS_EXECUTOR_INVALID_STATUS"
  | "MESOS_EXECUTOR_TOO_MANY_UNACKNOWLEDGED"
  | "MESOS_EXECUTOR_CLOSED"
  | "MESOS_EXECUTOR_BUSY"
  | "MESOS_EXECUTOR_ABORTED";

/** Base class of every error of this package; match on `code`. */
export class ExecutorError extends Error {
  override name = "ExecutorError";
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One problem with one environment variable the agent sets. */
export interface EnvironmentProblem {
  readonly variable: string;
  readonly problem: "missing" | "malformed";
  /** What was expected (never the value itself: it may be a secret). */
  readonly expected: string;
}

/** The environment contract is not met: every missing or malformed variable, named. */
export class EnvironmentError extends ExecutorError {
  override name = "EnvironmentError";
  declare readonly code: "MESOS_EXECUTOR_ENVIRONMENT";
  constructor(readonly problems: readonly EnvironmentProblem[]) {
    super(
      "MESOS_EXECUTOR_ENVIRONMENT",
      `not started by a Mesos agent, or a bad environment: ${problems
        .map((p) => `${p.variable} ${p.problem} (expected ${p.expected})`)
        .join("; ")}`,
    );
  }
}

/** Why the agent refused a call (`src/slave/http.cpp`, observed on a real agent). */
export type Rejection =
  | "agent-recovering" // 503 Agent has not finished recovery
  | "method-not-allowed" // 405
  | "bad-request" // 400: parse / validation
  | "framework-not-found" // 400 Framework cannot be found
  | "executor-not-found" // 400 Executor cannot be found
  | "not-subscribed" // 403 Executor is not subscribed
  | "unsupported-media-type" // 415
  | "not-acceptable" // 406
  | "unauthorized" // 401
  | "not-found" // 404 (routes not installed yet, right after an agent start)
  | "not-implemented" // 501
  | "unexpected";

/** The agent answered a call with something else than 200/202. */
export class CallRejectedError extends ExecutorError {
  override name = "CallRejectedError";
  declare readonly code: "MESOS_EXECUTOR_CALL_REJECTED";
  constructor(
    readonly callType: string,
    readonly status: number,
    readonly rejection: Rejection,
    /** The agent's plain-text body (at most 4 KiB). */
    readonly body: string,
  ) {
    super(
      "MESOS_EXECUTOR_CALL_REJECTED",
      `agent answered ${status} (${rejection}) to ${callType}${body ? `: ${body}` : ""}`,
    );
  }

  /** Trying again later can succeed (the agent restarts or recovers). */
  get temporary(): boolean {
    return this.rejection === "agent-recovering" || this.rejection === "not-found";
  }
}

/** Connection refused/reset, timeouts: anything below HTTP. */
export class NetworkError extends ExecutorError {
  override name = "NetworkError";
  declare readonly code: "MESOS_EXECUTOR_NETWORK";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_EXECUTOR_NETWORK", message, options);
  }
}

/** A record of the subscription stream is not an executor Event (or not RecordIO). */
export class MalformedEventError extends ExecutorError {
  override name = "MalformedEventError";
  declare readonly code: "MESOS_EXECUTOR_MALFORMED_EVENT";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_EXECUTOR_MALFORMED_EVENT", message, options);
  }
}

/** The agent went away and the framework does not checkpoint: the executor must exit. */
export class AgentGoneError extends ExecutorError {
  override name = "AgentGoneError";
  declare readonly code: "MESOS_EXECUTOR_AGENT_GONE";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_EXECUTOR_AGENT_GONE", message, options);
  }
}

/** With checkpointing: the agent did not come back within MESOS_RECOVERY_TIMEOUT. */
export class RecoveryTimeoutError extends ExecutorError {
  override name = "RecoveryTimeoutError";
  declare readonly code: "MESOS_EXECUTOR_RECOVERY_TIMEOUT";
  constructor(
    readonly recoveryTimeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(
      "MESOS_EXECUTOR_RECOVERY_TIMEOUT",
      `the agent did not come back within the recovery timeout (${recoveryTimeoutMs} ms, MESOS_RECOVERY_TIMEOUT); giving up`,
      options,
    );
  }
}

/** A TaskStatus the agent would reject or silently drop; never sent. */
export class InvalidStatusError extends ExecutorError {
  override name = "InvalidStatusError";
  declare readonly code: "MESOS_EXECUTOR_INVALID_STATUS";
  constructor(message: string) {
    super("MESOS_EXECUTOR_INVALID_STATUS", message);
  }
}

/** Too many updates wait for ACKNOWLEDGED: the bound on kept updates was reached. */
export class TooManyUnacknowledgedError extends ExecutorError {
  override name = "TooManyUnacknowledgedError";
  declare readonly code: "MESOS_EXECUTOR_TOO_MANY_UNACKNOWLEDGED";
  constructor(readonly limit: number) {
    super("MESOS_EXECUTOR_TOO_MANY_UNACKNOWLEDGED", `${limit} updates are waiting for ACKNOWLEDGED`);
  }
}

/** The client was closed. */
export class ClosedError extends ExecutorError {
  override name = "ClosedError";
  declare readonly code: "MESOS_EXECUTOR_CLOSED";
  constructor() {
    super("MESOS_EXECUTOR_CLOSED", "the executor client is closed");
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends ExecutorError {
  override name = "AbortError";
  declare readonly code: "MESOS_EXECUTOR_ABORTED";
  constructor(reason?: unknown) {
    super("MESOS_EXECUTOR_ABORTED", "aborted", { cause: reason });
  }
}
