import type { Contender, LeaderChange, WaitForLeaderOptions } from "./detector.js";
import { DetectorClosedError, type DiscoveryError, NoLeaderError } from "./errors.js";
import type { MasterInfo } from "./master-info.js";

interface Subscriber {
  readonly queue: LeaderChange[];
  wake: (() => void) | undefined;
}

function stateKey(leader: MasterInfo | null, contenders: readonly Contender[] | undefined): string {
  return JSON.stringify([leader, contenders], (_k, v: unknown) =>
    typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Array.from(v) : v,
  );
}

/** Fans leader changes out to any number of async iterators, skipping repeated identical states. */
export class ChangeHub {
  #current: LeaderChange | undefined;
  #key: string | undefined;
  readonly #subscribers = new Set<Subscriber>();
  #ended = false;
  #error: Error | undefined;

  constructor(readonly onEmit?: (change: LeaderChange) => void) {}

  current(): LeaderChange | undefined {
    return this.#current;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Publishes a state; returns false (and emits nothing) when it equals the current one. */
  publish(leader: MasterInfo | null, contenders?: readonly Contender[], reason?: DiscoveryError): boolean {
    if (this.#ended) return false;
    const key = stateKey(leader, contenders);
    if (key === this.#key) return false;
    this.#key = key;
    const change: LeaderChange = {
      leader,
      ...(contenders ? { contenders } : {}),
      at: new Date(),
      ...(reason && leader === null ? { reason } : {}),
    };
    this.#current = change;
    for (const s of this.#subscribers) {
      s.queue.push(change);
      s.wake?.();
    }
    this.onEmit?.(change);
    return true;
  }

  /** Ends every iterator: normally, or by throwing `error` (a permanent failure). */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    for (const s of this.#subscribers) s.wake?.();
  }

  subscribe(signal?: AbortSignal): AsyncIterableIterator<LeaderChange> {
    const sub: Subscriber = { queue: this.#current ? [this.#current] : [], wake: undefined };
    this.#subscribers.add(sub);
    const onAbort = () => sub.wake?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (): IteratorResult<LeaderChange> => {
      this.#subscribers.delete(sub);
      signal?.removeEventListener("abort", onAbort);
      return { done: true, value: undefined };
    };
    const iterator: AsyncIterableIterator<LeaderChange> = {
      next: async () => {
        for (;;) {
          if (signal?.aborted) return finish();
          const next = sub.queue.shift();
          if (next) return { done: false, value: next };
          if (this.#ended) {
            finish();
            if (this.#error) throw this.#error;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => {
            sub.wake = resolve;
          });
          sub.wake = undefined;
        }
      },
      return: async () => finish(),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Resolves with the first non-null leader. */
  async waitForLeader(options: WaitForLeaderOptions = {}): Promise<MasterInfo> {
    const known = this.#current?.leader;
    if (known) return known;
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal?.addEventListener("abort", stop, { once: true });
    let timedOut = false;
    const timer =
      options.timeout === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeout);
    try {
      for await (const change of this.subscribe(controller.signal)) {
        if (change.leader) return change.leader;
      }
      if (timedOut) {
        const why = this.#current?.reason ? `: ${this.#current.reason.message}` : "";
        throw new NoLeaderError(`no leading master within ${options.timeout} ms${why}`, {
          cause: this.#current?.reason,
        });
      }
      throw new DetectorClosedError(options.signal?.aborted ? "aborted" : "detector closed");
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", stop);
    }
  }
}

export type { DiscoveryError };
