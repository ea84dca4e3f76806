export { type StartZooKeeperOptions, startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
export type { AgentTask, SimAgent } from "./agent/agent.js";
export type { AgentOptions } from "./agent/agent-options.js";
export { ranges, scalar } from "./agent/resources.js";
export type { TaskScript, TaskScriptFn } from "./agent/task-runner.js";
export { type AgentRestartOptions, type Cluster, type ClusterOptions, startCluster } from "./cluster.js";
export { channels } from "./diagnostics.js";
export {
  ClusterClosedError,
  InvalidOptionsError,
  NotFoundError,
  TestkitError,
  type TestkitErrorCode,
  WaitTimeoutError,
  ZooKeeperContenderError,
} from "./errors.js";
export { Faults } from "./faults.js";
export { acceptsMediaType } from "./http/accept.js";
export type { MasterCore } from "./master/core.js";
export { type MasterFaults, type MasterStatus, SimMaster } from "./master/master.js";
export type { FrameworkRecord, OfferRecord, TaskRecord } from "./master/registry.js";
export { type RecordedEvent, type RecordedRequest, Recorder, type WaitOptions } from "./recorder.js";
export { standinBinDir } from "./standin/bin-dir.js";
export { MESOS_VERSION } from "./version.js";
