import type { v1 } from "@mesos-ts/proto";
import { AbortError, anySignal, Backoff } from "@mesos-ts/transport";
import type { IdLike } from "../calls/ids.js";
import type { ReconcileTask } from "../calls/reconcile.js";
import type { SchedulerEvent } from "../events/scheduler-event.js";
import type { CallOptions } from "../options.js";

/** What the driver needs of the client. */
export interface Reconcilable {
  events(options?: { signal?: AbortSignal }): AsyncIterable<SchedulerEvent>;
  reconcile(params: { tasks?: ReconcileTask[] }, options?: CallOptions): Promise<void>;
}

export interface ReconcileTasksOptions {
  signal?: AbortSignal;
  /** Send an implicit RECONCILE first (default true). */
  implicit?: boolean;
  /** Wait before the first explicit round, ms (default 1000); doubles per round. */
  initialDelayMs?: number;
  /** Cap of the wait between explicit rounds, ms (default 30 000). */
  maxDelayMs?: number;
  /** Called for every UPDATE seen during reconciliation (known task or not). */
  onUpdate?: (status: v1.TaskStatus) => void;
}

const idOf = (id: IdLike) => (typeof id === "string" ? id : (id.value ?? ""));

/**
 * The reconciliation loop Mesos' `Master::reconcile` answers (`src/master/master.cpp`): an
 * implicit RECONCILE (every task the master knows), then explicit RECONCILEs with backoff for the
 * tracked tasks that got no answer yet, until each is confirmed. Re-sends after a resubscription.
 * Resolves with the latest status of every tracked task.
 */
export async function reconcileTasks(
  client: Reconcilable,
  tasks: ReconcileTask[],
  options: ReconcileTasksOptions = {},
): Promise<Map<string, v1.TaskStatus>> {
  const pending = new Map(tasks.map((t) => [idOf(t.taskId), t]));
  const confirmed = new Map<string, v1.TaskStatus>();
  const stop = new AbortController();
  const link = anySignal([options.signal, stop.signal]);
  const backoff = new Backoff({
    initialMs: options.initialDelayMs ?? 1000,
    maxMs: options.maxDelayMs ?? 30_000,
    random: () => 1,
  });
  const iterator = client.events({ signal: link.signal })[Symbol.asyncIterator]();
  const call = { wait: true, signal: link.signal } as const;
  let pendingNext: Promise<unknown> | undefined;
  try {
    let generation: number | undefined;
    let explicitRounds = 0;
    const send = async () => {
      if (explicitRounds === 0 && options.implicit !== false) await client.reconcile({}, call);
      else if (pending.size > 0) await client.reconcile({ tasks: [...pending.values()] }, call);
      explicitRounds++;
    };
    await send();
    let deadline = performance.now() + backoff.next();
    let next = iterator.next();
    pendingNext = next;
    while (pending.size > 0) {
      const wait = Math.max(0, deadline - performance.now());
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), wait);
      });
      const result = await Promise.race([next, timeout]);
      clearTimeout(timer);
      if (result === "timeout") {
        await send();
        deadline = performance.now() + backoff.next();
        continue;
      }
      if (result.done) throw new AbortError(options.signal?.reason);
      next = iterator.next();
      pendingNext = next;
      const event = result.value;
      if (generation !== undefined && event.generation !== generation && event.type === "SUBSCRIBED") {
        // A new subscription: answers to the old one's RECONCILE may be lost; ask again.
        explicitRounds = 0;
        backoff.reset();
        await send();
        deadline = performance.now() + backoff.next();
      }
      generation = event.generation;
      if (event.type === "UPDATE") {
        options.onUpdate?.(event.status);
        const id = event.status.task_id?.value;
        if (id !== undefined) {
          confirmed.set(id, event.status);
          pending.delete(id);
        }
      }
    }
    const tracked = new Set(tasks.map((t) => idOf(t.taskId)));
    return new Map([...confirmed].filter(([id]) => tracked.has(id)));
  } finally {
    stop.abort();
    link.dispose();
    await pendingNext?.catch(() => {});
    await iterator.return?.();
  }
}
