// Finding a task, its agent, and its executor's container from the master's view.
import type { AgentClient } from "@mesos-ts/operator";
import type { v1 } from "@mesos-ts/proto";
import type { Context } from "./context.js";
import { CliError, NotFoundError } from "./errors.js";

export interface FoundTask {
  readonly task: v1.Task;
  readonly frameworkId: string;
  readonly agentId: string;
  /** A command task's executor id is its task id (the agent's command executor). */
  readonly executorId: string;
  readonly completed: boolean;
}

export async function findTask(ctx: Context, taskId: string, frameworkId?: string): Promise<FoundTask> {
  const tasks = await ctx.master().getTasks({ signal: ctx.io.signal });
  const candidates: Array<[v1.Task, boolean]> = [
    ...(tasks.tasks ?? []).map((t) => [t, false] as [v1.Task, boolean]),
    ...(tasks.unreachable_tasks ?? []).map((t) => [t, false] as [v1.Task, boolean]),
    ...(tasks.pending_tasks ?? []).map((t) => [t, false] as [v1.Task, boolean]),
    ...(tasks.completed_tasks ?? []).map((t) => [t, true] as [v1.Task, boolean]),
  ].filter(([t]) => t.task_id?.value === taskId && (!frameworkId || t.framework_id?.value === frameworkId));
  if (candidates.length === 0)
    throw new NotFoundError(`no task ${taskId}${frameworkId ? ` of framework ${frameworkId}` : ""}`);
  const frameworks = new Set(candidates.map(([t]) => t.framework_id?.value));
  if (frameworks.size > 1)
    throw new CliError(
      `task id ${taskId} is used by several frameworks (${[...frameworks].join(", ")}): pass --framework`,
    );
  const live = candidates.find(([, completed]) => !completed) ?? candidates[0];
  const [task, completed] = live as [v1.Task, boolean];
  return {
    task,
    frameworkId: task.framework_id?.value ?? "",
    agentId: task.agent_id?.value ?? "",
    executorId: task.executor_id?.value ?? taskId,
    completed,
  };
}

/** The sandbox path the agent serves for a task's executor (its latest run). */
export const sandboxPath = (t: FoundTask, file: string) =>
  `/frameworks/${t.frameworkId}/executors/${t.executorId}/runs/latest/${file}`;

/** The task's (executor's) container: from its latest status, else the agent's GET_CONTAINERS. */
export async function containerOf(ctx: Context, agent: AgentClient, t: FoundTask): Promise<v1.ContainerID> {
  const fromStatus = t.task.statuses?.at(-1)?.container_status?.container_id;
  if (fromStatus?.value) return fromStatus;
  const { containers = [] } = await agent.getContainers({ signal: ctx.io.signal });
  const found = containers.find(
    (c) => c.executor_id?.value === t.executorId && c.framework_id?.value === t.frameworkId,
  );
  if (!found?.container_id) throw new NotFoundError(`no running container for task ${t.task.task_id?.value}`);
  return found.container_id;
}
