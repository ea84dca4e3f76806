/**
 * Leading-master failover with three masters: kill the leader; the framework, watching
 * ZooKeeper, re-subscribes to the new leader with the same id, and its task is still running.
 * Reconciliation goes through the retrying driver: a new leader drops reconciliation requests for
 * tasks of agents that have not re-registered yet (0.2-1 s after its election on Mesos 1.12), so
 * one RECONCILE right after re-subscribing is answered only by luck of timing. The row reports
 * "kill → SUBSCRIBED" and "ZooKeeper names the new leader → SUBSCRIBED".
 */
import { strict as assert } from "node:assert";
import { createDetector, type LeaderDetector, masterBaseUrl } from "@mesos-ts/discovery";
import { reconcileTasks } from "@mesos-ts/scheduler";
import {
  eventually,
  expectClusterTaskState,
  followTask,
  launchCommand,
  operator,
  roomyOffer,
  S,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const masterFailover: Scenario = {
  name: "leading-master failover",
  contentTypes: BOTH,
  needs: ["launch", "master-failover"],
  masters: 3,
  timeoutMs: 120_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "master-failover", async (s) => {
      const kill = ctx.cluster.killMaster;
      if (!kill) throw new Error("the cluster cannot kill masters");
      assert.equal(ctx.cluster.masterHttpUrls.length, 3);
      const offer = roomyOffer(await s.offers(20_000));
      const from = s.mark();
      const taskId = await launchCommand(s, offer, "sleep 300", "mfailover");
      await followTask(s, taskId, S.TASK_RUNNING, 30_000, from);
      const oldLeader = s.client.masterInfo;
      assert.ok(oldLeader?.id, "no master_info from SUBSCRIBED");
      const oldUrl = masterBaseUrl(oldLeader);
      const victim = ctx.cluster.masterHttpUrls.find((u) => new URL(u).port === new URL(oldUrl).port);
      assert.ok(victim, `leader ${oldUrl} is not one of ${ctx.cluster.masterHttpUrls.join(", ")}`);
      const killFrom = s.mark();
      const wireKill = await wire?.mark();
      // When ZooKeeper names another leader (zk:// clusters): the dead one's session must expire first.
      const stopWatching = new AbortController();
      const named = ctx.cluster.masterUrl.startsWith("zk://")
        ? whenNamed(
            createDetector(ctx.cluster.masterUrl),
            oldLeader.id,
            AbortSignal.any([ctx.signal, stopWatching.signal]),
          )
        : undefined;
      const killedAt = performance.now();
      await kill.call(ctx.cluster, victim);
      const sub = await s.waitFor(
        (e) => e.type === "SUBSCRIBED",
        60_000,
        "SUBSCRIBED from the new leader",
        killFrom,
      );
      const subscribedAt = performance.now();
      // The client followed ZooKeeper, so ZooKeeper has named the new leader by now (or very nearly).
      let grace: NodeJS.Timeout | undefined;
      const namedAt = await Promise.race([
        named?.at,
        new Promise<undefined>((r) => {
          grace = setTimeout(() => r(undefined), 5000);
        }),
      ]);
      clearTimeout(grace);
      stopWatching.abort();
      const timings = [`kill → SUBSCRIBED ${(subscribedAt - killedAt).toFixed(0)} ms`];
      if (namedAt !== undefined) {
        timings.push(`ZooKeeper names the new leader → SUBSCRIBED ${(subscribedAt - namedAt).toFixed(0)} ms`);
      }
      const newLeader = sub.type === "SUBSCRIBED" ? sub.masterInfo : undefined;
      assert.ok(newLeader?.id && newLeader.id !== oldLeader.id, "re-subscribed to the killed master");
      assert.equal(sub.type === "SUBSCRIBED" ? sub.frameworkId.value : "", s.frameworkId);
      const survivor = ctx.cluster.masterHttpUrls.find((u) => u !== victim) ?? "";
      const op = operator(ctx, survivor);
      await eventually(async () => {
        const info = await op.masterInfo(ctx.signal);
        assert.equal(info.id, newLeader.id, "operator API names another leader");
      }, 15_000);
      const statuses = await reconcileTasks(s.client, [{ taskId, agentId: offer.agent_id?.value ?? "" }], {
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(30_000)]),
        initialDelayMs: 500,
        maxDelayMs: 4000,
      });
      assert.equal(statuses.get(taskId)?.state, S.TASK_RUNNING, "reconciliation on the new leader");
      await expectClusterTaskState(ctx, taskId, S.TASK_RUNNING, 30_000, op);
      if (wire && wireKill !== undefined) {
        // The master's side: a surviving master took our re-SUBSCRIBE (same id) and wrote SUBSCRIBED.
        const victimIndex = ctx.cluster.masterHttpUrls.indexOf(victim);
        const resub = await wire.call(
          "re-SUBSCRIBE on the new leader",
          (c) => c.type === CT.SUBSCRIBE && c.framework_id?.value === s.frameworkId,
          { after: wireKill },
        );
        assert.notEqual(resub.master, victimIndex, "the re-SUBSCRIBE went to the killed master");
        assert.equal(resub.call?.subscribe?.framework_info?.id?.value, s.frameworkId);
        const ev = await wire.event(
          "SUBSCRIBED from the new leader",
          (e, r) => e.type === ET.SUBSCRIBED && r.frameworkId === s.frameworkId,
          { after: wireKill },
        );
        assert.equal(ev.master, resub.master, "SUBSCRIBED came from another master than took the SUBSCRIBE");
        const r = await wire.call(
          "RECONCILE on the new leader",
          (c) => c.type === CT.RECONCILE && c.framework_id?.value === s.frameworkId,
          {
            after: resub.seq,
          },
        );
        assert.equal(r.master, resub.master);
      }
      ctx.note(`leader ${oldUrl} → ${masterBaseUrl(newLeader)}; ${timings.join("; ")}`);
    });
  },
};

/** Resolves with the time ZooKeeper first names a leader other than `oldId`; closes the detector. */
function whenNamed(
  detector: LeaderDetector,
  oldId: string,
  signal: AbortSignal,
): { at: Promise<number | undefined> } {
  const at = (async () => {
    try {
      for await (const change of detector.changes({ signal })) {
        if (change.leader && change.leader.id !== oldId) return performance.now();
      }
      return undefined;
    } catch {
      return undefined;
    } finally {
      await detector.close();
    }
  })();
  return { at };
}
