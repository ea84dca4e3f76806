import {
  createDetector,
  type MasterInfo,
  masterBaseUrl,
  parseMasterUrl,
  type StaticMaster,
} from "@mesos-ts/discovery";
import type { Dispatcher } from "undici";
import { InvalidArgumentError } from "./errors.js";

/**
 * Anything that tells who leads (STYLE.md practice 8): iterating `changes()` yields the current
 * leader first, then every change; `null` means no leader. `@mesos-ts/discovery`'s detectors
 * (ZooKeeper, `/master/redirect` probing) satisfy it; so do the sources below and any test double.
 */
export interface LeaderSource {
  /**
   * `reason` (optional) says why there is no leader; a reason with `allRefused: true` (discovery's
   * MasterProbeError) means every master refused the connection.
   */
  changes(options?: {
    signal?: AbortSignal;
  }): AsyncIterable<{ readonly leader: MasterInfo | null; readonly reason?: Error | undefined }>;
  /** Asked after every disconnect: re-read ZooKeeper / re-probe now. */
  refresh?(): void;
  close?(): Promise<void>;
}

/** A leader source with what a client needs to know about it. */
export interface ResolvedLeaderSource {
  readonly source: LeaderSource;
  /** True when the resolver created the source and the client must close it. */
  readonly owned: boolean;
  /** Scheme for MasterInfo → URL. */
  readonly scheme: "http" | "https";
  /** Hosts of the configured cluster (credentials go only there). */
  readonly hosts: readonly string[];
  /** Whether a change of reported leader means the old master lost leadership (false for one fixed URL). */
  readonly authoritative: boolean;
  /** The masters the source asks, for "no master reachable" reports (no credentials). */
  readonly candidates: readonly string[];
}

/** The `/api/v1/<api>` endpoint of a master (`scheduler`, `executor`, or "" for the operator API). */
export function apiUrl(info: MasterInfo, scheme: "http" | "https", api: string): URL {
  return new URL(api ? `/api/v1/${api}` : "/api/v1", masterBaseUrl(info, { scheme }));
}

/** A stable key of a master (its base URL). */
export function leaderKey(info: MasterInfo): string {
  return masterBaseUrl(info);
}

/** Every host name/IP a MasterInfo names (to trust masters the detector reports). */
export function masterHosts(info: MasterInfo): string[] {
  const hosts: string[] = [];
  for (const h of [info.address?.hostname, info.address?.ip, info.hostname]) if (h) hosts.push(h);
  try {
    hosts.push(new URL(masterBaseUrl(info)).hostname.replace(/^\[|\]$/g, ""));
  } catch {
    // unusable MasterInfo: nothing more to trust
  }
  return hosts;
}

/**
 * One fixed master, used directly (307s find the leader, like a plain URL in every peer): its
 * `changes()` yields it once and stays open until the caller stops.
 */
export class StaticLeaderSource implements LeaderSource {
  readonly info: MasterInfo;

  constructor(master: StaticMaster | MasterInfo) {
    this.info =
      "host" in master
        ? { hostname: master.host, port: master.port, address: { hostname: master.host, port: master.port } }
        : master;
  }

  async *changes(options: { signal?: AbortSignal } = {}): AsyncGenerator<{ leader: MasterInfo }> {
    yield { leader: this.info };
    // The leader never changes: stay open until the caller stops, instead of ending and being
    // re-polled in a loop.
    const signal = options.signal;
    if (signal === undefined || signal.aborted) return;
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }
}

export interface ResolveLeaderSourceOptions {
  scheme?: "http" | "https";
  /** Dispatcher for `/master/redirect` probes (TLS, proxies). */
  dispatcher?: Dispatcher;
}

/**
 * `master` (any URL @mesos-ts/discovery parses: `zk://…`, `host:port,host:port`, `http(s)://…`,
 * `file://…`) → a leader source: one static master is used directly; a list is probed with
 * `GET /master/redirect` (discovery's StaticDetector); ZooKeeper is watched by discovery's
 * ZooKeeperDetector, which loads the optional `zookeeper` binding on first use.
 */
export function resolveLeaderSource(
  master: string,
  options: ResolveLeaderSourceOptions = {},
): ResolvedLeaderSource {
  const parsed = parseMasterUrl(master);
  if (parsed.kind === "zookeeper") {
    const source = createDetector(parsed, {});
    return {
      source,
      owned: true,
      scheme: options.scheme ?? "http",
      hosts: [],
      authoritative: true,
      candidates: [`zk://${parsed.servers}${parsed.path}`],
    };
  }
  const first = parsed.masters[0];
  if (first === undefined) throw new InvalidArgumentError("master: no master in URL");
  const scheme = options.scheme ?? first.scheme ?? "http";
  const hosts = parsed.masters.map((m) => m.host);
  const candidates = parsed.masters.map(
    (m) => `${m.scheme ?? scheme}://${m.host.includes(":") ? `[${m.host}]` : m.host}:${m.port}`,
  );
  if (parsed.masters.length === 1) {
    return {
      source: new StaticLeaderSource(first),
      owned: false,
      scheme,
      hosts,
      authoritative: false,
      candidates,
    };
  }
  const source = createDetector(parsed, {
    scheme,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  return { source, owned: true, scheme, hosts, authoritative: true, candidates };
}

/** A caller-given source: nothing known of its masters up front. */
export function givenLeaderSource(
  source: LeaderSource,
  scheme: "http" | "https" = "http",
): ResolvedLeaderSource {
  return { source, owned: false, scheme, hosts: [], authoritative: true, candidates: [] };
}
