import type { scheduler } from "@mesos-ts/proto";
import * as calls from "./calls/index.js";
import type { SchedulerLogger } from "./diagnostics.js";
import type { SchedulerEvent } from "./events/scheduler-event.js";

/**
 * Automatic acknowledgement: decides, once per update, whether and how to ACK it, and sends the
 * ACK through `send` (the call channel, in order with every other call).
 */
export class AckTracker {
  readonly #acked = new WeakSet<SchedulerEvent>();

  constructor(
    private readonly send: (call: scheduler.Call) => Promise<unknown>,
    /** Whether an update of `generation` may still be acknowledged (its stream is the current one). */
    private readonly current: (generation: number) => boolean,
    private readonly log: SchedulerLogger,
  ) {}

  /** Called once per delivered event per reader (hot path: the type test comes first). */
  delivered(event: SchedulerEvent): void {
    if (event.type !== "UPDATE" && event.type !== "UPDATE_OPERATION_STATUS") return;
    // The WeakSet makes it exactly once when several readers see the same update.
    if (this.#acked.has(event)) return;
    let call: scheduler.Call | undefined;
    try {
      call =
        event.type === "UPDATE"
          ? calls.acknowledgeCallFor(event.status)
          : calls.acknowledgeOperationStatusCallFor(event.status);
    } catch (error) {
      // A malformed uuid (not 16 bytes) would make the master answer 400; this runs inside the
      // reader's next(), which must not throw for what the stream carried.
      this.#acked.add(event);
      this.log.warn?.("cannot acknowledge this update (malformed uuid)", { error: String(error) });
      return;
    }
    // Updates without a uuid need no ACK: keep them out of the set (it is on the hot path).
    if (call === undefined) return;
    this.#acked.add(event);
    // An update from an older stream is re-sent by the agent on the new one: ack that one.
    if (!this.current(event.generation)) return;
    this.send(call).catch((error: unknown) => {
      this.log.warn?.("acknowledgement failed (the agent will resend the update)", { error: String(error) });
    });
  }
}
