import { scheduler, v1 } from "@mesos-ts/proto";
import { log } from "../../diagnostics.js";
import type { MasterCore } from "../core.js";
import type { FrameworkRecord } from "../registry.js";

/** Drops a call after 202, as `Master::drop` does: logged, no effect. */
export function drop(call: scheduler.Call, reason: string): void {
  log("warn", "master", `Dropping ${scheduler.call_TypeToJSON(call.type ?? 0)} call: ${reason}`);
}

/** A master-made OPERATION_ERROR: no uuid, nothing to acknowledge (`src/master/master.cpp`). */
export function operationError(
  core: MasterCore,
  fw: FrameworkRecord,
  operationId: v1.OperationID,
  message: string,
  agentId?: string,
): void {
  core.sendEvent(fw, {
    type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
    update_operation_status: {
      status: {
        operation_id: operationId,
        state: v1.OperationState.OPERATION_ERROR,
        message,
        ...(agentId !== undefined ? { agent_id: { value: agentId } } : {}),
      },
    },
  });
}
