// Master failover through a real ZooKeeper: kill the leader, the client finds the new leader via
// discovery's ZooKeeper detector and resubscribes with the same framework id.

import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { findZooKeeper } from "@mesos-ts/zookeeper-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribedChannel } from "../src/index.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";

const zk = await findZooKeeper().catch(() => undefined);

// The name says why when it is skipped, and only then.
const suiteName = `master failover through ZooKeeper${zk === undefined ? " (skipped: no ZooKeeper found)" : ""}`;

describe.skipIf(zk === undefined)(suiteName, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({
      masters: 3,
      agents: 1,
      zookeeper: "embedded",
      // A crash is noticed when the dead leader's session expires (10 s by default, as Mesos).
      zkSessionTimeoutMs: 2000,
      taskMode: "scripted",
      heartbeatIntervalMs: 500,
      allocationIntervalMs: 200,
    });
    await cluster.waitForLeader({ timeout: 30_000 });
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it.each(WIRES)(
    "kill the leader: resubscribes to the new one with the same framework id (%s)",
    async (wire) => {
      const client = testClient(cluster.zk!, wire, { backoff: { initialMs: 50, maxMs: 1000 } });
      const subscribedAt: number[] = [];
      const onSubscribed = () => subscribedAt.push(performance.now());
      subscribedChannel.subscribe(onSubscribed);
      try {
        const reader = new EventReader(client);
        const first = await reader.next("SUBSCRIBED", 30_000);
        const leader = cluster.leader()!;
        expect(client.leaderUrl?.port).toBe(String(new URL(cluster.masterUrls[leader.index]!).port));
        const killedAt = performance.now();
        await cluster.crashMaster(leader.index);
        const second = await reader.next("SUBSCRIBED", 40_000);
        const failoverMs = performance.now() - killedAt;
        expect(second.generation).toBeGreaterThan(first.generation);
        expect(second.frameworkId.value).toBe(first.frameworkId.value);
        expect(client.leaderUrl?.port).not.toBe(String(new URL(cluster.masterUrls[leader.index]!).port));
        console.log(`[failover ${wire}] leader death → SUBSCRIBED: ${failoverMs.toFixed(0)} ms`);
        expect(failoverMs).toBeLessThan(40_000);
        await reader.close();
        await cluster.restartMaster(leader.index);
      } finally {
        subscribedChannel.unsubscribe(onSubscribed);
        await client.close();
      }
    },
    60_000,
  );
});
