/** SUBSCRIBE: SUBSCRIBED (framework id, 15 s heartbeats, master_info), a HEARTBEAT, and the master lists us. */
import { strict as assert } from "node:assert";
import { scheduler } from "@mesos-ts/proto";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

export const subscribe: Scenario = {
  name: "subscribe",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 30_000,
  run: (ctx) =>
    withSession(ctx, "subscribe", async (s) => {
      const sub = await s.waitFor((e) => e.type === "SUBSCRIBED", 1, "SUBSCRIBED");
      assert.equal(sub.raw.type, scheduler.Event_Type.SUBSCRIBED);
      const wire = sub.raw.subscribed;
      assert.ok(wire?.framework_id?.value, "SUBSCRIBED without framework_id");
      assert.equal(wire.heartbeat_interval_seconds, 15);
      assert.ok(wire.master_info?.id, "SUBSCRIBED without master_info");
      assert.equal(s.frameworkId, wire.framework_id.value);
      await s.waitFor((e) => e.type === "HEARTBEAT", 10_000, "HEARTBEAT after SUBSCRIBED");
      const fw = await eventually(async () => {
        const f = await clusterFramework(operator(ctx), s.frameworkId, ctx.signal);
        assert.ok(f, `operator API does not list framework ${s.frameworkId}`);
        return f;
      }, 10_000);
      assert.equal(fw.framework_info?.name, s.client.framework.name);
      assert.equal(fw.active, true, "operator API: framework not active");
      assert.equal(fw.connected, true, "operator API: framework not connected");
      assert.equal(fw.framework_info?.failover_timeout, 120);
    }),
};
