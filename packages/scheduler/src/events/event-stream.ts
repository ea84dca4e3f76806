import { AbortError } from "@mesos-ts/transport";
import type { SchedulerEvent } from "./scheduler-event.js";

/** What a reader needs of the hub that feeds it. */
export interface EventSource {
  /** Set once the hub ended: queued events are delivered first, then `error` is thrown (if any). */
  readonly ending: { readonly error: Error | undefined } | undefined;
  /** Told after each delivered event (the hub may resume a paused stream). */
  consumed(): void;
  /** The reader is finished: forget it. */
  detach(reader: EventStream): void;
}

type Result = IteratorResult<SchedulerEvent, void>;

interface Waiter {
  resolve(result: Result): void;
  reject(error: unknown): void;
}

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * One `events()` iterator. Hand-written rather than an async generator because it is on the hot
 * path: an event already queued is handed out as one already-resolved promise (a generator's
 * yield costs several promise jobs), and a reader that caught up waits on one pending promise
 * that the next published batch settles — one wake-up per network read, not per event.
 *
 * Follows generator semantics where it matters: `afterEach(event)` (auto-acknowledge) runs when
 * the next event is asked for or the loop is left; concurrent `next()` calls are answered in
 * order; after an error or `return()` every call answers `done`. Unlike a generator, `return()`
 * does not wait behind a pending `next()`: it ends the reader at once and that `next()` gets
 * `done`.
 */
export class EventStream implements AsyncGenerator<SchedulerEvent, void, undefined> {
  readonly #source: EventSource;
  readonly #signal: AbortSignal | undefined;
  readonly #afterEach: ((event: SchedulerEvent) => void) | undefined;
  readonly #onAbort = () => this.#wake();
  #queue: SchedulerEvent[];
  /** Index of the next event to hand out: taking one does not shift the array. */
  #head = 0;
  /** The event the caller is handling now, acknowledged when it asks for the next one. */
  #delivered: SchedulerEvent | undefined;
  #waiters: Waiter[] = [];
  #finished = false;

  constructor(
    source: EventSource,
    initial: SchedulerEvent[],
    signal: AbortSignal | undefined,
    afterEach: ((event: SchedulerEvent) => void) | undefined,
  ) {
    this.#source = source;
    this.#queue = initial;
    this.#signal = signal;
    this.#afterEach = afterEach;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** Events queued for this reader. */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  /**
   * Appends a batch. `owned`: nobody else holds `events`, so an empty queue can adopt the array
   * instead of copying it.
   */
  enqueue(events: SchedulerEvent[], owned: boolean): void {
    if (this.#finished) return;
    if (this.#head === this.#queue.length && owned) {
      this.#queue = events;
      this.#head = 0;
    } else {
      // Drop what was handed out once it is at least half the array: amortised O(1), and
      // delivered events are not kept alive by a queue that never quite empties.
      if (this.#head > 0 && this.#head * 2 >= this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      for (let i = 0; i < events.length; i++) this.#queue.push(events[i] as SchedulerEvent);
    }
    if (this.#waiters.length > 0) this.#wake();
  }

  /** Drops queued events older than `generation`. */
  fence(generation: number): void {
    this.#queue = this.#queue.slice(this.#head).filter((e) => e.generation >= generation);
    this.#head = 0;
  }

  /** Drops everything queued (close()). */
  clear(): void {
    this.#queue = [];
    this.#head = 0;
  }

  /** The hub ended or the signal fired: settle waiting calls. */
  wake(): void {
    this.#wake();
  }

  next(): Promise<Result> {
    if (this.#waiters.length === 0) {
      let result: Result | undefined;
      try {
        result = this.#step();
      } catch (error) {
        return Promise.reject(error);
      }
      if (result !== undefined) return Promise.resolve(result);
    }
    return new Promise<Result>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
  }

  async return(): Promise<Result> {
    this.#ack();
    this.#finish();
    this.#wake();
    return DONE;
  }

  async throw(error?: unknown): Promise<Result> {
    this.#ack();
    this.#finish();
    this.#wake();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** One answer: an event, done, a throw, or undefined when the caller must wait. */
  #step(): Result | undefined {
    this.#ack();
    if (this.#finished) return DONE;
    if (this.#signal?.aborted) {
      this.#finish();
      throw new AbortError(this.#signal.reason);
    }
    if (this.#head < this.#queue.length) {
      const event = this.#queue[this.#head++] as SchedulerEvent;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      this.#delivered = event;
      this.#source.consumed();
      return { done: false, value: event };
    }
    const ending = this.#source.ending;
    if (ending === undefined) return undefined;
    this.#finish();
    if (ending.error !== undefined) throw ending.error;
    return DONE;
  }

  #wake(): void {
    while (this.#waiters.length > 0) {
      let result: Result | undefined;
      try {
        result = this.#step();
      } catch (error) {
        this.#waiters.shift()?.reject(error);
        continue;
      }
      if (result === undefined) return;
      this.#waiters.shift()?.resolve(result);
    }
  }

  #ack(): void {
    const event = this.#delivered;
    if (event === undefined) return;
    this.#delivered = undefined;
    this.#afterEach?.(event);
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#queue = [];
    this.#head = 0;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#source.detach(this);
  }
}
