/** The operator API: reads in both encodings, and its event stream seeing a framework and a task. */
import { strict as assert } from "node:assert";
import { master } from "@mesos-ts/proto";
import { mediaType } from "../operator/operator-client.js";
import {
  expectClusterTaskState,
  followTask,
  launchCommand,
  operator,
  roomyOffer,
  S,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, openWire } from "./wire.js";

const C = master.Call_Type;

export const operatorReads: Scenario = {
  name: "operator API reads",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 30_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    const op = operator(ctx);
    const health = await op.get(C.GET_HEALTH, ctx.signal);
    assert.equal(health.type, master.Response_Type.GET_HEALTH);
    assert.equal(health.get_health?.healthy, true);
    const version = await op.get(C.GET_VERSION, ctx.signal);
    assert.match(version.get_version?.version_info?.version ?? "", /^\d+\.\d+\.\d+/);
    const info = await op.masterInfo(ctx.signal);
    assert.ok(info.id && info.port, "GET_MASTER without id/port");
    const agents = await op.agents(ctx.signal);
    assert.ok((agents.agents ?? []).length >= 1, "GET_AGENTS: no agent");
    for (const a of agents.agents ?? []) assert.ok(a.agent_info?.id?.value, "agent without id");
    const state = await op.get(C.GET_STATE, ctx.signal);
    assert.equal(state.type, master.Response_Type.GET_STATE);
    assert.equal(
      state.get_state?.get_agents?.agents?.length,
      agents.agents?.length,
      "GET_STATE and GET_AGENTS disagree",
    );
    const fw = await op.frameworks(ctx.signal);
    assert.ok(Array.isArray(fw.frameworks ?? []));
    if (wire) {
      // The master's side: each read arrived in our media type, decoded to the call we meant, answered 200.
      const reads = (await wire.log()).requests.filter((r) => r.operatorCall !== undefined);
      const types = [C.GET_HEALTH, C.GET_VERSION, C.GET_MASTER, C.GET_AGENTS, C.GET_STATE, C.GET_FRAMEWORKS];
      assert.deepEqual(
        reads.map((r) => r.operatorCall?.type),
        types,
        "the master received other operator calls than we sent",
      );
      for (const r of reads) {
        assert.equal(r.contentType, mediaType(ctx.contentType));
        assert.equal(r.accept, mediaType(ctx.contentType));
        assert.equal(r.status, 200);
      }
    }
    ctx.note(`Mesos ${version.get_version?.version_info?.version}, ${agents.agents?.length} agent(s)`);
  },
};

export const operatorEvents: Scenario = {
  name: "operator event stream",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    const op = operator(ctx);
    const stop = new AbortController();
    const onAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    const events: master.Event[] = [];
    const wake = new Set<() => void>();
    const reading = (async () => {
      for await (const e of op.subscribe(stop.signal)) {
        events.push(e);
        for (const w of wake) w();
      }
    })().catch(() => {});
    const waitFor = async (pred: (e: master.Event) => boolean, what: string, ms = 20_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) {
          throw new Error(
            `operator stream: no ${what} (saw ${events.map((e) => master.event_TypeToJSON(e.type ?? 0)).join(",")})`,
          );
        }
        await new Promise<void>((r) => {
          const t = setTimeout(r, 200);
          wake.add(() => {
            clearTimeout(t);
            r();
          });
        });
        wake.clear();
      }
    };
    try {
      const subscribed = await waitFor((e) => e.type === master.Event_Type.SUBSCRIBED, "SUBSCRIBED");
      assert.ok(subscribed.subscribed?.get_state, "SUBSCRIBED without get_state");
      await waitFor((e) => e.type === master.Event_Type.HEARTBEAT, "HEARTBEAT");
      await withSession(ctx, "operator-events", async (s) => {
        const id = s.frameworkId;
        await waitFor(
          (e) =>
            e.type === master.Event_Type.FRAMEWORK_ADDED &&
            e.framework_added?.framework?.framework_info?.id?.value === id,
          "FRAMEWORK_ADDED for our framework",
        );
        const offer = roomyOffer(await s.offers(20_000));
        const from = s.mark();
        const taskId = await launchCommand(s, offer, "true", "opevents");
        await followTask(s, taskId, S.TASK_FINISHED, 30_000, from);
        await waitFor(
          (e) => e.type === master.Event_Type.TASK_ADDED && e.task_added?.task?.task_id?.value === taskId,
          "TASK_ADDED",
        );
        await waitFor(
          (e) =>
            e.type === master.Event_Type.TASK_UPDATED &&
            e.task_updated?.status?.task_id?.value === taskId &&
            e.task_updated.state === S.TASK_FINISHED,
          "TASK_UPDATED to TASK_FINISHED",
        );
        // The stream's story matches the master's current answer to GET_TASKS.
        await expectClusterTaskState(ctx, taskId, S.TASK_FINISHED);
        if (wire) {
          const sub = (await wire.log()).requests.find((r) => r.operatorCall?.type === C.SUBSCRIBE);
          assert.ok(sub, "the master never received the operator SUBSCRIBE");
          assert.equal(sub.contentType, mediaType(ctx.contentType));
          assert.equal(sub.status, 200);
          await wire.call(
            "ACCEPT launching the task",
            (c) => c.type === CT.ACCEPT && c.framework_id?.value === id,
          );
        }
      });
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
      stop.abort(new Error("scenario over"));
      await reading;
    }
  },
};
