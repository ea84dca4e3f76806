#!/usr/bin/env node
// A custom Mesos executor: runs the shell command in each task's data, reports its output as
// progress, answers MESSAGE with `ack:<data>`. Protobuf on the wire, JSON with `--json`.
import { runExecutor } from "@mesos-ts/executor";
import { runShell } from "./run-shell.js";

const json = process.argv.includes("--json");
process.exitCode = await runExecutor({
  contentType: json ? "json" : "protobuf",
  launch: runShell,
  onMessage: (data, reply) => reply(`ack:${Buffer.from(data).toString("utf8")}`),
});
