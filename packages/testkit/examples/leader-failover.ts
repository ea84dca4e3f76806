import { startCluster } from "@mesos-ts/testkit";

const cluster = await startCluster({ masters: 3, agents: 2, zookeeper: "embedded" });
const first = await cluster.waitForLeader();
// createScheduler({ master: cluster.zk!, framework: { user: "me", name: "under-test" } }) ...
await cluster.crashMaster(first.index); // its ZooKeeper session dies with it: a new leader is elected
const next = await cluster.waitForLeader();
console.log(`master ${first.index} crashed, master ${next.index} leads (${cluster.zk})`);
await cluster.close();
