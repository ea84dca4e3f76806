import { master, v1 } from "@mesos-ts/proto";
import { expect, it } from "vitest";
import { ClusterView, toOperatorEvent } from "../src/index.js";

const E = master.Event_Type;
const state: master.Response_GetState = {
  get_frameworks: {
    frameworks: [{ framework_info: { id: { value: "F1" }, name: "f", user: "u" }, active: true }],
  },
  get_agents: { agents: [{ agent_info: { id: { value: "A1" }, hostname: "h", port: 5051 }, active: true }] },
  get_tasks: {
    tasks: [
      {
        name: "t",
        task_id: { value: "T1" },
        framework_id: { value: "F1" },
        agent_id: { value: "A1" },
        state: v1.TaskState.TASK_RUNNING,
      },
      {
        name: "t",
        task_id: { value: "T0" },
        framework_id: { value: "F1" },
        agent_id: { value: "A1" },
        state: v1.TaskState.TASK_FINISHED,
      },
    ],
  },
  get_executors: {
    executors: [
      {
        executor_info: { executor_id: { value: "X1" }, framework_id: { value: "F1" } },
        agent_id: { value: "A1" },
      },
    ],
  },
};

it("seeds live tasks only, follows updates, and drops terminal tasks", () => {
  const view = new ClusterView();
  expect(view.apply(toOperatorEvent({ type: E.SUBSCRIBED, subscribed: { get_state: state } }))).toEqual([
    { kind: "reset" },
  ]);
  expect([...view.tasks.keys()]).toEqual(["F1/T1"]);
  const killing = view.apply(
    toOperatorEvent({
      type: E.TASK_UPDATED,
      task_updated: {
        framework_id: { value: "F1" },
        status: { task_id: { value: "T1" }, state: v1.TaskState.TASK_KILLING },
        state: v1.TaskState.TASK_KILLING,
      },
    }),
  );
  expect(killing[0]).toMatchObject({ kind: "task", op: "set", key: "F1/T1" });
  expect(view.tasks.get("F1/T1")?.state).toBe(v1.TaskState.TASK_KILLING);
  expect(view.tasks.get("F1/T1")?.name).toBe("t");
  view.apply(
    toOperatorEvent({
      type: E.TASK_UPDATED,
      task_updated: {
        framework_id: { value: "F1" },
        status: { task_id: { value: "T1" }, state: v1.TaskState.TASK_KILLED },
        state: v1.TaskState.TASK_KILLED,
      },
    }),
  );
  expect(view.tasks.size).toBe(0);
});

it("AGENT_REMOVED removes the agent and its executors; FRAMEWORK_REMOVED its tasks and executors", () => {
  const view = new ClusterView();
  view.seed(state);
  const changes = view.apply(
    toOperatorEvent({ type: E.AGENT_REMOVED, agent_removed: { agent_id: { value: "A1" } } }),
  );
  expect(changes.map((c) => `${c.kind}:${"op" in c ? c.op : ""}`)).toEqual([
    "agent:delete",
    "executor:delete",
  ]);
  view.seed(state);
  const removed = view.apply(
    toOperatorEvent({
      type: E.FRAMEWORK_REMOVED,
      framework_removed: { framework_info: { id: { value: "F1" }, name: "f", user: "u" } },
    }),
  );
  expect(removed.map((c) => c.kind).sort()).toEqual(["executor", "framework", "task"]);
  expect(view.frameworks.size + view.tasks.size + view.executors.size).toBe(0);
});

it("an event without its payload, or of a newer type, changes nothing", () => {
  const view = new ClusterView();
  view.seed(state);
  expect(toOperatorEvent({ type: E.TASK_ADDED }).type).toBe("unknown");
  expect(view.apply(toOperatorEvent({ type: 42 as master.Event_Type }))).toEqual([]);
  expect(view.tasks.size).toBe(1);
});
