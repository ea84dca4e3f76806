import { createRequire } from "node:module";
import { scheduler } from "@mesos-ts/proto";
import { type TestZooKeeper, zookeeperForTests } from "@mesos-ts/zookeeper-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

let zk: TestZooKeeper;
beforeAll(async () => {
  zk = await zookeeperForTests();
}, 60_000);
afterAll(() => zk?.stop());

describe("masters contending through a real ZooKeeper", () => {
  let cluster: Cluster;
  afterAll(() => cluster?.close());

  it("lowest sequence leads; followers redirect; a crash hands leadership over with shared state", async () => {
    const path = `/mesos-ts-test-${process.pid}-${Date.now()}`;
    cluster = await startCluster({
      masters: 3,
      agents: 1,
      zookeeper: `zk://${zk.connectString}${path}`,
      zkSessionTimeoutMs: 2000,
      heartbeatIntervalMs: 300,
      allocationIntervalMs: 50,
    });
    const first = await cluster.waitForLeader();
    expect(first.index).toBe(0);
    // The znodes, read with an independent ZooKeeper client: json.info_NNNNNNNNNN, ephemeral,
    // holding the MasterInfo JSON as a 1.x master writes it (keys sorted).
    const zookeeper = createRequire(import.meta.url)("zookeeper");
    const client = new zookeeper.Promise({ connect: zk.connectString, timeout: 4000 });
    await new Promise<void>((resolve) => {
      client.on("connect", () => resolve());
      client.init({});
    });
    const children = ((await client.get_children(path, false)) as string[]).sort();
    expect(children).toHaveLength(3);
    for (const c of children) expect(c).toMatch(/^json\.info_\d{10}$/);
    const [stat, data] = (await client.get(`${path}/${children[0]}`, false)) as [
      { ephemeralOwner: unknown },
      Buffer,
    ];
    expect(stat.ephemeralOwner).toBeTruthy();
    const text = data.toString("utf8");
    expect(Object.keys(JSON.parse(text))).toEqual([...Object.keys(JSON.parse(text))].sort());
    expect(JSON.parse(text)).toMatchObject({
      id: first.info.id,
      port: first.port,
      pid: `master@127.0.0.1:${first.port}`,
      ip: 16777343,
      capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }, { type: "QUOTA_V2" }],
    });
    client.close();
    // Followers learned the leader from ZooKeeper and redirect to it.
    await expect.poll(() => cluster.masters[2]?.knownLeader?.id).toBe(first.info.id);
    const r = await post(`${cluster.masterUrls[2]}/api/v1/scheduler`, "{}", {
      "Content-Type": "application/json",
    });
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe(`//127.0.0.1:${first.port}/master/api/v1/scheduler`);

    const sub = new RawSubscription(first.url, "application/x-protobuf");
    await sub.open(subscribeCall({ failover_timeout: 600 }));
    await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    const fid = sub.frameworkId as string;

    await cluster.crashMaster(0);
    await sub.waitEnded();
    const second = await cluster.waitForLeader({ timeout: 10_000 });
    expect(second.index).toBe(1);
    // The new leader knows the framework (shared registry) and takes the re-SUBSCRIBE.
    expect(cluster.framework(fid).connected).toBe(false);
    const again = new RawSubscription(second.url, "application/x-protobuf");
    await again.open(subscribeCall({ failover_timeout: 600 }, fid));
    const subscribed = await again.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    expect(subscribed.subscribed?.framework_id?.value).toBe(fid);
    expect(subscribed.subscribed?.master_info?.id).toBe(second.info.id);
    await again.next((e) => e.type === scheduler.Event_Type.OFFERS);
    // Step-down: the leader withdraws and re-contends; master 2 takes over.
    await cluster.stepDown(1);
    await again.waitEnded();
    await expect.poll(() => cluster.leader()?.index, { timeout: 10_000 }).toBe(2);
    again.close();
  }, 60_000);
});

describe("ZooKeeper outage", () => {
  it("the leader stops leading once its session is lost, and a leader is elected again after", async (ctx) => {
    if (!zk.server) ctx.skip(); // an external ZK_CONNECT server cannot be killed by the test
    const cluster = await startCluster({
      masters: 2,
      agents: 0,
      zookeeper: `zk://${zk.connectString}/outage-${process.pid}`,
      zkSessionTimeoutMs: 2000,
    });
    try {
      await cluster.waitForLeader();
      await zk.server?.kill();
      // Disconnected: still leading until the session timeout, then no leader (503 everywhere).
      await expect.poll(() => cluster.leader(), { timeout: 8000, interval: 100 }).toBeUndefined();
      const r = await post(`${cluster.masterUrls[0]}/api/v1/scheduler`, "{}", {
        "Content-Type": "application/json",
      });
      expect(r.status).toBe(503);
      await zk.server?.restart();
      await cluster.waitForLeader({ timeout: 20_000 });
    } finally {
      await cluster.close();
    }
  }, 40_000);
});

describe("failover_timeout", () => {
  it("a disconnected framework keeps its tasks until the timeout, then is removed", async () => {
    const cluster = await startCluster({
      agents: 1,
      taskMode: "scripted",
      script: () => ({ hang: true }),
      heartbeatIntervalMs: 1000,
      allocationIntervalMs: 50,
    });
    try {
      const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/x-protobuf");
      await sub.open(subscribeCall({ failover_timeout: 0.5 }));
      const offers = await sub.next((e) => e.type === scheduler.Event_Type.OFFERS);
      const offer = offers.offers?.offers?.[0];
      const fid = sub.frameworkId as string;
      await sub.call({
        framework_id: { value: fid },
        type: scheduler.Call_Type.ACCEPT,
        accept: {
          offer_ids: [offer?.id ?? { value: "" }],
          operations: [
            {
              type: 1,
              launch: {
                task_infos: [
                  {
                    name: "t",
                    task_id: { value: "t1" },
                    agent_id: offer?.agent_id,
                    resources: [{ name: "cpus", type: 0, scalar: { value: 1 } }],
                    command: { value: "sleep 100" },
                  },
                ],
              },
            },
          ],
        },
      });
      await sub.next((e) => e.update?.status?.state === 1 /* RUNNING */ || e.update?.status?.state === 0);
      sub.close();
      await expect.poll(() => cluster.framework(fid).connected).toBe(false);
      expect(cluster.tasks().map((t) => t.info.task_id?.value)).toEqual(["t1"]);
      await expect.poll(() => cluster.frameworks().length, { timeout: 5000 }).toBe(0);
      expect(cluster.tasks()).toEqual([]);
      const back = new RawSubscription(cluster.masterUrls[0] as string, "application/x-protobuf");
      await back.open(subscribeCall({}, fid));
      const error = await back.next((e) => e.type === scheduler.Event_Type.ERROR);
      expect(error.error?.message).toBe("Framework has been removed");
      back.close();
    } finally {
      await cluster.close();
    }
  });
});
