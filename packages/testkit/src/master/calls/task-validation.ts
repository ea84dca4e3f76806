import { v1 } from "@mesos-ts/proto";
import type { MasterCore } from "../core.js";
import { frameworkRoles } from "../framework-info.js";
import { type FrameworkRecord, taskKey } from "../registry.js";

/** `common::validation::validateID` for task and executor ids: non-empty, no `/`, not `.`/`..`, no space/control. */
function validId(id: string): boolean {
  return id !== "" && !id.includes("/") && id !== "." && id !== ".." && !/[\x00-\x20]/.test(id);
}

/** `task::validate` essentials (`src/master/validation.cpp`). */
export function validateTask(
  core: MasterCore,
  fw: FrameworkRecord,
  task: v1.TaskInfo,
  agentId: string,
  groupExecutor: v1.ExecutorInfo | undefined,
  inGroup: boolean,
): string | undefined {
  const id = task.task_id?.value ?? "";
  if (!validId(id)) return `'${id}' is invalid as a task ID`;
  // Executor ids name sandbox directories too: an invalid one must not reach the agent
  // (a NUL byte made mkdir throw after the 202; `..` escaped the work directory).
  for (const executorId of [task.executor?.executor_id?.value, groupExecutor?.executor_id?.value]) {
    if (executorId !== undefined && !validId(executorId))
      return `'${executorId}' is invalid as an executor ID`;
  }
  if (core.registry.tasks.has(taskKey(fw.id, id))) return `Task has duplicate ID: ${id}`;
  if (task.agent_id?.value !== agentId) {
    return `Task uses invalid agent: ${task.agent_id?.value ?? ""}`;
  }
  if (inGroup) {
    if (task.executor) return "'TaskInfo.executor' must not be set";
    if (!groupExecutor) return "Task group executor must be set";
    if (groupExecutor.type !== v1.ExecutorInfo_Type.DEFAULT) return "'ExecutorInfo.type' must be 'DEFAULT'";
  } else if ((task.command === undefined) === (task.executor === undefined)) {
    return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
  }
  const roles = frameworkRoles(fw.info);
  for (const r of task.resources ?? []) {
    if (r.allocation_info?.role !== undefined && !roles.includes(r.allocation_info.role)) {
      return `Resource ${r.name} has allocation role '${r.allocation_info.role}' the framework is not subscribed to`;
    }
  }
  return undefined;
}
