import type { maintenance, quota, v1 } from "@mesos-ts/proto";

/** What operator calls change and read back: logging level, weights, maintenance, quota. */
export class OperatorState {
  /** glog verbosity (GET/SET_LOGGING_LEVEL); 0 as a master starts. */
  loggingLevel = 0;
  readonly weights = new Map<string, number>();
  schedule: maintenance.Schedule = { windows: [] };
  /** Machines taken DOWN by START_MAINTENANCE (`hostname/ip` keys). */
  readonly down = new Set<string>();
  readonly quotas = new Map<string, quota.QuotaConfig>();
  /** Agents being drained (DRAIN_AGENT), with the drain's config. */
  readonly draining = new Map<string, v1.DrainConfig>();
}
