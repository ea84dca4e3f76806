import type { LeaderDetector } from "./detector.js";
import { type MasterUrl, type ParseMasterUrlOptions, parseMasterUrl } from "./master-url.js";
import { StaticDetector, type StaticDetectorOptions } from "./static-detector.js";
import { ZooKeeperDetector, type ZooKeeperDetectorOptions } from "./zookeeper-detector.js";

export type CreateDetectorOptions = ZooKeeperDetectorOptions & StaticDetectorOptions & ParseMasterUrlOptions;

/** The right detector for a master URL (string or parsed): ZooKeeper for `zk://`, else static probing. */
export function createDetector(url: string | MasterUrl, options: CreateDetectorOptions = {}): LeaderDetector {
  const parsed = typeof url === "string" ? parseMasterUrl(url, options) : url;
  return parsed.kind === "zookeeper"
    ? new ZooKeeperDetector(parsed, options)
    : new StaticDetector(parsed.masters, options);
}
