// The v1 operator API's views of the master's records (GET_TASKS, GET_FRAMEWORKS, GET_AGENTS and
// the operator events that carry them), as a 1.12 master writes them.
import { type master, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../agent/agent.js";
import { addResources, toRefinedFormat, withAllocationRole } from "../agent/resources.js";
import { resourcesForOperator } from "../json/resources-model.js";
import { MESOS_VERSION } from "../version.js";
import type { MasterCore } from "./core.js";
import { type FrameworkRecord, isTerminal, type TaskRecord } from "./registry.js";

/**
 * What a 1.12 agent advertises (`src/slave/constants.cpp` AGENT_CAPABILITIES): MULTI_ROLE,
 * HIERARCHICAL_ROLE, RESERVATION_REFINEMENT, RESOURCE_PROVIDER, RESIZE_VOLUME,
 * AGENT_OPERATION_FEEDBACK, AGENT_DRAINING, TASK_RESOURCE_LIMITS.
 */
const AGENT_CAPABILITIES: v1.AgentInfo_Capability_Type[] = [
  v1.AgentInfo_Capability_Type.MULTI_ROLE,
  v1.AgentInfo_Capability_Type.HIERARCHICAL_ROLE,
  v1.AgentInfo_Capability_Type.RESERVATION_REFINEMENT,
  v1.AgentInfo_Capability_Type.RESOURCE_PROVIDER,
  v1.AgentInfo_Capability_Type.RESIZE_VOLUME,
  v1.AgentInfo_Capability_Type.AGENT_OPERATION_FEEDBACK,
  v1.AgentInfo_Capability_Type.AGENT_DRAINING,
  v1.AgentInfo_Capability_Type.TASK_RESOURCE_LIMITS,
];

/** A task as the v1 operator API shows it (resources with `allocation_info`). */
export function taskView(task: TaskRecord): v1.Task {
  return {
    name: task.info.name,
    task_id: task.info.task_id,
    framework_id: { value: task.frameworkId },
    ...(task.executorId !== undefined ? { executor_id: { value: task.executorId } } : {}),
    agent_id: { value: task.agentId },
    state: task.state,
    resources: resourcesForOperator(toRefinedFormat(task.info.resources ?? []), task.role).map((r) => ({
      ...r,
      role: undefined,
    })),
    statuses: task.statuses,
    ...(task.statusUpdateState !== undefined ? { status_update_state: task.statusUpdateState } : {}),
    ...(task.statusUpdateUuid !== undefined ? { status_update_uuid: task.statusUpdateUuid } : {}),
    ...(task.info.labels ? { labels: task.info.labels } : {}),
    ...(task.info.container ? { container: task.info.container } : {}),
    ...(task.info.kill_policy ? { kill_policy: task.info.kill_policy } : {}),
  };
}

/** A framework as GET_FRAMEWORKS shows it (`offer_constraints` always present). */
export function frameworkView(
  core: MasterCore,
  fw: FrameworkRecord,
): master.Response_GetFrameworks_Framework {
  const offers = [...core.registry.offers.values()].filter((o) => o.frameworkId === fw.id);
  let allocated: v1.Resource[] = [];
  for (const agent of core.agents.values()) allocated = addResources(allocated, agent.usedBy(fw.id));
  const time = (s: number | undefined) =>
    s === undefined ? undefined : { nanoseconds: BigInt(Math.round(s * 1e9)) };
  return {
    framework_info: fw.info,
    active: fw.active,
    connected: fw.connected,
    recovered: false,
    registered_time: time(fw.registeredTime),
    ...(fw.reregisteredTime !== undefined ? { reregistered_time: time(fw.reregisteredTime) } : {}),
    ...(fw.unregisteredTime !== undefined && !fw.connected
      ? { unregistered_time: time(fw.unregisteredTime) }
      : {}),
    offers: offers.map((o) => ({
      ...core.allocator.offerMessage(o),
      allocation_info: { role: o.role },
      resources: withAllocationRole(o.resources, o.role),
    })),
    allocated_resources: resourcesForOperator(allocated, core.rolesOf(fw)[0] ?? "*"),
    offered_resources: offers.flatMap((o) => resourcesForOperator(o.resources, o.role)),
    offer_constraints: fw.offerConstraints ?? {},
  };
}

/** An agent as GET_AGENTS shows it (1.12 capabilities, `drain_info` while drained). */
export function agentView(core: MasterCore, agent: SimAgent): master.Response_GetAgents_Agent {
  return {
    agent_info: agent.info,
    active: agent.active,
    deactivated: !agent.active,
    version: MESOS_VERSION,
    pid: `slave(1)@127.0.0.1:${agent.port}`,
    registered_time: { nanoseconds: BigInt(Math.round(agent.registeredTime * 1e6)) },
    total_resources: resourcesForOperator(agent.total),
    allocated_resources: allocatedOn(core, agent),
    offered_resources: [...core.registry.offers.values()]
      .filter((o) => o.agentId === agent.id)
      .flatMap((o) => resourcesForOperator(o.resources, o.role)),
    capabilities: AGENT_CAPABILITIES.map((type) => ({ type })),
    ...(core.operatorState.draining.has(agent.id)
      ? {
          drain_info: {
            state: [...agent.tasks.values()].some((t) => !t.exit)
              ? v1.DrainState.DRAINING
              : v1.DrainState.DRAINED,
            config: core.operatorState.draining.get(agent.id),
          },
        }
      : {}),
  };
}

/** Resources of live tasks on an agent, each with the role it was allocated to. */
function allocatedOn(core: MasterCore, agent: SimAgent): v1.Resource[] {
  const byRole = new Map<string, v1.Resource[]>();
  for (const t of core.registry.tasks.values()) {
    if (t.agentId !== agent.id || isTerminal(t.state)) continue;
    byRole.set(t.role, addResources(byRole.get(t.role) ?? [], toRefinedFormat(t.info.resources ?? [])));
  }
  return [...byRole].flatMap(([role, list]) => resourcesForOperator(list, role));
}
