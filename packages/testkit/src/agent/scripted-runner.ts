import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import type { RunningTask, TaskRunContext, TaskRunner, TaskScriptFn } from "./task-runner.js";

/**
 * "scripted" mode: nothing runs; each task follows the `TaskScript` the test's function returns
 * (durations, exit code, hang, failure to start), with the same status updates as process mode.
 */
export class ScriptedRunner implements TaskRunner {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #script: TaskScriptFn | undefined;

  constructor(script?: TaskScriptFn) {
    this.#script = script;
  }

  #after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  start(ctx: TaskRunContext): RunningTask {
    const script = this.#script?.(ctx.task) ?? {};
    let done = false;
    let exitTimer: NodeJS.Timeout | undefined;
    const finish = (exitCode: number) => {
      if (done) return;
      done = true;
      if (exitTimer) clearTimeout(exitTimer);
      ctx.exited(
        exitCode === 0
          ? { state: v1.TaskState.TASK_FINISHED, message: "Command exited with status 0", exitCode }
          : {
              state: v1.TaskState.TASK_FAILED,
              message: `Command exited with status ${exitCode}`,
              reason: v1.TaskStatus_Reason.REASON_COMMAND_EXECUTOR_FAILED,
              exitCode,
            },
      );
    };
    this.#after(script.startDelayMs ?? 0, () => {
      if (done) return;
      ctx.starting();
      if (script.failToStart !== undefined) {
        done = true;
        ctx.exited({
          state: v1.TaskState.TASK_FAILED,
          message: script.failToStart,
          reason: v1.TaskStatus_Reason.REASON_COMMAND_EXECUTOR_FAILED,
        });
        return;
      }
      ctx.running();
      if (script.stdout !== undefined) appendFileSync(join(ctx.sandbox, "stdout"), script.stdout);
      if (!script.hang) exitTimer = this.#after(script.runMs ?? 50, () => finish(script.exitCode ?? 0));
    });
    return {
      kill: (gracePeriodMs) => {
        if (done) return;
        this.#after(Math.min(gracePeriodMs, 10), () => {
          if (done) return;
          done = true;
          if (exitTimer) clearTimeout(exitTimer);
          ctx.exited({
            state: v1.TaskState.TASK_KILLED,
            message: "Command terminated with signal Terminated",
          });
        });
      },
      finish,
    };
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
