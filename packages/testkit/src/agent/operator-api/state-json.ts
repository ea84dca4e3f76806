// The JSON a 1.12 agent writes for GET_STATE, GET_TASKS, GET_EXECUTORS and GET_FRAMEWORKS: it
// writes them field by field (`jsonifyGetState` and kin in `src/slave/http.cpp`), so every list is
// there even when empty (`"completed_frameworks":[]`), where the protobuf-to-JSON writer
// (`3rdparty/stout/include/stout/protobuf.hpp`) leaves empty repeated fields out.
import { agent, MesosJson, type MessageType, v1 } from "@mesos-ts/proto";

type Lists = Record<string, { type: MessageType<unknown>; items: readonly unknown[] | undefined }>;

function object(lists: Lists): string {
  const fields = Object.entries(lists).map(
    ([name, { type, items }]) =>
      `${JSON.stringify(name)}:[${(items ?? []).map((i) => MesosJson.stringify(type, i)).join(",")}]`,
  );
  return `{${fields.join(",")}}`;
}

const list = <T>(type: MessageType<T>, items: readonly T[] | undefined) => ({
  type: type as MessageType<unknown>,
  items,
});

function tasks(t: agent.Response_GetTasks): string {
  return object({
    pending_tasks: list(v1.Task, t.pending_tasks),
    queued_tasks: list(v1.Task, t.queued_tasks),
    launched_tasks: list(v1.Task, t.launched_tasks),
    terminated_tasks: list(v1.Task, t.terminated_tasks),
    completed_tasks: list(v1.Task, t.completed_tasks),
  });
}

function executors(e: agent.Response_GetExecutors): string {
  const E = agent.Response_GetExecutors_Executor;
  return object({ executors: list(E, e.executors), completed_executors: list(E, e.completed_executors) });
}

function frameworks(f: agent.Response_GetFrameworks): string {
  const F = agent.Response_GetFrameworks_Framework;
  return object({ frameworks: list(F, f.frameworks), completed_frameworks: list(F, f.completed_frameworks) });
}

/** The JSON text of a Response as a real agent writes it. */
export function agentResponseJson(response: agent.Response): string {
  const R = agent.Response_Type;
  const s = response.get_state;
  const body =
    response.type === R.GET_TASKS && response.get_tasks
      ? `"get_tasks":${tasks(response.get_tasks)}`
      : response.type === R.GET_EXECUTORS && response.get_executors
        ? `"get_executors":${executors(response.get_executors)}`
        : response.type === R.GET_FRAMEWORKS && response.get_frameworks
          ? `"get_frameworks":${frameworks(response.get_frameworks)}`
          : response.type === R.GET_STATE && s?.get_tasks && s.get_executors && s.get_frameworks
            ? `"get_state":{"get_tasks":${tasks(s.get_tasks)},"get_executors":${executors(s.get_executors)},"get_frameworks":${frameworks(s.get_frameworks)}}`
            : undefined;
  if (body === undefined) return MesosJson.stringify(agent.Response, response);
  return `{"type":${JSON.stringify(agent.response_TypeToJSON(response.type ?? 0))},${body}}`;
}
