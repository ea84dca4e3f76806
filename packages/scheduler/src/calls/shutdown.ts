import { scheduler } from "@mesos-ts/proto";
import { type IdLike, toId } from "./ids.js";

/** SHUTDOWN a custom executor. */
export function shutdownCall(params: { executorId: IdLike; agentId: IdLike }): scheduler.Call {
  return {
    type: scheduler.Call_Type.SHUTDOWN,
    shutdown: {
      executor_id: toId(params.executorId, "executor id"),
      agent_id: toId(params.agentId, "agent id"),
    },
  };
}
