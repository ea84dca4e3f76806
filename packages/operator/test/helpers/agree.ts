import type { master } from "@mesos-ts/proto";
import { type ClusterMirror, ClusterView } from "../../src/index.js";

/** What must agree between a mirror and a GET_STATE: ids of everything, each live task's state. */
export function summary(view: Pick<ClusterMirror, "frameworks" | "agents" | "tasks" | "executors">) {
  return {
    frameworks: [...view.frameworks.keys()].sort(),
    agents: [...view.agents.keys()].sort(),
    tasks: [...view.tasks.entries()].map(([k, t]) => `${k}=${t.state}`).sort(),
    executors: [...view.executors.keys()].sort(),
  };
}

export function summaryOfState(state: master.Response_GetState) {
  const view = new ClusterView();
  view.seed(state);
  return summary(view);
}
