/** SUPPRESS stops offers (the master holds none outstanding for us); REVIVE brings them back, filters cleared. */
import { strict as assert } from "node:assert";
import { clusterFramework, eventually, operator, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

export const suppressRevive: Scenario = {
  name: "suppress/revive",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    await withSession(ctx, "suppress", async (s) => {
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
      const revived = await s.offers(15_000, from);
      const revivedIds = new Set(revived.map((o) => o.id?.value));
      await eventually(async () => {
        const fw = await clusterFramework(op, s.frameworkId, ctx.signal);
        assert.ok(
          (fw?.offers ?? []).some((o) => revivedIds.has(o.id?.value)),
          "operator API: no outstanding offer after REVIVE",
        );
      }, 10_000);
      if (wire) {
        const sup = await wire.call(
          "SUPPRESS",
          (c) => c.type === CT.SUPPRESS && c.framework_id?.value === s.frameworkId,
        );
        const rev = await wire.call(
          "REVIVE",
          (c) => c.type === CT.REVIVE && c.framework_id?.value === s.frameworkId,
          {
            after: sup.seq,
          },
        );
        // The master's side: between taking SUPPRESS and REVIVE it wrote us no OFFERS at all.
        const between = (await wire.log()).events.filter(
          (e) =>
            e.event.type === ET.OFFERS &&
            e.frameworkId === s.frameworkId &&
            e.seq > sup.seq &&
            e.seq < rev.seq,
        );
        assert.equal(between.length, 0, "the master sent OFFERS while we were suppressed");
        await wire.event(
          "OFFERS after REVIVE",
          (e, r) => e.type === ET.OFFERS && r.frameworkId === s.frameworkId,
          {
            after: rev.seq,
          },
        );
        await wire.expectClean(s.frameworkId);
      }
      ctx.note(`offers ${((Date.now() - revivedAt) / 1000).toFixed(1)} s after REVIVE`);
    });
  },
};
