/**
 * Every error thrown by @mesos-ts/operator. Users match on `code`, never on `message`; data
 * lives in typed fields and the original error in `cause`. No error carries the request
 * headers or body we sent (they may hold credentials).
 */
export type OperatorErrorCode =
  | "MESOS_OPERATOR_HTTP_STATUS"
  | "MESOS_OPERATOR_NETWORK"
  | "MESOS_OPERATOR_TOO_MANY_REDIRECTS"
  | "MESOS_OPERATOR_BAD_REDIRECT"
  | "MESOS_OPERATOR_MALFORMED_RESPONSE"
  | "MESOS_OPERATOR_HEARTBEAT_TIMEOUT"
  | "MESOS_OPERATOR_STREAM_ENDED"
  | "MESOS_OPERATOR_ABORTED"
  | "MESOS_OPERATOR_CLOSED"
  | "MESOS_OPERATOR_INVALID_ARGUMENT";

/** Base class of every error of this package; match on `code`. */
export class OperatorError extends Error {
  override name = "OperatorError";
  /** True when the same call can succeed later (no leader yet, recovering, network). */
  readonly temporary: boolean;
  constructor(
    readonly code: OperatorErrorCode,
    message: string,
    options?: ErrorOptions & { temporary?: boolean },
  ) {
    super(message, options);
    this.temporary = options?.temporary ?? false;
  }
}

/**
 * The master or agent answered a status that is not success for this call: 400 (bad call),
 * 401, 403 (not authorized), 404, 406, 409 (conflict: the operation cannot be applied), 415,
 * 500, 501 (call not implemented), 503 (no leader / recovering). `status` is the number.
 */
export class HttpStatusError extends OperatorError {
  override name = "HttpStatusError";
  declare readonly code: "MESOS_OPERATOR_HTTP_STATUS";
  constructor(
    readonly status: number,
    /** The plain-text error body (Mesos never sends JSON errors), truncated to 4 KiB. */
    readonly body: string,
    readonly meaning: string,
    /** The call that got this answer, e.g. "GET_STATE". */
    readonly callType: string,
    temporary: boolean,
  ) {
    super("MESOS_OPERATOR_HTTP_STATUS", `${callType}: ${status} ${meaning}${body ? `: ${body}` : ""}`, {
      temporary,
    });
  }
}

/** Connection refused/reset, DNS, TLS: anything below HTTP. */
export class NetworkError extends OperatorError {
  override name = "NetworkError";
  declare readonly code: "MESOS_OPERATOR_NETWORK";
  constructor(
    message: string,
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super("MESOS_OPERATOR_NETWORK", message, { ...options, temporary: true });
  }
}

/** More 307s in a row than `maxRedirects` (masters pointing at each other during an election). */
export class TooManyRedirectsError extends OperatorError {
  override name = "TooManyRedirectsError";
  declare readonly code: "MESOS_OPERATOR_TOO_MANY_REDIRECTS";
  constructor(readonly redirects: number) {
    super("MESOS_OPERATOR_TOO_MANY_REDIRECTS", `more than ${redirects} redirects in a row`, {
      temporary: true,
    });
  }
}

/** A 307 without a usable Location. */
export class BadRedirectError extends OperatorError {
  override name = "BadRedirectError";
  declare readonly code: "MESOS_OPERATOR_BAD_REDIRECT";
  constructor(readonly location: string | null) {
    super("MESOS_OPERATOR_BAD_REDIRECT", `unusable redirect Location ${JSON.stringify(location)}`, {
      temporary: true,
    });
  }
}

/** The body does not decode as the expected message, or has the wrong response type. */
export class MalformedResponseError extends OperatorError {
  override name = "MalformedResponseError";
  declare readonly code: "MESOS_OPERATOR_MALFORMED_RESPONSE";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_OPERATOR_MALFORMED_RESPONSE", message, options);
  }
}

/** No record (event or heartbeat) within the watchdog's allowance. */
export class HeartbeatTimeoutError extends OperatorError {
  override name = "HeartbeatTimeoutError";
  declare readonly code: "MESOS_OPERATOR_HEARTBEAT_TIMEOUT";
  constructor(readonly silentMs: number) {
    super("MESOS_OPERATOR_HEARTBEAT_TIMEOUT", `no event or heartbeat for ${silentMs} ms`, {
      temporary: true,
    });
  }
}

/** The event stream ended and the caller asked not to resubscribe (or gave up). */
export class StreamEndedError extends OperatorError {
  override name = "StreamEndedError";
  declare readonly code: "MESOS_OPERATOR_STREAM_ENDED";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_OPERATOR_STREAM_ENDED", message, { ...options, temporary: true });
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AbortedError extends OperatorError {
  override name = "AbortedError";
  declare readonly code: "MESOS_OPERATOR_ABORTED";
  constructor(reason?: unknown) {
    super("MESOS_OPERATOR_ABORTED", "aborted", { cause: reason });
  }
}

/** A call on a client after close(). */
export class ClientClosedError extends OperatorError {
  override name = "ClientClosedError";
  declare readonly code: "MESOS_OPERATOR_CLOSED";
  constructor() {
    super("MESOS_OPERATOR_CLOSED", "the client is closed");
  }
}

/** A bad option or argument, found before anything is sent. */
export class InvalidArgumentError extends OperatorError {
  override name = "InvalidArgumentError";
  declare readonly code: "MESOS_OPERATOR_INVALID_ARGUMENT";
  constructor(message: string) {
    super("MESOS_OPERATOR_INVALID_ARGUMENT", message);
  }
}
