// @mesos-ts/operator: the Mesos v1 operator API of masters and agents (PROTOCOL.md §5).
export {
  AgentClient,
  type AgentClientOptions,
  type FollowFileOptions,
  type SessionOptions,
} from "./agent/agent-client.js";
export type { AgentCallName, AgentCallPayload, AgentCallResult } from "./agent/call-types.js";
export { exitCodeOf, type ProcessOutput } from "./agent/process-io.js";
export { type ContentType, MEDIA_TYPES } from "./codec.js";
export {
  AbortedError,
  BadRedirectError,
  ClientClosedError,
  HeartbeatTimeoutError,
  HttpStatusError,
  InvalidArgumentError,
  MalformedResponseError,
  NetworkError,
  OperatorError,
  type OperatorErrorCode,
  StreamEndedError,
  TooManyRedirectsError,
} from "./errors.js";
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
