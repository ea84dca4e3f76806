/**
 * A command task: STAGING/STARTING/RUNNING → FINISHED, each update carrying a uuid and
 * acknowledged by us (the agent holds FINISHED back until RUNNING is acknowledged, so
 * FINISHED arriving proves the acknowledgements reached it); the master agrees.
 */
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

export const launchCommandTask: Scenario = {
  name: "launch command task",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  run: (ctx) =>
    withSession(ctx, "launch", async (s) => {
      const offer = roomyOffer(await s.offers(20_000));
      const from = s.mark();
      const taskId = await launchCommand(s, offer, "echo mesos-ts conformance && sleep 1", "cmd");
      const { states, last, acked } = await followTask(s, taskId, S.TASK_FINISHED, 40_000, from);
      const names = states.map(stateName);
      assert.equal(stateName(last.state), "TASK_FINISHED", `states: ${names.join(" → ")}`);
      assert.ok(states.includes(S.TASK_RUNNING), `no TASK_RUNNING before FINISHED: ${names.join(" → ")}`);
      assert.equal(acked, states.length, "an update from the agent carried no uuid");
      assert.equal(last.agent_id?.value, offer.agent_id?.value);
      const t = await expectClusterTaskState(ctx, taskId, S.TASK_FINISHED);
      assert.equal(t.framework_id?.value, s.frameworkId);
      assert.equal(t.agent_id?.value, offer.agent_id?.value);
      ctx.note(names.join(" → "));
    }),
};
