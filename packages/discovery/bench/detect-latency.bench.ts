// Detection latency: from a leader's session close (its znode deleted) to the detector reporting
// the next leader, over 20 leader changes against a real private ZooKeeper.
import { startZooKeeper } from "@mesos-ts/zookeeper-server";
import { parseMasterUrl, ZooKeeperDetector, type ZooKeeperMasterUrl } from "../src/index.js";
import { contend, fakeMaster } from "../test/helpers/mesos-master.js";

const ROUNDS = 20;
const zk = await startZooKeeper({ tickTime: 250 });
const path = "/bench/mesos";
const members = [];
for (let n = 1; n <= ROUNDS + 1; n++) members.push(await contend(zk.connectString, path, fakeMaster(n)));
const detector = new ZooKeeperDetector(
  parseMasterUrl(`zk://${zk.connectString}${path}`) as ZooKeeperMasterUrl,
);
const it = detector.changes();
await it.next();
const samples: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  await members[i]!.leave();
  const c = await it.next();
  samples.push(performance.now() - t0);
  if (c.value?.leader?.hostname !== `m${i + 2}.example.org`) throw new Error(`round ${i}: wrong leader`);
}
await members[ROUNDS]!.leave();
await detector.close();
await zk.stop();
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
console.log(
  `leader change detection (close -> reported), ${ROUNDS} changes: median ${pct(0.5).toFixed(1)} ms, ` +
    `p95 ${pct(0.95).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms (target < 50 ms)`,
);
