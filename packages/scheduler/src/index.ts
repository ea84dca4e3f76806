// @mesos-ts/scheduler: the Mesos v1 scheduler HTTP API client. What framework authors use;
// the HTTP plumbing (pipeline, codecs, call channel, event session) is @mesos-ts/transport's.
export type {
  BackoffOptions,
  BasicCredentials,
  BearerCredentials,
  ContentType,
  CredentialProvider,
  Credentials,
  LeaderSource,
  TransportTimeouts,
} from "@mesos-ts/transport";
export * from "./calls/index.js";
export { type ConnectionState, canTransition, type StateChange } from "./connection-state.js";
export {
  type DisconnectedMessage,
  disconnectedChannel,
  type HeartbeatMissedMessage,
  heartbeatMissedChannel,
  type RedirectMessage,
  redirectChannel,
  type SchedulerLogger,
  type StateMessage,
  type SubscribedMessage,
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
  MesosClientError,
  NetworkError,
  NoMasterReachableError,
  NotSubscribedError,
  ProtocolError,
  RedirectLoopError,
  SchedulerError,
  type SchedulerErrorCode,
  SubscriptionLostError,
  TerminalError,
  type TerminalReason,
  TooManyRedirectsError,
  TransportError,
  type TransportErrorCode,
  UnknownCallTypeError,
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
export type {
  CallOptions,
  CallResponse,
  HeartbeatOptions,
  MasterOption,
  SchedulerClientOptions,
  SchedulerOptions,
  UnreachableMasters,
} from "./options.js";
export { createScheduler, type LaunchParams, SchedulerClient } from "./scheduler-client.js";
