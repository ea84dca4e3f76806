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
