#!/usr/bin/env node
// mesos-ts-sim: a simulated Mesos cluster in the foreground.
import { subscribe } from "node:diagnostics_channel";
import { runCommand, UsageError } from "@mesos-ts/discovery";
import { startCluster } from "./cluster.js";
import { watchParent } from "./parent-watch.js";
import { zookeeperUrl } from "./zookeeper-url.js";

const USAGE =
  "usage: mesos-ts-sim [--masters N] [--agents N] [--zk zk://host:port/path|embedded] [--port P] [--scripted] [--json]";

const HELP = `Runs simulated Mesos masters and agents (the wire protocol of Mesos 1.12) until stopped.

Options:
  --masters N               masters (default 1)
  --agents N                agents (default 1)
  --zk URL|embedded         zk://host:port/path of an existing ZooKeeper, or 'embedded'
  --port P                  port of the first master (next ones: P+1, ...); default free ports
  --heartbeat-interval S    scheduler heartbeat interval in seconds (default 15)
  --allocation-interval S   allocation interval in seconds (default 1)
  --process                 run command tasks for real (default)
  --scripted                simulate tasks (each runs 50 ms, exits 0)
  --seed N                  id seed (default 1)
  --json                    one JSON line on stdout when ready; logs on stderr
  -h, --help                show this help
  --version                 print the version

Example:
  mesos-ts-sim --masters 3 --agents 2 --zk embedded --json

SIGINT, SIGTERM or SIGHUP (or its parent going away) stop it: tasks, ZooKeeper and servers are
closed, then it exits 0 (a second signal exits at once). Exit 2 on bad usage, 1 on failure.`;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

async function simulate(values: Record<string, string | boolean | undefined>): Promise<number> {
  const num = (name: string): number | undefined => {
    const v = values[name] as string | undefined;
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0)
      throw new UsageError(`--${name} expects a number, not ${JSON.stringify(v)}`);
    return n;
  };
  const heartbeat = num("heartbeat-interval");
  const allocation = num("allocation-interval");
  const masters = num("masters");
  const agents = num("agents");
  const port = num("port");
  const seed = num("seed");
  if (values.process && values.scripted) throw new UsageError("--process and --scripted exclude each other");
  // A bad --zk is bad usage, found before anything starts.
  if (values.zk !== undefined && values.zk !== "embedded") {
    try {
      zookeeperUrl(values.zk as string);
    } catch (error) {
      throw new UsageError(`--zk: ${(error as Error).message.replace(/^zookeeper: /, "")}`);
    }
  }
  // Stop on a signal or when orphaned, also while still starting.
  let stopping: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stopping = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    process.once(signal, () => process.exit(1)); // a second one: at once
    stopping(signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const unwatch = watchParent(() => stopping("parent process gone"));
  // Logs (diagnostics channel) always go to stderr.
  subscribe("mesos-ts:testkit:log", (m) => {
    const { level, source, message } = m as { level: string; source: string; message: string };
    process.stderr.write(`${level} ${source}: ${message}\n`);
  });
  const cluster = await startCluster({
    ...(masters !== undefined ? { masters } : {}),
    ...(agents !== undefined ? { agents } : {}),
    ...(values.zk !== undefined ? { zookeeper: values.zk as string } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(heartbeat !== undefined ? { heartbeatIntervalMs: heartbeat * 1000 } : {}),
    ...(allocation !== undefined ? { allocationIntervalMs: allocation * 1000 } : {}),
    ...(seed !== undefined ? { seed } : {}),
    taskMode: values.scripted ? "scripted" : "process",
  });
  try {
    const leader = await Promise.race([cluster.waitForLeader({ timeout: 30_000 }), stopped]);
    if (typeof leader !== "string") {
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ masters: cluster.masterUrls, leader: leader.url, zk: cluster.zk, agents: cluster.agents.length })}\n`,
        );
      } else {
        for (const url of cluster.masterUrls)
          process.stdout.write(`master ${url}${url === leader.url ? " (leader)" : ""}\n`);
        process.stdout.write(`zookeeper ${cluster.zk ?? "none"}\n`);
        process.stdout.write(`agents ${cluster.agents.length}\n`);
      }
    }
    process.stderr.write(`info cli: ${await stopped}, stopping\n`);
  } finally {
    unwatch();
    await cluster.close();
  }
  return 0;
}

const code = await runCommand(
  {
    name: "mesos-ts-sim",
    usage: USAGE,
    help: HELP,
    packageJson: new URL("../package.json", import.meta.url),
    options: {
      masters: { type: "string" },
      agents: { type: "string" },
      zk: { type: "string" },
      port: { type: "string" },
      "heartbeat-interval": { type: "string" },
      "allocation-interval": { type: "string" },
      process: { type: "boolean" },
      scripted: { type: "boolean" },
      seed: { type: "string" },
      json: { type: "boolean" },
    },
  },
  process.argv.slice(2),
  ({ values }) => simulate(values),
).catch((e: unknown) => {
  process.stderr.write(`mesos-ts-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
});
process.exit(code);
