import type { scheduler, v1 } from "@mesos-ts/proto";
import type { buildConnector, Dispatcher } from "undici";
import type { BackoffOptions } from "./backoff.js";
import type { ContentType } from "./codec.js";
import type { SchedulerLogger } from "./diagnostics.js";
import type { CredentialProvider } from "./http/pipeline.js";
import type { TransportTimeouts } from "./http/transport.js";
import type { LeaderSource } from "./leader-source.js";

/** HTTP basic credentials of the framework principal (PROTOCOL.md §3.13). */
export interface BasicCredentials {
  readonly principal: string;
  readonly secret: string;
}

export interface HeartbeatOptions {
  /** Missed heartbeat intervals after which the stream is declared dead (default 5). */
  missedLimit?: number;
  /**
   * Interval in seconds used before SUBSCRIBED arrives and when the master announces none
   * (default 15, the Mesos constant).
   */
  fallbackIntervalSeconds?: number;
}

export interface SchedulerOptions {
  /**
   * Where the masters are: any URL `@mesos-ts/discovery` understands — `zk://host:2181/mesos`,
   * `host:5050,host:5050`, `http(s)://host:5050`, `file:///etc/mesos/zk`. A single master is
   * used directly (307s lead to the leader); lists are probed and ZooKeeper is watched.
   */
  master?: string;
  /** A leader source to use instead of `master` (tests, custom discovery). */
  detector?: LeaderSource;
  /** The framework. Set `failover_timeout` (seconds, > 0), or a disconnect kills every task. */
  framework: v1.FrameworkInfo;
  /** Roles that start suppressed at each SUBSCRIBE. */
  suppressedRoles?: string[];
  offerConstraints?: scheduler.OfferConstraints;
  /** Wire encoding (default "protobuf"). */
  contentType?: ContentType;
  /** Aborting it closes the client. */
  signal?: AbortSignal;
  /** Scheme for masters named without one and for MasterInfo from ZooKeeper (default http). */
  scheme?: "http" | "https";
  /**
   * undici Dispatcher for calls (TLS, client certificates, proxies: pass an Agent or ProxyAgent).
   * Default: an Agent owned by the client, closed by close().
   */
  dispatcher?: Dispatcher;
  /** Dispatcher for the SUBSCRIBE stream (default: `dispatcher`, else a dedicated Agent). */
  subscriptionDispatcher?: Dispatcher;
  /** TLS/socket options for the client's own Agents (ca, cert, key, servername, ...). */
  connect?: buildConnector.BuildOptions;
  /**
   * Timeouts in ms. Defaults: connect 10 000, headers 15 000 (SUBSCRIBE and calls), body 15 000
   * for call answers. The event stream has no body timeout: the heartbeat watchdog guards it.
   */
  timeouts?: TransportTimeouts;
  /** Basic auth credentials, or a provider of the `Authorization` header value. */
  credentials?: BasicCredentials | CredentialProvider;
  /**
   * Extra hosts that may receive credentials. Always trusted: hosts of `master` and every leader
   * the detector reports.
   */
  trustedHosts?: string[];
  /** 307 hops per request (default 5). */
  maxRedirects?: number;
  /** Reconnect backoff (default 250 ms doubling, capped at 15 s, jittered). */
  backoff?: BackoffOptions;
  /** Upper bound of the random delay after a leader change (default 500 ms, like libmesos). */
  leaderChangeDelayMaxMs?: number;
  heartbeat?: HeartbeatOptions;
  /** Attempts per call for temporary failures (503, 404, 429, network; default 3). */
  callAttempts?: number;
  /** Backoff between call attempts (default 100 ms doubling, capped at 2 s). */
  callBackoff?: BackoffOptions;
  /** Calls made while not subscribed wait for the subscription instead of failing (default false). */
  waitForSubscription?: boolean;
  /** Acknowledge status updates that carry a uuid once delivered (default true). */
  autoAcknowledge?: boolean;
  /** Largest event record accepted, bytes (default 64 MiB). */
  maxRecordBytes?: number;
  /**
   * Events a reader may fall behind before the client stops reading the stream (default 1024);
   * reading resumes once every reader is back to half of it. Events arrive a network read at a
   * time, so a reader holds at most `highWaterMark - 1` events plus one read's worth.
   */
  highWaterMark?: number;
  logger?: SchedulerLogger;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Wait for the subscription instead of failing fast with NotSubscribedError. */
  wait?: boolean;
}

/** The master's answer to a call: 202 (most) or 200 (UPDATE_FRAMEWORK). */
export interface CallResponse {
  readonly status: number;
  /** The body (empty for 202). */
  readonly body: Uint8Array;
}
