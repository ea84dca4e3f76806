import { createDetector, type LeaderDetector, masterBaseUrl, parseMasterUrl } from "@mesos-ts/discovery";
import type { v1 } from "@mesos-ts/proto";
import type { Dispatcher } from "undici";
import { InvalidArgumentError } from "./errors.js";

/**
 * Anything that tells who leads (STYLE.md practice 8): iterating `changes()` yields the current
 * leader first, then every change; `null` means no leader. `@mesos-ts/discovery`'s detectors
 * satisfy it; so does any test double.
 */
export interface LeaderSource {
  changes(options?: { signal?: AbortSignal }): AsyncIterable<{ readonly leader: v1.MasterInfo | null }>;
  /** Asked after every disconnect: re-read ZooKeeper / re-probe now. */
  refresh?(): void;
  close?(): Promise<void>;
}

export interface ResolvedMaster {
  readonly source: LeaderSource;
  /** True when the scheduler created the source and must close it. */
  readonly owned: boolean;
  /** Scheme for MasterInfo → URL. */
  readonly scheme: "http" | "https";
  /** Hosts of the configured cluster (credentials go only there). */
  readonly hosts: readonly string[];
  /** Whether a change of detected leader means the stream's master lost leadership. */
  readonly authoritative: boolean;
}

/** The scheduler endpoint of a master. */
export function schedulerUrl(info: v1.MasterInfo, scheme: "http" | "https"): URL {
  return new URL("/api/v1/scheduler", masterBaseUrl(info, { scheme }));
}

export function leaderKey(info: v1.MasterInfo): string {
  return masterBaseUrl(info);
}

/** A single master given directly: no probing, 307s find the leader (like a plain URL in every peer). */
class DirectSource implements LeaderSource {
  constructor(private readonly info: v1.MasterInfo) {}
  async *changes(options: { signal?: AbortSignal } = {}): AsyncGenerator<{ leader: v1.MasterInfo }> {
    yield { leader: this.info };
    // The leader never changes: stay open until the caller stops, instead of ending and being
    // re-polled in a loop (each re-poll used to count as a leader change).
    const signal = options.signal;
    if (signal === undefined || signal.aborted) return;
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }
}

export interface ResolveMasterOptions {
  scheme?: "http" | "https";
  dispatcher?: Dispatcher;
}

/**
 * `master` (any URL @mesos-ts/discovery parses: `zk://…`, `host:port,host:port`, `http(s)://…`,
 * `file://…`) → a leader source. One static master is used directly; a list is probed and
 * ZooKeeper is watched by discovery's detectors.
 */
export function resolveMaster(master: string, options: ResolveMasterOptions = {}): ResolvedMaster {
  const parsed = parseMasterUrl(master);
  if (parsed.kind === "zookeeper") {
    const source: LeaderDetector = createDetector(parsed, {});
    return { source, owned: true, scheme: options.scheme ?? "http", hosts: [], authoritative: true };
  }
  const first = parsed.masters[0];
  if (first === undefined) throw new InvalidArgumentError("master: no master in URL");
  const scheme = options.scheme ?? first.scheme ?? "http";
  const hosts = parsed.masters.map((m) => m.host);
  if (parsed.masters.length === 1) {
    const info: v1.MasterInfo = {
      hostname: first.host,
      port: first.port,
      address: { hostname: first.host, port: first.port },
    };
    return { source: new DirectSource(info), owned: false, scheme, hosts, authoritative: false };
  }
  const source = createDetector(parsed, {
    scheme,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  return { source, owned: true, scheme, hosts, authoritative: true };
}

/** Every host name/IP a MasterInfo names (to trust masters the detector reports). */
export function masterHosts(info: v1.MasterInfo): string[] {
  const hosts: string[] = [];
  for (const h of [info.address?.hostname, info.address?.ip, info.hostname]) if (h) hosts.push(h);
  try {
    hosts.push(new URL(masterBaseUrl(info)).hostname.replace(/^\[|\]$/g, ""));
  } catch {
    // unusable MasterInfo: nothing more to trust
  }
  return hosts;
}
