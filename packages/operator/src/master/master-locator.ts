// The leading master of a master URL (anything discovery accepts): ZooKeeper through a
// detector; a static list by trying each master and following its 307 (`src/master/http.cpp`:
// Location is protocol-relative, `//host:port/master/api/v1`, resolved against the request).
import { createDetector, type LeaderDetector, masterBaseUrl, parseMasterUrl } from "@mesos-ts/discovery";
import type { Locator } from "../http/locator.js";

export interface MasterLocatorOptions {
  /** How long to wait for ZooKeeper to name a leader (default 10 s). */
  readonly leaderTimeoutMs?: number;
}

export class MasterLocator implements Locator {
  readonly #candidates: string[];
  readonly #detector: LeaderDetector | undefined;
  readonly #timeoutMs: number;
  #current: string | undefined;
  #next = 0;

  constructor(url: string, options: MasterLocatorOptions = {}) {
    const parsed = parseMasterUrl(url);
    this.#timeoutMs = options.leaderTimeoutMs ?? 10_000;
    if (parsed.kind === "zookeeper") {
      this.#candidates = [];
      this.#detector = createDetector(parsed, { sessionTimeout: Math.min(10_000, this.#timeoutMs) });
    } else {
      this.#candidates = parsed.masters.map((m) => `${m.scheme ?? "http"}://${hostPort(m.host, m.port)}`);
    }
  }

  async current(signal?: AbortSignal): Promise<string> {
    if (this.#current !== undefined) return this.#current;
    if (this.#detector) {
      const info = await this.#detector.leader({ timeout: this.#timeoutMs, ...(signal ? { signal } : {}) });
      this.#current = masterBaseUrl(info);
      return this.#current;
    }
    this.#current = this.#candidates[this.#next % this.#candidates.length] as string;
    return this.#current;
  }

  redirected(from: string, location: string): string {
    const target = new URL(location, `${from}/api/v1`);
    this.#current = `${target.protocol}//${target.host}`;
    return this.#current;
  }

  failed(base: string): boolean {
    if (this.#current === base) this.#current = undefined;
    if (this.#detector) {
      this.#detector.refresh();
      return true;
    }
    this.#next++;
    return true;
  }

  /** Forget the leader (a stream ended): the next call asks again. */
  forget(): void {
    this.#current = undefined;
    this.#detector?.refresh();
    if (!this.#detector) this.#next++;
  }

  async close(): Promise<void> {
    await this.#detector?.close();
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}
