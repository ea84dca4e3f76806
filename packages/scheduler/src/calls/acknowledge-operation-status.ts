import { scheduler, type v1 } from "@mesos-ts/proto";
import { type IdLike, toBytes, toId } from "./ids.js";

export interface AcknowledgeOperationStatusParams {
  /** Required by validation. */
  agentId: IdLike;
  operationId: IdLike;
  /** The bytes of `OperationStatus.uuid.value`. */
  uuid: Uint8Array;
  resourceProviderId?: IdLike;
}

/** ACKNOWLEDGE_OPERATION_STATUS. */
export function acknowledgeOperationStatusCall(params: AcknowledgeOperationStatusParams): scheduler.Call {
  return {
    type: scheduler.Call_Type.ACKNOWLEDGE_OPERATION_STATUS,
    acknowledge_operation_status: {
      agent_id: toId(params.agentId, "agent id"),
      operation_id: toId(params.operationId, "operation id"),
      uuid: toBytes(params.uuid),
      ...(params.resourceProviderId !== undefined
        ? { resource_provider_id: toId(params.resourceProviderId, "resource provider id") }
        : {}),
    },
  };
}

/** The ACK for an operation status, or undefined when it carries no uuid (nothing to ack). */
export function acknowledgeOperationStatusCallFor(status: v1.OperationStatus): scheduler.Call | undefined {
  const uuid = status.uuid?.value;
  if (uuid === undefined || uuid.byteLength === 0) return undefined;
  if (!status.operation_id?.value || !status.agent_id?.value) return undefined;
  return acknowledgeOperationStatusCall({
    agentId: status.agent_id,
    operationId: status.operation_id,
    uuid,
    ...(status.resource_provider_id?.value ? { resourceProviderId: status.resource_provider_id } : {}),
  });
}
