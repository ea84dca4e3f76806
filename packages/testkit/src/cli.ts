#!/usr/bin/env node
// mesos-ts-sim: a simulated Mesos cluster in the foreground.
import { subscribe } from "node:diagnostics_channel";
import { parseArgs } from "node:util";
import { startCluster } from "./cluster.js";

const HELP = `Usage: mesos-ts-sim [options]
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
  --help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
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
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a number, got '${v}'`);
    return n;
  };
  const heartbeat = num(values["heartbeat-interval"], "heartbeat-interval");
  const allocation = num(values["allocation-interval"], "allocation-interval");
  const masters = num(values.masters, "masters");
  const agents = num(values.agents, "agents");
  const port = num(values.port, "port");
  const seed = num(values.seed, "seed");
  // Logs (diagnostics channel) always go to stderr.
  subscribe("mesos-ts:testkit:log", (m) => {
    const { level, source, message } = m as { level: string; source: string; message: string };
    process.stderr.write(`${level} ${source}: ${message}\n`);
  });
  const cluster = await startCluster({
    ...(masters !== undefined ? { masters } : {}),
    ...(agents !== undefined ? { agents } : {}),
    ...(values.zk !== undefined ? { zookeeper: values.zk } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(heartbeat !== undefined ? { heartbeatIntervalMs: heartbeat * 1000 } : {}),
    ...(allocation !== undefined ? { allocationIntervalMs: allocation * 1000 } : {}),
    ...(seed !== undefined ? { seed } : {}),
    taskMode: values.scripted ? "scripted" : "process",
  });
  const leader = await cluster.waitForLeader({ timeout: 30_000 });
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
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`info cli: ${signal}, stopping\n`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await cluster.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`mesos-ts-sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
