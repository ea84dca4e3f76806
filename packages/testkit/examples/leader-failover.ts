import { startCluster } from "@mesos-ts/testkit";

// A crashed master is noticed when its ZooKeeper session expires: 10 s by default, as Mesos'
// --zk_session_timeout; shortened here.
const cluster = await startCluster({
  masters: 3,
  agents: 2,
  zookeeper: "embedded",
  zkSessionTimeoutMs: 2000,
});
const first = await cluster.waitForLeader();
// createScheduler({ master: cluster.zk!, framework: { user: "me", name: "under-test" } }) ...
await cluster.crashMaster(first.index); // its session expires 2 s later: a new leader is elected
const next = await cluster.waitForLeader();
console.log(`master ${first.index} crashed, master ${next.index} leads (${cluster.zk})`);
await cluster.close();
