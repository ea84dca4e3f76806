import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import { withoutInheritedFds } from "./close-inherited-fds.js";
import { OrphanWatchdog } from "./orphan-watchdog.js";
import type { RunningTask, TaskRunContext, TaskRunner } from "./task-runner.js";

const signalName = (signal: NodeJS.Signals) => {
  const names: Partial<Record<string, string>> = {
    SIGTERM: "Terminated",
    SIGKILL: "Killed",
    SIGINT: "Interrupt",
  };
  return names[signal] ?? signal;
};

/**
 * "process" mode: runs `CommandInfo` as the Mesos command executor does — `/bin/sh -c value`
 * when `shell` (default true), else `value` with `arguments` (argv[0] included, as in Mesos) —
 * in the sandbox, with stdout/stderr to the sandbox files `stdout`/`stderr`, and reports the
 * real exit status.
 */
export class ProcessRunner implements TaskRunner {
  readonly #children = new Set<ChildProcess>();
  /** Task groups die with this process even when it is SIGKILLed. */
  readonly #watchdog = new OrphanWatchdog();

  start(ctx: TaskRunContext): RunningTask {
    const command = ctx.task.command ?? ctx.task.executor?.command;
    let killed = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stdout = openSync(join(ctx.sandbox, "stdout"), "a");
    const stderr = openSync(join(ctx.sandbox, "stderr"), "a");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: process.env.HOME ?? ctx.sandbox,
      MESOS_SANDBOX: ctx.sandbox,
      MESOS_DIRECTORY: ctx.sandbox,
      MESOS_TASK_ID: ctx.task.task_id?.value ?? "",
      MESOS_FRAMEWORK_ID: ctx.frameworkId,
      MESOS_AGENT_ID: ctx.agentId,
      MESOS_EXECUTOR_ID: ctx.executorId,
    };
    for (const variable of command?.environment?.variables ?? []) {
      if (variable.name !== undefined) env[variable.name] = variable.value ?? "";
    }
    const shell = command?.shell ?? true;
    const value = command?.value ?? "";
    let child: ChildProcess;
    try {
      const launch = shell
        ? withoutInheritedFds("/bin/sh", ["-c", value])
        : withoutInheritedFds(value, (command?.arguments ?? []).slice(1), command?.arguments?.[0] ?? value);
      child = spawn(launch.file, launch.args, {
        argv0: launch.argv0,
        cwd: ctx.sandbox,
        env,
        stdio: ["ignore", stdout, stderr],
        detached: true,
      });
    } finally {
      closeSync(stdout);
      closeSync(stderr);
    }
    this.#children.add(child);
    ctx.starting(child.pid);
    let spawned = false;
    child.once("spawn", () => {
      spawned = true;
      if (child.pid !== undefined) this.#watchdog.add(child.pid);
      ctx.running();
    });
    child.once("error", (error) => {
      this.#children.delete(child);
      if (killTimer) clearTimeout(killTimer);
      ctx.exited({
        state: v1.TaskState.TASK_FAILED,
        message: `Failed to launch command: ${error.message}`,
        reason: v1.TaskStatus_Reason.REASON_COMMAND_EXECUTOR_FAILED,
      });
    });
    child.once("exit", (code, signal) => {
      this.#children.delete(child);
      if (spawned && child.pid !== undefined) this.#watchdog.remove(child.pid);
      if (killTimer) clearTimeout(killTimer);
      if (!spawned) ctx.running();
      if (killed) {
        ctx.exited({
          state: v1.TaskState.TASK_KILLED,
          message: signal
            ? `Command terminated with signal ${signalName(signal)}`
            : `Command exited with status ${code}`,
          ...(code !== null ? { exitCode: code } : {}),
        });
      } else if (code === 0) {
        ctx.exited({
          state: v1.TaskState.TASK_FINISHED,
          message: "Command exited with status 0",
          exitCode: 0,
        });
      } else {
        ctx.exited({
          state: v1.TaskState.TASK_FAILED,
          message: signal
            ? `Command terminated with signal ${signalName(signal)}`
            : `Command exited with status ${code}`,
          reason: v1.TaskStatus_Reason.REASON_COMMAND_EXECUTOR_FAILED,
          ...(code !== null
            ? { exitCode: code }
            : { exitCode: 128 + (constants.signals[signal as NodeJS.Signals] ?? 0) }),
        });
      }
    });
    const signalGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    return {
      kill: (gracePeriodMs) => {
        if (killed || child.exitCode !== null || child.signalCode !== null) return;
        killed = true;
        signalGroup("SIGTERM");
        killTimer = setTimeout(() => signalGroup("SIGKILL"), gracePeriodMs);
      },
    };
  }

  close(): void {
    for (const child of this.#children) {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    }
    this.#children.clear();
    this.#watchdog.close();
  }
}
