// Runs the third-party npm `mesos-framework` scheduler (JSON-only) against a simulated master.
// argv: host port logDir. Prints one JSON line per notable happening on stdout.
"use strict";
const { Scheduler, Mesos } = require("mesos-framework");
const mesos = Mesos.getMesos();
const [host, port, logDir] = process.argv.slice(2);
const out = (what, data) => process.stdout.write(`${JSON.stringify({ what, ...data })}\n`);

const scheduler = new Scheduler({
  masterUrl: host,
  port: Number(port),
  frameworkName: "third-party",
  user: "tester",
  logging: { path: logDir, fileName: "mesos-framework.log", level: "debug" },
  restartStates: [],
  tasks: {
    hello: {
      priority: 1,
      instances: 1,
      commandInfo: new mesos.CommandInfo(null, null, true, "echo hello-from-mesos-framework", null, null),
      resources: { cpus: 0.1, mem: 32, ports: 0, disk: 0 },
    },
  },
  handlers: {},
});

let frameworkId;
scheduler.on("subscribed", (obj) => {
  frameworkId = obj.frameworkId;
  out("subscribed", { frameworkId: obj.frameworkId, streamId: obj.mesosStreamId });
});
scheduler.on("offers", () => out("offers", {}));
scheduler.on("error", (e) => out("error", { message: typeof e === "string" ? e : e?.message }));
let updates = 0;
let agentId = "agent";
scheduler.on("update", () => {
  updates++;
  out("update", { count: updates });
  // STARTING, RUNNING, FINISHED: then the two calls a real master rejects, as the library builds them.
  if (updates === 3) {
    setTimeout(() => {
      scheduler.shutdown(agentId, "executor");
      scheduler.request([{ agent_id: { value: agentId }, resources: [] }]);
      out("sent-rejected-calls", { frameworkId });
    }, 200);
  }
});
scheduler.on("offers", (offers) => {
  const first = offers?.offers?.[0] ?? offers?.[0];
  if (first?.agent_id?.value) agentId = first.agent_id.value;
});
scheduler.subscribe();
