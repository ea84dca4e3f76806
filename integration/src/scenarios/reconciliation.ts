/**
 * Reconciliation (`src/master/master.cpp`): answers come from the master (no uuid, not to be
 * acknowledged, reason REASON_RECONCILIATION), explicit for named tasks, implicit for all.
 */
import { strict as assert } from "node:assert";
import { v1 } from "@mesos-ts/proto";
import type { Session } from "../client/session.js";
import {
  clusterTask,
  expectClusterTaskState,
  followTask,
  launchCommand,
  newTaskId,
  operator,
  roomyOffer,
  S,
  stateName,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario, type ScenarioContext } from "./scenario.js";
import { CT, ET, openWire, type Wire } from "./wire.js";

async function withRunningTask(
  ctx: ScenarioContext,
  name: string,
  fn: (s: Session, taskId: string, agentId: string, wire: Wire | undefined) => Promise<void>,
) {
  const wire = await openWire(ctx);
  await withSession(ctx, name, async (s) => {
    const offer = roomyOffer(await s.offers(20_000));
    const from = s.mark();
    const taskId = await launchCommand(s, offer, "sleep 300", name);
    await followTask(s, taskId, S.TASK_RUNNING, 30_000, from);
    await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING);
    await fn(s, taskId, offer.agent_id?.value ?? "", wire);
    await wire?.expectClean(s.frameworkId);
  });
}

function isReconciliationAnswer(status: v1.TaskStatus): void {
  assert.equal(status.reason, v1.TaskStatus_Reason.REASON_RECONCILIATION, `reason ${status.reason}`);
  assert.ok(!status.uuid || status.uuid.length === 0, "a reconciliation answer carries a uuid");
}

export const explicitReconciliation: Scenario = {
  name: "explicit reconciliation",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  run: (ctx) =>
    withRunningTask(ctx, "reconcile-explicit", async (s, taskId, agentId, wire) => {
      const unknown = newTaskId("never-launched");
      const from = s.mark();
      await s.client.reconcile({
        tasks: [
          { taskId, agentId },
          { taskId: unknown, agentId },
        ],
      });
      const known = await s.update(taskId, S.TASK_RUNNING, 15_000, from);
      isReconciliationAnswer(known);
      const gone = await s.waitFor(
        (e) => e.type === "UPDATE" && e.status.task_id?.value === unknown,
        15_000,
        `reconciliation answer for unknown task ${unknown}`,
        from,
      );
      if (gone.type !== "UPDATE") throw new Error("unreachable");
      // Not PARTITION_AWARE: an unknown task on a registered agent is TASK_LOST (`src/master/master.cpp`).
      assert.equal(stateName(gone.status.state), "TASK_LOST");
      isReconciliationAnswer(gone.status);
      // The cluster's own view: it still runs ours and never heard of the other.
      assert.equal(
        await clusterTask(operator(ctx), unknown, ctx.signal),
        undefined,
        "operator API lists the unknown task",
      );
      await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING);
      if (wire) {
        const r = await wire.call(
          "explicit RECONCILE",
          (c) => c.type === CT.RECONCILE && (c.reconcile?.tasks ?? []).length > 0,
        );
        assert.deepEqual(
          (r.call?.reconcile?.tasks ?? []).map((t) => [t.task_id?.value, t.agent_id?.value]),
          [
            [taskId, agentId],
            [unknown, agentId],
          ],
        );
        const lost = await wire.event(
          "TASK_LOST answer for the unknown task",
          (e, x) =>
            e.type === ET.UPDATE &&
            x.frameworkId === s.frameworkId &&
            e.update?.status?.task_id?.value === unknown,
          { after: r.seq },
        );
        assert.equal(stateName(lost.event.update?.status?.state), "TASK_LOST");
        assert.ok(
          !lost.event.update?.status?.uuid?.length,
          "the master's reconciliation answer carries a uuid",
        );
      }
    }),
};

export const implicitReconciliation: Scenario = {
  name: "implicit reconciliation",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  run: (ctx) =>
    withRunningTask(ctx, "reconcile-implicit", async (s, taskId, _agentId, wire) => {
      const from = s.mark();
      await s.client.reconcile({});
      const st = await s.update(taskId, S.TASK_RUNNING, 15_000, from);
      isReconciliationAnswer(st);
      // Implicit means every non-terminal task the master knows for us: compare with its own list.
      const live = ((await operator(ctx).tasks(ctx.signal)).tasks ?? [])
        .filter((t) => t.framework_id?.value === s.frameworkId)
        .map((t) => t.task_id?.value);
      assert.deepEqual(live, [taskId], "operator API: our live tasks");
      if (wire) {
        const r = await wire.call("implicit RECONCILE", (c) => c.type === CT.RECONCILE);
        assert.equal((r.call?.reconcile?.tasks ?? []).length, 0, "implicit RECONCILE named tasks");
        const answer = await wire.event(
          "implicit answer",
          (e, x) =>
            e.type === ET.UPDATE &&
            x.frameworkId === s.frameworkId &&
            e.update?.status?.task_id?.value === taskId,
          { after: r.seq },
        );
        assert.equal(answer.event.update?.status?.reason, v1.TaskStatus_Reason.REASON_RECONCILIATION);
      }
      ctx.note("implicit answer for the running task");
    }),
};
