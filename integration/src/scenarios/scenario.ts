import type { Cluster } from "../cluster/cluster.js";
import type { ContentType } from "../report/row.js";
import type { Feature } from "../targets/features.js";

export interface ScenarioContext {
  readonly cluster: Cluster;
  readonly contentType: ContentType;
  /** Aborted when the scenario's time is up. */
  readonly signal: AbortSignal;
  /** A note for the row's detail (kept short). */
  note(text: string): void;
}

export interface Scenario {
  readonly name: string;
  readonly contentTypes: readonly ContentType[];
  readonly needs: readonly Feature[];
  /** `3`: a fresh three-master cluster of its own (it kills masters); default: the shared one. */
  readonly masters?: 1 | 3;
  readonly timeoutMs: number;
  /** Throws (an AssertionError or any error) on failure. */
  run(ctx: ScenarioContext): Promise<void>;
}

export const BOTH: readonly ContentType[] = ["json", "protobuf"];
