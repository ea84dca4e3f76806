// Runs the third-party `mesos-framework` npm package (0.5.x, CommonJS) as a user would: one
// command task, then TEARDOWN. Prints one JSON line per interesting event on stdout; the
// package's own log goes to $MF_LOG_DIR/mesos-framework.log.
"use strict";
const { Scheduler, Mesos } = require("mesos-framework");

const mesos = Mesos.getMesos();
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

const scheduler = new Scheduler({
  masterUrl: process.env.MF_MASTER_HOST,
  port: process.env.MF_MASTER_PORT,
  frameworkName: process.env.MF_FRAMEWORK_NAME,
  user: process.env.MF_USER,
  frameworkFailoverTimeout: 60,
  logging: { path: process.env.MF_LOG_DIR, fileName: "mesos-framework.log", level: "debug" },
  restartStates: [],
  tasks: {
    conformance: {
      instances: 1,
      commandInfo: new mesos.CommandInfo(
        null,
        null,
        true,
        "echo mesos-framework conformance && sleep 1",
        null,
        null,
      ),
      resources: { cpus: 0.1, mem: 32, ports: 0, disk: 0 },
    },
  },
});

scheduler.on("ready", () => scheduler.subscribe());
scheduler.on("subscribed", (o) => out({ event: "subscribed", frameworkId: o.frameworkId }));
// "update" carries the master's UPDATE event (terminal states included; updated_task does not).
scheduler.on("update", (u) => {
  const status = u?.status || u || {};
  const state = status.state;
  out({ event: "updated_task", taskId: status.task_id?.value, state });
  if (state === "TASK_FINISHED") {
    scheduler.teardown();
    setTimeout(() => process.exit(0), 1000);
  }
});
scheduler.on("error", (e) => out({ event: "error", message: String(e?.message || e) }));
