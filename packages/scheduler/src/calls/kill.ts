import { scheduler, type v1 } from "@mesos-ts/proto";
import { type IdLike, toId } from "./ids.js";

export interface KillParams {
  taskId: IdLike;
  agentId?: IdLike;
  killPolicy?: v1.KillPolicy;
}

/** KILL a task (unknown tasks are answered like an explicit reconciliation). */
export function killCall(params: KillParams): scheduler.Call {
  return {
    type: scheduler.Call_Type.KILL,
    kill: {
      task_id: toId(params.taskId, "task id"),
      ...(params.agentId !== undefined ? { agent_id: toId(params.agentId, "agent id") } : {}),
      ...(params.killPolicy ? { kill_policy: params.killPolicy } : {}),
    },
  };
}
