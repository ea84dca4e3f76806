import type { v1 } from "@mesos-ts/proto";

export interface StatusUpdateManagerOptions {
  /** First retry after this many ms (Mesos: 10 s). */
  readonly retryIntervalMs: number;
  /** Backoff cap (Mesos: 10 min). */
  readonly maxRetryIntervalMs: number;
  /** Sends one update towards the master (first time and every retry). */
  readonly forward: (status: v1.TaskStatus, frameworkId: string) => void;
}

interface TaskStream {
  readonly frameworkId: string;
  readonly pending: v1.TaskStatus[];
  timer: NodeJS.Timeout | undefined;
  interval: number;
}

/**
 * The agent's status update manager (`src/status_update_manager/status_update_manager_process.hpp`): per task, one update in flight; it is re-sent with
 * doubling backoff until acknowledged, and later updates of that task wait behind it.
 */
export class StatusUpdateManager {
  readonly #streams = new Map<string, TaskStream>();
  readonly #options: StatusUpdateManagerOptions;
  #closed = false;

  constructor(options: StatusUpdateManagerOptions) {
    this.#options = options;
  }

  /** Queues an update; after close() it is dropped (a task killed by close() still exits later). */
  update(frameworkId: string, status: v1.TaskStatus): void {
    if (this.#closed) return;
    const key = `${frameworkId}/${status.task_id?.value}`;
    let stream = this.#streams.get(key);
    if (!stream) {
      stream = { frameworkId, pending: [], timer: undefined, interval: this.#options.retryIntervalMs };
      this.#streams.set(key, stream);
    }
    stream.pending.push(status);
    if (stream.pending.length === 1) this.#send(stream);
  }

  /** Returns the acknowledged status, or undefined when the uuid is not the one in flight. */
  acknowledge(frameworkId: string, taskId: string, uuid: Uint8Array): v1.TaskStatus | undefined {
    const key = `${frameworkId}/${taskId}`;
    const stream = this.#streams.get(key);
    const head = stream?.pending[0];
    if (!stream || !head?.uuid || !Buffer.from(head.uuid).equals(Buffer.from(uuid))) return undefined;
    stream.pending.shift();
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = undefined;
    stream.interval = this.#options.retryIntervalMs;
    if (stream.pending.length > 0) this.#send(stream);
    else this.#streams.delete(key);
    return head;
  }

  /** The update in flight for a task (what a scheduler must ack next). */
  inFlight(frameworkId: string, taskId: string): v1.TaskStatus | undefined {
    return this.#streams.get(`${frameworkId}/${taskId}`)?.pending[0];
  }

  /** Re-sends every in-flight update now (e.g. a framework re-subscribed). */
  flush(frameworkId?: string): void {
    for (const stream of this.#streams.values()) {
      if (frameworkId !== undefined && stream.frameworkId !== frameworkId) continue;
      if (stream.timer) clearTimeout(stream.timer);
      this.#send(stream);
    }
  }

  /** Drops everything of a framework (it was removed). */
  forgetFramework(frameworkId: string): void {
    for (const [key, stream] of this.#streams) {
      if (stream.frameworkId !== frameworkId) continue;
      if (stream.timer) clearTimeout(stream.timer);
      this.#streams.delete(key);
    }
  }

  /** Whether any retry timer is armed (none after close()). */
  get retrying(): boolean {
    for (const stream of this.#streams.values()) if (stream.timer) return true;
    return false;
  }

  close(): void {
    this.#closed = true;
    for (const stream of this.#streams.values()) if (stream.timer) clearTimeout(stream.timer);
    this.#streams.clear();
  }

  #send(stream: TaskStream): void {
    const head = stream.pending[0];
    if (!head) return;
    this.#options.forward(head, stream.frameworkId);
    stream.timer = setTimeout(() => {
      stream.interval = Math.min(stream.interval * 2, this.#options.maxRetryIntervalMs);
      this.#send(stream);
    }, stream.interval);
  }
}
