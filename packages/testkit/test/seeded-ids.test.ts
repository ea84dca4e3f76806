import { scheduler } from "@mesos-ts/proto";
import { expect, it } from "vitest";
import { startCluster } from "../src/index.js";
import { RawSubscription, subscribeCall } from "./helpers/raw-client.js";

async function run(seed: number) {
  const cluster = await startCluster({ seed, agents: 1, allocationIntervalMs: 60_000 });
  try {
    const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    await sub.open(subscribeCall());
    await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    sub.close();
    return {
      master: cluster.masters[0]?.info.id,
      agent: cluster.agents[0]?.id,
      framework: sub.frameworkId,
      stream: sub.streamId,
    };
  } finally {
    await cluster.close();
  }
}

it("ids are repeatable for a seed and differ across seeds", async () => {
  const a = await run(42);
  const b = await run(42);
  const c = await run(7);
  expect(a).toEqual(b);
  expect(a.master).not.toBe(c.master);
  expect(a.stream).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(a.framework).toBe(`${a.master}-0000`);
});

it("Accept: 'application/x-protobuf, application/json' still yields JSON (`src/master/http.cpp`)", async () => {
  const cluster = await startCluster({ agents: 0 });
  try {
    const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    await sub.open(subscribeCall(), { Accept: "application/x-protobuf, application/json" });
    expect(sub.contentType).toBe("application/json");
    await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    sub.close();
  } finally {
    await cluster.close();
  }
});
