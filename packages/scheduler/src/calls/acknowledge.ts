import { scheduler, type v1 } from "@mesos-ts/proto";
import { InvalidArgumentError } from "../errors.js";
import { type IdLike, toBytes, toId } from "./ids.js";

export interface AcknowledgeParams {
  agentId: IdLike;
  taskId: IdLike;
  /** `TaskStatus.uuid`: 16 bytes. */
  uuid: Uint8Array;
}

/** ACKNOWLEDGE a task status update that carried a uuid. */
export function acknowledgeCall(params: AcknowledgeParams): scheduler.Call {
  if (params.uuid.byteLength !== 16) throw new InvalidArgumentError("acknowledge: uuid must be 16 bytes");
  return {
    type: scheduler.Call_Type.ACKNOWLEDGE,
    acknowledge: {
      agent_id: toId(params.agentId, "agent id"),
      task_id: toId(params.taskId, "task id"),
      uuid: toBytes(params.uuid),
    },
  };
}

/**
 * The ACKNOWLEDGE for `status`, or undefined when the status must not be acknowledged (no
 * uuid: master-generated, `src/internal/evolve.cpp`) or lacks the ids an ACK needs.
 */
export function acknowledgeCallFor(status: v1.TaskStatus): scheduler.Call | undefined {
  const uuid = status.uuid;
  if (uuid === undefined || uuid.byteLength === 0) return undefined;
  if (!status.agent_id?.value || !status.task_id?.value) return undefined;
  return acknowledgeCall({ agentId: status.agent_id, taskId: status.task_id, uuid });
}
