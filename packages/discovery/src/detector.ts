import type { DiscoveryError } from "./errors.js";
import type { ContenderLabel, MasterInfo } from "./master-info.js";

/** One master standing for election (a candidate znode, or a probed static master). */
export interface Contender {
  /** The znode name (`json.info_0000000003`) or, for static masters, `host:port`. */
  readonly node: string;
  readonly label: ContenderLabel;
  /** ZooKeeper sequence number (static masters: their position in the list). */
  readonly sequence: number;
  readonly info: MasterInfo;
}

/** A new leader, or `leader: null` when there is none (or it cannot be known any more). */
export interface LeaderChange {
  readonly leader: MasterInfo | null;
  /** Every contender, leader first; present only when the detector was asked for them. */
  readonly contenders?: readonly Contender[];
  /** When the change was detected. */
  readonly at: Date;
  /** Why there is no leader when the cause is trouble (ZooKeeper unreachable, session lost, probes failed). */
  readonly reason?: DiscoveryError;
}

export interface WaitForLeaderOptions {
  readonly signal?: AbortSignal;
  /** Milliseconds; rejects with NoLeaderError after that. */
  readonly timeout?: number;
}

/**
 * Anything that tells who leads: the ZooKeeper and static detectors implement it, and clients
 * (the scheduler) take one as an option. Iterating yields the current state first (once known),
 * then every change; identical consecutive states are not repeated.
 */
export interface LeaderDetector extends AsyncIterable<LeaderChange> {
  /** The state known now; undefined before the first detection. */
  current(): LeaderChange | undefined;
  /** An independent iterator over changes (current state first); ends when closed or `signal` aborts. */
  changes(options?: { signal?: AbortSignal }): AsyncIterableIterator<LeaderChange>;
  /** Resolves with the leader as soon as there is one (at once if known). */
  leader(options?: WaitForLeaderOptions): Promise<MasterInfo>;
  /** Re-read ZooKeeper / re-probe the masters now (e.g. after a request to the leader failed). */
  refresh(): void;
  /** Stops watching and releases every timer, socket and session; iterators end. Idempotent. */
  close(): Promise<void>;
}

export interface DetectorOptions {
  /** Closes the detector when aborted. */
  readonly signal?: AbortSignal;
  /** Read every contender's MasterInfo and include them in each change (default false). */
  readonly contenders?: boolean;
}
