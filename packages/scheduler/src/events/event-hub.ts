import { AbortError } from "../errors.js";
import type { SchedulerEvent } from "./scheduler-event.js";

interface Consumer {
  queue: SchedulerEvent[];
  wake: (() => void) | undefined;
}

/**
 * Fan-out of events to every `events()` iterator, with backpressure and generation fencing.
 * Events that arrive while nobody listens wait in a backlog handed to the first consumer.
 */
export class EventHub {
  private readonly consumers = new Set<Consumer>();
  private backlog: SchedulerEvent[] = [];
  private ending: { error: Error | undefined; drain: boolean } | undefined;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly highWaterMark: number) {}

  publish(event: SchedulerEvent): void {
    if (this.ending !== undefined) return;
    if (this.consumers.size === 0) {
      this.backlog.push(event);
      return;
    }
    for (const c of this.consumers) {
      c.queue.push(event);
      c.wake?.();
    }
  }

  /** True while some reader is at least `highWaterMark` events behind. */
  get congested(): boolean {
    if (this.consumers.size === 0) return this.backlog.length >= this.highWaterMark;
    for (const c of this.consumers) if (c.queue.length >= this.highWaterMark) return true;
    return false;
  }

  /** Resolves when no reader is congested any more (or the hub ends). */
  async drained(signal?: AbortSignal): Promise<void> {
    while (this.congested && this.ending === undefined) {
      if (signal?.aborted) throw new AbortError(signal.reason);
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener("abort", done);
          resolve();
        };
        this.drainWaiters.push(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }

  /** Drops queued events of generations older than `generation`: nothing stale reaches a reader. */
  fence(generation: number): void {
    const keep = (e: SchedulerEvent) => e.generation >= generation;
    this.backlog = this.backlog.filter(keep);
    for (const c of this.consumers) c.queue = c.queue.filter(keep);
    this.notifyDrain();
  }

  /**
   * Ends every reader. With `drain`, readers first get what is queued, then `error` is thrown
   * (or they simply finish); without, queued events are dropped (close()).
   */
  end(error: Error | undefined, drain: boolean): void {
    if (this.ending !== undefined) return;
    this.ending = { error, drain };
    if (!drain) {
      this.backlog = [];
      for (const c of this.consumers) c.queue = [];
    }
    for (const c of this.consumers) c.wake?.();
    this.notifyDrain();
  }

  get ended(): boolean {
    return this.ending !== undefined;
  }

  /** One reader. Ends on `end()`, or with AbortError when `signal` fires. */
  async *subscribe(
    signal?: AbortSignal,
    afterEach?: (event: SchedulerEvent) => void,
  ): AsyncGenerator<SchedulerEvent, void, undefined> {
    const consumer: Consumer = { queue: this.consumers.size === 0 ? this.backlog : [], wake: undefined };
    if (this.consumers.size === 0) this.backlog = [];
    this.consumers.add(consumer);
    const onAbort = () => consumer.wake?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) throw new AbortError(signal.reason);
        const event = consumer.queue.shift();
        if (event !== undefined) {
          if (this.drainWaiters.length > 0 && consumer.queue.length < this.highWaterMark) this.notifyDrain();
          try {
            yield event;
          } finally {
            afterEach?.(event);
          }
          continue;
        }
        if (this.ending !== undefined) {
          if (this.ending.error !== undefined) throw this.ending.error;
          return;
        }
        await new Promise<void>((resolve) => {
          consumer.wake = resolve;
        });
        consumer.wake = undefined;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.consumers.delete(consumer);
      this.notifyDrain();
    }
  }

  private notifyDrain(): void {
    if (this.drainWaiters.length === 0 || (this.congested && this.ending === undefined)) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
