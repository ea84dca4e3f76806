/** The `mesos-leader` command itself (argv → exit code), for `mesos-ts leader` and embedding. */
export { main as mesosLeader } from "./cli.js";
export {
  type CommandIO,
  type CommandSpec,
  processIO,
  runCommand,
  USAGE_EXIT,
  UsageError,
} from "./command-line.js";
export { type CreateDetectorOptions, createDetector } from "./create-detector.js";
export type {
  Contender,
  DetectorOptions,
  LeaderChange,
  LeaderDetector,
  WaitForLeaderOptions,
} from "./detector.js";
export { leaderChannel, probeChannel, sessionChannel } from "./diagnostics.js";
export {
  BadMasterUrlError,
  DetectorClosedError,
  DiscoveryError,
  MasterInfoDecodeError,
  MasterProbeError,
  MastersRefusedError,
  NoLeaderError,
  ZooKeeperAuthError,
  ZooKeeperBindingMissingError,
  ZooKeeperError,
  ZooKeeperSessionLostError,
  ZooKeeperUnreachableError,
} from "./errors.js";
export {
  type ContenderLabel,
  decodeMasterInfo,
  type MasterBaseUrlOptions,
  type MasterInfo,
  masterAddress,
  masterBaseUrl,
  masterHostPort,
  masterInfoToJson,
  masterInfoToMesosJson,
} from "./master-info.js";
export {
  type MasterUrl,
  type ParseMasterUrlOptions,
  parseMasterUrl,
  redactMasterUrl,
  type StaticMaster,
  type StaticMasterUrl,
  type ZooKeeperMasterUrl,
} from "./master-url.js";
export { packIp, unpackIp } from "./packed-ip.js";
export { StaticDetector, type StaticDetectorOptions } from "./static-detector.js";
export { loadZooKeeper } from "./zk-client.js";
export { ZooKeeperDetector, type ZooKeeperDetectorOptions } from "./zookeeper-detector.js";
