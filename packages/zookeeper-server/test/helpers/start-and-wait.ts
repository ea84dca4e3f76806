// Starts a server, prints its data dir, then waits to be signalled (exit-hook test).
import { startZooKeeper } from "../../src/index.js";

const zk = await startZooKeeper({ tickTime: 250 });
process.stdout.write(`${zk.dataDir}\n`);
setInterval(() => {}, 1 << 30);
