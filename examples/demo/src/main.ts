#!/usr/bin/env node
// mesos-ts-demo: flags, signals and exit codes. The work is in demo.ts / framework.ts.
import { BadMasterUrlError, parseMasterUrl, runCommand, UsageError } from "@mesos-ts/discovery";
import { type DemoConfig, EXIT, runDemo } from "./demo.js";

const USAGE =
  "usage: mesos-ts-demo [--master <url>] [--content-type protobuf|json] [--tasks <n>] [--no-docker] [--timeout <seconds>] [--keep] [--json]";

const HELP = `An example Mesos framework: subscribes, accepts offers, launches command tasks and one
Docker-container task, acknowledges every status update, prints a summary and tears down.

  --master <url>        a master (http://host:5050, host:5050,host2:5050, zk://host:2181/mesos);
                        default: an embedded simulated cluster (2 masters, 2 agents)
  --content-type <t>    protobuf (default) or json
  --tasks <n>           command tasks to launch (default 3)
  --no-docker           skip the Docker-container task
  --timeout <seconds>   give up after this long (default 60); unfinished tasks are listed
  --keep                keep the embedded cluster's sandboxes (a temp dir, printed) after the run
  --json                print the summary as one JSON line on stdout (the rest goes to stderr)
  -h, --help            this help
  --version             print the version

Example:
  mesos-ts-demo --master zk://zk1:2181/mesos --tasks 5 --no-docker

Exit status: 0 every task ended as expected, 1 otherwise (or timeout, or no master reachable),
2 bad usage, 130 interrupted (SIGINT, SIGTERM or SIGHUP).`;

type Values = Record<string, string | boolean | undefined>;

/** The flags as a config; a UsageError for anything malformed, before anything starts. */
function configOf(values: Values): DemoConfig {
  const text = (name: string) => values[name] as string | undefined;
  const contentType = text("content-type") ?? "protobuf";
  if (contentType !== "protobuf" && contentType !== "json") {
    throw new UsageError(`--content-type must be protobuf or json, not ${JSON.stringify(contentType)}`);
  }
  const tasks = text("tasks") === undefined ? 3 : Number(text("tasks"));
  if (!Number.isInteger(tasks) || tasks < 0 || tasks > 100) {
    throw new UsageError(
      `--tasks must be a whole number from 0 to 100, not ${JSON.stringify(text("tasks"))}`,
    );
  }
  const docker = !values["no-docker"];
  if (tasks === 0 && !docker) throw new UsageError("nothing to launch: --tasks 0 with --no-docker");
  const timeoutSeconds = text("timeout") === undefined ? 60 : Number(text("timeout"));
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(
      `--timeout must be a positive number of seconds, not ${JSON.stringify(text("timeout"))}`,
    );
  }
  const master = text("master");
  if (master !== undefined) {
    if (master.trim() === "") throw new UsageError("--master needs a URL");
    try {
      parseMasterUrl(master);
    } catch (error) {
      // Its message names the problem and never the password.
      if (error instanceof BadMasterUrlError) throw new UsageError(`--master: ${error.message}`);
      throw error;
    }
  }
  return {
    master,
    contentType,
    tasks,
    docker,
    timeoutSeconds,
    json: values.json === true,
    keep: values.keep === true,
  };
}

async function demo(values: Values): Promise<number> {
  const config = configOf(values);
  const interrupt = new AbortController();
  const human = config.json ? process.stderr : process.stdout;
  // The first signal tears down and reports; a second one quits at once (the temp dir still goes).
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    human.write(`interrupted (${signal}): tearing the framework down (Ctrl-C again to quit at once)\n`);
    interrupt.abort();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
  const run = await runDemo(
    { ...config, signal: interrupt.signal },
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    },
  );
  return run.exitCode;
}

process.exitCode = await runCommand(
  {
    name: "mesos-ts-demo",
    usage: USAGE,
    help: HELP,
    packageJson: new URL("../package.json", import.meta.url),
    options: {
      master: { type: "string" },
      "content-type": { type: "string" },
      tasks: { type: "string" },
      "no-docker": { type: "boolean" },
      timeout: { type: "string" },
      keep: { type: "boolean" },
      json: { type: "boolean" },
    },
  },
  process.argv.slice(2),
  ({ values }) => demo(values),
);
