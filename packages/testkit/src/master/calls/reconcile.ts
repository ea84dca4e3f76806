import { scheduler, v1 } from "@mesos-ts/proto";
import { log } from "../../diagnostics.js";
import type { MasterCore } from "../core.js";
import { type FrameworkRecord, taskKey } from "../registry.js";

/** Implicit reconciliation: the latest state of every known task, no uuid (`src/master/master.cpp`). */
export function reconcileImplicit(core: MasterCore, fw: FrameworkRecord): void {
  for (const task of core.registry.tasks.values()) {
    // Tasks of agents not yet re-registered with this leader are unknown to it.
    if (task.frameworkId !== fw.id || !core.isRegistered(task.agentId)) continue;
    core.sendMasterUpdate(
      fw,
      task.info.task_id?.value ?? "",
      task.state,
      v1.TaskStatus_Reason.REASON_RECONCILIATION,
      "Reconciliation: Latest task state",
      task.agentId,
      task.latest?.container_status,
    );
  }
}

/** Explicit reconciliation per `Master::reconcile` (`src/master/master.cpp`). */
export function reconcileExplicit(
  core: MasterCore,
  fw: FrameworkRecord,
  tasks: scheduler.Call_Reconcile_Task[],
): void {
  const aware = core.isPartitionAware(fw);
  for (const t of tasks) {
    const taskId = t.task_id?.value ?? "";
    const agentId = t.agent_id?.value;
    const known = core.registry.tasks.get(taskKey(fw.id, taskId));
    const R = v1.TaskStatus_Reason.REASON_RECONCILIATION;
    const onAgent = known?.agentId ?? agentId;
    if (onAgent !== undefined && core.agents.has(onAgent) && !core.isRegistered(onAgent)) {
      // `Master::reconcile`: the agent is known from the registry but has not re-registered.
      log(
        "info",
        "master",
        `Dropping reconciliation of task ${taskId} for framework ${fw.id} because agent ${onAgent} has not yet reregistered with the master`,
      );
      continue;
    }
    if (known) {
      core.sendMasterUpdate(
        fw,
        taskId,
        known.state,
        R,
        "Reconciliation: Latest task state",
        known.agentId,
        known.latest?.container_status,
      );
    } else if (agentId !== undefined && core.agents.has(agentId)) {
      core.sendMasterUpdate(
        fw,
        taskId,
        aware ? v1.TaskState.TASK_GONE : v1.TaskState.TASK_LOST,
        R,
        "Reconciliation: Task is unknown to the agent",
        agentId,
      );
    } else {
      core.sendMasterUpdate(
        fw,
        taskId,
        aware ? v1.TaskState.TASK_UNKNOWN : v1.TaskState.TASK_LOST,
        R,
        "Reconciliation: Task is unknown",
        agentId,
      );
    }
  }
}

/**
 * `Master::reconcileOperations` (`src/master/master.cpp`): the latest status (no uuid) of each listed operation the
 * master still holds, OPERATION_UNKNOWN for the others; an empty list asks for all it holds.
 */
export function reconcileOperations(
  core: MasterCore,
  fw: FrameworkRecord,
  call: scheduler.Call_ReconcileOperations,
): void {
  const held = core.operations.operations(fw.id);
  const latest = (status: v1.OperationStatus) => ({ ...status, uuid: undefined });
  if ((call.operations ?? []).length === 0) {
    for (const op of held) {
      core.sendEvent(fw, {
        type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
        update_operation_status: { status: latest(op.status) },
      });
    }
    return;
  }
  for (const op of call.operations ?? []) {
    const known = held.find((h) => h.info.id?.value === op.operation_id?.value);
    if (known) {
      core.sendEvent(fw, {
        type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
        update_operation_status: { status: latest(known.status) },
      });
      continue;
    }
    core.sendEvent(fw, {
      type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
      update_operation_status: {
        status: {
          ...(op.operation_id ? { operation_id: op.operation_id } : {}),
          state: v1.OperationState.OPERATION_UNKNOWN,
          ...(op.agent_id ? { agent_id: op.agent_id } : {}),
          ...(op.resource_provider_id ? { resource_provider_id: op.resource_provider_id } : {}),
        },
      },
    });
  }
}
