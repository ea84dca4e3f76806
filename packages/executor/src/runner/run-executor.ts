import { v1 } from "@mesos-ts/proto";
import type { ExecutorEvent } from "../events.js";
import { ExecutorClient, type ExecutorClientOptions } from "../executor-client.js";
import {
  asTaskResult,
  bytes,
  type LaunchOutcome,
  type StopReason,
  type TaskContext,
  TaskFailure,
  type TaskProgress,
} from "./task-context.js";

/** Mesos' default kill grace period when neither KILL nor TaskInfo has a kill_policy (3 s). */
export const DEFAULT_KILL_GRACE_PERIOD_MS = 3_000;

export interface RunExecutorOptions extends ExecutorClientOptions {
  /** Runs one launched task; see LaunchOutcome. Honour `ctx.signal` (KILL, SHUTDOWN). */
  launch(task: v1.TaskInfo, ctx: TaskContext): LaunchOutcome;
  /** A MESSAGE from the scheduler; `reply` sends one back. */
  onMessage?(data: Uint8Array, reply: (data: Uint8Array | string) => Promise<void>): void | Promise<void>;
  /** Exit (0) once every launched task ended and everything was acknowledged (default false: wait for SHUTDOWN). */
  readonly exitWhenIdle?: boolean;
  /** Where the runner writes what happened (default stderr; the auth token never appears). */
  readonly log?: (line: string) => void;
  /** A client made by the caller (default one from the options). */
  readonly client?: ExecutorClient;
}

interface RunningTask {
  readonly controller: AbortController;
  /** The terminal update was decided (sent once). */
  ended: boolean;
  readonly settled: Promise<void>;
}

const ms = (nanos: bigint | undefined, fallback: number) =>
  nanos === undefined ? fallback : Number(nanos / 1_000_000n);

/**
 * The common custom executor: LAUNCH → TASK_STARTING, TASK_RUNNING, then `launch`; its result
 * → TASK_FINISHED, an error → TASK_FAILED, a KILL → TASK_KILLING (if the framework has the
 * capability) and TASK_KILLED within the kill grace period, SHUTDOWN → TASK_KILLED for the
 * rest within the executor's grace period. Every status carries executor_id, as Mesos' own
 * executors do. Resolves with the exit code: 0 only when everything was acknowledged.
 */
export async function runExecutor(options: RunExecutorOptions): Promise<number> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const client = options.client ?? new ExecutorClient(options);
  const env = client.environment;
  const tasks = new Map<string, RunningTask>();
  let killingCapable = false;
  let failed = false;

  const send = (task: v1.TaskInfo, state: v1.TaskState, extra: Partial<v1.TaskStatus> = {}) =>
    client.update({ task_id: task.task_id, state, executor_id: { value: env.executorId }, ...extra });
  const fields = (p: TaskProgress | undefined): Partial<v1.TaskStatus> => ({
    ...(p?.message !== undefined ? { message: p.message } : {}),
    ...(p?.data !== undefined ? { data: bytes(p.data) } : {}),
  });

  const start = (task: v1.TaskInfo) => {
    const taskId = task.task_id?.value ?? "";
    if (tasks.has(taskId)) return;
    const controller = new AbortController();
    const ctx: TaskContext = {
      task,
      taskId,
      environment: env,
      signal: controller.signal,
      progress: async (p) => {
        if (!entry.ended) await send(task, v1.TaskState.TASK_RUNNING, fields(p));
      },
      sendMessage: (data) => client.message(bytes(data)),
    };
    const finish = async (state: v1.TaskState, extra: Partial<v1.TaskStatus>) => {
      if (entry.ended) return;
      entry.ended = true;
      await send(task, state, extra);
    };
    const body = async () => {
      await send(task, v1.TaskState.TASK_STARTING);
      await send(task, v1.TaskState.TASK_RUNNING);
      let result: unknown;
      const outcome = options.launch(task, ctx);
      if (isAsyncGenerator(outcome)) {
        for (;;) {
          const step = await outcome.next();
          if (step.done) {
            result = step.value;
            break;
          }
          await ctx.progress(step.value);
        }
      } else {
        result = await outcome;
      }
      if (controller.signal.aborted)
        await finish(v1.TaskState.TASK_KILLED, killedFields(controller.signal.reason));
      else await finish(v1.TaskState.TASK_FINISHED, fields(asTaskResult(result)));
    };
    const entry: RunningTask = {
      controller,
      ended: false,
      settled: body().catch(async (error: unknown) => {
        try {
          if (controller.signal.aborted) {
            await finish(v1.TaskState.TASK_KILLED, killedFields(controller.signal.reason));
          } else {
            const failure = error instanceof TaskFailure ? error : undefined;
            await finish(v1.TaskState.TASK_FAILED, {
              message: error instanceof Error ? error.message : String(error),
              ...(failure?.reason !== undefined ? { reason: failure.reason } : {}),
              ...(failure?.data !== undefined ? { data: bytes(failure.data) } : {}),
            });
          }
        } catch (sendError) {
          failed = true;
          log(`executor: could not report the end of task ${taskId}: ${(sendError as Error).message}`);
        }
      }),
    };
    tasks.set(taskId, entry);
  };

  /** Stops a task: its signal fires, and TASK_KILLED goes out when it ends or at the grace period. */
  const stop = async (taskId: string, reason: StopReason) => {
    const entry = tasks.get(taskId);
    if (!entry || entry.ended || entry.controller.signal.aborted) return;
    const task = client.task(taskId);
    if (reason.kind === "kill" && killingCapable && task) {
      await send(task, v1.TaskState.TASK_KILLING).catch(() => undefined);
    }
    entry.controller.abort(reason);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      entry.settled,
      new Promise<void>((r) => (timer = setTimeout(r, reason.gracePeriodMs))),
    ]);
    clearTimeout(timer);
    if (!entry.ended && task) {
      entry.ended = true;
      await send(task, v1.TaskState.TASK_KILLED, killedFields(reason)).catch((e: Error) => {
        failed = true;
        log(`executor: could not report TASK_KILLED for ${taskId}: ${e.message}`);
      });
    }
  };

  const idle = () => client.activeTasks === 0 && client.unacknowledged === 0;
  let exitCode = 1;
  let shuttingDown: Promise<void> | undefined;
  try {
    for await (const event of client.events()) {
      if (event.type === "SHUTDOWN") {
        // Events keep flowing meanwhile: the ACKNOWLEDGED of the last updates must be read.
        shuttingDown ??= shutdown().then(async (code) => {
          exitCode = code;
          await client.close();
        });
        continue;
      }
      const done = await handle(event);
      if (done !== undefined) {
        exitCode = done;
        break;
      }
    }
    await shuttingDown;
  } catch (error) {
    log(`executor: ${(error as Error).message}`);
    failed = true;
  } finally {
    for (const entry of tasks.values()) entry.controller.abort({ kind: "shutdown", gracePeriodMs: 0 });
    await client.close();
  }
  return failed ? 1 : exitCode;

  async function handle(event: ExecutorEvent): Promise<number | undefined> {
    switch (event.type) {
      case "SUBSCRIBED":
        killingCapable = (event.frameworkInfo?.capabilities ?? []).some(
          (c) => c.type === v1.FrameworkInfo_Capability_Type.TASK_KILLING_STATE,
        );
        return undefined;
      case "LAUNCH":
        start(event.task);
        return undefined;
      case "LAUNCH_GROUP":
        for (const task of event.taskGroup.tasks ?? []) start(task);
        return undefined;
      case "KILL": {
        const grace = ms(event.killPolicy?.grace_period?.nanoseconds, DEFAULT_KILL_GRACE_PERIOD_MS);
        void stop(event.taskId, { kind: "kill", gracePeriodMs: grace });
        return undefined;
      }
      case "MESSAGE":
        // Not awaited: a slow handler must not hold up the events (and their ACKNOWLEDGEDs).
        void (async () => options.onMessage?.(event.data, (data) => client.message(bytes(data))))().catch(
          (error: unknown) => log(`executor: onMessage failed: ${(error as Error).message}`),
        );
        return undefined;
      case "ACKNOWLEDGED":
        if (options.exitWhenIdle && idle() && [...tasks.values()].every((t) => t.ended)) return 0;
        return undefined;
      case "ERROR":
        log(`executor: the agent sent ERROR: ${event.message}`);
        failed = true;
        return 1;
      default:
        return undefined;
    }
  }

  /** The agent SIGKILLs us at the grace period: tasks get most of it, acknowledgements the rest. */
  async function shutdown(): Promise<number> {
    const deadline = Date.now() + env.shutdownGracePeriodMs;
    const taskGrace = Math.max(0, Math.floor(env.shutdownGracePeriodMs * 0.6) - 100);
    await Promise.all(
      [...tasks.keys()].map((id) => stop(id, { kind: "shutdown", gracePeriodMs: taskGrace })),
    );
    const left = Math.max(0, deadline - Date.now() - 100);
    const timeout = AbortSignal.timeout(left);
    try {
      await client.allAcknowledged(timeout);
      return 0;
    } catch {
      log(
        `executor: ${client.unacknowledged} updates were not acknowledged before the shutdown grace period`,
      );
      return 1;
    }
  }
}

function killedFields(reason: unknown): Partial<v1.TaskStatus> {
  const r = reason as StopReason | undefined;
  return r?.kind === "shutdown" ? { message: "Executor shutting down" } : { message: "Task killed" };
}

function isAsyncGenerator(value: LaunchOutcome): value is AsyncGenerator<TaskProgress, unknown, undefined> {
  return (
    typeof (value as { next?: unknown }).next === "function" && Symbol.asyncIterator in (value as object)
  );
}
