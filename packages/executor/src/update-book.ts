import { randomUUID } from "node:crypto";
import { type executor, isTerminalTaskState, v1 } from "@mesos-ts/proto";
import { InvalidStatusError, TooManyUnacknowledgedError } from "./errors.js";

/** A fresh RFC-4122 v4 uuid as 16 bytes (the agent rejects other versions and the nil uuid). */
export function uuidV4Bytes(): Buffer {
  return Buffer.from(randomUUID().replaceAll("-", ""), "hex");
}

interface LaunchedTask {
  readonly info: v1.TaskInfo;
  /** A terminal update was sent: nothing more may follow (the agent would drop it). */
  terminalSent: boolean;
}

/**
 * Exactly-once bookkeeping of an executor (`src/executor/executor.cpp`, executor.proto
 * `Call.Subscribe`): every update gets a fresh uuid and is kept until its ACKNOWLEDGED arrives; a
 * re-SUBSCRIBE carries the kept updates and the launched tasks whose terminal update is not
 * acknowledged. Statuses a real agent would reject or silently drop are refused before they are
 * sent.
 */
export class UpdateBook {
  readonly #tasks = new Map<string, LaunchedTask>();
  /** Unacknowledged updates by uuid (hex), in the order they were made. */
  readonly #pending = new Map<string, executor.Call_Update>();
  readonly #limit: number;
  readonly #executorId: string;
  #agentId: string | undefined;
  #emptyWaiters: Array<() => void> = [];

  constructor(options: { executorId: string; agentId: string | undefined; limit: number }) {
    this.#executorId = options.executorId;
    this.#agentId = options.agentId;
    this.#limit = options.limit;
  }

  set agentId(id: string | undefined) {
    if (id !== undefined) this.#agentId = id;
  }

  get agentId(): string | undefined {
    return this.#agentId;
  }

  get unacknowledged(): number {
    return this.#pending.size;
  }

  /** Tasks launched whose terminal update has not been acknowledged. */
  get activeTasks(): number {
    return this.#tasks.size;
  }

  launched(task: v1.TaskInfo): void {
    const id = task.task_id?.value;
    if (id !== undefined && !this.#tasks.has(id)) this.#tasks.set(id, { info: task, terminalSent: false });
  }

  task(taskId: string): v1.TaskInfo | undefined {
    return this.#tasks.get(taskId)?.info;
  }

  /** Validates and completes a status (uuid, source, timestamp) and keeps it until ACKNOWLEDGED. */
  prepare(given: v1.TaskStatus): executor.Call_Update {
    const taskId = given.task_id?.value;
    if (taskId === undefined || taskId === "") throw new InvalidStatusError("a status needs task_id");
    const task = this.#tasks.get(taskId);
    if (!task) {
      // The agent would forward it but never acknowledge it (observed).
      throw new InvalidStatusError(`task ${taskId} was not launched here, or is already finished`);
    }
    if (task.terminalSent) {
      throw new InvalidStatusError(
        `task ${taskId} already had its terminal update; the agent would drop this one`,
      );
    }
    if (given.state === undefined || given.state === v1.TaskState.TASK_STAGING) {
      throw new InvalidStatusError("an executor may not send TASK_STAGING (or no state)");
    }
    if (given.uuid !== undefined)
      throw new InvalidStatusError(
        "the client assigns every uuid (a reused uuid corrupts the agent's task state)",
      );
    if (given.source !== undefined && given.source !== v1.TaskStatus_Source.SOURCE_EXECUTOR) {
      throw new InvalidStatusError("an executor's status must have source SOURCE_EXECUTOR");
    }
    if (given.executor_id !== undefined && given.executor_id.value !== this.#executorId) {
      throw new InvalidStatusError(
        `executor_id ${given.executor_id.value} is not this executor (${this.#executorId})`,
      );
    }
    if (
      given.agent_id !== undefined &&
      this.#agentId !== undefined &&
      given.agent_id.value !== this.#agentId
    ) {
      throw new InvalidStatusError(
        `agent_id ${given.agent_id.value} is not this agent; the agent would drop the update`,
      );
    }
    if (this.#pending.size >= this.#limit) throw new TooManyUnacknowledgedError(this.#limit);
    const update: executor.Call_Update = {
      status: {
        ...given,
        source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
        uuid: uuidV4Bytes(),
        // Set here so that a re-sent update carries the time it was made.
        timestamp: given.timestamp ?? Date.now() / 1000,
      },
    };
    if (isTerminalTaskState(given.state)) task.terminalSent = true;
    this.#pending.set(Buffer.from(update.status?.uuid as Buffer).toString("hex"), update);
    return update;
  }

  /** An update the agent refused for good (4xx): forgotten, and its task may report again. */
  rejected(update: executor.Call_Update): void {
    const key = Buffer.from(update.status?.uuid ?? []).toString("hex");
    if (!this.#pending.delete(key)) return;
    const task = this.#tasks.get(update.status?.task_id?.value ?? "");
    if (task && isTerminalTaskState(update.status?.state)) task.terminalSent = false;
    this.#notifyIfEmpty();
  }

  isPending(update: executor.Call_Update): boolean {
    return this.#pending.has(Buffer.from(update.status?.uuid ?? []).toString("hex"));
  }

  /** ACKNOWLEDGED: the update is checkpointed; a terminal one ends the task's bookkeeping. */
  acknowledged(taskId: string, uuid: Uint8Array): void {
    const key = Buffer.from(uuid).toString("hex");
    const update = this.#pending.get(key);
    if (!update) return;
    this.#pending.delete(key);
    if (isTerminalTaskState(update.status?.state)) this.#tasks.delete(taskId);
    this.#notifyIfEmpty();
  }

  /** The body of a (re-)SUBSCRIBE. */
  subscribe(): executor.Call_Subscribe {
    return {
      unacknowledged_tasks: [...this.#tasks.values()].map((t) => t.info),
      unacknowledged_updates: [...this.#pending.values()],
    };
  }

  /** Resolves when no update waits for ACKNOWLEDGED. */
  drained(): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  #notifyIfEmpty(): void {
    if (this.#pending.size > 0) return;
    for (const w of this.#emptyWaiters.splice(0)) w();
  }
}
