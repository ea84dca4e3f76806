// @mesos-ts/scheduler: the Mesos v1 scheduler HTTP API client.
export { Backoff, type BackoffOptions, leaderChangeDelay } from "./backoff.js";
export * from "./calls/index.js";
export { type Codec, type ContentType, codecFor, MEDIA_TYPES } from "./codec.js";
export { type ConnectionState, canTransition, type StateChange } from "./connection-state.js";
export {
  disconnectedChannel,
  heartbeatMissedChannel,
  redirectChannel,
  type SchedulerLogger,
  stateChannel,
  subscribedChannel,
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
  MalformedEventError,
  NetworkError,
  NotSubscribedError,
  ProtocolError,
  RedirectLoopError,
  SchedulerError,
  type SchedulerErrorCode,
  SubscriptionLostError,
  TerminalError,
  type TerminalReason,
  TooManyRedirectsError,
} from "./errors.js";
export { SchedulerEmitter, type SchedulerEmitterEvents, toEventEmitter } from "./events/emitter.js";
export type {
  ErrorEvent,
  FailureEvent,
  HeartbeatEvent,
  InverseOffersEvent,
  MessageEvent,
  OffersEvent,
  RescindEvent,
  RescindInverseOfferEvent,
  SchedulerEvent,
  SchedulerEventType,
  SubscribedEvent,
  UnknownEvent,
  UpdateEvent,
  UpdateOperationStatusEvent,
} from "./events/scheduler-event.js";
export { toSchedulerEvent } from "./events/scheduler-event.js";
export {
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  DEFAULT_MISSED_HEARTBEATS,
  HeartbeatMonitor,
} from "./heartbeat-monitor.js";
export { type Decliner, OfferBook } from "./helpers/offer-book.js";
export { type Reconcilable, type ReconcileTasksOptions, reconcileTasks } from "./helpers/reconciliation.js";
export {
  addResources,
  containsResources,
  filterResources,
  isReserved,
  type ResourceFilter,
  type ResourceMeta,
  type ResourceRequest,
  rangesOf,
  rangesResource,
  reservationRole,
  scalarResource,
  scalarSum,
  setItems,
  setResource,
  subtractResources,
  takeResources,
} from "./helpers/resources.js";
export {
  type CommandTaskParams,
  commandTask,
  type DockerTaskParams,
  dockerTask,
  isTerminalState,
  launchOperation,
  type PortMapping,
  taskStateName,
} from "./helpers/tasks.js";
export { type CredentialProvider, followRedirects, mapStatus, retry } from "./http/pipeline.js";
export { RedirectChain, resolveRedirect } from "./http/redirect.js";
export { type StatusOutcome, statusOutcome } from "./http/status-table.js";
export type { TransportTimeouts } from "./http/transport.js";
export { type LeaderSource, resolveMaster, schedulerUrl } from "./leader-source.js";
export type {
  BasicCredentials,
  CallOptions,
  CallResponse,
  HeartbeatOptions,
  SchedulerOptions,
} from "./options.js";
export { createScheduler, SchedulerClient } from "./scheduler-client.js";
