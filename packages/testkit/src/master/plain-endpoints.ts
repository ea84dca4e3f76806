// The master's plain JSON endpoints (src/master/http.cpp, readonly_handler.cpp): `/master/state`,
// `/master/state-summary`, `/master/frameworks`, `/master/slaves`, `/master/tasks`,
// `/master/roles`, `/master/flags` and `/metrics/snapshot`, in the pre-v1 shapes Mesos 1.12
// writes (doubles as `1.0`, resources as `model(Resources)`, empty lists as `[]`).
import { MesosJson, scheduler, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../agent/agent.js";
import { addResources } from "../agent/resources.js";
import { double, RawJson } from "../json/json-text.js";
import { reservedModel, resourcesFull, resourcesModel } from "../json/resources-model.js";
import { BUILD, MESOS_VERSION } from "../version.js";
import { masterFlags } from "./flags.js";
import type { SimMaster } from "./master.js";
import { masterMetrics } from "./metrics.js";
import type { FrameworkRecord, TaskRecord } from "./registry.js";

export const PLAIN_ROUTES = [
  "/master/state-summary",
  "/master/state",
  "/master/frameworks",
  "/master/slaves",
  "/master/tasks",
  "/master/roles",
  "/master/flags",
  "/metrics/snapshot",
];

/** The document of a plain endpoint, or undefined when `route` is not one. */
export function plainEndpoint(route: string, m: SimMaster): unknown {
  switch (route) {
    case "/master/state":
      return state(m);
    case "/master/state-summary":
      return stateSummary(m);
    case "/master/frameworks":
      return { ...frameworksOf(m), unregistered_frameworks: [] };
    case "/master/slaves":
      return {
        slaves: agents(m).map((a) => ({ ...agentJson(m, a), ...agentFull(m, a) })),
        recovered_slaves: [],
      };
    case "/master/tasks":
      return { tasks: [...m.core.registry.tasks.values(), ...m.core.registry.completedTasks].map(taskJson) };
    case "/master/roles":
      return roles(m);
    case "/master/flags":
      return { flags: masterFlags(m) };
    case "/metrics/snapshot":
      return masterMetrics(m);
    default:
      return undefined;
  }
}

const agents = (m: SimMaster) => [...m.core.agents.values()];
const time = (s: number | undefined) => double(s ?? 0);

function offeredTo(
  m: SimMaster,
  filter: (o: { agentId: string; frameworkId: string }) => boolean,
): v1.Resource[] {
  let sum: v1.Resource[] = [];
  for (const o of m.core.registry.offers.values()) if (filter(o)) sum = addResources(sum, o.resources);
  return sum;
}

function agentJson(m: SimMaster, a: SimAgent): Record<string, unknown> {
  return {
    id: a.id,
    hostname: a.hostname,
    port: a.port,
    attributes: {},
    pid: `slave(1)@127.0.0.1:${a.port}`,
    registered_time: double(a.registeredTime / 1000),
    resources: resourcesModel(a.total),
    used_resources: resourcesModel(a.used()),
    offered_resources: resourcesModel(offeredTo(m, (o) => o.agentId === a.id)),
    reserved_resources: reservedModel(a.total),
    unreserved_resources: resourcesModel(a.total.filter((r) => !r.reservations?.length)),
    active: a.active,
    deactivated: !a.active,
    version: MESOS_VERSION,
    capabilities: AGENT_CAPABILITY_NAMES,
  };
}

function agentFull(m: SimMaster, a: SimAgent): Record<string, unknown> {
  const role = "*";
  return {
    reserved_resources_full: {},
    unreserved_resources_full: resourcesFull(a.total.filter((r) => !r.reservations?.length)),
    used_resources_full: resourcesFull(a.used(), role),
    offered_resources_full: resourcesFull(
      offeredTo(m, (o) => o.agentId === a.id),
      role,
    ),
  };
}

/** The agent capabilities a 1.12 agent advertises (`slave/constants.cpp`), as the master lists them. */
export const AGENT_CAPABILITY_NAMES = [
  "MULTI_ROLE",
  "HIERARCHICAL_ROLE",
  "RESERVATION_REFINEMENT",
  "RESOURCE_PROVIDER",
  "RESIZE_VOLUME",
  "AGENT_OPERATION_FEEDBACK",
  "AGENT_DRAINING",
  "TASK_RESOURCE_LIMITS",
];

export function taskJson(t: TaskRecord): Record<string, unknown> {
  return {
    id: t.info.task_id?.value ?? "",
    name: t.info.name ?? "",
    framework_id: t.frameworkId,
    executor_id: t.executorId ?? "",
    slave_id: t.agentId,
    state: v1.taskStateToJSON(t.state),
    resources: resourcesModel(t.info.resources ?? []),
    role: t.role,
    statuses: t.statuses.map((s) => ({
      state: v1.taskStateToJSON(s.state ?? 0),
      timestamp: double(s.timestamp ?? 0),
      ...(s.container_status
        ? {
            container_status: new RawJson(
              MesosJson.stringify(v1.ContainerStatus, { ...s.container_status, executor_pid: undefined }),
            ),
          }
        : {}),
    })),
  };
}

function frameworkJson(m: SimMaster, fw: FrameworkRecord, live: boolean): Record<string, unknown> {
  const tasks = [...m.core.registry.tasks.values()].filter((t) => t.frameworkId === fw.id);
  const completed = m.core.registry.completedTasks.filter((t) => t.frameworkId === fw.id);
  let used: v1.Resource[] = [];
  if (live) for (const a of agents(m)) used = addResources(used, a.usedBy(fw.id));
  const offers = live ? [...m.core.registry.offers.values()].filter((o) => o.frameworkId === fw.id) : [];
  const offered = offers.reduce<v1.Resource[]>((s, o) => addResources(s, o.resources), []);
  const info = fw.info;
  return {
    id: fw.id,
    name: info.name ?? "",
    used_resources: resourcesModel(used),
    offered_resources: resourcesModel(offered),
    capabilities: (info.capabilities ?? []).map((c) => v1.frameworkInfo_Capability_TypeToJSON(c.type ?? 0)),
    hostname: info.hostname ?? "",
    webui_url: info.webui_url ?? "",
    active: fw.active,
    connected: fw.connected,
    recovered: false,
    user: info.user ?? "",
    failover_timeout: double(info.failover_timeout ?? 0),
    checkpoint: info.checkpoint ?? false,
    registered_time: time(fw.registeredTime),
    unregistered_time: time(fw.connected ? 0 : fw.unregisteredTime),
    resources: resourcesModel(addResources(used, offered)),
    ...(fw.reregisteredTime !== undefined ? { reregistered_time: time(fw.reregisteredTime) } : {}),
    ...(info.principal !== undefined ? { principal: info.principal } : {}),
    role: info.roles?.[0] ?? info.role ?? "*",
    tasks: tasks.map(taskJson),
    unreachable_tasks: [],
    completed_tasks: completed.map(taskJson),
    offers: offers.map((o) => ({
      id: o.id,
      framework_id: o.frameworkId,
      allocation_info: { role: o.role },
      slave_id: o.agentId,
      resources: resourcesModel(o.resources),
    })),
    executors: [],
    offer_constraints: new RawJson(
      MesosJson.stringify(scheduler.OfferConstraints, fw.offerConstraints ?? {}),
    ),
  };
}

function frameworksOf(m: SimMaster): Record<string, unknown> {
  return {
    frameworks: [...m.core.registry.frameworks.values()].map((f) => frameworkJson(m, f, true)),
    completed_frameworks: [...m.core.registry.completedFrameworks.values()].map((f) =>
      frameworkJson(m, f, false),
    ),
  };
}

function state(m: SimMaster): Record<string, unknown> {
  const info = m.info;
  const live = agents(m);
  return {
    version: MESOS_VERSION,
    build_date: BUILD.build_date,
    build_time: double(BUILD.build_time),
    build_user: BUILD.build_user,
    start_time: double(m.startTime),
    ...(m.electedTime !== undefined ? { elected_time: double(m.electedTime) } : {}),
    id: info.id,
    pid: info.pid,
    hostname: info.hostname,
    capabilities: ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"],
    activated_slaves: double(live.filter((a) => a.active).length),
    deactivated_slaves: double(live.filter((a) => !a.active).length),
    unreachable_slaves: double(0),
    leader: m.knownLeader?.pid ?? info.pid,
    // Only these four (`Master::Http::state`), unlike the MasterInfo elsewhere.
    leader_info: m.knownLeader
      ? {
          id: m.knownLeader.id,
          pid: m.knownLeader.pid,
          port: m.knownLeader.port,
          hostname: m.knownLeader.hostname,
        }
      : undefined,
    cluster: "mesos-ts",
    flags: masterFlags(m),
    slaves: live.map((a) => agentJson(m, a)),
    recovered_slaves: [],
    ...frameworksOf(m),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}

const TASK_STATE_COUNTERS = [
  "TASK_STAGING",
  "TASK_STARTING",
  "TASK_RUNNING",
  "TASK_KILLING",
  "TASK_FINISHED",
  "TASK_KILLED",
  "TASK_FAILED",
  "TASK_LOST",
  "TASK_ERROR",
  "TASK_UNREACHABLE",
];

function countStates(tasks: TaskRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of TASK_STATE_COUNTERS) out[s] = tasks.filter((t) => v1.taskStateToJSON(t.state) === s).length;
  return out;
}

function stateSummary(m: SimMaster): Record<string, unknown> {
  const tasks = [...m.core.registry.tasks.values()];
  const frameworks = frameworksOf(m).frameworks as Array<Record<string, unknown>>;
  return {
    hostname: m.info.hostname,
    cluster: "mesos-ts",
    slaves: agents(m).map((a) => {
      const mine = tasks.filter((t) => t.agentId === a.id);
      return {
        ...agentJson(m, a),
        ...countStates(mine),
        framework_ids: [...new Set(mine.map((t) => t.frameworkId))],
      };
    }),
    frameworks: frameworks.map((f) => {
      const mine = tasks.filter((t) => t.frameworkId === f.id);
      return {
        id: f.id,
        name: f.name,
        used_resources: f.used_resources,
        offered_resources: f.offered_resources,
        capabilities: f.capabilities,
        hostname: f.hostname,
        webui_url: f.webui_url,
        active: f.active,
        connected: f.connected,
        recovered: f.recovered,
        ...countStates(mine),
        slave_ids: [...new Set(mine.map((t) => t.agentId))],
      };
    }),
  };
}

function roles(m: SimMaster): Record<string, unknown> {
  const names = new Set<string>(["*"]);
  for (const fw of m.core.registry.frameworks.values()) for (const r of m.core.rolesOf(fw)) names.add(r);
  return {
    roles: [...names].sort().map((role) => {
      const frameworks = [...m.core.registry.frameworks.values()].filter((f) =>
        m.core.rolesOf(f).includes(role),
      );
      let allocated: v1.Resource[] = [];
      for (const t of m.core.registry.tasks.values())
        if (t.role === role) allocated = addResources(allocated, t.info.resources ?? []);
      const offered = offeredTo(m, (o) => frameworks.some((f) => f.id === o.frameworkId));
      let total: v1.Resource[] = [];
      for (const a of agents(m)) total = addResources(total, a.total);
      return {
        name: role,
        weight: double(m.core.operatorState.weights.get(role) ?? 1),
        quota: { role, guarantee: {}, limit: {}, consumed: scalarsModel(allocated) },
        resources: scalarsModel(total),
        allocated: scalarsModel(allocated),
        offered: scalarsModel(offered),
        reserved: {},
        frameworks: frameworks.map((f) => f.id),
      };
    }),
  };
}

/** `Resources::scalars` per name, ranges counted as their size (roles endpoint). */
function scalarsModel(resources: readonly v1.Resource[]): Record<string, unknown> {
  const out = new Map<string, number>();
  for (const r of resources) {
    let v = 0;
    if (r.type === v1.Value_Type.SCALAR) v = r.scalar?.value ?? 0;
    else if (r.type === v1.Value_Type.RANGES)
      for (const x of r.ranges?.range ?? []) v += Number(x.end ?? 0n) - Number(x.begin ?? 0n) + 1;
    else continue;
    out.set(r.name ?? "", (out.get(r.name ?? "") ?? 0) + v);
  }
  const doc: Record<string, unknown> = {};
  for (const k of [...out.keys()].sort()) doc[k] = double(Math.round((out.get(k) ?? 0) * 1000) / 1000);
  return doc;
}
