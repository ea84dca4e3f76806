import { scheduler } from "@mesos-ts/proto";
import { isUuidBytes } from "../ids.js";

const T = scheduler.Call_Type;

/** Payload field each call type must carry (`scheduler::call::validate`, `src/master/validation.cpp`). */
const PAYLOAD: Partial<Record<scheduler.Call_Type, keyof scheduler.Call>> = {
  [T.SUBSCRIBE]: "subscribe",
  [T.ACCEPT]: "accept",
  [T.DECLINE]: "decline",
  [T.ACCEPT_INVERSE_OFFERS]: "accept_inverse_offers",
  [T.DECLINE_INVERSE_OFFERS]: "decline_inverse_offers",
  [T.KILL]: "kill",
  [T.SHUTDOWN]: "shutdown",
  [T.ACKNOWLEDGE]: "acknowledge",
  [T.ACKNOWLEDGE_OPERATION_STATUS]: "acknowledge_operation_status",
  [T.RECONCILE]: "reconcile",
  [T.RECONCILE_OPERATIONS]: "reconcile_operations",
  [T.MESSAGE]: "message",
  [T.REQUEST]: "request",
  [T.UPDATE_FRAMEWORK]: "update_framework",
};

const KNOWN = new Set<number>(Object.values(T).filter((v): v is number => typeof v === "number" && v >= 0));

/**
 * `scheduler::call::validate` (src/master/validation.cpp): returns the error text that follows
 * "Failed to validate scheduler::Call: ", or undefined when valid.
 */
export function validateSchedulerCall(call: scheduler.Call): string | undefined {
  // An enum number the schema lacks is an unknown field to protobuf and dropped by the JSON
  // parser, so `type` is then simply absent.
  if (call.type === undefined || !KNOWN.has(call.type)) return "Expecting 'type' to be present";
  const payload = PAYLOAD[call.type];
  if (payload && call[payload] === undefined) return `Expecting '${payload}' to be present`;
  if (call.type === T.SUBSCRIBE) {
    const infoId = call.subscribe?.framework_info?.id?.value;
    const callId = call.framework_id?.value;
    if (infoId !== callId) return "'framework_id' differs from 'subscribe.framework_info.id'";
    return undefined;
  }
  // Every non-SUBSCRIBE call, UNKNOWN included, needs it (`src/master/validation.cpp`): an UNKNOWN call without
  // `framework_id` is a 400 validation failure, not a 501.
  if (call.framework_id === undefined) return "Expecting 'framework_id' to be present";
  if (call.type === T.ACKNOWLEDGE && !isUuidBytes(call.acknowledge?.uuid)) return "Not a valid UUID";
  if (call.type === T.ACKNOWLEDGE_OPERATION_STATUS) {
    const ack = call.acknowledge_operation_status;
    if (!isUuidBytes(ack?.uuid)) return "Not a valid UUID";
    if (ack?.agent_id === undefined) return "Expecting 'agent_id' to be present";
  }
  if (call.type === T.UPDATE_FRAMEWORK) {
    if (call.update_framework?.framework_info?.id?.value !== call.framework_id.value) {
      return "'framework_info.id' differs from 'framework_id'";
    }
  }
  return undefined;
}
