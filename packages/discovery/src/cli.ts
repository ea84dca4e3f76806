#!/usr/bin/env node
// mesos-leader: prints the leading Mesos master of a master URL (see --help).
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type CommandIO, processIO, runCommand, UsageError } from "./command-line.js";
import { createDetector } from "./create-detector.js";
import type { Contender, LeaderChange, LeaderDetector } from "./detector.js";
import {
  BadMasterUrlError,
  DiscoveryError,
  MasterProbeError,
  NoLeaderError,
  ZooKeeperError,
} from "./errors.js";
import { type MasterInfo, masterAddress, masterInfoToJson } from "./master-info.js";
import { type MasterUrl, parseMasterUrl } from "./master-url.js";
import { loadZooKeeper } from "./zk-client.js";

const USAGE = "usage: mesos-leader [--json|--hostname] [--all] [--watch] [--timeout <sec>] <master-url>";

const HELP = `Prints the leading Mesos master.

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
  --version           print the version

Example:
  mesos-leader --json zk://zk1:2181,zk2:2181/mesos

Exit codes:
  0  leader printed (or --watch ended)
  1  error: ZooKeeper or masters unreachable (at once when every master refused), bad data
  2  bad usage, including a malformed master URL (one line and the usage on stderr)
  3  no leader found within the timeout
`;

/** Exit code when no leader was found in time (2 is bad usage, as for every mesos-ts command). */
const NO_LEADER_EXIT = 3;

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
      // Nothing to wait for: no ZooKeeper session, or nothing listens at any master.
      const code = change.reason?.code;
      if (code === "MESOS_DISCOVERY_ZOOKEEPER_UNREACHABLE" || code === "MESOS_DISCOVERY_MASTERS_REFUSED")
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
export function main(
  argv: readonly string[],
  out: Out = (l) => process.stdout.write(`${l}\n`),
  io: CommandIO = processIO,
): Promise<number> {
  const spec = {
    name: "mesos-leader",
    usage: USAGE,
    help: HELP,
    packageJson: new URL("../package.json", import.meta.url),
    options: {
      json: { type: "boolean" },
      hostname: { type: "boolean" },
      all: { type: "boolean" },
      watch: { type: "boolean" },
      timeout: { type: "string" },
    },
    positionals: { min: 1, max: 1, name: "master URL" },
  } as const;
  return runCommand(
    spec,
    argv,
    ({ values, positionals }) => leader(values, positionals[0] ?? "", out, io),
    io,
  );
}

async function leader(
  values: Record<string, string | boolean | undefined>,
  url: string,
  out: Out,
  io: CommandIO,
): Promise<number> {
  const flag = (name: string) => values[name] === true;
  const timeout = values.timeout as string | undefined;
  const seconds = timeout === undefined ? (flag("watch") ? Number.POSITIVE_INFINITY : 10) : Number(timeout);
  if (!(seconds > 0))
    throw new UsageError(`--timeout must be a positive number of seconds, not ${JSON.stringify(timeout)}`);
  const timeoutMs = Number.isFinite(seconds) ? seconds * 1000 : undefined;
  let parsed: MasterUrl;
  try {
    parsed = parseMasterUrl(url);
  } catch (error) {
    if (error instanceof BadMasterUrlError) throw new UsageError(error.message);
    throw error;
  }
  let detector: LeaderDetector | undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // The ZooKeeper binding loads on first use: load it before the clock starts, so that
    // --timeout measures the wait for ZooKeeper, not the loading of a native module.
    if (parsed.kind === "zookeeper") await loadZooKeeper();
    detector = createDetector(parsed, {
      contenders: flag("all"),
      sessionTimeout: Math.min(10_000, timeoutMs ?? 10_000),
      // Static masters are probed again each second while waiting is meaningful (one answered,
      // e.g. 503 during an election); every one refusing ends the wait at once (see once()).
      interval: flag("watch") ? 5000 : 1000,
      probeTimeout: Math.min(5000, timeoutMs ?? 5000),
    });
    if (flag("watch")) {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop.abort(), timeoutMs);
      try {
        return await watch(detector, stop.signal, out, flag("all"));
      } finally {
        clearTimeout(timer);
      }
    }
    return await once(detector, timeoutMs ?? 10_000, out, {
      json: flag("json"),
      hostname: flag("hostname"),
      all: flag("all"),
    });
  } catch (e) {
    io.err(`mesos-leader: ${(e as Error).message}\n`);
    return e instanceof NoLeaderError ? NO_LEADER_EXIT : 1;
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
