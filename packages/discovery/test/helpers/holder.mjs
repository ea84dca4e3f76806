// A Mesos master stand-in in its own process, so a test can SIGKILL it: joins the group with
// an ephemeral sequential json.info_ node (data from argv), prints the node name, then waits.
import { createRequire } from "node:module";

const ZooKeeper = createRequire(import.meta.url)("zookeeper");
const [connectString, path, data, timeout] = process.argv.slice(2);
const zk = new ZooKeeper({ connect: connectString, timeout: Number(timeout), debug_level: 0 });
zk.once("connect", async () => {
  const node = await zk.create(`${path}/json.info_`, data, ZooKeeper.constants.ZOO_EPHEMERAL_SEQUENTIAL);
  process.stdout.write(`${node}\n`);
});
zk.init({});
setInterval(() => {}, 1 << 30);
