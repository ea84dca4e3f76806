import { scheduler } from "@mesos-ts/proto";
import { type IdLike, toId } from "./ids.js";

export interface ReconcileOperation {
  operationId: IdLike;
  agentId?: IdLike;
  resourceProviderId?: IdLike;
}

/** RECONCILE_OPERATIONS: explicit for `operations`, all known operations when empty. */
export function reconcileOperationsCall(params: { operations?: ReconcileOperation[] } = {}): scheduler.Call {
  return {
    type: scheduler.Call_Type.RECONCILE_OPERATIONS,
    reconcile_operations: {
      operations: (params.operations ?? []).map((o) => ({
        operation_id: toId(o.operationId, "operation id"),
        ...(o.agentId !== undefined ? { agent_id: toId(o.agentId, "agent id") } : {}),
        ...(o.resourceProviderId !== undefined
          ? { resource_provider_id: toId(o.resourceProviderId, "resource provider id") }
          : {}),
      })),
    },
  };
}
