import type { v1 } from "@mesos-ts/proto";

/** How a task ended, as the (command/default) executor would report it. */
export interface TaskExit {
  readonly state: v1.TaskState;
  readonly message: string;
  readonly reason?: v1.TaskStatus_Reason;
  /** Raw wait status / exit code when there was a process. */
  readonly exitCode?: number;
}

export interface TaskRunContext {
  readonly task: v1.TaskInfo;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly executorId: string;
  /** The task's sandbox directory (exists; stdout/stderr files live there). */
  readonly sandbox: string;
  /**
   * The executor is up and the task is about to start (TASK_STARTING); `pid` is the process
   * that runs it (process mode), reported as `container_status.executor_pid`.
   */
  starting(pid?: number): void;
  /** The task runs (TASK_RUNNING). */
  running(): void;
  /** Terminal: exactly once. */
  exited(exit: TaskExit): void;
}

export interface RunningTask {
  /** SIGTERM (or scripted equivalent), SIGKILL after `gracePeriodMs`; ends with TASK_KILLED. */
  kill(gracePeriodMs: number): void;
  /** Scripted tasks: end now with this exit code (e.g. to finish a "hang"). */
  finish?(exitCode: number): void;
}

/** Runs one task; "process" and "scripted" modes implement it. */
export interface TaskRunner {
  start(context: TaskRunContext): RunningTask;
  /** Kills whatever is still running (close()). */
  close(): void;
}

/** What a test decides for a task in scripted mode. */
export interface TaskScript {
  /** ms before TASK_STARTING (default 0). */
  readonly startDelayMs?: number;
  /** ms between TASK_RUNNING and the exit (default 50). */
  readonly runMs?: number;
  /** 0 ⇒ TASK_FINISHED, else TASK_FAILED (default 0). */
  readonly exitCode?: number;
  /** Never exits on its own (use kill or `agent.finishTask`). */
  readonly hang?: boolean;
  /** Fails before running: TASK_FAILED with this message right after TASK_STARTING. */
  readonly failToStart?: string;
  /** Text written to the sandbox's stdout file. */
  readonly stdout?: string;
}

export type TaskScriptFn = (task: v1.TaskInfo) => TaskScript | undefined;
