/** A Docker container task (Docker containerizer) runs to FINISHED; the master agrees. */
import { strict as assert } from "node:assert";
import { dockerTask, scalarResource } from "@mesos-ts/scheduler";
import {
  expectClusterTaskState,
  followTask,
  newTaskId,
  roomyOffer,
  S,
  stateName,
  TASK_CPUS,
  TASK_MEM,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

export const dockerContainerTask: Scenario = {
  name: "docker container task",
  contentTypes: BOTH,
  needs: ["launch", "docker-task"],
  timeoutMs: 180_000,
  run: (ctx) =>
    withSession(ctx, "docker", async (s) => {
      const offer = roomyOffer(await s.offers(20_000));
      const taskId = newTaskId("docker");
      const from = s.mark();
      await s.client.launch(
        [offer.id?.value ?? ""],
        [
          dockerTask({
            name: taskId,
            taskId,
            agentId: offer.agent_id?.value ?? "",
            image: "busybox:1.36",
            command: "echo mesos-ts conformance",
            resources: [scalarResource("cpus", TASK_CPUS), scalarResource("mem", TASK_MEM)],
          }),
        ],
      );
      const { last, states } = await followTask(s, taskId, S.TASK_FINISHED, 150_000, from);
      assert.equal(
        stateName(last.state),
        "TASK_FINISHED",
        `states: ${states.map(stateName).join(" → ")}: ${last.message ?? ""}`,
      );
      await expectClusterTaskState(ctx, taskId, S.TASK_FINISHED);
    }),
};
