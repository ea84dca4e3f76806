import { request } from "node:http";
import { scheduler, type v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { launchCall, post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const E = scheduler.Event_Type;
let cluster: Cluster;
let sub: RawSubscription;

async function subscribed(media: "application/json" | "application/x-protobuf" = "application/json") {
  cluster = await startCluster({
    masters: 2,
    agents: 1,
    heartbeatIntervalMs: 100,
    allocationIntervalMs: 60_000,
  });
  sub = new RawSubscription(cluster.masterUrls[0] as string, media);
  await sub.open(subscribeCall({ failover_timeout: 60 }));
  await sub.next((e) => e.type === E.SUBSCRIBED);
  return sub.frameworkId as string;
}

afterEach(async () => {
  sub?.close();
  await cluster?.close();
});

describe("stream faults", () => {
  it("drops a stream in the middle of a record", async () => {
    const fid = await subscribed();
    const before = Buffer.concat(sub.chunks).length;
    cluster.faults.dropStream(fid, { midRecord: true });
    await sub.waitEnded();
    const tail = Buffer.concat(sub.chunks).subarray(before).toString();
    expect(tail).toMatch(/^\d+\n\{/);
    await expect.poll(() => cluster.framework(fid).connected).toBe(false);
  });

  it("stalls (no heartbeats) and resumes", async () => {
    const fid = await subscribed();
    cluster.faults.stallStream(fid);
    const n = sub.chunks.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.chunks.length).toBe(n);
    cluster.faults.resumeStream(fid);
    await sub.next((e) => e.type === E.HEARTBEAT, 2000, sub.events.length);
  });

  it("trickles bytes one at a time", async () => {
    const fid = await subscribed();
    cluster.faults.trickleStream(fid, 1);
    const n = sub.chunks.length;
    const m = sub.events.length;
    await sub.next((e) => e.type === E.HEARTBEAT, 3000, m);
    expect(sub.chunks.slice(n).every((c) => c.length === 1)).toBe(true);
  });

  it("writes malformed RecordIO, invalid payloads, unsolicited ERRORs and duplicate updates on demand", async () => {
    const fid = await subscribed();
    cluster.faults.unsolicitedError(fid, "boom");
    const error = await sub.next((e) => e.type === E.ERROR);
    expect(error.error?.message).toBe("boom");
    const raw = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    sub.close();
    await raw.open(subscribeCall({}, fid)).catch(() => {});
    await raw.next((e) => e.type === E.SUBSCRIBED);
    const n = raw.chunks.length;
    cluster.faults.invalidEvent(fid);
    await expect.poll(() => Buffer.concat(raw.chunks.slice(n)).toString()).toContain('8\n{"type":');
    await expect.poll(() => raw.errors.length).toBe(1);
    cluster.faults.malformedRecordIO(fid);
    await expect.poll(() => raw.errors.length).toBeGreaterThanOrEqual(2);
    raw.close();
  });

  it("duplicateUpdates: every status update reaches the scheduler twice, with the same uuid", async () => {
    cluster = await startCluster({ agents: 1, taskMode: "scripted", allocationIntervalMs: 50 });
    sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    await sub.open(subscribeCall());
    const offers = await sub.next((e) => e.type === E.OFFERS);
    const offer = offers.offers?.offers?.[0];
    cluster.faults.duplicateUpdates(true);
    await sub.call(launchCall(sub.frameworkId as string, offer as v1.Offer, "t", "true"));
    const first = await sub.next((e) => e.type === E.UPDATE);
    const uuid = Buffer.from(first.update?.status?.uuid ?? []).toString("hex");
    await expect
      .poll(
        () =>
          sub.events.filter((e) => Buffer.from(e.update?.status?.uuid ?? []).toString("hex") === uuid).length,
      )
      .toBe(2);
  });
});

describe("master faults", () => {
  it("503 storm, redirect loop, redirect to a dead master, missing Mesos-Stream-Id", async () => {
    await subscribed();
    const body = JSON.stringify({
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "u", name: "n" } },
    });
    const ct = { "Content-Type": "application/json" };
    const url = `${cluster.masterUrls[0]}/api/v1/scheduler`;
    cluster.faults.serviceUnavailable(0, 2);
    expect((await post(url, body, ct)).status).toBe(503);
    expect((await post(url, body, ct)).status).toBe(503);
    cluster.faults.redirectLoop(0, 1);
    const loop = await post(url, body, ct);
    expect(loop.status).toBe(307);
    expect(loop.headers.location).toBe(`//127.0.0.1:${cluster.masters[0]?.port}/master/api/v1/scheduler`);
    const dead = await cluster.faults.redirectToDeadMaster(0, 1);
    const toDead = await post(url, body, ct);
    expect(toDead.status).toBe(307);
    expect(`http:${toDead.headers.location}`).toContain(new URL(dead).host);
    await expect(post(`${dead}/api/v1/scheduler`, body, ct)).rejects.toThrow();
    cluster.faults.omitStreamId(0, 1);
    const headers = await new Promise<Record<string, unknown>>((resolve) => {
      const req = request(url, { method: "POST", headers: ct }, (res) => {
        resolve(res.headers);
        res.destroy();
      });
      req.end(body);
    });
    expect(headers["mesos-stream-id"]).toBeUndefined();
  });
});
