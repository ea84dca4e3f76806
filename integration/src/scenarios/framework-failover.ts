/**
 * Framework failover: the framework process goes away without TEARDOWN (its stream closes), a
 * new process re-subscribes with the same framework id, and its running task is still there.
 */
import { strict as assert } from "node:assert";
import { Session } from "../client/session.js";
import {
  clusterFramework,
  eventually,
  expectClusterTaskState,
  followTask,
  launchCommand,
  operator,
  roomyOffer,
  S,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const frameworkFailover: Scenario = {
  name: "framework failover",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 90_000,
  async run(ctx) {
    const open = (frameworkId?: string) =>
      Session.open({
        cluster: ctx.cluster,
        contentType: ctx.contentType,
        name: "failover",
        signal: ctx.signal,
        failoverTimeout: 120,
        ...(frameworkId ? { frameworkId } : {}),
      });
    const wire = await openWire(ctx);
    const first = await open();
    let second: Session | undefined;
    try {
      const offer = roomyOffer(await first.offers(20_000));
      const from = first.mark();
      const taskId = await launchCommand(first, offer, "sleep 300", "failover");
      await followTask(first, taskId, S.TASK_RUNNING, 30_000, from);
      const frameworkId = first.frameworkId;
      await first.close(); // the "process" dies: no TEARDOWN
      const op = operator(ctx);
      await eventually(async () => {
        const f = await clusterFramework(op, frameworkId, ctx.signal);
        assert.ok(f, "framework removed although its failover timeout has not passed");
        assert.equal(f.connected, false, "master still sees the old framework connected");
      }, 10_000);
      second = await open(frameworkId);
      assert.equal(second.frameworkId, frameworkId, "re-subscription got another framework id");
      const sub = second.seen.find((e) => e.type === "SUBSCRIBED");
      assert.equal(sub?.raw.subscribed?.framework_id?.value, frameworkId);
      const rFrom = second.mark();
      await second.client.reconcile({ tasks: [{ taskId, agentId: offer.agent_id?.value ?? "" }] });
      await second.update(taskId, S.TASK_RUNNING, 15_000, rFrom);
      await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING);
      const f = await clusterFramework(op, frameworkId, ctx.signal);
      assert.equal(f?.connected, true, "operator API: re-subscribed framework not connected");
      if (wire) {
        const firstSub = await wire.event(
          "SUBSCRIBED to the first process",
          (e, r) => e.type === ET.SUBSCRIBED && r.frameworkId === frameworkId,
        );
        const resub = await wire.call(
          "the second process's SUBSCRIBE",
          (c) => c.type === CT.SUBSCRIBE && c.framework_id?.value === frameworkId,
        );
        assert.equal(
          resub.call?.subscribe?.framework_info?.id?.value,
          frameworkId,
          "framework_info.id ≠ framework_id",
        );
        const log = await wire.log();
        // "The process dies" means no TEARDOWN reached the master.
        assert.equal(
          log.requests.filter(
            (r) => r.call?.type === CT.TEARDOWN && r.call.framework_id?.value === frameworkId,
          ).length,
          0,
          "the master received a TEARDOWN",
        );
        const secondSub = await wire.event(
          "SUBSCRIBED to the second process",
          (e, r) => e.type === ET.SUBSCRIBED && r.frameworkId === frameworkId,
          { after: resub.seq - 1 },
        );
        assert.notEqual(secondSub.streamId, firstSub.streamId, "the master reused the first stream id");
        await wire.call(
          "the second process's RECONCILE",
          (c) => c.type === CT.RECONCILE && c.framework_id?.value === frameworkId,
          {
            after: resub.seq,
          },
        );
        await wire.expectClean(frameworkId);
      }
    } finally {
      await second?.teardown();
      if (!second) {
        // The first session is closed; tear the framework down through a fresh one if we can.
        await first.teardown();
      }
    }
  },
};
