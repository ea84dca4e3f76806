import type { SchedulerClientOptions, SchedulerEvent } from "../../src/index.js";
import { createScheduler, type SchedulerClient } from "../../src/index.js";
import type { Wire } from "./fake-master.js";

export const WIRES: Wire[] = ["protobuf", "json"];

export const FRAMEWORK = { user: "tester", name: "scheduler-test", failover_timeout: 3600 };

/** A client with scaled-down timings for tests. */
export function testClient(
  master: string,
  wire: Wire,
  extra: Partial<SchedulerClientOptions> = {},
): SchedulerClient {
  return createScheduler({
    master,
    framework: FRAMEWORK,
    contentType: wire,
    backoff: { initialMs: 20, maxMs: 200 },
    leaderChangeDelayMaxMs: 0,
    ...extra,
  });
}

/** Reads events from one iterator until one of `type` arrives (other events are collected). */
export class EventReader {
  readonly seen: SchedulerEvent[] = [];
  readonly #it: AsyncIterator<SchedulerEvent>;
  constructor(client: SchedulerClient, signal?: AbortSignal) {
    this.#it = client.events(signal ? { signal } : {})[Symbol.asyncIterator]();
  }

  async next<T extends SchedulerEvent["type"]>(
    type: T,
    timeoutMs = 10_000,
  ): Promise<Extract<SchedulerEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        this.#it.next(),
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), left);
        }),
      ]);
      clearTimeout(timer);
      if (r === "timeout") throw new Error(`no ${type} event within ${timeoutMs} ms`);
      if (r.done) throw new Error(`events ended before ${type}`);
      this.seen.push(r.value);
      if (r.value.type === type) return r.value as Extract<SchedulerEvent, { type: T }>;
    }
  }

  /** Pulls one more event (acknowledging the previous one). */
  async pull(): Promise<IteratorResult<SchedulerEvent>> {
    return this.#it.next();
  }

  async close(): Promise<void> {
    await this.#it.return?.();
  }
}
