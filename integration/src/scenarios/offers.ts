/** OFFERS: resources from an agent the master knows, for our framework; declined offers leave the master's books. */
import { strict as assert } from "node:assert";
import { scalarSum } from "@mesos-ts/scheduler";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const offers: Scenario = {
  name: "offers",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 40_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "offers", async (s) => {
      const got = await s.offers(20_000);
      const op = operator(ctx);
      const agents = new Set(
        ((await op.agents(ctx.signal)).agents ?? []).map((a) => a.agent_info?.id?.value).filter(Boolean),
      );
      for (const o of got) {
        assert.equal(o.framework_id?.value, s.frameworkId, "offer for another framework");
        assert.ok(
          o.agent_id?.value && agents.has(o.agent_id.value),
          `offer from unknown agent ${o.agent_id?.value}`,
        );
        assert.ok(scalarSum(o.resources ?? [], "cpus") > 0, "offer without cpus");
        assert.ok(scalarSum(o.resources ?? [], "mem") > 0, "offer without mem");
        assert.ok(o.hostname, "offer without hostname");
      }
      const ids = new Set(got.map((o) => o.id?.value));
      const fw = await clusterFramework(op, s.frameworkId, ctx.signal);
      assert.ok(
        (fw?.offers ?? []).some((o) => ids.has(o.id?.value)),
        "operator API does not show the outstanding offer",
      );
      await s.client.decline({ offerIds: [...ids].filter((x): x is string => !!x), filters: 3600 });
      await eventually(async () => {
        const after = await clusterFramework(op, s.frameworkId, ctx.signal);
        assert.ok(
          !(after?.offers ?? []).some((o) => ids.has(o.id?.value)),
          "declined offer still outstanding",
        );
      }, 10_000);
      if (wire) {
        const first = got[0]?.id?.value;
        const sent = await wire.event(
          "OFFERS with the offers we received",
          (e, r) =>
            e.type === ET.OFFERS &&
            r.frameworkId === s.frameworkId &&
            (e.offers?.offers ?? []).some((o) => o.id?.value === first),
        );
        assert.deepEqual(
          new Set((sent.event.offers?.offers ?? []).map((o) => o.id?.value)),
          ids,
          "the offers we decoded differ from the ones the master sent",
        );
        const decline = await wire.call(
          "DECLINE of those offers",
          (c) => c.type === CT.DECLINE && c.framework_id?.value === s.frameworkId,
        );
        assert.deepEqual(new Set((decline.call?.decline?.offer_ids ?? []).map((o) => o.value)), ids);
        assert.equal(decline.call?.decline?.filters?.refuse_seconds, 3600);
        await wire.expectClean(s.frameworkId);
      }
      ctx.note(`${got.length} offer(s)`);
    });
  },
};
