import { executor, type v1 } from "@mesos-ts/proto";

/** An executor event as a discriminated union on `type` (`mesos.v1.executor.Event`). */
export type ExecutorEvent =
  | {
      readonly type: "SUBSCRIBED";
      readonly executorInfo: v1.ExecutorInfo | undefined;
      readonly frameworkInfo: v1.FrameworkInfo | undefined;
      readonly agentInfo: v1.AgentInfo | undefined;
      readonly containerId: string | undefined;
    }
  | { readonly type: "LAUNCH"; readonly task: v1.TaskInfo }
  | { readonly type: "LAUNCH_GROUP"; readonly taskGroup: v1.TaskGroupInfo }
  | {
      readonly type: "KILL";
      readonly taskId: string;
      /** The KILL call's policy if it had one (it wins), else the launched TaskInfo's. */
      readonly killPolicy: v1.KillPolicy | undefined;
    }
  | { readonly type: "ACKNOWLEDGED"; readonly taskId: string; readonly uuid: Uint8Array }
  | { readonly type: "MESSAGE"; readonly data: Uint8Array }
  | { readonly type: "ERROR"; readonly message: string }
  | { readonly type: "SHUTDOWN" }
  | { readonly type: "HEARTBEAT" }
  | { readonly type: "unknown"; readonly raw: executor.Event };

const T = executor.Event_Type;

/** The union member of a decoded event; `taskKillPolicy` is the fallback for KILL. */
export function toExecutorEvent(
  event: executor.Event,
  taskKillPolicy: (taskId: string) => v1.KillPolicy | undefined,
): ExecutorEvent {
  switch (event.type) {
    case T.SUBSCRIBED:
      return {
        type: "SUBSCRIBED",
        executorInfo: event.subscribed?.executor_info,
        frameworkInfo: event.subscribed?.framework_info,
        agentInfo: event.subscribed?.agent_info,
        containerId: event.subscribed?.container_id?.value,
      };
    case T.LAUNCH:
      if (!event.launch?.task) break;
      return { type: "LAUNCH", task: event.launch.task };
    case T.LAUNCH_GROUP:
      if (!event.launch_group?.task_group) break;
      return { type: "LAUNCH_GROUP", taskGroup: event.launch_group.task_group };
    case T.KILL: {
      const taskId = event.kill?.task_id?.value;
      if (taskId === undefined) break;
      return { type: "KILL", taskId, killPolicy: event.kill?.kill_policy ?? taskKillPolicy(taskId) };
    }
    case T.ACKNOWLEDGED: {
      const taskId = event.acknowledged?.task_id?.value;
      const uuid = event.acknowledged?.uuid;
      if (taskId === undefined || uuid === undefined) break;
      return { type: "ACKNOWLEDGED", taskId, uuid };
    }
    case T.MESSAGE:
      return { type: "MESSAGE", data: event.message?.data ?? new Uint8Array(0) };
    case T.ERROR:
      return { type: "ERROR", message: event.error?.message ?? "" };
    case T.SHUTDOWN:
      return { type: "SHUTDOWN" };
    case T.HEARTBEAT:
      return { type: "HEARTBEAT" };
    default:
      break;
  }
  return { type: "unknown", raw: event };
}
