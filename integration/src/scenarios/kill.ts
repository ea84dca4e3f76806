/** KILL a running task: TASK_KILLED on the wire and in the master's view. */
import { strict as assert } from "node:assert";
import {
  expectClusterTaskState,
  followTask,
  launchCommand,
  roomyOffer,
  S,
  stateName,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const kill: Scenario = {
  name: "kill",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "kill", async (s) => {
      const offer = roomyOffer(await s.offers(20_000));
      const from = s.mark();
      const taskId = await launchCommand(s, offer, "sleep 300", "kill");
      const running = await followTask(s, taskId, S.TASK_RUNNING, 30_000, from);
      assert.equal(stateName(running.last.state), "TASK_RUNNING");
      await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING);
      const killFrom = s.mark();
      await s.client.kill({ taskId, agentId: offer.agent_id?.value ?? "" });
      const killed = await followTask(s, taskId, S.TASK_KILLED, 30_000, killFrom);
      assert.equal(
        stateName(killed.last.state),
        "TASK_KILLED",
        `states: ${killed.states.map(stateName).join(" → ")}`,
      );
      await expectClusterTaskState(ctx, taskId, S.TASK_KILLED);
      if (wire) {
        const k = await wire.call("KILL", (c) => c.type === CT.KILL && c.kill?.task_id?.value === taskId);
        assert.equal(k.call?.kill?.agent_id?.value, offer.agent_id?.value, "KILL names another agent");
        await wire.event(
          "UPDATE TASK_KILLED",
          (e, r) =>
            e.type === ET.UPDATE &&
            r.frameworkId === s.frameworkId &&
            e.update?.status?.task_id?.value === taskId &&
            e.update.status.state === S.TASK_KILLED,
          { after: k.seq },
        );
        await wire.expectClean(s.frameworkId);
      }
    });
  },
};
