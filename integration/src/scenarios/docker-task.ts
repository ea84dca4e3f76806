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
import { CT, openWire } from "./wire.js";

export const dockerContainerTask: Scenario = {
  name: "docker container task",
  contentTypes: BOTH,
  needs: ["launch", "docker-task"],
  timeoutMs: 180_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "docker", async (s) => {
      const offer = roomyOffer(await s.offers(20_000));
      const taskId = newTaskId("docker");
      const from = s.mark();
      await s.client.launch({
        offerIds: [offer.id?.value ?? ""],
        tasks: [
          dockerTask({
            name: taskId,
            taskId,
            agentId: offer.agent_id?.value ?? "",
            image: "busybox:1.36",
            command: "echo mesos-ts conformance",
            resources: [scalarResource("cpus", TASK_CPUS), scalarResource("mem", TASK_MEM)],
          }),
        ],
      });
      const { last, states } = await followTask(s, taskId, S.TASK_FINISHED, 150_000, from);
      assert.equal(
        stateName(last.state),
        "TASK_FINISHED",
        `states: ${states.map(stateName).join(" → ")}: ${last.message ?? ""}`,
      );
      const t = await expectClusterTaskState(ctx, taskId, S.TASK_FINISHED);
      assert.equal(
        t.container?.type,
        1 /* DOCKER */,
        "operator API: the task is not a Docker container task",
      );
      if (wire) {
        const accept = await wire.call(
          "ACCEPT of the Docker task",
          (c) => c.type === CT.ACCEPT && c.framework_id?.value === s.frameworkId,
        );
        const info = accept.call?.accept?.operations
          ?.flatMap((o) => o.launch?.task_infos ?? [])
          .find((x) => x.task_id?.value === taskId);
        assert.equal(info?.container?.docker?.image, "busybox:1.36");
        await wire.expectClean(s.frameworkId);
      }
    });
  },
};
