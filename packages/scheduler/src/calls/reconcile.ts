import { scheduler } from "@mesos-ts/proto";
import { type IdLike, toId } from "./ids.js";

export interface ReconcileTask {
  taskId: IdLike;
  agentId?: IdLike;
}

/** RECONCILE: explicit for `tasks`, implicit (every task the master knows) when empty. */
export function reconcileCall(params: { tasks?: ReconcileTask[] } = {}): scheduler.Call {
  return {
    type: scheduler.Call_Type.RECONCILE,
    reconcile: {
      tasks: (params.tasks ?? []).map((t) => ({
        task_id: toId(t.taskId, "task id"),
        ...(t.agentId !== undefined ? { agent_id: toId(t.agentId, "agent id") } : {}),
      })),
    },
  };
}
