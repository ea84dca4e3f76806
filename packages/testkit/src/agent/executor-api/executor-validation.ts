import { executor, v1 } from "@mesos-ts/proto";

/** stout `UUID::fromBytes`: 16 bytes whose RFC-4122 version nibble is 1..5 (observed: nil, v0, v6 rejected). */
export function isValidUuid(bytes: Uint8Array | undefined): boolean {
  if (bytes?.length !== 16) return false;
  const version = (bytes[6] as number) >> 4;
  return version >= 1 && version <= 5;
}

/**
 * `executor::validation::call::validate` (`src/executor/validation.cpp`): the reason the call is
 * invalid, or undefined. The caller prefixes `Failed to validate Executor::Call: `.
 */
export function validateExecutorCall(call: executor.Call): string | undefined {
  const T = executor.Call_Type;
  if (call.type === undefined) return "Expecting 'type' to be present";
  const executorId = call.executor_id?.value ?? "";
  const frameworkId = call.framework_id?.value ?? "";
  switch (call.type) {
    case T.SUBSCRIBE:
      return call.subscribe ? undefined : "Expecting 'subscribe' to be present";
    case T.UPDATE: {
      if (!call.update) return "Expecting 'update' to be present";
      const status = call.update.status ?? {};
      if (status.uuid === undefined) return "Expecting 'uuid' to be present";
      if (!isValidUuid(status.uuid)) return "Not a valid UUID";
      if (status.executor_id !== undefined && status.executor_id.value !== executorId) {
        return `ExecutorID in Call: ${executorId} does not match ExecutorID in TaskStatus: ${status.executor_id.value}`;
      }
      if (status.source !== v1.TaskStatus_Source.SOURCE_EXECUTOR) {
        return `Received Call from executor ${executorId} of framework ${frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`;
      }
      if (status.state === v1.TaskState.TASK_STAGING) {
        return `Received TASK_STAGING from executor ${executorId} of framework ${frameworkId} which is not allowed`;
      }
      return undefined;
    }
    case T.MESSAGE:
      return call.message ? undefined : "Expecting 'message' to be present";
    default:
      return undefined;
  }
}
