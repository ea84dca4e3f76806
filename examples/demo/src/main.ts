#!/usr/bin/env node
// mesos-ts-demo: flags, signals and exit codes. The work is in demo.ts / framework.ts.
import { parseArgs } from "node:util";
import { type DemoConfig, EXIT, runDemo } from "./demo.js";

const USAGE =
  "usage: mesos-ts-demo [--master <url>] [--content-type protobuf|json] [--tasks <n>] [--no-docker] [--timeout <seconds>] [--json]";

const HELP = `${USAGE}

An example Mesos framework: subscribes, accepts offers, launches command tasks and one
Docker-container task, acknowledges every status update, prints a summary and tears down.

  --master <url>        a master (http://host:5050, host:5050,host2:5050, zk://host:2181/mesos);
                        default: an embedded simulated cluster (2 masters, 2 agents)
  --content-type <t>    protobuf (default) or json
  --tasks <n>           command tasks to launch (default 3)
  --no-docker           skip the Docker-container task
  --timeout <seconds>   give up after this long (default 60); unfinished tasks are listed
  --json                print the summary as one JSON line on stdout (the rest goes to stderr)
  -h, --help            this help

Exit status: 0 every task ended as expected, 1 otherwise (or timeout), 2 bad usage, 130 interrupted.`;

/** Parses argv into a config, or returns the usage error. */
function parseFlags(argv: string[]): { config: DemoConfig } | { help: true } | { error: string } {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const contentType = values["content-type"] ?? "protobuf";
  if (contentType !== "protobuf" && contentType !== "json") {
    return { error: `--content-type must be protobuf or json, not ${JSON.stringify(contentType)}` };
  }
  const tasks = values.tasks === undefined ? 3 : Number(values.tasks);
  if (!Number.isInteger(tasks) || tasks < 0 || tasks > 100) {
    return { error: `--tasks must be a whole number from 0 to 100, not ${JSON.stringify(values.tasks)}` };
  }
  const docker = !values["no-docker"];
  if (tasks === 0 && !docker) return { error: "nothing to launch: --tasks 0 with --no-docker" };
  const timeoutSeconds = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    return { error: `--timeout must be a positive number of seconds, not ${JSON.stringify(values.timeout)}` };
  }
  if (values.master !== undefined && values.master.trim() === "") return { error: "--master needs a URL" };
  return {
    config: { master: values.master, contentType, tasks, docker, timeoutSeconds, json: values.json ?? false },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      master: { type: "string" },
      "content-type": { type: "string" },
      tasks: { type: "string" },
      "no-docker": { type: "boolean" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(): Promise<number> {
  const parsed = parseFlags(process.argv.slice(2));
  if ("help" in parsed) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if ("error" in parsed) {
    process.stderr.write(`mesos-ts-demo: ${parsed.error}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const interrupt = new AbortController();
  const human = parsed.config.json ? process.stderr : process.stdout;
  process.once("SIGINT", () => {
    human.write("interrupted: tearing the framework down (Ctrl-C again to quit at once)\n");
    interrupt.abort();
    process.once("SIGINT", () => process.exit(EXIT.interrupted));
  });
  const run = await runDemo(
    { ...parsed.config, signal: interrupt.signal },
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    },
  );
  return run.exitCode;
}

process.exitCode = await main();
