// Every status code and error body of `Master::Http::scheduler` (`src/master/http.cpp`), sent with node:http by hand.
import { request } from "node:http";
import { MesosJson, scheduler, v1 } from "@mesos-ts/proto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const C = scheduler.Call_Type;
const JSON_CT = { "Content-Type": "application/json" };
const json = (call: scheduler.Call) => MesosJson.stringify(scheduler.Call, call);

let cluster: Cluster;
let leader: string;
let follower: string;
// Each test subscribes a framework of its own: no test depends on what an earlier one did to a
// shared subscription (failed it over, renamed it, ...), so they pass alone and in any order.
let sub: RawSubscription;
let fid: string;

beforeAll(async () => {
  cluster = await startCluster({
    masters: 2,
    agents: 1,
    heartbeatIntervalMs: 1000,
    allocationIntervalMs: 60_000,
  });
  leader = cluster.masterUrls[0] as string;
  follower = cluster.masterUrls[1] as string;
});
afterAll(async () => {
  await cluster.close();
});
beforeEach(async () => {
  sub = new RawSubscription(leader, "application/json");
  await sub.open(subscribeCall({ failover_timeout: 3600 }));
  await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
  fid = sub.frameworkId as string;
});
afterEach(() => {
  sub.close();
});

const url = (base: string) => `${base}/api/v1/scheduler`;

describe("Master::Http::scheduler", () => {
  it("307 from a follower: protocol-relative Location with the rewritten /master path and query", async () => {
    const r = await post(`${url(follower)}?x=1`, json(subscribeCall()), JSON_CT);
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe(`//127.0.0.1:${cluster.masters[0]?.port}/master/api/v1/scheduler?x=1`);
    expect(r.text).toBe("");
  });

  it("405 with Allow: POST", async () => {
    const r = await post(url(leader), "", {}, "GET");
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("POST");
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("400 without Content-Type", async () => {
    const r = await post(url(leader), json(subscribeCall()));
    expect(r.status).toBe(400);
    expect(r.text).toBe("Expecting 'Content-Type' to be present");
  });

  it("415 for a Content-Type with a charset (exact match only)", async () => {
    const r = await post(url(leader), json(subscribeCall()), {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(r.status).toBe(415);
  });

  it("400 for bodies that do not parse: protobuf garbage, JSON syntax, missing required field", async () => {
    const pb = await post(url(leader), Buffer.from([0xff, 0xff, 0xff]), {
      "Content-Type": "application/x-protobuf",
    });
    expect(pb.status).toBe(400);
    const syntax = await post(url(leader), "{", JSON_CT);
    expect(syntax.status).toBe(400);
    const missing = await post(
      url(leader),
      JSON.stringify({ type: "SUBSCRIBE", subscribe: { framework_info: { name: "no-user" } } }),
      JSON_CT,
    );
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("user");
  });

  it("400 for validation failures with the 'Failed to validate scheduler::Call' prefix", async () => {
    const noType = await post(url(leader), "{}", JSON_CT);
    expect(noType.status).toBe(400);
    expect(noType.text).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
    const noPayload = await post(url(leader), JSON.stringify({ type: "SUBSCRIBE" }), JSON_CT);
    expect(noPayload.text).toBe("Failed to validate scheduler::Call: Expecting 'subscribe' to be present");
    const mismatch = await post(url(leader), json(subscribeCall({ id: { value: "a" } }, "b")), JSON_CT);
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toMatch(/^Failed to validate scheduler::Call: .*differs/);
    const badUuid = await post(
      url(leader),
      json({
        framework_id: { value: fid },
        type: C.ACKNOWLEDGE,
        acknowledge: { agent_id: { value: "a" }, task_id: { value: "t" }, uuid: Buffer.from("short") },
      }),
      { ...JSON_CT, "Mesos-Stream-Id": sub.streamId as string },
    );
    expect(badUuid.status).toBe(400);
    expect(badUuid.text).toMatch(/^Failed to validate scheduler::Call:/);
  });

  it("400 for a call type the schema does not know (protobuf enum 99 ⇒ 'type' absent)", async () => {
    const body = scheduler.Call.encode({
      framework_id: { value: fid },
      type: 99 as scheduler.Call_Type,
    }).finish();
    const r = await post(url(leader), body, { "Content-Type": "application/x-protobuf" });
    expect(r.status).toBe(400);
    expect(r.text).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
  });

  it("406 when SUBSCRIBE accepts neither media type", async () => {
    const r = await post(url(leader), json(subscribeCall()), { ...JSON_CT, Accept: "text/html" });
    expect(r.status).toBe(406);
  });

  it("400 for a SUBSCRIBE carrying Mesos-Stream-Id", async () => {
    const r = await post(url(leader), json(subscribeCall()), { ...JSON_CT, "Mesos-Stream-Id": "x" });
    expect(r.status).toBe(400);
    expect(r.text).toBe("Subscribe calls should not include the 'Mesos-Stream-Id' header");
  });

  it("400 Framework cannot be found", async () => {
    const r = await post(url(leader), json({ framework_id: { value: "nope" }, type: C.REVIVE }), JSON_CT);
    expect(r.status).toBe(400);
    expect(r.text).toBe("Framework cannot be found");
  });

  it("400 without Mesos-Stream-Id, and 400 with another one", async () => {
    const missing = await post(url(leader), json({ framework_id: { value: fid }, type: C.REVIVE }), JSON_CT);
    expect(missing.status).toBe(400);
    expect(missing.text).toBe("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    const wrong = await post(url(leader), json({ framework_id: { value: fid }, type: C.REVIVE }), {
      ...JSON_CT,
      "Mesos-Stream-Id": "00000000-0000-4000-8000-000000000000",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("didn't match the stream ID currently associated with framework ID");
  });

  it("200 / 400 for UPDATE_FRAMEWORK", async () => {
    const ok = await sub.call({
      framework_id: { value: fid },
      type: C.UPDATE_FRAMEWORK,
      update_framework: {
        framework_info: { id: { value: fid }, user: "tester", name: "renamed", failover_timeout: 3600 },
      },
    });
    expect(ok.status).toBe(200);
    expect(cluster.framework(fid).info.name).toBe("renamed");
    const immutable = await sub.call({
      framework_id: { value: fid },
      type: C.UPDATE_FRAMEWORK,
      update_framework: { framework_info: { id: { value: fid }, user: "someone-else", name: "x" } },
    });
    expect(immutable.status).toBe(400);
  });

  it("501 for UNKNOWN and 202 (empty body) for the rest; REQUEST is accepted and ignored", async () => {
    const unknown = await sub.call({ framework_id: { value: fid }, type: C.UNKNOWN });
    expect(unknown.status).toBe(501);
    const revive = await sub.call({ framework_id: { value: fid }, type: C.REVIVE });
    expect(revive.status).toBe(202);
    expect(revive.text).toBe("");
    const req = await sub.call({ framework_id: { value: fid }, type: C.REQUEST, request: { requests: [] } });
    expect(req.status).toBe(202);
  });

  it("aliases /master/api/v1/scheduler and accepts a chunked request body", async () => {
    const body = json({ framework_id: { value: fid }, type: C.SUPPRESS });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${leader}/master/api/v1/scheduler`, {
        method: "POST",
        headers: { ...JSON_CT, "Mesos-Stream-Id": sub.streamId as string, "Transfer-Encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (const ch of body) req.write(ch);
      req.end();
    });
    expect(status).toBe(202);
    const recorded = await cluster.waitForCall((c) => c.type === C.SUPPRESS);
    expect(recorded.headers["transfer-encoding"]).toBe("chunked");
    expect(recorded.url).toBe("/master/api/v1/scheduler");
  });

  it("/redirect and /master/redirect: 307 to //host:port with no path; below them 404", async () => {
    for (const base of [leader, follower]) {
      const r = await post(`${base}/master/redirect`, "", {}, "GET");
      expect(r.status).toBe(307);
      expect(r.headers.location).toBe(`//127.0.0.1:${cluster.masters[0]?.port}`);
      expect((await post(`${base}/redirect`, "", {}, "GET")).status).toBe(307);
      const below = await post(`${base}/master/redirect/x`, "", {}, "GET");
      expect([below.status, below.text]).toEqual([404, "404 Not Found."]);
    }
    expect((await post(`${follower}/health`, "", {}, "GET")).status).toBe(200);
    const version = await post(`${follower}/version`, "", {}, "GET");
    expect(JSON.parse(version.text).version).toBe("1.12.0");
    const state = await post(`${leader}/master/state`, "", {}, "GET");
    expect(JSON.parse(state.text).leader_info.port).toBe(cluster.masters[0]?.port);
    expect(Object.keys(JSON.parse(state.text).leader_info).sort()).toEqual(["hostname", "id", "pid", "port"]);
    const stateJson = await post(`${leader}/master/state.json`, "", {}, "GET");
    expect([stateJson.status, stateJson.text]).toEqual([404, "404 Not Found."]);
    expect((await post(`${follower}/state`, "", {}, "GET")).status).toBe(307);
  });

  it("a second SUBSCRIBE with the same id fails the old stream over (ERROR, close)", async () => {
    const second = new RawSubscription(leader, "application/json");
    await second.open(subscribeCall({ failover_timeout: 3600 }, fid));
    await second.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    const error = await sub.next((e) => e.type === scheduler.Event_Type.ERROR);
    expect(error.error?.message).toBe("Framework failed over");
    await sub.waitEnded();
    expect(second.streamId).not.toBe(sub.streamId);
    // The old stream id is dead now.
    const stale = await sub.call({ framework_id: { value: fid }, type: C.REVIVE });
    expect(stale.status).toBe(400);
    second.close();
    // 403 once the framework's stream is closed.
    await expect.poll(() => cluster.framework(fid).connected).toBe(false);
    const r = await second.call({ framework_id: { value: fid }, type: C.REVIVE });
    expect(r.status).toBe(403);
    expect(r.text).toBe("Framework is not subscribed");
  });

  it("SUBSCRIBE failures arrive as 200 + ERROR + EOF (invalid role)", async () => {
    const bad = new RawSubscription(leader, "application/json");
    await bad.open(subscribeCall({ role: "a//b" }));
    expect(bad.status).toBe(200);
    const error = await bad.next((e) => e.type === scheduler.Event_Type.ERROR);
    expect(error.error?.message).toContain("a//b");
    await bad.waitEnded();
    expect(bad.events).toHaveLength(1);
  });
});

describe("503s", () => {
  it("503 'No leader elected' without a leader, 503 while recovering", async () => {
    const c = await startCluster({ masters: 2, agents: 0, recoveryMs: 60_000 });
    try {
      const recovering = await post(url(c.masterUrls[0] as string), json(subscribeCall()), JSON_CT);
      expect(recovering.status).toBe(503);
      expect(recovering.text).toBe("Master has not finished recovery");
      await c.stepDown(0);
      const none = await post(url(c.masterUrls[1] as string), json(subscribeCall()), JSON_CT);
      expect(none.status).toBe(503);
      expect(none.text).toBe("No leader elected");
    } finally {
      await c.close();
    }
  });
});
void v1;
