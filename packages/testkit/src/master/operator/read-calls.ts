// Operator calls that read the master's state (src/master/http.cpp `Master::Http::get*`).
import { master, v1 } from "@mesos-ts/proto";
import { addResources } from "../../agent/resources.js";
import { VERSION_INFO } from "../../version.js";
import { masterFlags } from "../flags.js";
import { masterInfoFor } from "../master-info.js";
import { masterMetricValues } from "../metrics.js";
import type { OperatorHandler } from "./context.js";
import { getAgents, getExecutors, getFrameworks, getState, getTasks } from "./views.js";

const C = master.Call_Type;
const R = master.Response_Type;

export const READ_CALLS: ReadonlyMap<master.Call_Type, OperatorHandler> = new Map<
  master.Call_Type,
  OperatorHandler
>([
  [C.GET_HEALTH, () => ({ response: { type: R.GET_HEALTH, get_health: { healthy: true } } })],
  [C.GET_VERSION, () => ({ response: { type: R.GET_VERSION, get_version: { version_info: VERSION_INFO } } })],
  [
    C.GET_FLAGS,
    ({ master: m }) => ({
      response: {
        type: R.GET_FLAGS,
        get_flags: { flags: Object.entries(masterFlags(m)).map(([name, value]) => ({ name, value })) },
      },
    }),
  ],
  [
    C.GET_METRICS,
    ({ master: m }) => ({
      response: {
        type: R.GET_METRICS,
        get_metrics: {
          metrics: [...masterMetricValues(m)]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, value]) => ({ name, value })),
        },
      },
    }),
  ],
  [
    C.GET_LOGGING_LEVEL,
    ({ master: m }) => ({
      response: {
        type: R.GET_LOGGING_LEVEL,
        get_logging_level: { level: m.core.operatorState.loggingLevel },
      },
    }),
  ],
  [
    C.GET_MASTER,
    ({ master: m, media }) => ({
      response: {
        type: R.GET_MASTER,
        get_master: {
          master_info: masterInfoFor(media, m.info),
          start_time: m.startTime,
          ...(m.electedTime !== undefined ? { elected_time: m.electedTime } : {}),
        },
      },
    }),
  ],
  [C.GET_STATE, ({ master: m }) => ({ response: { type: R.GET_STATE, get_state: getState(m) } })],
  [C.GET_AGENTS, ({ master: m }) => ({ response: { type: R.GET_AGENTS, get_agents: getAgents(m) } })],
  [
    C.GET_FRAMEWORKS,
    ({ master: m }) => ({ response: { type: R.GET_FRAMEWORKS, get_frameworks: getFrameworks(m) } }),
  ],
  [
    C.GET_EXECUTORS,
    ({ master: m }) => ({ response: { type: R.GET_EXECUTORS, get_executors: getExecutors(m) } }),
  ],
  [C.GET_TASKS, ({ master: m }) => ({ response: { type: R.GET_TASKS, get_tasks: getTasks(m) } })],
  // Operations the agents reported and frameworks have not acknowledged yet.
  [
    C.GET_OPERATIONS,
    ({ master: m }) => {
      const operations = m.core.operations.operations().map((o) => ({
        framework_id: { value: o.frameworkId },
        agent_id: { value: o.agentId },
        info: o.info,
        latest_status: o.status,
        statuses: [o.status],
        uuid: o.status.uuid,
      }));
      return {
        response: { type: R.GET_OPERATIONS, get_operations: operations.length > 0 ? { operations } : {} },
      };
    },
  ],
  [C.GET_ROLES, ({ master: m }) => ({ response: { type: R.GET_ROLES, get_roles: { roles: roles(m) } } })],
  [
    C.GET_WEIGHTS,
    ({ master: m }) => {
      const weights = [...m.core.operatorState.weights].map(([role, weight]) => ({ role, weight }));
      // With no weight set, a 1.12 master writes no `get_weights` at all.
      return {
        response: {
          type: R.GET_WEIGHTS,
          ...(weights.length > 0 ? { get_weights: { weight_infos: weights } } : {}),
        },
      };
    },
  ],
  [
    C.GET_MAINTENANCE_SCHEDULE,
    ({ master: m }) => ({
      response: {
        type: R.GET_MAINTENANCE_SCHEDULE,
        get_maintenance_schedule: { schedule: m.core.operatorState.schedule },
      },
    }),
  ],
  [
    C.GET_MAINTENANCE_STATUS,
    ({ master: m }) => {
      const state = m.core.operatorState;
      const scheduled = state.schedule.windows?.flatMap((w) => w.machine_ids ?? []) ?? [];
      const key = (id: v1.MachineID) => `${id.hostname ?? ""}/${id.ip ?? ""}`;
      return {
        response: {
          type: R.GET_MAINTENANCE_STATUS,
          get_maintenance_status: {
            status: {
              draining_machines: scheduled
                .filter((id) => !state.down.has(key(id)))
                .map((id) => ({ id, statuses: [] })),
              down_machines: scheduled.filter((id) => state.down.has(key(id))),
            },
          },
        },
      };
    },
  ],
  [
    C.GET_QUOTA,
    ({ master: m }) => {
      const configs = [...m.core.operatorState.quotas.values()];
      return {
        response: { type: R.GET_QUOTA, get_quota: { status: configs.length > 0 ? { configs } : {} } },
      };
    },
  ],
]);

/** GET_ROLES: every role with frameworks or a weight, its weight, frameworks and resources. */
function roles(m: import("../master.js").SimMaster): master.Response_GetRoles["roles"] {
  const names = new Set<string>(["*", ...m.core.operatorState.weights.keys()]);
  for (const fw of m.core.registry.frameworks.values()) for (const r of m.core.rolesOf(fw)) names.add(r);
  return [...names].sort().map((name) => {
    const frameworks = [...m.core.registry.frameworks.values()].filter((f) =>
      m.core.rolesOf(f).includes(name),
    );
    let resources: v1.Resource[] = [];
    for (const t of m.core.registry.tasks.values())
      if (t.role === name) resources = addResources(resources, t.info.resources ?? []);
    for (const o of m.core.registry.offers.values())
      if (o.role === name) resources = addResources(resources, o.resources);
    return {
      name,
      weight: m.core.operatorState.weights.get(name) ?? 1,
      frameworks: frameworks.map((f) => ({ value: f.id })),
      resources: resources
        .filter((r) => r.type === v1.Value_Type.SCALAR)
        .sort((a, b) => ((a.name ?? "") < (b.name ?? "") ? -1 : 1)),
    };
  });
}
