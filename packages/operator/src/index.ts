// @mesos-ts/operator: the Mesos v1 operator API of masters and agents (`src/master/http.cpp`,
// `src/slave/http.cpp`), on @mesos-ts/transport (whose wire errors it reports: codes
// MESOS_TRANSPORT_*).
export {
  AbortError,
  BadRedirectError,
  ClosedError,
  type ContentType,
  HeartbeatTimeoutError,
  HttpStatusError,
  InvalidArgumentError,
  MalformedMessageError,
  MesosClientError,
  NetworkError,
  ProtocolError,
  RedirectLoopError,
  TooManyRedirectsError,
} from "@mesos-ts/transport";
export {
  AgentClient,
  type AgentClientOptions,
  type FollowFileOptions,
  type SessionOptions,
} from "./agent/agent-client.js";
export type { AgentCallName, AgentCallPayload, AgentCallResult } from "./agent/call-types.js";
export { exitCodeOf, type ProcessOutput } from "./agent/process-io.js";
export { disconnectedChannel, redirectChannel, subscribedChannel } from "./diagnostics.js";
export { OperatorError, type OperatorErrorCode, UnknownAgentError } from "./errors.js";
export type { SubscribeOptions } from "./events/event-stream.js";
export { type OperatorEvent, type OperatorEventType, toOperatorEvent } from "./events/operator-event.js";
export type {
  CallAccepted,
  MasterCallName,
  MasterCallPayload,
  MasterCallResult,
} from "./master/call-types.js";
export {
  agentUrl,
  type CallOptions,
  MasterClient,
  type MasterClientOptions,
} from "./master/master-client.js";
export {
  type Agent,
  ClusterView,
  type Executor,
  executorKey,
  type Framework,
  isTerminal,
  type Task,
  taskKey,
  type ViewChange,
} from "./mirror/cluster-view.js";
export { type ClusterMirror, type WatchClusterOptions, watchCluster } from "./mirror/watch-cluster.js";
export type { ClientOptions, Credentials } from "./options.js";
