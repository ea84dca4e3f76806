import { EventEmitter } from "node:events";
import type { StateChange } from "../connection-state.js";
import type { SchedulerClient } from "../scheduler-client.js";
import type { SchedulerEvent, SchedulerEventType } from "./scheduler-event.js";

type EventOf<T extends SchedulerEventType> = Extract<SchedulerEvent, { type: T }>;

/** Listener signatures of SchedulerEmitter. */
export type SchedulerEmitterEvents = {
  [T in SchedulerEventType]: [event: EventOf<T>];
} & {
  /** Every event, whatever its type. */
  event: [event: SchedulerEvent];
  state: [change: StateChange];
  /** The terminal error (or a listener's exception); the emitter stops. */
  error: [error: Error];
  /** The client closed. */
  end: [];
};

/**
 * Callback style over `client.events()`: `emitter.on("UPDATE", (e) => …)`. Listeners run in
 * order for each event; automatic acknowledgement happens after they returned (async listeners
 * are not awaited). Listening starts at construction; `stop()` detaches.
 */
export class SchedulerEmitter extends EventEmitter<SchedulerEmitterEvents> {
  readonly #abort = new AbortController();
  readonly #offState: () => void;
  /** Settles when the underlying loop ended. */
  readonly done: Promise<void>;

  constructor(readonly client: SchedulerClient) {
    super();
    this.#offState = client.onStateChange((change) => this.emit("state", change));
    this.done = this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for await (const event of this.client.events({ signal: this.#abort.signal })) {
        const emit = this.emit as (name: string, e: SchedulerEvent) => boolean;
        emit.call(this, "event", event);
        emit.call(this, event.type, event);
      }
      this.emit("end");
    } catch (error) {
      if (!this.#abort.signal.aborted) {
        if (this.listenerCount("error") > 0) this.emit("error", error as Error);
      }
    } finally {
      this.#offState();
    }
  }

  /** Stops listening (does not close the client). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.done;
  }
}

/** `new SchedulerEmitter(client)`. */
export function toEventEmitter(client: SchedulerClient): SchedulerEmitter {
  return new SchedulerEmitter(client);
}
