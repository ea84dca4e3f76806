/** SUPPRESS stops offers (the master holds none outstanding for us); REVIVE brings them back, filters cleared. */
import { strict as assert } from "node:assert";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

export const suppressRevive: Scenario = {
  name: "suppress/revive",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 60_000,
  run: (ctx) =>
    withSession(ctx, "suppress", async (s) => {
      const first = await s.offers(20_000);
      await s.client.suppress();
      // A long filter too: only REVIVE (which clears filters) can bring these resources back.
      await s.client.decline({ offerIds: first.map((o) => o.id?.value ?? ""), filters: 3600 });
      const op = operator(ctx);
      await eventually(async () => {
        const fw = await clusterFramework(op, s.frameworkId, ctx.signal);
        assert.equal((fw?.offers ?? []).length, 0, "operator API: offers still outstanding after SUPPRESS");
      }, 10_000);
      await s.expectNone((e) => e.type === "OFFERS", 3_000, "OFFERS while suppressed");
      const from = s.mark();
      const revivedAt = Date.now();
      await s.client.revive();
      await s.offers(15_000, from);
      ctx.note(`offers ${((Date.now() - revivedAt) / 1000).toFixed(1)} s after REVIVE`);
    }),
};
