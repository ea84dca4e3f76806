// The failover_timeout (`src/master/master.cpp`) across a leader change: the failover_timeout timer is the leading master's, so a period
// with no leader at all removes nobody, and the next leader starts a full timer of its own.
import { scheduler } from "@mesos-ts/proto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { RawSubscription, subscribeCall } from "./helpers/raw-client.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ agents: 1, taskMode: "scripted", allocationIntervalMs: 50 });
});
afterAll(() => cluster.close());

it("no leader ⇒ no failover timeout; the new leader then times the framework out afresh", async () => {
  const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
  await sub.open(subscribeCall({ failover_timeout: 0.5 }));
  await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
  const fid = sub.frameworkId as string;

  await cluster.crashMaster(0);
  await sub.waitEnded();
  await new Promise((r) => setTimeout(r, 900)); // well past failover_timeout, with no leader
  expect(cluster.frameworks().map((f) => f.id)).toContain(fid);

  await cluster.restartMaster(0);
  await cluster.waitForLeader();
  expect(cluster.frameworks().map((f) => f.id)).toContain(fid);
  await expect.poll(() => cluster.frameworks().map((f) => f.id), { timeout: 3000 }).not.toContain(fid);
});
