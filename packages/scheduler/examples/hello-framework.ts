import { commandTask, createScheduler, OfferBook, takeResources, taskStateName } from "@mesos-ts/scheduler";

const client = createScheduler({
  master: process.env.MESOS_MASTER ?? "zk://127.0.0.1:2181/mesos", // or "http://master:5050", "m1:5050,m2:5050"
  framework: { user: "nobody", name: "hello", failover_timeout: 7 * 24 * 3600 },
});
const offers = new OfferBook(client, { refuseSeconds: 30 });
let launched = false;

for await (const event of client.events()) {
  offers.observe(event);
  switch (event.type) {
    case "OFFERS":
      for (const offer of event.offers) {
        const fit = takeResources(offer.resources ?? [], { cpus: 0.1, mem: 32 });
        if (launched || fit === undefined || offer.id?.value === undefined) continue;
        offers.take(offer.id.value);
        const task = commandTask({
          name: "hello",
          taskId: "hello-1",
          agentId: offer.agent_id!,
          resources: fit.taken,
          command: "echo hello",
        });
        await client.launch({ offerIds: [offer.id], tasks: [task] });
        launched = true;
      }
      await offers.declineOutstanding(); // everything we did not use, with a 30 s filter
      break;
    case "UPDATE": // acknowledged automatically when it carries a uuid
      console.log(event.status.task_id?.value, taskStateName(event.status.state));
      if (taskStateName(event.status.state) === "TASK_FINISHED") await client.teardown(); // ends the loop
      break;
    default: // HEARTBEAT, RESCIND, FAILURE, ERROR (then the loop throws), "unknown", …
      break;
  }
}
