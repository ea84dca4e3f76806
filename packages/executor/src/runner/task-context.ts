import type { v1 } from "@mesos-ts/proto";
import type { ExecutorEnvironment } from "../environment.js";

/** What a running task reports while it runs: a TASK_RUNNING update with these fields. */
export interface TaskProgress {
  readonly message?: string;
  /** Bytes, or text sent as UTF-8. */
  readonly data?: Uint8Array | string;
}

/** How a task ended well: TASK_FINISHED with these fields. */
export type TaskResult = TaskProgress;

/** Throw this from `launch` to end the task TASK_FAILED with a reason (any other error: no reason). */
export class TaskFailure extends Error {
  override name = "TaskFailure";
  readonly reason: v1.TaskStatus_Reason | undefined;
  readonly data: Uint8Array | string | undefined;
  constructor(
    message: string,
    options: { reason?: v1.TaskStatus_Reason; data?: Uint8Array | string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.reason = options.reason;
    this.data = options.data;
  }
}

/** Why a task's signal fired. */
export type StopReason =
  | { readonly kind: "kill"; readonly gracePeriodMs: number }
  | { readonly kind: "shutdown"; readonly gracePeriodMs: number };

export interface TaskContext {
  readonly task: v1.TaskInfo;
  readonly taskId: string;
  readonly environment: ExecutorEnvironment;
  /** Fires on KILL or SHUTDOWN; `signal.reason` is a StopReason. Stop within its grace period. */
  readonly signal: AbortSignal;
  /** Sends TASK_RUNNING with a message and/or data (e.g. progress). */
  progress(progress: TaskProgress): Promise<void>;
  /** MESSAGE to the scheduler. */
  sendMessage(data: Uint8Array | string): Promise<void>;
}

/**
 * What `launch` returns: a promise, or an async generator of progress. What it resolves (or the
 * generator returns) is the TASK_FINISHED's TaskResult when it is one; anything else is ignored.
 */
export type LaunchOutcome = Promise<unknown> | AsyncGenerator<TaskProgress, unknown, undefined>;

/** The TaskResult in what `launch` gave back, if it is one. */
export function asTaskResult(value: unknown): TaskResult | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { message, data } = value as { message?: unknown; data?: unknown };
  return {
    ...(typeof message === "string" ? { message } : {}),
    ...(typeof data === "string" || data instanceof Uint8Array ? { data } : {}),
  };
}

export const bytes = (data: Uint8Array | string): Buffer =>
  typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
