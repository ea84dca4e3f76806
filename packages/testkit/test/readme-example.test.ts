// The README's "Quick start", executed: keep the two in sync.
import { request } from "node:http";
import { scheduler } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, expect, test } from "vitest";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ masters: 1, agents: 2, heartbeatIntervalMs: 500, allocationIntervalMs: 50 });
});
afterAll(() => cluster.close());

test("my framework subscribes and gets offers from both agents", async () => {
  const events: scheduler.Event[] = [];
  const call = scheduler.Call.encode({
    type: scheduler.Call_Type.SUBSCRIBE,
    subscribe: { framework_info: { user: "me", name: "my-framework" } },
  }).finish();
  const req = request(`${cluster.masterUrls[0]}/api/v1/scheduler`, {
    method: "POST",
    headers: { "Content-Type": "application/x-protobuf", Accept: "application/x-protobuf" },
  });
  req.on("response", (res) => {
    const decoder = new RecordIODecoder();
    res.on("data", (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) events.push(scheduler.Event.decode(record));
    });
  });
  req.end(call);

  // Assert on what the simulator saw and sent, not only on what the client thinks.
  const subscribe = await cluster.waitForCall((c) => c.type === scheduler.Call_Type.SUBSCRIBE);
  expect(subscribe.headers["content-type"]).toBe("application/x-protobuf");
  await cluster.waitForEvent((e) => e.type === scheduler.Event_Type.OFFERS);
  await expect
    .poll(() => events.filter((e) => e.type === scheduler.Event_Type.OFFERS).length)
    .toBeGreaterThan(0);
  const offered = events.flatMap((e) => e.offers?.offers ?? []).map((o) => o.agent_id?.value);
  expect(new Set(offered).size).toBe(2);
  req.destroy();
});
