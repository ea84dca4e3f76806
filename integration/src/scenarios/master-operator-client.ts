/**
 * The master operator API through @mesos-ts/operator (the client users run), beside the rows
 * that use the suite's own reader for wire assertions (operator-api.ts). The reads only read, so
 * they run on every target, an external read-only cluster included; the event-stream row
 * launches a task and so needs the "launch" feature (MESOS_TS_ALLOW_LAUNCH=1 on external).
 */
import { strict as assert } from "node:assert";
import { MasterClient, type OperatorEvent } from "@mesos-ts/operator";
import { followTask, launchCommand, roomyOffer, S, withSession } from "./helpers.js";
import { BOTH, type Scenario, type ScenarioContext } from "./scenario.js";

function client(ctx: ScenarioContext): MasterClient {
  const url = ctx.cluster.masterHttpUrls[0];
  if (url === undefined) throw new Error("the cluster has no master HTTP URL");
  return new MasterClient({ master: url, contentType: ctx.contentType });
}

const ids = (agents: readonly { agent_info?: { id?: { value?: string } } }[] | undefined) =>
  (agents ?? []).map((a) => a.agent_info?.id?.value ?? "").sort();

export const operatorClientReads: Scenario = {
  name: "operator client: master GET_* calls and SUBSCRIBED",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 30_000,
  async run(ctx) {
    const op = client(ctx);
    const o = { signal: ctx.signal };
    try {
      assert.equal((await op.getHealth(o)).healthy, true, "GET_HEALTH: not healthy");
      const version = (await op.getVersion(o)).version_info?.version ?? "";
      assert.match(version, /^\d+\.\d+\.\d+/, "GET_VERSION without a version");
      const flags = new Map((await op.getFlags(o)).flags?.map((f) => [f.name, f.value]) ?? []);
      assert.ok(flags.has("allocation_interval"), "GET_FLAGS without allocation_interval");
      const metrics = new Map(
        (await op.call("GET_METRICS", {}, o)).metrics?.map((m) => [m.name, m.value]) ?? [],
      );
      assert.equal(metrics.get("master/elected"), 1, "GET_METRICS: master/elected is not 1 on the leader");
      const info = (await op.getMaster(o)).master_info;
      assert.ok(info?.id && info.port, "GET_MASTER without id/port");
      const leader = new URL(await op.leaderUrl(o));
      assert.equal(String(info.port), leader.port || "80", "GET_MASTER's port is not the leader's");
      const agents = await op.getAgents(o);
      assert.ok((agents.agents ?? []).length >= 1, "GET_AGENTS: no agent");
      const state = await op.getState(o);
      assert.deepEqual(
        ids(state.get_agents?.agents),
        ids(agents.agents),
        "GET_STATE and GET_AGENTS disagree",
      );
      assert.ok(Array.isArray((await op.getFrameworks(o)).frameworks ?? []), "GET_FRAMEWORKS");
      const tasks = await op.getTasks(o);
      for (const t of tasks.tasks ?? [])
        assert.ok(t.task_id?.value && t.framework_id?.value, "task without ids");
      for (const e of (await op.getExecutors(o)).executors ?? [])
        assert.ok(e.agent_id?.value, "GET_EXECUTORS: executor without agent");
      for (const r of (await op.getRoles(o)).roles ?? []) assert.ok(r.name, "GET_ROLES: role without name");
      const maintenance = await op.getMaintenanceStatus(o);
      assert.ok(maintenance.status, "GET_MAINTENANCE_STATUS without status");
      assert.ok((await op.getMaintenanceSchedule(o)).schedule, "GET_MAINTENANCE_SCHEDULE without schedule");
      assert.ok((await op.getQuota(o)).status, "GET_QUOTA without status");

      // The event stream's first event: SUBSCRIBED with the state GET_AGENTS just gave.
      const stop = new AbortController();
      const onAbort = () => stop.abort(ctx.signal.reason);
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      let first: OperatorEvent | undefined;
      try {
        for await (const e of op.subscribe({ signal: stop.signal, resubscribe: false })) {
          first = e;
          break;
        }
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
        stop.abort();
      }
      assert.equal(first?.type, "SUBSCRIBED", "the operator stream did not open with SUBSCRIBED");
      if (first?.type === "SUBSCRIBED")
        assert.deepEqual(ids(first.state.get_agents?.agents), ids(agents.agents), "SUBSCRIBED's agents");
      ctx.note(`Mesos ${version}: 14 GET_* calls and SUBSCRIBED through @mesos-ts/operator`);
    } finally {
      await op.close();
    }
  },
};

export const operatorClientEvents: Scenario = {
  name: "operator client: event stream sees a task",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const op = client(ctx);
    const stop = new AbortController();
    const onAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    const events: OperatorEvent[] = [];
    const reading = (async () => {
      for await (const e of op.subscribe({ signal: stop.signal })) events.push(e);
    })().catch(() => {});
    const seen = async (pred: (e: OperatorEvent) => boolean, what: string, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!events.some(pred)) {
        if (Date.now() > deadline || ctx.signal.aborted)
          throw new Error(`operator client stream: no ${what} (saw ${events.map((e) => e.type).join(",")})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await seen((e) => e.type === "SUBSCRIBED", "SUBSCRIBED");
      await withSession(ctx, "operator-client-events", async (s) => {
        const id = s.frameworkId;
        await seen(
          (e) => e.type === "FRAMEWORK_ADDED" && e.framework.framework_info?.id?.value === id,
          "FRAMEWORK_ADDED for our framework",
        );
        const offer = roomyOffer(await s.offers(20_000));
        const from = s.mark();
        const taskId = await launchCommand(s, offer, "true", "opclient");
        await followTask(s, taskId, S.TASK_FINISHED, 30_000, from);
        await seen((e) => e.type === "TASK_ADDED" && e.task.task_id?.value === taskId, "TASK_ADDED");
        await seen(
          (e) =>
            e.type === "TASK_UPDATED" &&
            e.frameworkId === id &&
            e.status.task_id?.value === taskId &&
            e.state === S.TASK_FINISHED,
          "TASK_UPDATED to TASK_FINISHED",
        );
        const done = (await op.getTasks({ signal: ctx.signal })).completed_tasks?.find(
          (t) => t.task_id?.value === taskId && t.framework_id?.value === id,
        );
        assert.equal(done?.state, S.TASK_FINISHED, "GET_TASKS does not list the task as finished");
      });
      ctx.note("SUBSCRIBED, FRAMEWORK_ADDED, TASK_ADDED, TASK_UPDATED through @mesos-ts/operator");
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
      stop.abort(new Error("scenario over"));
      await reading;
      await op.close();
    }
  },
};
