/**
 * Reconciliation (PROTOCOL §3.8): answers come from the master (no uuid, not to be
 * acknowledged, reason REASON_RECONCILIATION), explicit for named tasks, implicit for all.
 */
import { strict as assert } from "node:assert";
import { v1 } from "@mesos-ts/proto";
import type { Session } from "../client/session.js";
import {
  expectClusterTaskState,
  followTask,
  launchCommand,
  newTaskId,
  roomyOffer,
  S,
  stateName,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario, type ScenarioContext } from "./scenario.js";

async function withRunningTask(
  ctx: ScenarioContext,
  name: string,
  fn: (s: Session, taskId: string, agentId: string) => Promise<void>,
) {
  await withSession(ctx, name, async (s) => {
    const offer = roomyOffer(await s.offers(20_000));
    const from = s.mark();
    const taskId = await launchCommand(s, offer, "sleep 300", name);
    await followTask(s, taskId, S.TASK_RUNNING, 30_000, from);
    await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING);
    await fn(s, taskId, offer.agent_id?.value ?? "");
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
    withRunningTask(ctx, "reconcile-explicit", async (s, taskId, agentId) => {
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
      // Not PARTITION_AWARE: an unknown task on a registered agent is TASK_LOST (§3.8).
      assert.equal(stateName(gone.status.state), "TASK_LOST");
      isReconciliationAnswer(gone.status);
    }),
};

export const implicitReconciliation: Scenario = {
  name: "implicit reconciliation",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  run: (ctx) =>
    withRunningTask(ctx, "reconcile-implicit", async (s, taskId) => {
      const from = s.mark();
      await s.client.reconcile({});
      const st = await s.update(taskId, S.TASK_RUNNING, 15_000, from);
      isReconciliationAnswer(st);
      ctx.note("implicit answer for the running task");
    }),
};
