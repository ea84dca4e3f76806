// The operator event stream as a discriminated union on `type`. Events a newer master sends
// that this schema does not know arrive as "unknown" with the decoded message.
import { master, type v1 } from "@mesos-ts/proto";

export type OperatorEvent =
  | {
      readonly type: "SUBSCRIBED";
      /** The whole cluster state at subscription time (`GET_STATE`). */
      readonly state: master.Response_GetState;
      readonly heartbeatIntervalSeconds: number | undefined;
    }
  | { readonly type: "TASK_ADDED"; readonly task: v1.Task }
  | {
      readonly type: "TASK_UPDATED";
      readonly frameworkId: string;
      readonly status: v1.TaskStatus;
      /** The task's latest state (may differ from `status.state` while updates are unacknowledged). */
      readonly state: v1.TaskState;
    }
  | { readonly type: "AGENT_ADDED"; readonly agent: master.Response_GetAgents_Agent }
  | { readonly type: "AGENT_REMOVED"; readonly agentId: string }
  | { readonly type: "FRAMEWORK_ADDED"; readonly framework: master.Response_GetFrameworks_Framework }
  | { readonly type: "FRAMEWORK_UPDATED"; readonly framework: master.Response_GetFrameworks_Framework }
  | { readonly type: "FRAMEWORK_REMOVED"; readonly frameworkInfo: v1.FrameworkInfo }
  | { readonly type: "HEARTBEAT" }
  | { readonly type: "unknown"; readonly event: master.Event };

export type OperatorEventType = OperatorEvent["type"];

const T = master.Event_Type;

/** Wire event -> union member; an event missing its payload is "unknown" rather than a crash. */
export function toOperatorEvent(event: master.Event): OperatorEvent {
  switch (event.type) {
    case T.SUBSCRIBED:
      if (!event.subscribed) break;
      return {
        type: "SUBSCRIBED",
        state: event.subscribed.get_state ?? {},
        heartbeatIntervalSeconds: event.subscribed.heartbeat_interval_seconds,
      };
    case T.TASK_ADDED:
      if (!event.task_added?.task) break;
      return { type: "TASK_ADDED", task: event.task_added.task };
    case T.TASK_UPDATED: {
      const u = event.task_updated;
      if (!u?.status || u.state === undefined) break;
      return {
        type: "TASK_UPDATED",
        frameworkId: u.framework_id?.value ?? "",
        status: u.status,
        state: u.state,
      };
    }
    case T.AGENT_ADDED:
      if (!event.agent_added?.agent) break;
      return { type: "AGENT_ADDED", agent: event.agent_added.agent };
    case T.AGENT_REMOVED:
      if (event.agent_removed?.agent_id?.value === undefined) break;
      return { type: "AGENT_REMOVED", agentId: event.agent_removed.agent_id.value };
    case T.FRAMEWORK_ADDED:
      if (!event.framework_added?.framework) break;
      return { type: "FRAMEWORK_ADDED", framework: event.framework_added.framework };
    case T.FRAMEWORK_UPDATED:
      if (!event.framework_updated?.framework) break;
      return { type: "FRAMEWORK_UPDATED", framework: event.framework_updated.framework };
    case T.FRAMEWORK_REMOVED:
      if (!event.framework_removed?.framework_info) break;
      return { type: "FRAMEWORK_REMOVED", frameworkInfo: event.framework_removed.framework_info };
    case T.HEARTBEAT:
      return { type: "HEARTBEAT" };
  }
  return { type: "unknown", event };
}
