/** What a scenario gets to talk to: a running (or existing) Mesos cluster, whatever the target. */
import type { FeatureSupport } from "../targets/features.js";
import type { TargetKind } from "../targets/select.js";
import type { WireTap } from "./wire.js";

export interface Cluster {
  readonly target: TargetKind;
  readonly mesosVersion: string;
  /** What a user hands to @mesos-ts/discovery or a scheduler: `zk://…/mesos` or `http://host:port`. */
  readonly masterUrl: string;
  /** `http://host:port` of every master, leader or not (for operator reads and kills). */
  readonly masterHttpUrls: readonly string[];
  /** ZooKeeper connect string (`host:port`), when the cluster has one. */
  readonly zookeeper?: string | undefined;
  /** What the masters received and sent (local target: the testkit's recorder); absent elsewhere. */
  readonly wire?: WireTap | undefined;
  /** Kills the master at this HTTP URL like a crash. Only clusters with "master-failover". */
  killMaster?(httpUrl: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterRequest {
  readonly masters: 1 | 3;
}

/** A target, ready to hand out clusters: the shared one, and fresh ones for destructive scenarios. */
export interface TargetHandle {
  readonly kind: TargetKind;
  readonly mesosVersion: string;
  readonly features: FeatureSupport;
  /** Lines for the console and the report: what the target is and what it cannot do. */
  readonly notes: readonly string[];
  start(request: ClusterRequest): Promise<Cluster>;
}
