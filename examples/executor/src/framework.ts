import { v1 } from "@mesos-ts/proto";
import { createScheduler, isTerminalState, takeResources, taskStateName } from "@mesos-ts/scheduler";
import { shellExecutorCommand } from "./executor-command.js";

export interface ShellFrameworkOptions {
  /** Where the master is (`http://…`, `zk://…`). */
  readonly master: string;
  /** The shell command the task runs (given to the executor as the task's data). */
  readonly command: string;
  /** The executor speaks JSON instead of protobuf. */
  readonly json?: boolean;
  /** Sent to the executor once the task runs; its answer is collected. */
  readonly message?: string;
  /** KILL the task this long after it reports RUNNING (to show a kill). */
  readonly killAfterMs?: number;
  /** The framework checkpoints (the executor then survives agent restarts). */
  readonly checkpoint?: boolean;
  /** Default: this package's executor (see shellExecutorCommand). */
  readonly executorCommand?: v1.CommandInfo;
  readonly signal?: AbortSignal;
  /** Told of every status, as it arrives. */
  readonly onStatus?: (state: string, status: v1.TaskStatus) => void;
}

export interface ShellFrameworkSummary {
  /** Task states in the order received. */
  readonly states: string[];
  /** The `data` of the executor's TASK_RUNNING updates, as text (the command's output). */
  readonly progress: string[];
  /** MESSAGEs the executor sent to the scheduler, as text. */
  readonly messages: string[];
  /** The terminal state and its message. */
  readonly final: { state: string; message: string | undefined; executorId: string | undefined };
  /** FAILURE statuses (raw wait status) of the executor, if it ended while we were there. */
  readonly failures: number[];
}

const EXECUTOR_ID = "shell-executor";

/**
 * A framework that launches one task on the example's custom executor, sends it a MESSAGE once
 * it runs, collects progress and messages, and tears down after the terminal update.
 */
export async function runShellFramework(options: ShellFrameworkOptions): Promise<ShellFrameworkSummary> {
  const client = createScheduler({
    master: options.master,
    framework: {
      user: "nobody",
      name: "shell-executor-example",
      failover_timeout: 60,
      ...(options.checkpoint ? { checkpoint: true } : {}),
    },
  });
  const states: string[] = [];
  const progress: string[] = [];
  const messages: string[] = [];
  const failures: number[] = [];
  let final: ShellFrameworkSummary["final"] | undefined;
  let launched = false;
  let messaged = false;
  let killTimer: NodeJS.Timeout | undefined;
  try {
    for await (const event of client.events(options.signal ? { signal: options.signal } : {})) {
      switch (event.type) {
        case "OFFERS":
          for (const offer of event.offers) {
            const fit = takeResources(offer.resources ?? [], { cpus: 0.2, mem: 64 });
            if (launched || !fit || !offer.agent_id || !offer.id) {
              await client.decline({ offerIds: [offer.id ?? { value: "" }] });
              continue;
            }
            const cpus = fit.taken
              .filter((r) => r.name === "cpus")
              .map((r) => ({ ...r, scalar: { value: 0.1 } }));
            const mem = fit.taken
              .filter((r) => r.name === "mem")
              .map((r) => ({ ...r, scalar: { value: 32 } }));
            const task: v1.TaskInfo = {
              name: "shell",
              task_id: { value: "shell-1" },
              agent_id: offer.agent_id,
              resources: [...cpus, ...mem],
              executor: {
                type: v1.ExecutorInfo_Type.CUSTOM,
                executor_id: { value: EXECUTOR_ID },
                name: "mesos-ts shell executor",
                command: options.executorCommand ?? shellExecutorCommand({ json: options.json ?? false }),
                resources: [...cpus, ...mem],
              },
              data: Buffer.from(options.command, "utf8"),
            };
            await client.launch({ offerIds: [offer.id], tasks: [task] });
            launched = true;
          }
          break;
        case "UPDATE": {
          const state = taskStateName(event.status.state);
          states.push(state);
          options.onStatus?.(state, event.status);
          if (event.status.state === v1.TaskState.TASK_RUNNING) {
            if (event.status.data && event.status.data.length > 0) {
              progress.push(Buffer.from(event.status.data).toString("utf8"));
            }
            if (!messaged && options.message !== undefined && event.status.agent_id) {
              messaged = true;
              await client.message({
                agentId: event.status.agent_id,
                executorId: EXECUTOR_ID,
                data: options.message,
              });
            }
            if (options.killAfterMs !== undefined && killTimer === undefined) {
              const agentId = event.status.agent_id;
              killTimer = setTimeout(() => {
                void client
                  .kill({ taskId: "shell-1", ...(agentId ? { agentId } : {}) })
                  .catch(() => undefined);
              }, options.killAfterMs);
            }
          }
          if (isTerminalState(event.status.state)) {
            final = { state, message: event.status.message, executorId: event.status.executor_id?.value };
            await client.teardown();
          }
          break;
        }
        case "MESSAGE":
          messages.push(Buffer.from(event.data).toString("utf8"));
          break;
        case "FAILURE":
          if (event.exitStatus !== undefined) failures.push(event.exitStatus);
          break;
        default:
          break;
      }
    }
  } finally {
    if (killTimer) clearTimeout(killTimer);
    await client.close();
  }
  if (!final) throw new Error("the framework ended before the task did");
  return { states, progress, messages, final, failures };
}
