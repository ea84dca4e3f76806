// The agent's plain JSON endpoints (src/slave/http.cpp): `/state` (≡ `/slave(1)/state`),
// `/flags`, `/containers` and `/metrics/snapshot`, in the shapes a 1.12 agent writes.
import { v1 } from "@mesos-ts/proto";
import { type Double, double } from "../json/json-text.js";
import { resourcesFull, resourcesModel } from "../json/resources-model.js";
import { AGENT_CAPABILITY_NAMES, taskJson } from "../master/plain-endpoints.js";
import { systemMetrics } from "../system-metrics.js";
import { BUILD, MESOS_VERSION } from "../version.js";
import type { AgentTask, SimAgent } from "./agent.js";
import { agentFlags } from "./agent-flags.js";
import { addResources, scalarOf } from "./resources.js";

export const AGENT_PLAIN_ROUTES = ["/state", "/flags", "/containers", "/metrics/snapshot"];

/** What the agent's built-in command executor adds to a command task (`slave/constants.cpp`). */
const COMMAND_EXECUTOR: v1.Resource[] = [
  { name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.1 } },
  { name: "mem", type: v1.Value_Type.SCALAR, scalar: { value: 32 } },
];

export interface AgentView {
  readonly agent: SimAgent;
  /** `host:port` of the master the agent follows. */
  readonly masterAddress: string;
  readonly startTime: number;
  /** The framework's name and user, from the master's registry. */
  frameworkInfo(frameworkId: string): v1.FrameworkInfo | undefined;
}

export function agentPlainEndpoint(route: string, view: AgentView): unknown {
  switch (route) {
    case "/state":
      return state(view);
    case "/flags":
      return { flags: agentFlags(view.agent, view.masterAddress) };
    case "/containers":
      return [...view.agent.tasks.values()].filter((t) => !t.exit).map((t) => container(t));
    case "/metrics/snapshot":
      return metrics(view);
    default:
      return undefined;
  }
}

/**
 * The name of a command task's executor (`Slave::getExecutorInfo` in `src/slave/slave.cpp`): a
 * command over 15 characters is shown by its first 12 and `...`, as recorded from a 1.12 agent.
 */
export function executorName(t: AgentTask): string {
  const command = t.info.command?.value ?? "";
  const shown = command.length > 15 ? `${command.slice(0, 12)}...` : command;
  return `Command Executor (Task: ${t.info.task_id?.value ?? ""}) (Command: sh -c '${shown}')`;
}

function executorResources(t: AgentTask): v1.Resource[] {
  const own = t.info.resources ?? [];
  return t.info.command ? addResources(own, COMMAND_EXECUTOR) : own;
}

function container(t: AgentTask): Record<string, unknown> {
  const resources = executorResources(t);
  return {
    container_id: t.containerId,
    executor_id: t.executorId,
    executor_name: executorName(t),
    framework_id: t.frameworkId,
    source: t.info.task_id?.value ?? "",
    statistics: {
      cpus_soft_limit: double(scalarOf(resources, "cpus")),
      cpus_system_time_secs: double(0),
      cpus_user_time_secs: double(0),
      mem_limit_bytes: Math.round(scalarOf(resources, "mem") * 1024 * 1024),
      mem_rss_bytes: 0,
      mem_soft_limit_bytes: Math.round(scalarOf(resources, "mem") * 1024 * 1024),
      timestamp: double(Date.now() / 1000),
    },
    status: {
      container_id: { value: t.containerId },
      ...(t.pid !== undefined ? { executor_pid: t.pid } : {}),
    },
  };
}

function state(view: AgentView): Record<string, unknown> {
  const a = view.agent;
  const live = [...a.tasks.values()].filter((t) => !t.exit);
  const frameworkIds = [...new Set(live.map((t) => t.frameworkId))];
  let allocated: v1.Resource[] = [];
  for (const t of live) allocated = addResources(allocated, executorResources(t));
  return {
    version: MESOS_VERSION,
    build_date: BUILD.build_date,
    build_time: double(BUILD.build_time),
    build_user: BUILD.build_user,
    start_time: double(view.startTime),
    id: a.id,
    pid: `slave(1)@127.0.0.1:${a.port}`,
    hostname: a.hostname,
    capabilities: AGENT_CAPABILITY_NAMES,
    resources: resourcesModel(a.total),
    reserved_resources: {},
    unreserved_resources: resourcesModel(a.total.filter((r) => !r.reservations?.length)),
    reserved_resources_full: {},
    unreserved_resources_full: resourcesFull(a.total.filter((r) => !r.reservations?.length)),
    reserved_resources_allocated: {},
    unreserved_resources_allocated: resourcesModel(allocated),
    resource_providers: [],
    attributes: {},
    master_hostname: view.masterAddress.split(":")[0],
    flags: agentFlags(a, view.masterAddress),
    frameworks: frameworkIds.map((id) => {
      const info = view.frameworkInfo(id);
      const tasks = live.filter((t) => t.frameworkId === id);
      return {
        id,
        name: info?.name ?? "",
        user: info?.user ?? "",
        failover_timeout: double(info?.failover_timeout ?? 0),
        checkpoint: info?.checkpoint ?? false,
        hostname: info?.hostname ?? "",
        role: info?.roles?.[0] ?? info?.role ?? "*",
        executors: tasks.map((t) => ({
          id: t.executorId,
          name: executorName(t),
          source: t.info.task_id?.value ?? "",
          container: t.containerId,
          directory: t.sandbox,
          resources: resourcesModel(executorResources(t)),
          role: info?.roles?.[0] ?? info?.role ?? "*",
          tasks: [agentTaskJson(a, t, info)],
          queued_tasks: [],
          completed_tasks: [],
        })),
        completed_executors: [],
      };
    }),
    completed_frameworks: [],
  };
}

function agentTaskJson(
  a: SimAgent,
  t: AgentTask,
  info: v1.FrameworkInfo | undefined,
): Record<string, unknown> {
  return taskJson({
    frameworkId: t.frameworkId,
    agentId: a.id,
    info: t.info,
    executorId: undefined,
    role: info?.roles?.[0] ?? info?.role ?? "*",
    state: t.state,
    statuses: t.statuses,
    latest: undefined,
    statusUpdateState: undefined,
    statusUpdateUuid: undefined,
  });
}

function metrics(view: AgentView): Record<string, Double> {
  const a = view.agent;
  const live = [...a.tasks.values()].filter((t) => !t.exit);
  let used: v1.Resource[] = [];
  for (const t of live) used = addResources(used, executorResources(t));
  const count = (state: v1.TaskState) => live.filter((t) => t.state === state).length;
  const values: Record<string, number> = {
    "containerizer/fetcher/cache_size_total_bytes": 2147483648,
    "containerizer/fetcher/cache_size_used_bytes": 0,
    "containerizer/fetcher/task_fetches_failed": 0,
    "containerizer/fetcher/task_fetches_succeeded": 0,
    "containerizer/mesos/container_destroy_errors": 0,
    "containerizer/mesos/provisioner/bind/remove_rootfs_errors": 0,
    "containerizer/mesos/provisioner/remove_container_errors": 0,
    "gc/path_removals_failed": 0,
    "gc/path_removals_pending": 0,
    "gc/path_removals_succeeded": 0,
    "resource_provider_manager/events/disconnect": 0,
    "resource_provider_manager/events/subscribe": 0,
    "resource_provider_manager/subscribed": 0,
    "slave/container_launch_errors": 0,
    "slave/executor_directory_max_allowed_age_secs": 544320,
    "slave/executors_preempted": 0,
    "slave/executors_registering": 0,
    "slave/executors_running": live.length,
    "slave/executors_terminated": 0,
    "slave/executors_terminating": 0,
    "slave/frameworks_active": new Set(live.map((t) => t.frameworkId)).size,
    "slave/invalid_framework_messages": 0,
    "slave/invalid_status_updates": 0,
    "slave/recovery_errors": 0,
    "slave/recovery_time_secs": 0,
    "slave/registered": 1,
    "slave/tasks_failed": 0,
    "slave/tasks_finished": 0,
    "slave/tasks_gone": 0,
    "slave/tasks_killed": 0,
    "slave/tasks_killing": count(v1.TaskState.TASK_KILLING),
    "slave/tasks_lost": 0,
    "slave/tasks_running": count(v1.TaskState.TASK_RUNNING),
    "slave/tasks_staging": count(v1.TaskState.TASK_STAGING),
    "slave/tasks_starting": count(v1.TaskState.TASK_STARTING),
    "slave/uptime_secs": Date.now() / 1000 - view.startTime,
    "slave/valid_framework_messages": 0,
    "slave/valid_status_updates": 0,
    ...systemMetrics(),
  };
  for (const r of ["cpus", "disk", "gpus", "mem"]) {
    const total = scalarOf(a.total, r);
    const u = scalarOf(used, r);
    values[`slave/${r}_total`] = total;
    values[`slave/${r}_used`] = u;
    values[`slave/${r}_percent`] = total > 0 ? u / total : 0;
    for (const x of ["percent", "total", "used"]) values[`slave/${r}_revocable_${x}`] = 0;
  }
  const doc: Record<string, Double> = {};
  for (const k of Object.keys(values).sort()) doc[k] = double(values[k] ?? 0);
  return doc;
}
