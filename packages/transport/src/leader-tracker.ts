import type { MasterInfo } from "@mesos-ts/discovery";
import { sleep } from "./abort.js";
import { Backoff } from "./backoff.js";
import type { TransportLogger } from "./diagnostics.js";
import { AbortError } from "./errors.js";
import { leaderKey, masterHosts, type ResolvedLeaderSource } from "./leader-source.js";
import type { TrustedHosts } from "./trusted-hosts.js";

export interface LeaderTrackerOptions {
  /** Leaders' hosts are added here (credentials may go to them). */
  trusted?: TrustedHosts;
  logger?: TransportLogger;
  /** Told of every real change (not a re-report of the same leader). */
  onChange?: (leader: MasterInfo | null, previous: MasterInfo | null | undefined) => void;
  /**
   * Told when the source fails for good with a non-temporary error (e.g. a `zk://` URL without
   * the `zookeeper` binding installed); the tracker stops then.
   */
  onFatal?: (error: Error) => void;
}

/**
 * Follows a leader source: the current leader, a version that moves on every real change, and
 * waits that wake on a change (one shared list, no listener per wait on shared signals).
 */
export class LeaderTracker {
  readonly #resolved: ResolvedLeaderSource;
  readonly #options: LeaderTrackerOptions;
  readonly #stop = new AbortController();
  readonly #waiters = new Set<() => void>();
  #leader: MasterInfo | null | undefined;
  #reason: Error | undefined;
  #version = 0;
  #fatal: Error | undefined;
  readonly #watching: Promise<void>;

  constructor(resolved: ResolvedLeaderSource, options: LeaderTrackerOptions = {}) {
    this.#resolved = resolved;
    this.#options = options;
    for (const h of resolved.hosts) options.trusted?.add(h);
    this.#watching = Promise.resolve().then(() => this.#watch());
  }

  get source(): ResolvedLeaderSource {
    return this.#resolved;
  }

  /** The leader known now (undefined before the first report, null when there is none). */
  get leader(): MasterInfo | null | undefined {
    return this.#leader;
  }

  /** True while the source reports no leader because every master refused the connection. */
  get unreachable(): boolean {
    return (
      this.#leader === null && (this.#reason as { allRefused?: unknown } | undefined)?.allRefused === true
    );
  }

  /** Moves on every real leader change. */
  get version(): number {
    return this.#version;
  }

  /** Set when the source failed for good. */
  get fatal(): Error | undefined {
    return this.#fatal;
  }

  /** Asks the source to re-read / re-probe now. */
  refresh(): void {
    this.#resolved.source.refresh?.();
  }

  /**
   * Resolves with a leader as soon as there is one. Rejects with AbortError, the fatal error, or
   * what `failWhen` returns once it returns an error (checked at each report).
   */
  async current(signal: AbortSignal, failWhen?: () => Error | undefined): Promise<MasterInfo> {
    for (;;) {
      if (this.#fatal) throw this.#fatal;
      const failure = failWhen?.();
      if (failure !== undefined) throw failure;
      const leader = this.#leader;
      if (leader) return leader;
      await this.#nextReport(signal);
    }
  }

  /** Resolves when the version moves past `version`, or after `ms` (never, when undefined). */
  changeOr(ms: number | undefined, version: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortError(signal.reason));
      if (this.#version !== version || this.#fatal) return resolve();
      const done = () => {
        this.#waiters.delete(wake);
        signal.removeEventListener("abort", onAbort);
        if (timer !== undefined) clearTimeout(timer);
      };
      const wake = () => {
        if (this.#version === version && !this.#fatal && !signal.aborted) return;
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(new AbortError(signal.reason));
      };
      const timer =
        ms === undefined
          ? undefined
          : setTimeout(() => {
              done();
              resolve();
            }, ms);
      this.#waiters.add(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Resolves at the next wake-up (a change, becoming unreachable, a fatal error, close). */
  #nextReport(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortError(signal.reason));
      const wake = () => {
        this.#waiters.delete(wake);
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.delete(wake);
        reject(new AbortError(signal.reason));
      };
      this.#waiters.add(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Stops watching (and closes the source when the tracker's resolver created it). */
  async close(): Promise<void> {
    this.#stop.abort();
    for (const wake of [...this.#waiters]) wake();
    await this.#watching.catch(() => {});
    if (this.#resolved.owned) await this.#resolved.source.close?.().catch(() => {});
  }

  #wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  async #watch(): Promise<void> {
    const signal = this.#stop.signal;
    const backoff = new Backoff({ initialMs: 500, maxMs: 5000 });
    while (!signal.aborted) {
      try {
        for await (const change of this.#resolved.source.changes({ signal })) {
          this.#onLeader(change.leader, change.reason);
          backoff.reset();
        }
        if (signal.aborted) return;
      } catch (error) {
        if (signal.aborted) return;
        if (isPermanent(error)) {
          // A failure that retrying cannot fix (e.g. the zookeeper binding is not installed).
          this.#fatal = error instanceof Error ? error : new Error(String(error));
          this.#options.onFatal?.(this.#fatal);
          this.#wakeAll();
          return;
        }
        this.#options.logger?.warn?.("leader detection failed; retrying", { error: String(error) });
      }
      await sleep(backoff.next(), signal).catch(() => {});
    }
  }

  #onLeader(leader: MasterInfo | null, reason: Error | undefined): void {
    const previous = this.#leader;
    const wasUnreachable = this.unreachable;
    this.#leader = leader;
    this.#reason = reason;
    // Becoming unreachable wakes waiters too (they may be told to fail fast).
    if (this.unreachable && !wasUnreachable) this.#wakeAll();
    // Only a real change counts: a detector re-reporting the same leader (a re-poll, refresh())
    // must not cut a reconnect backoff short.
    const same =
      previous !== undefined &&
      (previous === null || leader === null
        ? previous === leader
        : leaderKey(previous) === leaderKey(leader));
    if (same) return;
    this.#version++;
    if (leader !== null) for (const h of masterHosts(leader)) this.#options.trusted?.add(h);
    this.#options.onChange?.(leader, previous);
    this.#wakeAll();
  }
}

/** A detector error that retrying cannot fix says so with `permanent: true` (discovery's errors). */
function isPermanent(error: unknown): boolean {
  return (error as { permanent?: unknown } | undefined)?.permanent === true;
}
