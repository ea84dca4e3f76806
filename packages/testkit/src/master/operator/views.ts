// The state views the operator API answers with (GET_STATE and its parts, and the SUBSCRIBED
// event of the operator stream), built from the master's registry. Resources carry the
// pre-refinement `role` ("*") and `allocation_info` where Mesos writes them.
import type { master } from "@mesos-ts/proto";
import type { SimMaster } from "../master.js";

/** Agents registered with this leader; the others are only `recovered_agents` (from the registry). */
export function getAgents(m: SimMaster): master.Response_GetAgents {
  const all = [...m.core.agents.values()];
  return {
    agents: all.filter((a) => m.core.isRegistered(a.id)).map((a) => m.core.agentView(a)),
    recovered_agents: all.filter((a) => !m.core.isRegistered(a.id)).map((a) => a.info),
  };
}

export function getFrameworks(m: SimMaster): master.Response_GetFrameworks {
  return {
    frameworks: [...m.core.registry.frameworks.values()].map((f) => m.core.frameworkView(f)),
    completed_frameworks: [...m.core.registry.completedFrameworks.values()].map((f) =>
      m.core.frameworkView(f),
    ),
  };
}

/** Tasks the leader knows: those of agents registered with it. */
export function getTasks(m: SimMaster): master.Response_GetTasks {
  return {
    tasks: [...m.core.registry.tasks.values()]
      .filter((t) => m.core.isRegistered(t.agentId))
      .map((t) => m.core.taskView(t)),
    completed_tasks: m.core.registry.completedTasks.map((t) => m.core.taskView(t)),
  };
}

export function getExecutors(_m: SimMaster): master.Response_GetExecutors {
  // Command tasks run under the agent's built-in command executor, which the master lists
  // nowhere (Mesos does the same: `executors` stays empty for command tasks).
  return { executors: [] };
}

export function getState(m: SimMaster): master.Response_GetState {
  return {
    get_tasks: getTasks(m),
    get_executors: getExecutors(m),
    get_frameworks: getFrameworks(m),
    get_agents: getAgents(m),
  };
}

/**
 * Repeated fields the master writes as `[]` when empty (src/master/http.cpp writes these with
 * explicit JSON writers), as dotted paths in a Response (`get_tasks…`, `get_state.get_tasks…`)
 * and in the operator stream's SUBSCRIBED event.
 */
export const OPERATOR_LIST_PATHS: readonly string[] = (() => {
  const groups: Record<string, string[]> = {
    get_tasks: ["tasks", "unreachable_tasks", "completed_tasks"],
    get_executors: ["executors"],
    get_agents: ["agents", "recovered_agents"],
    get_frameworks: ["frameworks", "completed_frameworks"],
  };
  const out: string[] = [];
  for (const [group, fields] of Object.entries(groups)) {
    for (const f of fields)
      out.push(`${group}.${f}`, `get_state.${group}.${f}`, `subscribed.get_state.${group}.${f}`);
  }
  return out;
})();

/**
 * `agent_info.checkpoint`: a 1.12 master writes the agent's (internal, deprecated) checkpoint
 * flag, always true since 1.0, which `mesos.v1.AgentInfo` has no field for.
 */
export const OPERATOR_AGENT_INFO_PATHS: readonly string[] = [
  "get_agents.agents[].agent_info.checkpoint",
  "get_state.get_agents.agents[].agent_info.checkpoint",
  "subscribed.get_state.get_agents.agents[].agent_info.checkpoint",
  "agent_added.agent.agent_info.checkpoint",
];
