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

export const kill: Scenario = {
  name: "kill",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  run: (ctx) =>
    withSession(ctx, "kill", async (s) => {
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
    }),
};
