/** DECLINE with refuse_seconds: no offer from that agent while the filter holds, offers again after. */
import { strict as assert } from "node:assert";
import { clusterFramework, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

const REFUSE_SECONDS = 4;

export const declineWithFilters: Scenario = {
  name: "decline with filters",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "decline", async (s) => {
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
      // Filters live at least refuse_seconds (`src/master/master.cpp`); allow 0.5 s of clock slack.
      assert.ok(
        waited >= REFUSE_SECONDS - 0.5,
        `re-offered after ${waited.toFixed(1)} s, filter was ${REFUSE_SECONDS} s`,
      );
      ctx.note(`re-offered after ${waited.toFixed(1)} s`);
      if (wire) {
        const d = await wire.call(
          "DECLINE with the filter",
          (c) => c.type === CT.DECLINE && c.framework_id?.value === s.frameworkId,
        );
        assert.equal(d.call?.decline?.filters?.refuse_seconds, REFUSE_SECONDS, "DECLINE's refuse_seconds");
        // The master's side: the next OFFERS it wrote us from that agent left ≥ refuse_seconds after it took the DECLINE.
        const next = await wire.event(
          "OFFERS after the filter",
          (e, r) =>
            e.type === ET.OFFERS &&
            r.frameworkId === s.frameworkId &&
            (e.offers?.offers ?? []).some((o) => agents.has(o.agent_id?.value)),
          { after: d.seq },
        );
        const held = (next.at - d.at) / 1000;
        assert.ok(held >= REFUSE_SECONDS - 0.1, `master re-offered ${held.toFixed(2)} s after DECLINE`);
      }
      if (again.type === "OFFERS")
        await s.client.decline({ offerIds: again.offers.map((o) => o.id?.value ?? ""), filters: 0 });
      await wire?.expectClean(s.frameworkId);
    });
  },
};
