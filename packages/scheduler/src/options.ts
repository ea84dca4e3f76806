import type { scheduler, v1 } from "@mesos-ts/proto";
import type {
  BackoffOptions,
  ContentType,
  Credentials,
  LeaderSource,
  TransportTimeouts,
} from "@mesos-ts/transport";
import type { buildConnector, Dispatcher } from "undici";
import type { SchedulerLogger } from "./diagnostics.js";

export interface HeartbeatOptions {
  /** Missed heartbeat intervals after which the stream is declared dead (default 5). */
  missedLimit?: number;
  /**
   * Interval in seconds used before SUBSCRIBED arrives and when the master announces none
   * (default 15, the Mesos constant).
   */
  fallbackIntervalSeconds?: number;
}

/** Where the masters are: exactly one of `master` and `detector` (checked by the compiler). */
export type MasterOption =
  | {
      /**
       * Any URL `@mesos-ts/discovery` understands — `zk://host:2181/mesos`, `host:5050,host:5050`,
       * `http(s)://host:5050`, `file:///etc/mesos/zk`. A single master is used directly (307s
       * lead to the leader); lists are probed and ZooKeeper is watched (the optional `zookeeper`
       * package must be installed for `zk://`).
       */
      master: string;
      detector?: never;
    }
  | {
      /** A leader source to use instead of `master` (tests, custom discovery). */
      detector: LeaderSource;
      master?: never;
    };

/** What to do when every master candidate refuses the connection before the first subscription. */
export type UnreachableMasters =
  /** End at once with TerminalError("no-master-reachable"): events() throws, ready() rejects. */
  | "fail"
  /** Keep retrying quietly with backoff (a master may come up later). */
  | "retry";

export type SchedulerOptions = SchedulerClientOptions & MasterOption;

export interface SchedulerClientOptions {
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
   * Default: one pipelined connection to the leader owned by the client, closed by close(). With
   * a dispatcher of yours, calls still go out in order but one at a time unless `pipelineDepth`
   * says otherwise (your dispatcher decides how many sockets it uses).
   */
  dispatcher?: Dispatcher;
  /** Calls in flight at once on the call connection (HTTP/1.1 pipelining; default 16). */
  pipelineDepth?: number;
  /** Calls that may wait for a pipeline slot before callers wait for room (default 1024). */
  callQueueLimit?: number;
  /** Dispatcher for the SUBSCRIBE stream (default: `dispatcher`, else a dedicated Agent). */
  subscriptionDispatcher?: Dispatcher;
  /** TLS/socket options for the client's own Agents (ca, cert, key, servername, ...). */
  connect?: buildConnector.BuildOptions;
  /**
   * Timeouts in ms. Defaults: connect 10 000, headers 15 000 (SUBSCRIBE and calls), body 15 000
   * for call answers. The event stream has no body timeout: the heartbeat watchdog guards it.
   */
  timeouts?: TransportTimeouts;
  /** Basic or bearer credentials, or a provider of the `Authorization` header value. */
  credentials?: Credentials;
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
  /**
   * Delay before retrying SUBSCRIBE on a master that answered 503 "Master has not finished
   * recovery" (default 100 ms; the window lasts tens of ms, observed on a Mesos 1.12 master).
   */
  recoveryRetryMs?: number;
  /**
   * When every master candidate refuses the connection before the client ever subscribed:
   * "fail" ends the client at once with TerminalError("no-master-reachable") (events() throws,
   * ready() rejects, within a second instead of after a timeout); "retry" keeps retrying
   * quietly. Default: "fail" for `master` given as host(s) or http(s) URL(s), "retry" for `zk://`
   * and for a `detector` (there the leader may simply not be up yet). After the first
   * subscription the client always retries.
   */
  unreachableMasters?: UnreachableMasters;
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
