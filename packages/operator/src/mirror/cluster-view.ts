// The cluster as four maps, built from a GET_STATE (the SUBSCRIBED snapshot) and kept current
// by events. Live tasks only: a task leaves the view at its terminal update (the master keeps
// it in `tasks` until acknowledged, then in bounded `completed_tasks`; neither is an event).
import { isTerminalTaskState, type master, type v1 } from "@mesos-ts/proto";
import type { OperatorEvent } from "../events/operator-event.js";

export type Framework = master.Response_GetFrameworks_Framework;
export type Agent = master.Response_GetAgents_Agent;
export type Executor = master.Response_GetExecutors_Executor;
export type Task = v1.Task;

export type ViewChange =
  | { readonly kind: "reset" }
  | {
      readonly kind: "framework";
      readonly op: "set" | "delete";
      readonly key: string;
      readonly value?: Framework;
    }
  | { readonly kind: "agent"; readonly op: "set" | "delete"; readonly key: string; readonly value?: Agent }
  | { readonly kind: "task"; readonly op: "set" | "delete"; readonly key: string; readonly value?: Task }
  | {
      readonly kind: "executor";
      readonly op: "set" | "delete";
      readonly key: string;
      readonly value?: Executor;
    };

/** Terminal as Mesos counts it (`protobuf::isTerminalState`): TASK_UNREACHABLE is not. */
export const isTerminal = (state: v1.TaskState | undefined): boolean => isTerminalTaskState(state);

/** `frameworkId/taskId`: task ids are unique per framework only. */
export const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}/${taskId}`;
export const executorKey = (frameworkId: string, executorId: string): string =>
  `${frameworkId}/${executorId}`;

export class ClusterView {
  readonly frameworks = new Map<string, Framework>();
  readonly agents = new Map<string, Agent>();
  readonly tasks = new Map<string, Task>();
  readonly executors = new Map<string, Executor>();

  /** Replaces everything with a GET_STATE. */
  seed(state: master.Response_GetState): void {
    this.frameworks.clear();
    this.agents.clear();
    this.tasks.clear();
    this.executors.clear();
    for (const f of state.get_frameworks?.frameworks ?? []) {
      const id = f.framework_info?.id?.value;
      if (id !== undefined) this.frameworks.set(id, f);
    }
    for (const a of state.get_agents?.agents ?? []) {
      const id = a.agent_info?.id?.value;
      if (id !== undefined) this.agents.set(id, a);
    }
    for (const list of [
      state.get_tasks?.pending_tasks,
      state.get_tasks?.tasks,
      state.get_tasks?.unreachable_tasks,
    ]) {
      for (const t of list ?? []) this.#putTask(t);
    }
    for (const e of state.get_executors?.executors ?? []) {
      const fw = e.executor_info?.framework_id?.value;
      const id = e.executor_info?.executor_id?.value;
      if (fw !== undefined && id !== undefined) this.executors.set(executorKey(fw, id), e);
    }
  }

  /** Applies one event; returns what changed (empty for HEARTBEAT and unknown events). */
  apply(event: OperatorEvent): ViewChange[] {
    switch (event.type) {
      case "SUBSCRIBED":
        this.seed(event.state);
        return [{ kind: "reset" }];
      case "TASK_ADDED": {
        const key = this.#putTask(event.task);
        return key === undefined ? [] : [{ kind: "task", op: "set", key, value: event.task }];
      }
      case "TASK_UPDATED": {
        const taskId = event.status.task_id?.value ?? "";
        const key = taskKey(event.frameworkId, taskId);
        if (isTerminal(event.state))
          return this.tasks.delete(key) ? [{ kind: "task", op: "delete", key }] : [];
        const old = this.tasks.get(key);
        const task: Task = old
          ? { ...old, state: event.state, statuses: [...(old.statuses ?? []), event.status] }
          : {
              name: "",
              task_id: event.status.task_id,
              framework_id: { value: event.frameworkId },
              ...(event.status.agent_id ? { agent_id: event.status.agent_id } : {}),
              state: event.state,
              statuses: [event.status],
            };
        if (old && (old.statuses?.length ?? 0) >= 16) task.statuses = task.statuses?.slice(-16);
        this.tasks.set(key, task);
        return [{ kind: "task", op: "set", key, value: task }];
      }
      case "AGENT_ADDED": {
        const id = event.agent.agent_info?.id?.value;
        if (id === undefined) return [];
        this.agents.set(id, event.agent);
        return [{ kind: "agent", op: "set", key: id, value: event.agent }];
      }
      case "AGENT_REMOVED": {
        const changes: ViewChange[] = [];
        if (this.agents.delete(event.agentId))
          changes.push({ kind: "agent", op: "delete", key: event.agentId });
        for (const [key, e] of this.executors) {
          if (e.agent_id?.value !== event.agentId) continue;
          this.executors.delete(key);
          changes.push({ kind: "executor", op: "delete", key });
        }
        return changes;
      }
      case "FRAMEWORK_ADDED":
      case "FRAMEWORK_UPDATED": {
        const id = event.framework.framework_info?.id?.value;
        if (id === undefined) return [];
        this.frameworks.set(id, event.framework);
        return [{ kind: "framework", op: "set", key: id, value: event.framework }];
      }
      case "FRAMEWORK_REMOVED": {
        const id = event.frameworkInfo.id?.value;
        if (id === undefined) return [];
        const changes: ViewChange[] = [];
        if (this.frameworks.delete(id)) changes.push({ kind: "framework", op: "delete", key: id });
        const prefix = `${id}/`;
        for (const key of this.tasks.keys()) {
          if (!key.startsWith(prefix)) continue;
          this.tasks.delete(key);
          changes.push({ kind: "task", op: "delete", key });
        }
        for (const key of this.executors.keys()) {
          if (!key.startsWith(prefix)) continue;
          this.executors.delete(key);
          changes.push({ kind: "executor", op: "delete", key });
        }
        return changes;
      }
      default:
        return [];
    }
  }

  #putTask(task: Task): string | undefined {
    const fw = task.framework_id?.value;
    const id = task.task_id?.value;
    if (fw === undefined || id === undefined || isTerminal(task.state)) return undefined;
    const key = taskKey(fw, id);
    this.tasks.set(key, task);
    return key;
  }
}
