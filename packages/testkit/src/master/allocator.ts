import { scheduler, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../agent/agent.js";
import {
  addResources,
  containsResources,
  offerableTo,
  scalarOf,
  toPreRefinementFormat,
  withAllocationRole,
} from "../agent/resources.js";
import { hasCapability } from "./framework-info.js";
import type { FrameworkRecord, OfferRecord, Registry } from "./registry.js";

/** What the allocator needs from the master (the master owns it; it does not know the master). */
export interface AllocatorHost {
  readonly registry: Registry;
  readonly agents: ReadonlyMap<string, SimAgent>;
  readonly options: { readonly allocationIntervalMs: number; readonly offerTimeoutMs: number | undefined };
  /** The leading master (no leader: no allocation); offer ids start with its id. */
  readonly leader: { readonly info: v1.MasterInfo } | undefined;
  /** Unused resources of an agent (total - tasks - outstanding offers). */
  available(agent: SimAgent): v1.Resource[];
  rolesOf(fw: FrameworkRecord): string[];
  /** Whether the agent is registered with the leader (only those are offered). */
  isRegistered(agentId: string): boolean;
  sendEvent(fw: FrameworkRecord, event: scheduler.Event): void;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * A small hierarchical-allocator stand-in: every allocation interval, each agent's free
 * resources go to the next active framework/role (round robin) that is neither suppressed nor
 * filtered, as one offer per agent; offers to a framework are batched into one OFFERS event.
 * Departure: no DRF, weights, quota or hierarchical roles; one framework-role gets all of an
 * agent's free resources in a round.
 */
export class Allocator {
  readonly #core: AllocatorHost;
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #rotation = 0;

  constructor(core: AllocatorHost) {
    this.#core = core;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.allocate(), this.#core.options.allocationIntervalMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#soon) clearTimeout(this.#soon);
    this.#timer = undefined;
    this.#soon = undefined;
  }

  /** An allocation soon (after a subscribe, a revive, freed resources), like Mesos' batching. */
  schedule(): void {
    if (this.#soon || !this.#timer) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.allocate();
    }, 10);
  }

  allocate(): void {
    const core = this.#core;
    const leader = core.leader;
    if (!leader) return;
    const now = Date.now();
    core.registry.filters = core.registry.filters.filter((f) => f.expiresAt > now);
    const frameworks = [...core.registry.frameworks.values()].filter((fw) => fw.active && fw.subscription);
    if (frameworks.length === 0) return;
    const batches = new Map<FrameworkRecord, OfferRecord[]>();
    for (const agent of core.agents.values()) {
      if (!agent.active || !core.isRegistered(agent.id)) continue;
      const free = core.available(agent);
      const n = frameworks.length;
      for (let i = 0; i < n; i++) {
        const fw = frameworks[(this.#rotation + i) % n] as FrameworkRecord;
        const role = core.rolesOf(fw).find((r) => {
          if (fw.suppressed.has(r)) return false;
          const resources = offerableTo(free, r);
          if (!allocatable(resources)) return false;
          return !core.registry.filters.some(
            (f) =>
              f.frameworkId === fw.id &&
              f.agentId === agent.id &&
              f.role === r &&
              containsResources(f.resources, resources),
          );
        });
        if (role === undefined) continue;
        const offer: OfferRecord = {
          id: `${leader.info.id}-O${core.registry.offerCounter++}`,
          frameworkId: fw.id,
          agentId: agent.id,
          role,
          resources: offerableTo(free, role),
          timer: undefined,
        };
        core.registry.offers.set(offer.id, offer);
        const timeout = core.options.offerTimeoutMs;
        if (timeout !== undefined) offer.timer = setTimeout(() => this.rescind(offer.id), timeout);
        const list = batches.get(fw) ?? [];
        list.push(offer);
        batches.set(fw, list);
        break;
      }
      this.#rotation++;
    }
    for (const [fw, offers] of batches) {
      core.sendEvent(fw, {
        type: scheduler.Event_Type.OFFERS,
        offers: { offers: offers.map((o) => this.offerMessage(o)) },
      });
    }
  }

  /** The Offer message as the framework sees it (allocation info and resource format per capability). */
  offerMessage(offer: OfferRecord): v1.Offer {
    const core = this.#core;
    const fw =
      core.registry.frameworks.get(offer.frameworkId) ??
      core.registry.completedFrameworks.get(offer.frameworkId);
    const agent = core.agents.get(offer.agentId);
    const multiRole = hasCapability(fw?.info, v1.FrameworkInfo_Capability_Type.MULTI_ROLE);
    const refinement = hasCapability(fw?.info, v1.FrameworkInfo_Capability_Type.RESERVATION_REFINEMENT);
    let resources = withAllocationRole(offer.resources, multiRole ? offer.role : undefined);
    if (!refinement) resources = toPreRefinementFormat(resources);
    const executorIds = new Set<string>();
    for (const task of agent?.tasks.values() ?? []) {
      if (task.frameworkId === offer.frameworkId && task.exit === undefined && task.info.executor) {
        executorIds.add(task.executorId);
      }
    }
    return {
      id: { value: offer.id },
      framework_id: { value: offer.frameworkId },
      agent_id: { value: offer.agentId },
      hostname: agent?.hostname ?? "",
      ...(agent ? { url: agent.url } : {}),
      resources,
      ...(agent && agent.attributes.length > 0 ? { attributes: agent.attributes } : {}),
      ...(executorIds.size > 0 ? { executor_ids: [...executorIds].map((value) => ({ value })) } : {}),
      ...(multiRole ? { allocation_info: { role: offer.role } } : {}),
    };
  }

  /** Takes offers out (ACCEPT/DECLINE), returning them. */
  take(offerId: string): OfferRecord | undefined {
    const offer = this.#core.registry.offers.get(offerId);
    if (!offer) return undefined;
    if (offer.timer) clearTimeout(offer.timer);
    this.#core.registry.offers.delete(offerId);
    return offer;
  }

  /** Unused resources come back; with `refuseSeconds` they are filtered for that framework. */
  recover(
    frameworkId: string,
    agentId: string,
    role: string,
    resources: v1.Resource[],
    refuseSeconds: number | undefined,
  ): void {
    let seconds = refuseSeconds ?? 5;
    if (!Number.isFinite(seconds) || seconds < 0) seconds = 5;
    if (seconds > YEAR_SECONDS) seconds = YEAR_SECONDS;
    if (seconds > 0 && resources.length > 0) {
      const ms = Math.max(seconds * 1000, this.#core.options.allocationIntervalMs);
      this.#core.registry.filters.push({
        frameworkId,
        agentId,
        role,
        resources: addResources([], resources),
        expiresAt: Date.now() + ms,
      });
    }
    this.schedule();
  }

  /** `offer_timeout` or a role removed: RESCIND event, resources back. */
  rescind(offerId: string): void {
    const offer = this.take(offerId);
    if (!offer) return;
    const fw = this.#core.registry.frameworks.get(offer.frameworkId);
    if (fw)
      this.#core.sendEvent(fw, {
        type: scheduler.Event_Type.RESCIND,
        rescind: { offer_id: { value: offerId } },
      });
    this.schedule();
  }

  removeFrameworkOffers(frameworkId: string, notify: boolean, roles?: ReadonlySet<string>): void {
    for (const offer of [...this.#core.registry.offers.values()]) {
      if (offer.frameworkId !== frameworkId) continue;
      if (roles && !roles.has(offer.role)) continue;
      if (notify) this.rescind(offer.id);
      else this.take(offer.id);
    }
  }

  clearOffers(notify: boolean): void {
    for (const offer of [...this.#core.registry.offers.values()]) {
      if (notify) this.rescind(offer.id);
      else this.take(offer.id);
    }
  }

  /** REVIVE: filters of those roles cleared. */
  clearFilters(frameworkId: string, roles: ReadonlySet<string>): void {
    this.#core.registry.filters = this.#core.registry.filters.filter(
      (f) => !(f.frameworkId === frameworkId && roles.has(f.role)),
    );
    this.schedule();
  }
}

/** Mesos' minimum allocatable resources: 0.01 cpus or 32 MB mem (or any other resource). */
function allocatable(resources: v1.Resource[]): boolean {
  if (resources.length === 0) return false;
  if (scalarOf(resources, "cpus") >= 0.01 || scalarOf(resources, "mem") >= 32) return true;
  return resources.some((r) => r.name !== "cpus" && r.name !== "mem");
}
