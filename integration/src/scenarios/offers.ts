/** OFFERS: resources from an agent the master knows, for our framework; declined offers leave the master's books. */
import { strict as assert } from "node:assert";
import { scalarSum } from "@mesos-ts/scheduler";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

export const offers: Scenario = {
  name: "offers",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 40_000,
  run: (ctx) =>
    withSession(ctx, "offers", async (s) => {
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
      ctx.note(`${got.length} offer(s)`);
    }),
};
