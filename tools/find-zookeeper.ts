// First step of `npm test`: says which ZooKeeper the discovery, testkit and integration suites
// will use and why, installing Debian's package when root and nothing else exists; exits 1 with a
// one-line instruction when there is none.
import { findZooKeeper } from "@mesos-ts/zookeeper-server";

try {
  const source = await findZooKeeper({ install: true });
  console.log(`zookeeper: ${source.detail}`);
} catch (e) {
  console.error(`zookeeper: ${(e as Error).message}`);
  process.exit(1);
}
