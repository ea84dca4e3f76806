import { MasterClient, watchCluster } from "@mesos-ts/operator";
import { v1 } from "@mesos-ts/proto";

const client = new MasterClient({ master: process.env.MESOS_MASTER ?? "zk://127.0.0.1:2181/mesos" });
const mirror = watchCluster(client);
await mirror.ready; // the SUBSCRIBED snapshot is in
console.log(
  `${mirror.agents.size} agents, ${mirror.frameworks.size} frameworks, ${mirror.tasks.size} live tasks`,
);
const stop = mirror.onChange((changes) => {
  for (const c of changes) if (c.kind === "task") console.log(c.op, c.key, v1.TaskState[c.value?.state ?? 0]);
});
await new Promise((resolve) => setTimeout(resolve, Number(process.env.WATCH_MS ?? 10_000)));
stop();
await mirror.close();
await client.close();
