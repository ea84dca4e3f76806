import { randomBytes } from "node:crypto";
import { scheduler, v1 } from "@mesos-ts/proto";

/** A TASK_RUNNING update for task `t-<i>`; with `uuid`, one the scheduler must acknowledge. */
export function updateEvent(i: number, options: { uuid?: boolean; message?: string } = {}): scheduler.Event {
  return {
    type: scheduler.Event_Type.UPDATE,
    update: {
      status: {
        task_id: { value: `t-${i}` },
        agent_id: { value: "agent-1" },
        state: v1.TaskState.TASK_RUNNING,
        ...(options.uuid ? { uuid: randomBytes(16) } : {}),
        ...(options.message !== undefined ? { message: options.message } : {}),
      },
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
