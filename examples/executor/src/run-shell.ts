import { spawn } from "node:child_process";
import type { StopReason, TaskContext, TaskProgress, TaskResult } from "@mesos-ts/executor";
import { TaskFailure } from "@mesos-ts/executor";
import type { v1 } from "@mesos-ts/proto";

/** At most this much output per progress update; more waits for the next one. */
const MAX_PROGRESS_BYTES = 4096;
/** Output kept while the agent is slower than the command; beyond it the oldest is dropped. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * Runs the shell command in the task's `data` (UTF-8) in the sandbox; every piece of its output
 * becomes a TASK_RUNNING update with the output in `data`, and is also copied to the executor's
 * own stdout/stderr (the sandbox files). Exit 0 → TASK_FINISHED, else TASK_FAILED. On KILL or
 * SHUTDOWN: SIGTERM to the command's process group, SIGKILL at the end of the grace period.
 */
export async function* runShell(
  task: v1.TaskInfo,
  ctx: TaskContext,
): AsyncGenerator<TaskProgress, TaskResult> {
  const command = Buffer.from(task.data ?? []).toString("utf8");
  if (command.trim() === "") throw new TaskFailure("the task's data holds no shell command");
  const child = spawn("/bin/sh", ["-c", command], {
    cwd: ctx.environment.sandbox,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffered: Buffer[] = [];
  let size = 0;
  let wake: (() => void) | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const take = (chunk: Buffer) => {
    buffered.push(chunk);
    size += chunk.length;
    while (size > MAX_BUFFERED_BYTES && buffered.length > 1) size -= (buffered.shift() as Buffer).length;
    notify();
  };
  child.stdout.on("data", (c: Buffer) => {
    process.stdout.write(c);
    take(c);
  });
  child.stderr.on("data", (c: Buffer) => {
    process.stderr.write(c);
    take(c);
  });
  child.once("error", (e) => {
    spawnError = e;
    notify();
  });
  child.once("close", (code, signal) => {
    exit = { code, signal };
    notify();
  });
  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onStop = () => {
    const reason = ctx.signal.reason as StopReason;
    signalGroup("SIGTERM");
    killTimer = setTimeout(() => signalGroup("SIGKILL"), Math.max(0, reason.gracePeriodMs - 50));
  };
  ctx.signal.addEventListener("abort", onStop, { once: true });
  try {
    for (;;) {
      if (size > 0) {
        const all = Buffer.concat(buffered);
        const piece = all.subarray(0, MAX_PROGRESS_BYTES);
        buffered = piece.length < all.length ? [all.subarray(piece.length)] : [];
        size = all.length - piece.length;
        yield { message: "output", data: piece };
        continue;
      }
      if (spawnError) throw new TaskFailure(`could not start /bin/sh: ${spawnError.message}`);
      if (exit) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    ctx.signal.removeEventListener("abort", onStop);
    if (!exit) signalGroup("SIGKILL");
    if (killTimer) clearTimeout(killTimer);
  }
  const { code, signal } = exit;
  if (code === 0) return { message: "Command exited with status 0" };
  throw new TaskFailure(
    signal ? `Command terminated with signal ${signal}` : `Command exited with status ${code}`,
  );
}
