import { MesosJson, v1 } from "@mesos-ts/proto";
import { type Dispatcher, request } from "undici";
import { ChangeHub } from "./change-hub.js";
import type {
  Contender,
  DetectorOptions,
  LeaderChange,
  LeaderDetector,
  WaitForLeaderOptions,
} from "./detector.js";
import { leaderChannel, probeChannel } from "./diagnostics.js";
import { MasterProbeError } from "./errors.js";
import { type MasterInfo, masterInfoAt } from "./master-info.js";
import type { StaticMaster } from "./master-url.js";

export interface StaticDetectorOptions extends DetectorOptions {
  /** undici Dispatcher for the probes (TLS settings, proxies, a MockAgent in tests). */
  readonly dispatcher?: Dispatcher;
  /** Scheme for masters given without one (default `http`). */
  readonly scheme?: "http" | "https";
  /** Per-probe timeout in ms (default 5000). */
  readonly probeTimeout?: number;
  /** Re-probe this often in ms (default 10 000; 0 = only on `refresh()`). */
  readonly interval?: number;
}

/**
 * Finds the leader among fixed masters (PROTOCOL.md §8): `GET /master/redirect` on each in turn
 * (307 Location = leader, 503 = that master knows none), rotating past failures, then
 * `GET /master/state` on the leader for its full MasterInfo.
 */
export class StaticDetector implements LeaderDetector {
  readonly #masters: readonly StaticMaster[];
  readonly #options: StaticDetectorOptions;
  readonly #hub: ChangeHub;
  #start = 0;
  #timer: NodeJS.Timeout | undefined;
  #probing: Promise<void> | undefined;
  #again = false;
  readonly #stop = new AbortController();

  constructor(masters: readonly StaticMaster[], options: StaticDetectorOptions = {}) {
    this.#masters = masters;
    this.#options = options;
    this.#hub = new ChangeHub((change) => {
      if (leaderChannel.hasSubscribers) leaderChannel.publish({ detector: "static", change });
    });
    if (options.signal?.aborted) {
      this.#hub.end();
      return;
    }
    options.signal?.addEventListener("abort", () => void this.close(), {
      once: true,
      signal: this.#stop.signal,
    });
    this.refresh();
  }

  current(): LeaderChange | undefined {
    return this.#hub.current();
  }

  changes(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<LeaderChange> {
    return this.#hub.subscribe(options.signal);
  }

  [Symbol.asyncIterator](): AsyncIterator<LeaderChange> {
    return this.#hub.subscribe();
  }

  leader(options?: WaitForLeaderOptions): Promise<MasterInfo> {
    return this.#hub.waitForLeader(options);
  }

  refresh(): void {
    if (this.#hub.ended) return;
    if (this.#probing) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#probing = this.#round().finally(() => {
      this.#probing = undefined;
      if (this.#hub.ended) return;
      if (this.#again) {
        this.#again = false;
        this.refresh();
        return;
      }
      const interval = this.#options.interval ?? 10_000;
      if (interval > 0) this.#timer = setTimeout(() => this.refresh(), interval);
    });
  }

  async close(): Promise<void> {
    if (this.#hub.ended) return;
    this.#hub.end();
    clearTimeout(this.#timer);
    this.#stop.abort();
    await this.#probing?.catch(() => {});
  }

  #base(m: StaticMaster): string {
    const host = m.host.includes(":") ? `[${m.host}]` : m.host;
    return `${m.scheme ?? this.#options.scheme ?? "http"}://${host}:${m.port}`;
  }

  async #round(): Promise<void> {
    const n = this.#masters.length;
    const problems: string[] = [];
    let refused = 0;
    for (let k = 0; k < n; k++) {
      const i = (this.#start + k) % n;
      const master = this.#masters[i]!;
      const outcome = await this.#probe(master).catch((e: Error) => e);
      if (this.#stop.signal.aborted) return;
      if (outcome instanceof Error) {
        problems.push(`${master.host}:${master.port}: ${outcome.message}`);
        if (isRefused(outcome)) refused++;
        continue;
      }
      if (outcome === "no-leader") continue;
      this.#start = i;
      const contenders: Contender[] | undefined = this.#options.contenders
        ? [{ node: `${outcome.host}:${outcome.port}`, label: "", sequence: 0, info: outcome.info }]
        : undefined;
      this.#hub.publish(outcome.info, contenders);
      return;
    }
    const reason =
      problems.length === n
        ? new MasterProbeError(`no master answered: ${problems.join("; ")}`, { allRefused: refused === n })
        : undefined;
    this.#hub.publish(null, this.#options.contenders ? [] : undefined, reason);
  }

  async #get(url: string): Promise<{ status: number; location: string | undefined; body: string }> {
    const signal = AbortSignal.any([
      this.#stop.signal,
      AbortSignal.timeout(this.#options.probeTimeout ?? 5000),
    ]);
    const res = await request(url, {
      method: "GET",
      signal,
      ...(this.#options.dispatcher ? { dispatcher: this.#options.dispatcher } : {}),
    });
    const body = await res.body.text();
    const location = res.headers.location;
    return { status: res.statusCode, location: Array.isArray(location) ? location[0] : location, body };
  }

  async #probe(
    master: StaticMaster,
  ): Promise<"no-leader" | { host: string; port: number; info: MasterInfo }> {
    const base = this.#base(master);
    const name = `${master.host}:${master.port}`;
    const r = await this.#get(`${base}/master/redirect`);
    if (r.status === 503) {
      this.#report(name, "no-leader", "503");
      return "no-leader";
    }
    if (r.status !== 307 || !r.location) {
      this.#report(name, "error", `HTTP ${r.status}`);
      throw new MasterProbeError(`unexpected HTTP ${r.status} from /master/redirect`);
    }
    const leaderUrl = new URL(r.location, base);
    const host = leaderUrl.hostname.replace(/^\[|\]$/g, "");
    const port = Number(leaderUrl.port || (leaderUrl.protocol === "https:" ? 443 : 80));
    this.#report(name, "redirect", `${host}:${port}`);
    return { host, port, info: await this.#leaderInfo(leaderUrl.origin, host, port) };
  }

  /** The leader's own MasterInfo from `/master/state` (`leader_info`); synthesized if unavailable. */
  async #leaderInfo(origin: string, host: string, port: number): Promise<MasterInfo> {
    try {
      const r = await this.#get(`${origin}/master/state`);
      if (r.status === 200) {
        const state = JSON.parse(r.body) as { leader_info?: unknown };
        if (state.leader_info && typeof state.leader_info === "object")
          // Mesos JSON; lenient on required fields: the redirect already named the leader.
          return MesosJson.parse(v1.MasterInfo, JSON.stringify(state.leader_info), { allowPartial: true });
      }
    } catch {
      // fall through: the redirect alone names the leader
    }
    return masterInfoAt(host, port);
  }

  #report(master: string, outcome: string, detail: string): void {
    if (probeChannel.hasSubscribers) probeChannel.publish({ master, outcome, detail });
  }
}

/** The connection was refused (ECONNREFUSED somewhere in the cause chain, or in an AggregateError). */
function isRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === "ECONNREFUSED") return true;
    const inner = (e as { errors?: unknown[] }).errors;
    e = Array.isArray(inner) && inner.length > 0 ? inner[0] : (e as { cause?: unknown }).cause;
  }
  return false;
}
