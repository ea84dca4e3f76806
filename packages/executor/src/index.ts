// @mesos-ts/executor: custom Mesos executors in TypeScript (the v1 executor HTTP API).
export { parseMesosDuration } from "./duration.js";
export { type ExecutorEnvironment, readExecutorEnvironment } from "./environment.js";
export {
  AbortError,
  AgentGoneError,
  CallRejectedError,
  ClosedError,
  EnvironmentError,
  type EnvironmentProblem,
  ExecutorError,
  type ExecutorErrorCode,
  InvalidStatusError,
  MalformedEventError,
  NetworkError,
  RecoveryTimeoutError,
  type Rejection,
  TooManyUnacknowledgedError,
} from "./errors.js";
export type { ExecutorEvent } from "./events.js";
export {
  DEFAULT_MAX_UNACKNOWLEDGED,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  ExecutorClient,
  type ExecutorClientOptions,
  rejectionOf,
} from "./executor-client.js";
export { DEFAULT_KILL_GRACE_PERIOD_MS, type RunExecutorOptions, runExecutor } from "./runner/run-executor.js";
export {
  type LaunchOutcome,
  type StopReason,
  type TaskContext,
  TaskFailure,
  type TaskProgress,
  type TaskResult,
} from "./runner/task-context.js";
export { uuidV4Bytes } from "./update-book.js";
