/** SUBSCRIBE: SUBSCRIBED (framework id, 15 s heartbeats, master_info), a HEARTBEAT, and the master lists us. */
import { strict as assert } from "node:assert";
import { scheduler } from "@mesos-ts/proto";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const subscribe: Scenario = {
  name: "subscribe",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 30_000,
  async run(ctx) {
    const tap = await openWire(ctx);
    await withSession(ctx, "subscribe", async (s) => {
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
      if (tap) {
        // The master decoded our SUBSCRIBE as a new framework and wrote SUBSCRIBED, then HEARTBEAT, on that stream.
        const req = await tap.call(
          "SUBSCRIBE",
          (c) => c.type === CT.SUBSCRIBE && c.subscribe?.framework_info?.name === s.client.framework.name,
        );
        assert.equal(req.call?.framework_id, undefined, "a new framework's SUBSCRIBE carried a framework_id");
        const subscribed = await tap.event(
          "SUBSCRIBED",
          (e, r) => e.type === ET.SUBSCRIBED && r.frameworkId === s.frameworkId,
        );
        assert.equal(subscribed.event.subscribed?.framework_id?.value, s.frameworkId);
        await tap.event(
          "HEARTBEAT on the same stream",
          (e, r) => e.type === ET.HEARTBEAT && r.streamId === subscribed.streamId,
          { after: subscribed.seq },
        );
      }
    });
  },
};
