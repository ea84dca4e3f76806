/**
 * Leader discovery: @mesos-ts/discovery finds the leader from the cluster's master URL; every
 * master agrees (GET_MASTER through 307s, /master/redirect) on who it is.
 */
import { strict as assert } from "node:assert";
import { createDetector, masterBaseUrl } from "@mesos-ts/discovery";
import { operator } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { openWire } from "./wire.js";

export const leaderDiscovery: Scenario = {
  name: "leader discovery",
  contentTypes: BOTH,
  needs: [],
  timeoutMs: 30_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    const detector = createDetector(ctx.cluster.masterUrl);
    let leaderUrl: string;
    let leaderId: string | undefined;
    try {
      const leader = await detector.leader({ timeout: 15_000, signal: ctx.signal });
      leaderUrl = masterBaseUrl(leader);
      leaderId = leader.id;
    } finally {
      await detector.close();
    }
    for (const url of ctx.cluster.masterHttpUrls) {
      const op = operator(ctx, url);
      const {
        value,
        url: answeredBy,
        contentType,
      } = await op.call({ type: 17 /* GET_MASTER */ }, ctx.signal);
      assert.equal(contentType, op.contentType === "json" ? "application/json" : "application/x-protobuf");
      assert.equal(value?.get_master?.master_info?.id, leaderId, `${url}: GET_MASTER names another leader`);
      assert.equal(new URL(answeredBy).host, new URL(leaderUrl).host, `${url}: answered by ${answeredBy}`);
      const res = await fetch(new URL("/master/redirect", url), { redirect: "manual", signal: ctx.signal });
      await res.body?.cancel();
      assert.equal(res.status, 307, `${url}/master/redirect answered ${res.status}`);
      const location = new URL(res.headers.get("location") ?? "", url);
      assert.equal(location.port, new URL(leaderUrl).port, `${url}/master/redirect → ${location.href}`);
    }
    if (wire) {
      // The masters' side: the leader answered every GET_MASTER itself (200); the others sent 307s.
      const leaderIndex = ctx.cluster.masterHttpUrls.findIndex(
        (u) => new URL(u).host === new URL(leaderUrl).host,
      );
      assert.ok(leaderIndex >= 0, `leader ${leaderUrl} is not one of the cluster's masters`);
      const gets = (await wire.log()).requests.filter((r) => r.operatorCall?.type === 17 /* GET_MASTER */);
      assert.equal(
        gets.filter((r) => r.master === leaderIndex && r.status === 200).length,
        ctx.cluster.masterHttpUrls.length,
      );
      for (const r of gets) {
        assert.equal(
          r.status,
          r.master === leaderIndex ? 200 : 307,
          `master ${r.master} answered GET_MASTER ${r.status}`,
        );
        assert.equal(
          r.contentType,
          ctx.contentType === "json" ? "application/json" : "application/x-protobuf",
        );
      }
    }
    ctx.note(`leader ${leaderUrl}`);
  },
};
