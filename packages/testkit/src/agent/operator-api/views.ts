// The agent's read-only answers built from the simulated agent's tasks (shapes as recorded
// from a real agent: GET_TASKS' five lists, GET_EXECUTORS/GET_FRAMEWORKS with completed lists,
// GET_CONTAINERS whose nested entries carry no framework/executor and no top-level parent).
import { type agent, isTerminalTaskState, v1 } from "@mesos-ts/proto";
import type { AgentTask, SimAgent } from "../agent.js";
import { executorName } from "../agent-endpoints.js";
import { withAllocationRole } from "../resources.js";
import type { ContainerSessions } from "./container-sessions.js";

/** The agent's `--launcher_dir` (its default, as `/flags` reports it). */
const LAUNCHER_DIR = "/usr/local/libexec/mesos";

export interface AgentViewContext {
  readonly agent: SimAgent;
  /** The FrameworkInfo the master holds for a framework id. */
  readonly frameworkInfo: (frameworkId: string) => v1.FrameworkInfo | undefined;
  readonly sessions: ContainerSessions;
}

/** The role a framework's resources are allocated to (its first role, else `*`). */
function roleOf(ctx: AgentViewContext, frameworkId: string): string {
  const info = ctx.frameworkInfo(frameworkId);
  return info?.roles?.[0] ?? info?.role ?? "*";
}

/**
 * A task as a 1.12 agent lists it: resources with `allocation_info`, every status it made, the
 * latest status' state and uuid; `executor_id` only for a task of a custom executor (a command
 * task names none, `src/slave/slave.cpp`).
 */
function taskView(ctx: AgentViewContext, t: AgentTask): v1.Task {
  const latest = t.statuses.at(-1);
  return {
    name: t.info.name ?? "",
    task_id: t.info.task_id ?? { value: "" },
    framework_id: { value: t.frameworkId },
    ...(t.info.executor ? { executor_id: { value: t.executorId } } : {}),
    agent_id: { value: ctx.agent.id },
    state: t.state,
    resources: withAllocationRole(t.info.resources ?? [], roleOf(ctx, t.frameworkId)),
    statuses: t.statuses,
    ...(latest?.state !== undefined ? { status_update_state: latest.state } : {}),
    ...(latest?.uuid !== undefined ? { status_update_uuid: latest.uuid } : {}),
  };
}

export function getTasks(ctx: AgentViewContext): agent.Response_GetTasks {
  const live = new Set(ctx.agent.tasks.values());
  const launched: v1.Task[] = [];
  const terminated: v1.Task[] = [];
  const completed: v1.Task[] = [];
  for (const t of ctx.agent.allTasks()) {
    const view = taskView(ctx, t);
    if (!isTerminalTaskState(t.state)) launched.push(view);
    else if (live.has(t))
      terminated.push(view); // terminal, update not yet acknowledged
    else completed.push(view);
  }
  return {
    pending_tasks: [],
    queued_tasks: [],
    launched_tasks: launched,
    terminated_tasks: terminated,
    completed_tasks: completed,
  };
}

function executorInfo(ctx: AgentViewContext, t: AgentTask): v1.ExecutorInfo {
  if (t.info.executor) {
    return {
      executor_id: { value: t.executorId },
      framework_id: { value: t.frameworkId },
      name: t.info.executor.name ?? "",
      command: t.info.executor.command,
    };
  }
  // The command executor the agent makes for a command task (`Slave::getExecutorInfo` in
  // `src/slave/slave.cpp`): `mesos-executor` from the launcher directory, the task's resources,
  // the task id as `source`.
  return {
    executor_id: { value: t.executorId },
    framework_id: { value: t.frameworkId },
    command: {
      shell: false,
      value: `${LAUNCHER_DIR}/mesos-executor`,
      arguments: ["mesos-executor", `--launcher_dir=${LAUNCHER_DIR}`],
    },
    resources: withAllocationRole(t.info.resources ?? [], roleOf(ctx, t.frameworkId)),
    name: executorName(t),
    source: t.info.task_id?.value ?? "",
  };
}

export function getExecutors(ctx: AgentViewContext): agent.Response_GetExecutors {
  const executors = new Map<string, agent.Response_GetExecutors_Executor>();
  const completed = new Map<string, agent.Response_GetExecutors_Executor>();
  for (const t of ctx.agent.allTasks()) {
    const key = `${t.frameworkId}/${t.executorId}`;
    (isTerminalTaskState(t.state) ? completed : executors).set(key, { executor_info: executorInfo(ctx, t) });
  }
  for (const key of executors.keys()) completed.delete(key);
  return { executors: [...executors.values()], completed_executors: [...completed.values()] };
}

export function getFrameworks(ctx: AgentViewContext): agent.Response_GetFrameworks {
  const ids = new Set<string>();
  for (const t of ctx.agent.tasks.values()) ids.add(t.frameworkId);
  const frameworks: agent.Response_GetFrameworks_Framework[] = [];
  for (const id of ids) {
    const info = ctx.frameworkInfo(id);
    if (info) frameworks.push({ framework_info: { ...info, id: { value: id } } });
  }
  return { frameworks, completed_frameworks: [] };
}

export function getContainers(ctx: AgentViewContext, showNested: boolean): agent.Response_GetContainers {
  const timestamp = Date.now() / 1000;
  const containers: agent.Response_GetContainers_Container[] = [];
  for (const t of ctx.agent.tasks.values()) {
    if (isTerminalTaskState(t.state)) continue;
    const info = executorInfo(ctx, t);
    containers.push({
      framework_id: { value: t.frameworkId },
      executor_id: { value: t.executorId },
      executor_name: t.info.executor ? (info.name ?? "") : "Command Executor",
      container_id: { value: t.containerId },
      container_status: { container_id: { value: t.containerId } },
      resource_statistics: { timestamp },
    });
  }
  if (showNested) {
    for (const s of ctx.sessions.running()) {
      containers.push({
        container_id: { value: s.id },
        container_status: { container_id: { value: s.id, parent: { value: s.parentId } } },
        resource_statistics: { timestamp },
      });
    }
  }
  return { containers };
}

export function getState(ctx: AgentViewContext): agent.Response_GetState {
  return { get_tasks: getTasks(ctx), get_executors: getExecutors(ctx), get_frameworks: getFrameworks(ctx) };
}

export function getMetrics(ctx: AgentViewContext): agent.Response_GetMetrics {
  let running = 0;
  const ended = new Map<v1.TaskState, number>();
  for (const t of ctx.agent.allTasks()) {
    if (isTerminalTaskState(t.state)) ended.set(t.state, (ended.get(t.state) ?? 0) + 1);
    else if (t.state === v1.TaskState.TASK_RUNNING) running++;
  }
  const metric = (name: string, value: number) => ({ name, value });
  return {
    metrics: [
      metric("slave/registered", 1),
      metric("slave/uptime_secs", (Date.now() - ctx.agent.registeredTime) / 1000),
      metric("slave/tasks_running", running),
      metric("slave/tasks_finished", ended.get(v1.TaskState.TASK_FINISHED) ?? 0),
      metric("slave/tasks_failed", ended.get(v1.TaskState.TASK_FAILED) ?? 0),
      metric("slave/tasks_killed", ended.get(v1.TaskState.TASK_KILLED) ?? 0),
      metric("slave/executors_running", getExecutors(ctx).executors?.length ?? 0),
      metric("containerizer/mesos/container_destroy_errors", 0),
    ],
  };
}
