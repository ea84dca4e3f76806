// @mesos-ts/transport: what every Mesos v1 client (scheduler, executor, operator) needs.
export { anySignal, raceAbort, sleep } from "./abort.js";
export {
  Backoff,
  type BackoffOptions,
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_LEADER_CHANGE_DELAY_MAX_MS,
  leaderChangeDelay,
} from "./backoff.js";
export {
  CallChannel,
  type CallChannelOptions,
  type ChannelCall,
  type ChannelResponse,
  DEFAULT_PIPELINE_DEPTH,
  DEFAULT_QUEUE_LIMIT,
} from "./call-channel.js";
export {
  type ApiCodec,
  apiCodec,
  type ContentType,
  contentTypeOf,
  type HeadersFor,
  headersFor,
  MEDIA_TYPES,
  type MessageCodec,
  messageCodec,
  RECORDIO_MEDIA_TYPE,
  recordContentType,
  recordStream,
} from "./codec.js";
export {
  type BasicCredentials,
  type BearerCredentials,
  type CredentialProvider,
  type Credentials,
  toCredentialProvider,
} from "./credentials.js";
export {
  type ChannelMovedMessage,
  channelMovedChannel,
  type HeartbeatMissedMessage,
  heartbeatMissedChannel,
  type RedirectMessage,
  redirectChannel,
  type TransportLogger,
} from "./diagnostics.js";
export {
  AbortError,
  BadRedirectError,
  ClosedError,
  HeartbeatTimeoutError,
  HttpStatusError,
  InsecureRedirectError,
  InvalidArgumentError,
  LeaderChangedError,
  MalformedMessageError,
  MesosClientError,
  NetworkError,
  NoMasterReachableError,
  ProtocolError,
  RedirectLoopError,
  TooManyRedirectsError,
  TransportError,
  type TransportErrorCode,
} from "./errors.js";
export {
  DEFAULT_RECOVERY_RETRY_MS,
  EventSession,
  type EventSessionHandler,
  type EventSessionOptions,
  type SessionControl,
} from "./event-session.js";
export {
  type OpenEventStreamRequest,
  type OpenedEventStream,
  openEventStream,
  streamError,
} from "./event-stream.js";
export {
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  DEFAULT_MISSED_HEARTBEATS,
  HeartbeatMonitor,
  type HeartbeatMonitorOptions,
} from "./heartbeat-monitor.js";
export {
  apiUrl,
  givenLeaderSource,
  type LeaderSource,
  leaderKey,
  masterHosts,
  type ResolvedLeaderSource,
  type ResolveLeaderSourceOptions,
  resolveLeaderSource,
  StaticLeaderSource,
} from "./leader-source.js";
export { LeaderTracker, type LeaderTrackerOptions } from "./leader-tracker.js";
export {
  authorize,
  followRedirects,
  isTemporary,
  mapStatus,
  type RedirectOptions,
  type RetryOptions,
  retry,
} from "./pipeline.js";
export { type RecordBatchesOptions, recordBatches } from "./record-batches.js";
export { DEFAULT_MAX_REDIRECTS, RedirectChain, resolveRedirect } from "./redirect.js";
export {
  DEFAULT_TIMEOUTS,
  discard,
  errnoOf,
  type IncomingResponse,
  type OutgoingRequest,
  type ResponseBody,
  readText,
  type Send,
  type TransportTimeouts,
  toTransportError,
  undiciSend,
} from "./send.js";
export { isRecovering, type StatusOutcome, statusOutcome } from "./status-table.js";
export { TrustedHosts } from "./trusted-hosts.js";
