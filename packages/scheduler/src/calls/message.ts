import { scheduler } from "@mesos-ts/proto";
import { type IdLike, toBytes, toId } from "./ids.js";

export interface MessageParams {
  agentId: IdLike;
  executorId: IdLike;
  /** Bytes, or a string sent as UTF-8. */
  data: Uint8Array | string;
}

/** MESSAGE to an executor (best effort). */
export function messageCall(params: MessageParams): scheduler.Call {
  return {
    type: scheduler.Call_Type.MESSAGE,
    message: {
      agent_id: toId(params.agentId, "agent id"),
      executor_id: toId(params.executorId, "executor id"),
      data: toBytes(params.data),
    },
  };
}
