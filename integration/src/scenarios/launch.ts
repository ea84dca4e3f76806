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
import { CT, ET, openWire, sameBytes } from "./wire.js";

export const launchCommandTask: Scenario = {
  name: "launch command task",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "launch", async (s) => {
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
      if (wire) {
        const accept = await wire.call(
          "ACCEPT launching the task",
          (c) =>
            c.type === CT.ACCEPT &&
            (c.accept?.operations ?? []).some((o) =>
              (o.launch?.task_infos ?? []).some((t) => t.task_id?.value === taskId),
            ),
        );
        assert.deepEqual(
          (accept.call?.accept?.offer_ids ?? []).map((o) => o.value),
          [offer.id?.value],
          "ACCEPT names other offers",
        );
        // Every status update the master forwarded carried a uuid, and the master received an
        // ACKNOWLEDGE echoing each one byte for byte.
        const updates = (await wire.log()).events.filter(
          (e) => e.event.type === ET.UPDATE && e.event.update?.status?.task_id?.value === taskId,
        );
        assert.equal(
          updates.length,
          states.length,
          "the master sent a different number of UPDATEs than we saw",
        );
        for (const u of updates) {
          const st = u.event.update?.status;
          assert.ok(st?.uuid && st.uuid.length > 0, `UPDATE ${stateName(st?.state)} without uuid`);
          await wire.call(
            `ACKNOWLEDGE of ${stateName(st.state)}`,
            (c) =>
              c.type === CT.ACKNOWLEDGE &&
              c.acknowledge?.task_id?.value === taskId &&
              sameBytes(c.acknowledge.uuid, st.uuid),
          );
        }
        await wire.expectClean(s.frameworkId);
      }
      ctx.note(names.join(" → "));
    });
  },
};
