#!/usr/bin/env node
// mesos-leader: prints the leading Mesos master of a master URL (see --help).
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createDetector } from "./create-detector.js";
import type { Contender, LeaderChange, LeaderDetector } from "./detector.js";
import { DiscoveryError, MasterProbeError, NoLeaderError, ZooKeeperError } from "./errors.js";
import { type MasterInfo, masterAddress, masterInfoToJson } from "./master-info.js";
import { loadZooKeeper } from "./zk-client.js";

const HELP = `Usage: mesos-leader [options] <master-url>

Prints the leading Mesos master.

Master URL forms:
  zk://host1:2181,host2:2181/mesos     ZooKeeper (leader = lowest candidate sequence)
  zk://user:password@host:2181/mesos   ZooKeeper with digest authentication
  file:///path/to/file                 a file holding one of these URLs
  host:port, master@host:port          a master reached directly (GET /master/redirect)
  http(s)://host:port                  the same, with an explicit scheme
  m1:5050,m2:5050                      several masters, probed in turn

Options:
  --json              print the leader's MasterInfo as Mesos JSON
  --hostname          print hostname:port instead of ip:port
  --all               print every contender, leader first (one per line)
  --watch             print one JSON line per change ({"time","leader",...}; leader null when
                      there is none) until interrupted (SIGINT/SIGTERM exit 0)
  --timeout <sec>     how long to wait for a leader (default 10); with --watch, stop after it
  -h, --help          show this help

Exit codes:
  0  leader printed (or --watch ended)
  1  error: bad URL, ZooKeeper or masters unreachable, bad data (one line on stderr)
  2  no leader found within the timeout
`;

type Out = (line: string) => void;

function format(info: MasterInfo, opts: { json: boolean; hostname: boolean }): string {
  return opts.json
    ? JSON.stringify(masterInfoToJson(info))
    : masterAddress(info, { hostname: opts.hostname });
}

function lines(change: LeaderChange, opts: { json: boolean; hostname: boolean; all: boolean }): string[] {
  if (!change.leader) return [];
  if (!opts.all) return [format(change.leader, opts)];
  const contenders: readonly Contender[] = change.contenders ?? [];
  return contenders.map((c) => format(c.info, opts));
}

function isTrouble(change: LeaderChange | undefined): boolean {
  return (
    change === undefined ||
    change.reason instanceof ZooKeeperError ||
    change.reason instanceof MasterProbeError
  );
}

async function watch(detector: LeaderDetector, signal: AbortSignal, out: Out, all: boolean): Promise<number> {
  for await (const change of detector.changes({ signal })) {
    const record: Record<string, unknown> = {
      time: change.at.toISOString(),
      leader: change.leader ? masterInfoToJson(change.leader) : null,
    };
    if (all)
      record.contenders = (change.contenders ?? []).map((c) => ({
        node: c.node,
        info: masterInfoToJson(c.info),
      }));
    if (change.reason) record.reason = change.reason.message;
    out(JSON.stringify(record));
  }
  return 0;
}

async function once(
  detector: LeaderDetector,
  timeoutMs: number,
  out: Out,
  opts: Parameters<typeof lines>[1],
) {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  try {
    for await (const change of detector.changes({ signal: stop.signal })) {
      if (change.leader) {
        for (const line of lines(change, opts)) out(line);
        return 0;
      }
      if (change.reason && change.reason.code === "MESOS_DISCOVERY_ZOOKEEPER_UNREACHABLE")
        throw change.reason;
    }
  } finally {
    clearTimeout(timer);
  }
  const current = detector.current();
  if (isTrouble(current)) {
    throw current?.reason ?? new ZooKeeperError(`no answer within ${timeoutMs / 1000} s`);
  }
  throw new NoLeaderError(`no leading master within ${timeoutMs / 1000} s`);
}

/** Runs the command; resolves with the exit code. Exported for tests and embedding. */
export async function main(
  argv: readonly string[],
  out: Out = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  let values: {
    json?: boolean;
    hostname?: boolean;
    all?: boolean;
    watch?: boolean;
    timeout?: string;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        hostname: { type: "boolean" },
        all: { type: "boolean" },
        watch: { type: "boolean" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`mesos-leader: ${(e as Error).message} (see --help)\n`);
    return 1;
  }
  if (values.help) {
    out(HELP.trimEnd());
    return 0;
  }
  const url = positionals[0];
  if (positionals.length !== 1 || url === undefined) {
    process.stderr.write("mesos-leader: expected exactly one master URL (see --help)\n");
    return 1;
  }
  const seconds =
    values.timeout === undefined ? (values.watch ? Number.POSITIVE_INFINITY : 10) : Number(values.timeout);
  if (!(seconds > 0)) {
    process.stderr.write(`mesos-leader: --timeout must be a positive number of seconds\n`);
    return 1;
  }
  const timeoutMs = Number.isFinite(seconds) ? seconds * 1000 : undefined;
  let detector: LeaderDetector | undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // The ZooKeeper binding loads on first use: load it before the clock starts, so that
    // --timeout measures the wait for ZooKeeper, not the loading of a native module.
    if (/^\s*zk:\/\//i.test(url)) await loadZooKeeper();
    detector = createDetector(url, {
      contenders: values.all ?? false,
      sessionTimeout: Math.min(10_000, timeoutMs ?? 10_000),
      interval: values.watch ? 5000 : 0,
    });
    if (values.watch) {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop.abort(), timeoutMs);
      try {
        return await watch(detector, stop.signal, out, values.all ?? false);
      } finally {
        clearTimeout(timer);
      }
    }
    return await once(detector, timeoutMs ?? 10_000, out, {
      json: values.json ?? false,
      hostname: values.hostname ?? false,
      all: values.all ?? false,
    });
  } catch (e) {
    process.stderr.write(`mesos-leader: ${(e as Error).message}\n`);
    return e instanceof NoLeaderError ? 2 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await detector?.close();
  }
}

export { DiscoveryError };

function invokedDirectly(): boolean {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main(process.argv.slice(2));
}
