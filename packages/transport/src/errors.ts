/**
 * Errors of @mesos-ts/transport: what can go wrong between a Mesos client and a master or agent,
 * whatever the API. Users match on `code`, never on `message`; data lives in typed fields and the
 * original error in `cause`. No error carries request headers or bodies we sent: those may hold
 * credentials or task secrets.
 */
export type TransportErrorCode =
  | "MESOS_TRANSPORT_HTTP_STATUS"
  | "MESOS_TRANSPORT_NETWORK"
  | "MESOS_TRANSPORT_REDIRECT_LOOP"
  | "MESOS_TRANSPORT_TOO_MANY_REDIRECTS"
  | "MESOS_TRANSPORT_INSECURE_REDIRECT"
  | "MESOS_TRANSPORT_BAD_REDIRECT"
  | "MESOS_TRANSPORT_LEADER_CHANGED"
  | "MESOS_TRANSPORT_HEARTBEAT_TIMEOUT"
  | "MESOS_TRANSPORT_MALFORMED_MESSAGE"
  | "MESOS_TRANSPORT_PROTOCOL"
  | "MESOS_TRANSPORT_CLOSED"
  | "MESOS_TRANSPORT_ABORTED"
  | "MESOS_TRANSPORT_INVALID_ARGUMENT"
  | "MESOS_TRANSPORT_NO_MASTER_REACHABLE";

/**
 * Base class of every error a mesos-ts client reports (transport errors and each client's own):
 * `temporary` says whether trying again later can succeed. Clients extend it with their codes.
 */
export class MesosClientError extends Error {
  override name = "MesosClientError";
  /** True when trying again later (same call, after backoff) can succeed. */
  readonly temporary: boolean;
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions & { temporary?: boolean },
  ) {
    super(message, options);
    this.temporary = options?.temporary ?? false;
  }
}

/** Base class of this package's errors; match on `code`. */
export class TransportError extends MesosClientError {
  override name = "TransportError";
  declare readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: ErrorOptions & { temporary?: boolean }) {
    super(code, message, options);
  }
}

/** The master answered with a status the API's table does not treat as success. */
export class HttpStatusError extends TransportError {
  override name = "HttpStatusError";
  declare readonly code: "MESOS_TRANSPORT_HTTP_STATUS";
  constructor(
    readonly status: number,
    /** The master's plain-text error body (truncated to 4 KiB). */
    readonly body: string,
    /** What the status means (from the status table). */
    readonly meaning: string,
    /** True when the status implies the subscription is gone (e.g. 403 "not subscribed"). */
    readonly subscriptionLost: boolean,
    temporary: boolean,
    /** The call type that got this answer, e.g. "ACCEPT". */
    readonly callType?: string,
  ) {
    super(
      "MESOS_TRANSPORT_HTTP_STATUS",
      `master answered ${status} (${meaning})${callType ? ` to ${callType}` : ""}${body ? `: ${body}` : ""}`,
      { temporary },
    );
  }
}

/** Connection refused/reset, timeouts, TLS failures: anything below HTTP. */
export class NetworkError extends TransportError {
  override name = "NetworkError";
  declare readonly code: "MESOS_TRANSPORT_NETWORK";
  constructor(
    message: string,
    options?: ErrorOptions & {
      /** The socket-level code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, ...), when known. */
      errno?: string;
    },
  ) {
    super("MESOS_TRANSPORT_NETWORK", message, { ...options, temporary: true });
    this.errno = options?.errno;
  }
  readonly errno: string | undefined;

  /** The master refused the connection: nothing listens there. */
  get refused(): boolean {
    return this.errno === "ECONNREFUSED";
  }
}

/** A 307 chain came back to a master it had already visited. */
export class RedirectLoopError extends TransportError {
  override name = "RedirectLoopError";
  declare readonly code: "MESOS_TRANSPORT_REDIRECT_LOOP";
  constructor(readonly chain: readonly string[]) {
    super("MESOS_TRANSPORT_REDIRECT_LOOP", `redirect loop: ${chain.join(" -> ")}`, { temporary: true });
  }
}

/** More 307 hops than `maxRedirects`. */
export class TooManyRedirectsError extends TransportError {
  override name = "TooManyRedirectsError";
  declare readonly code: "MESOS_TRANSPORT_TOO_MANY_REDIRECTS";
  constructor(readonly chain: readonly string[]) {
    super("MESOS_TRANSPORT_TOO_MANY_REDIRECTS", `too many redirects: ${chain.join(" -> ")}`, {
      temporary: true,
    });
  }
}

/** A 307 from an https master pointed at a plain http URL; never followed. */
export class InsecureRedirectError extends TransportError {
  override name = "InsecureRedirectError";
  declare readonly code: "MESOS_TRANSPORT_INSECURE_REDIRECT";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super("MESOS_TRANSPORT_INSECURE_REDIRECT", `refusing redirect from ${from} to ${to}: https downgrade`);
  }
}

/** A 307 without a usable Location header. */
export class BadRedirectError extends TransportError {
  override name = "BadRedirectError";
  declare readonly code: "MESOS_TRANSPORT_BAD_REDIRECT";
  constructor(
    readonly from: string,
    readonly location: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      "MESOS_TRANSPORT_BAD_REDIRECT",
      `unusable redirect Location ${JSON.stringify(location)} from ${from}`,
      {
        ...options,
        temporary: true,
      },
    );
  }
}

/**
 * The leader changed while a call was in flight on the old one (or a stream was open there).
 * Retriable: send it again to the new leader.
 */
export class LeaderChangedError extends TransportError {
  override name = "LeaderChangedError";
  declare readonly code: "MESOS_TRANSPORT_LEADER_CHANGED";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super("MESOS_TRANSPORT_LEADER_CHANGED", `leading master changed from ${from} to ${to}`, {
      temporary: true,
    });
  }
}

/** No record (not even a heartbeat) arrived for `missed` intervals. */
export class HeartbeatTimeoutError extends TransportError {
  override name = "HeartbeatTimeoutError";
  declare readonly code: "MESOS_TRANSPORT_HEARTBEAT_TIMEOUT";
  constructor(
    readonly missed: number,
    readonly intervalMs: number,
  ) {
    super(
      "MESOS_TRANSPORT_HEARTBEAT_TIMEOUT",
      `no event or heartbeat for ${missed} intervals of ${intervalMs} ms`,
      { temporary: true },
    );
  }
}

/** A record or answer that does not decode as the expected message. */
export class MalformedMessageError extends TransportError {
  override name = "MalformedMessageError";
  declare readonly code: "MESOS_TRANSPORT_MALFORMED_MESSAGE";
  constructor(
    readonly byteLength: number,
    options?: ErrorOptions,
  ) {
    super("MESOS_TRANSPORT_MALFORMED_MESSAGE", `malformed message (${byteLength} bytes)`, {
      ...options,
      temporary: true,
    });
  }
}

/** The peer broke the protocol (no stream id, wrong first event, stream closed, bad framing). */
export class ProtocolError extends TransportError {
  override name = "ProtocolError";
  declare readonly code: "MESOS_TRANSPORT_PROTOCOL";
  constructor(message: string, options?: ErrorOptions) {
    super("MESOS_TRANSPORT_PROTOCOL", message, { ...options, temporary: true });
  }
}

/** The channel, stream or client was closed. */
export class ClosedError extends TransportError {
  override name = "ClosedError";
  declare readonly code: "MESOS_TRANSPORT_CLOSED";
  constructor(message = "closed") {
    super("MESOS_TRANSPORT_CLOSED", message);
  }
}

/** The caller's AbortSignal fired; `cause` is its reason. */
export class AbortError extends TransportError {
  override name = "AbortError";
  declare readonly code: "MESOS_TRANSPORT_ABORTED";
  constructor(reason?: unknown) {
    super("MESOS_TRANSPORT_ABORTED", "aborted", { cause: reason });
  }
}

/** A caller passed an option or argument that cannot work. */
export class InvalidArgumentError extends TransportError {
  override name = "InvalidArgumentError";
  declare readonly code: "MESOS_TRANSPORT_INVALID_ARGUMENT";
  constructor(message: string) {
    super("MESOS_TRANSPORT_INVALID_ARGUMENT", message);
  }
}

/**
 * Every master candidate refused the connection (nothing listens at any of them). Reported at
 * once rather than after the whole timeout; `temporary` because a master may come up later.
 */
export class NoMasterReachableError extends TransportError {
  override name = "NoMasterReachableError";
  declare readonly code: "MESOS_TRANSPORT_NO_MASTER_REACHABLE";
  constructor(
    readonly masters: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      "MESOS_TRANSPORT_NO_MASTER_REACHABLE",
      `no master reachable: ${masters.join(", ")} refused the connection`,
      {
        ...options,
        temporary: true,
      },
    );
  }
}
