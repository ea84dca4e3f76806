// Which agents the leading master knows. A real master learns agents back after a failover only
// when they re-register, 0.17-0.98 s after the election in a 1.12 cluster; until then it does not
// know their tasks, drops reconciliation requests for them and offers none of their resources.
// The first master to lead finds every agent registered (they registered as the cluster started).
import type { SeededIds } from "../ids.js";

export interface ReregistrationDelay {
  /** Shortest delay after an election before an agent re-registers (ms). */
  readonly minMs: number;
  /** Longest (ms); each agent draws its own delay in between. */
  readonly maxMs: number;
}

/** Mesos' agents re-registered 0.17-0.98 s after the election (measured with a real 1.12 cluster). */
export const DEFAULT_REREGISTRATION_DELAY: ReregistrationDelay = { minMs: 200, maxMs: 1000 };

export class AgentRegistrations {
  readonly #registered = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #delay: ReregistrationDelay;
  readonly #ids: SeededIds;
  #hadLeader = false;

  constructor(delay: ReregistrationDelay, ids: SeededIds) {
    this.#delay = delay;
    this.#ids = ids;
  }

  /** An agent that registers with the current leader (it joined after the election). */
  register(agentId: string): void {
    if (this.#hadLeader) this.#registered.add(agentId);
  }

  isRegistered(agentId: string): boolean {
    return this.#registered.has(agentId);
  }

  /**
   * Leadership moved. With no leader nobody is registered; the first leader knows every agent at
   * once; a later one learns each after its re-registration delay (`reregistered` runs then).
   */
  leaderChanged(leads: boolean, agentIds: readonly string[], reregistered: (agentId: string) => void): void {
    this.#cancel();
    this.#registered.clear();
    if (!leads) return;
    if (!this.#hadLeader) {
      this.#hadLeader = true;
      for (const id of agentIds) this.#registered.add(id);
      return;
    }
    const { minMs, maxMs } = this.#delay;
    for (const id of agentIds) {
      const ms = minMs + (this.#ids.next32() / 2 ** 32) * Math.max(0, maxMs - minMs);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#registered.add(id);
        reregistered(id);
      }, ms);
      this.#timers.add(timer);
    }
  }

  close(): void {
    this.#cancel();
  }

  #cancel(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
