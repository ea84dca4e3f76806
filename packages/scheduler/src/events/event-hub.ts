import { AbortError } from "@mesos-ts/transport";
import { type EventSource, EventStream } from "./event-stream.js";
import type { SchedulerEvent } from "./scheduler-event.js";

/**
 * Fan-out of events to every `events()` iterator, with backpressure and generation fencing.
 * Events that arrive while nobody listens wait in a backlog handed to the first reader.
 *
 * Events come in batches (the records of one network read). Backpressure has hysteresis: the
 * stream is paused once a reader is `highWaterMark` events behind and resumed once every reader
 * is back to half of it, so a paused stream wakes for half a mark's worth of events, not one.
 * A reader therefore holds at most `highWaterMark - 1` events plus one batch.
 */
export class EventHub implements EventSource {
  readonly #readers = new Set<EventStream>();
  readonly #highWaterMark: number;
  readonly #lowWaterMark: number;
  #backlog: SchedulerEvent[] = [];
  #ending: { error: Error | undefined; drain: boolean } | undefined;
  #drainWaiters: Array<() => void> = [];

  constructor(highWaterMark: number) {
    this.#highWaterMark = Math.max(1, highWaterMark);
    this.#lowWaterMark = Math.floor(this.#highWaterMark / 2);
  }

  /** Queues `events` (in order) for every reader. The hub may keep the array: do not reuse it. */
  publish(events: SchedulerEvent[]): void {
    if (this.#ending !== undefined || events.length === 0) return;
    if (this.#readers.size === 0) {
      for (let i = 0; i < events.length; i++) this.#backlog.push(events[i] as SchedulerEvent);
      return;
    }
    const owned = this.#readers.size === 1;
    for (const reader of this.#readers) reader.enqueue(events, owned);
  }

  /** Events decoded and not yet taken by the slowest reader (the backlog while nobody reads). */
  get buffered(): number {
    if (this.#readers.size === 0) return this.#backlog.length;
    let max = 0;
    for (const reader of this.#readers) if (reader.size > max) max = reader.size;
    return max;
  }

  /** True while some reader is at least `highWaterMark` events behind: stop reading the stream. */
  get congested(): boolean {
    return this.buffered >= this.#highWaterMark;
  }

  /** Resolves when every reader is down to half the mark (or the hub ends). */
  async drained(signal?: AbortSignal): Promise<void> {
    while (this.buffered > this.#lowWaterMark && this.#ending === undefined) {
      if (signal?.aborted) throw new AbortError(signal.reason);
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener("abort", done);
          resolve();
        };
        this.#drainWaiters.push(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
    if (signal?.aborted) throw new AbortError(signal.reason);
  }

  /** Drops queued events of generations older than `generation`: nothing stale reaches a reader. */
  fence(generation: number): void {
    this.#backlog = this.#backlog.filter((e) => e.generation >= generation);
    for (const reader of this.#readers) reader.fence(generation);
    this.#notifyDrain();
  }

  /**
   * Ends every reader. With `drain`, readers first get what is queued, then `error` is thrown
   * (or they simply finish); without, queued events are dropped (close()).
   */
  end(error: Error | undefined, drain: boolean): void {
    if (this.#ending !== undefined) return;
    this.#ending = { error, drain };
    if (!drain) {
      this.#backlog = [];
      for (const reader of this.#readers) reader.clear();
    }
    for (const reader of [...this.#readers]) reader.wake();
    this.#notifyDrain();
  }

  get ended(): boolean {
    return this.#ending !== undefined;
  }

  get ending(): { readonly error: Error | undefined } | undefined {
    return this.#ending;
  }

  /** One reader. Ends on `end()`, or with AbortError when `signal` fires. */
  subscribe(
    signal?: AbortSignal,
    afterEach?: (event: SchedulerEvent) => void,
  ): AsyncGenerator<SchedulerEvent, void, undefined> {
    const initial = this.#readers.size === 0 ? this.#backlog : [];
    if (this.#readers.size === 0) this.#backlog = [];
    const reader = new EventStream(this, initial, signal, afterEach);
    this.#readers.add(reader);
    return reader;
  }

  consumed(): void {
    if (this.#drainWaiters.length > 0) this.#notifyDrain();
  }

  detach(reader: EventStream): void {
    this.#readers.delete(reader);
    this.#notifyDrain();
  }

  #notifyDrain(): void {
    if (this.#drainWaiters.length === 0) return;
    if (this.#ending === undefined && this.buffered > this.#lowWaterMark) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w();
  }
}
