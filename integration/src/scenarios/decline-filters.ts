/** DECLINE with refuse_seconds: no offer from that agent while the filter holds, offers again after. */
import { strict as assert } from "node:assert";
import { clusterFramework, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

const REFUSE_SECONDS = 4;

export const declineWithFilters: Scenario = {
  name: "decline with filters",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 60_000,
  run: (ctx) =>
    withSession(ctx, "decline", async (s) => {
      const first = await s.offers(20_000);
      const agents = new Set(first.map((o) => o.agent_id?.value));
      const declinedAt = Date.now();
      const from = s.mark();
      await s.client.decline({
        offerIds: first.map((o) => o.id?.value ?? ""),
        filters: { refuse_seconds: REFUSE_SECONDS },
      });
      const fw = await clusterFramework(operator(ctx), s.frameworkId, ctx.signal);
      assert.equal((fw?.offers ?? []).length, 0, "operator API: declined offers still outstanding");
      const again = await s.waitFor(
        (e) => e.type === "OFFERS" && e.offers.some((o) => agents.has(o.agent_id?.value)),
        30_000,
        "OFFERS from the same agent after the filter",
        from,
      );
      const waited = (Date.now() - declinedAt) / 1000;
      // Filters live at least refuse_seconds (PROTOCOL §3.9); allow 0.5 s of clock slack.
      assert.ok(
        waited >= REFUSE_SECONDS - 0.5,
        `re-offered after ${waited.toFixed(1)} s, filter was ${REFUSE_SECONDS} s`,
      );
      ctx.note(`re-offered after ${waited.toFixed(1)} s`);
      if (again.type === "OFFERS")
        await s.client.decline({ offerIds: again.offers.map((o) => o.id?.value ?? ""), filters: 0 });
    }),
};
