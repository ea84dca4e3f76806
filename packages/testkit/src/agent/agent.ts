import { mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isTerminalTaskState, v1 } from "@mesos-ts/proto";
import { log } from "../diagnostics.js";
import { NotFoundError } from "../errors.js";
import type { SeededIds } from "../ids.js";
import { type CustomExecutorFlags, ExecutorManager } from "./executor-api/executor-manager.js";
import { linkLatestRun } from "./latest-run.js";
import { addResources, containsResources, subtractResources, toRefinedFormat } from "./resources.js";
import { StatusUpdateManager } from "./status-update-manager.js";
import type { RunningTask, TaskExit, TaskRunner } from "./task-runner.js";

/** What the agent needs from the master side. */
export interface AgentLink {
  /** An update (with uuid) leaving the agent's status update manager (first send or retry). */
  forwardStatusUpdate(agent: SimAgent, frameworkId: string, status: v1.TaskStatus): void;
  /** Custom executors: the framework as the agent knows it (SUBSCRIBED, MESOS_CHECKPOINT). */
  frameworkInfo?(frameworkId: string): v1.FrameworkInfo | undefined;
  /** Custom executors: the process ended (FAILURE to the scheduler). */
  executorExited?(agent: SimAgent, frameworkId: string, executorId: string, waitStatus: number): void;
  /** Custom executors: a MESSAGE call towards the scheduler. */
  executorMessage?(agent: SimAgent, frameworkId: string, executorId: string, data: Buffer): void;
}

export interface AgentTask {
  readonly frameworkId: string;
  readonly info: v1.TaskInfo;
  readonly executorId: string;
  readonly containerId: string;
  readonly sandbox: string;
  /** The process running the task (process mode). */
  pid: number | undefined;
  /** Every status the agent made for the task, in order. */
  readonly statuses: v1.TaskStatus[];
  state: v1.TaskState;
  /** KILL_CONTAINER destroyed its container: the agent reports TASK_FAILED, EXECUTOR_TERMINATED. */
  destroyed?: boolean;
  running: RunningTask | undefined;
  /** Resources still held (released at the terminal update). */
  held: v1.Resource[];
  exit: TaskExit | undefined;
  /** Set when ContainerInfo/executor could not really run: the reason shown to the scheduler. */
  simulatedNote: string | undefined;
  /** Its framework was shut down: the exit of the killed process is reported to no one. */
  forgotten: boolean;
}

export interface SimAgentOptions {
  readonly id: string;
  readonly hostname: string;
  readonly port: number;
  readonly resources: v1.Resource[];
  readonly attributes: v1.Attribute[];
  readonly workDir: string;
  readonly ids: SeededIds;
  readonly runner: TaskRunner;
  /** Used for DOCKER containers and custom executors in process mode (never really run). */
  readonly simulatedRunner: TaskRunner;
  readonly retryIntervalMs: number;
  readonly maxRetryIntervalMs: number;
  readonly link: AgentLink;
  /** Process mode: custom executors run as real processes speaking `/api/v1/executor`. */
  readonly customExecutors?: CustomExecutorFlags | undefined;
}

/** A simulated agent: resources, tasks (run by its runner), and a status update manager. */
export class SimAgent {
  readonly id: string;
  readonly hostname: string;
  readonly port: number;
  readonly workDir: string;
  readonly attributes: v1.Attribute[];
  /** Total resources, internal (refined) format; RESERVE/CREATE… change reservations in place. */
  total: v1.Resource[];
  readonly tasks = new Map<string, AgentTask>();
  /** MESSAGE calls the scheduler sent to executors here. */
  readonly messages: Array<{ frameworkId: string; executorId: string; data: Buffer }> = [];
  readonly registeredTime = Date.now();
  readonly statusUpdates: StatusUpdateManager;
  active = true;
  /** Custom executors run for real (process mode), else undefined. */
  readonly executors: ExecutorManager | undefined;
  readonly #options: SimAgentOptions;

  constructor(options: SimAgentOptions) {
    this.#options = options;
    this.id = options.id;
    this.hostname = options.hostname;
    this.port = options.port;
    this.workDir = options.workDir;
    this.attributes = options.attributes;
    this.total = toRefinedFormat(options.resources);
    const agent = this;
    this.statusUpdates = new StatusUpdateManager({
      retryIntervalMs: options.retryIntervalMs,
      maxRetryIntervalMs: options.maxRetryIntervalMs,
      // A restarting agent forwards nothing; it re-sends what is pending once it is up again.
      forward: (status, frameworkId) => {
        if (this.executors === undefined || this.executors.phase === "up") {
          options.link.forwardStatusUpdate(this, frameworkId, status);
        }
      },
    });
    this.executors = options.customExecutors
      ? new ExecutorManager(
          {
            id: this.id,
            port: this.port,
            workDir: this.workDir,
            get info() {
              return agent.info;
            },
            tasks: this.tasks,
            statusUpdates: this.statusUpdates,
            uuid: () => options.ids.uuid(),
            uuidBytes: () => options.ids.uuidBytes(),
            recordStatus: (task, status) => this.recordStatus(task, status),
            frameworkInfo: (fw) => options.link.frameworkInfo?.(fw),
            executorExited: (fw, ex, status) => options.link.executorExited?.(this, fw, ex, status),
            executorMessage: (fw, ex, data) => options.link.executorMessage?.(this, fw, ex, data),
          },
          options.customExecutors,
        )
      : undefined;
  }

  get info(): v1.AgentInfo {
    return {
      hostname: this.hostname,
      port: this.port,
      resources: this.total,
      attributes: this.attributes,
      id: { value: this.id },
    };
  }

  /** `Offer.url`: how a scheduler reaches this agent (`/slave(1)` is the agent's process id). */
  get url(): v1.URL {
    return {
      scheme: "http",
      address: { hostname: this.hostname, ip: "127.0.0.1", port: this.port },
      path: "/slave(1)",
    };
  }

  /** Resources held by live tasks. */
  used(): v1.Resource[] {
    let sum: v1.Resource[] = [];
    for (const t of this.tasks.values()) sum = addResources(sum, t.held);
    return sum;
  }

  usedBy(frameworkId: string): v1.Resource[] {
    let sum: v1.Resource[] = [];
    for (const t of this.tasks.values()) if (t.frameworkId === frameworkId) sum = addResources(sum, t.held);
    return sum;
  }

  /** Starts tasks (LAUNCH / LAUNCH_GROUP already validated by the master). */
  launch(frameworkId: string, tasks: v1.TaskInfo[], groupExecutor?: v1.ExecutorInfo): void {
    for (const info of tasks) {
      const taskId = info.task_id?.value ?? "";
      const executorId = groupExecutor?.executor_id?.value ?? info.executor?.executor_id?.value ?? taskId;
      const custom = !groupExecutor && info.executor !== undefined && !info.command;
      const realExecutor =
        custom && this.executors !== undefined && info.container?.type !== v1.ContainerInfo_Type.DOCKER;
      if (realExecutor) {
        this.#launchForExecutor(frameworkId, info, executorId);
        continue;
      }
      const containerId = this.#options.ids.uuid();
      const sandbox = join(
        this.workDir,
        "slaves",
        this.id,
        "frameworks",
        frameworkId,
        "executors",
        executorId,
        "runs",
        containerId,
        ...(groupExecutor ? ["tasks", taskId] : []),
      );
      mkdirSync(sandbox, { recursive: true });
      linkLatestRun(
        join(this.workDir, "slaves", this.id, "frameworks", frameworkId, "executors", executorId, "runs"),
        containerId,
      );
      const container = info.container ?? groupExecutor?.container;
      let simulatedNote: string | undefined;
      if (container?.type === v1.ContainerInfo_Type.DOCKER) {
        simulatedNote = `mesos-ts testkit: DOCKER container (image ${container.docker?.image ?? "?"}) simulated, not run`;
      } else if (info.executor && !info.command) {
        simulatedNote = "mesos-ts testkit: custom executor simulated, not run";
      }
      const task = this.#addTask(frameworkId, info, executorId, sandbox, simulatedNote, containerId);
      const runner = simulatedNote ? this.#options.simulatedRunner : this.#options.runner;
      task.running = runner.start({
        task: info,
        frameworkId,
        agentId: this.id,
        executorId,
        sandbox,
        starting: (pid) => {
          task.pid = pid;
          this.#report(task, v1.TaskState.TASK_STARTING);
        },
        running: () => this.#report(task, v1.TaskState.TASK_RUNNING),
        exited: (exit) => {
          task.exit = exit;
          if (task.destroyed) {
            // The agent, not the executor, reports a destroyed container (`src/slave/slave.cpp`,
            // executorTerminated): TASK_FAILED with REASON_EXECUTOR_TERMINATED.
            const reason = v1.TaskStatus_Reason.REASON_EXECUTOR_TERMINATED;
            this.#report(
              task,
              v1.TaskState.TASK_FAILED,
              "Executor terminated",
              reason,
              v1.TaskStatus_Source.SOURCE_AGENT,
            );
          } else this.#report(task, exit.state, exit.message, exit.reason);
        },
      });
    }
  }

  kill(frameworkId: string, taskId: string, killPolicy?: v1.KillPolicy, killingCapable = false): boolean {
    const task = this.tasks.get(this.#key(frameworkId, taskId));
    if (!task || task.exit) return task !== undefined;
    if (this.executors?.get(frameworkId, task.executorId)) {
      // The master passes the call's policy, else the TaskInfo's (same object): a custom
      // executor's KILL event carries kill_policy only when the call had one (observed).
      this.executors.kill(task, killPolicy === task.info.kill_policy ? undefined : killPolicy);
      return true;
    }
    const grace = killPolicy?.grace_period?.nanoseconds;
    const graceMs = grace !== undefined ? Number(grace / 1_000_000n) : 3000;
    if (killingCapable && task.state !== v1.TaskState.TASK_KILLING) {
      this.#report(task, v1.TaskState.TASK_KILLING, "Command is being killed");
    }
    task.running?.kill(graceMs);
    return true;
  }

  /** KILL_CONTAINER on a task's (executor's) container: the process dies at once. */
  destroyContainer(containerId: string): boolean {
    for (const task of this.tasks.values()) {
      if (task.containerId !== containerId || task.exit) continue;
      task.destroyed = true;
      task.running?.kill(0);
      return true;
    }
    return false;
  }

  /** Live tasks, then finished ones still remembered (for the agent's operator API). */
  *allTasks(): Iterable<AgentTask> {
    yield* this.tasks.values();
    for (const [key, task] of this.#finished) if (!this.tasks.has(key)) yield task;
  }

  /** SHUTDOWN of an executor: kills its tasks (TASK_KILLED, reason EXECUTOR_TERMINATED). */
  shutdownExecutor(frameworkId: string, executorId: string): boolean {
    if (this.executors?.shutdown(frameworkId, executorId)) return true;
    let found = false;
    for (const task of this.tasks.values()) {
      if (task.frameworkId !== frameworkId || task.executorId !== executorId) continue;
      found = true;
      task.running?.kill(0);
    }
    return found;
  }

  /** The framework was removed: its tasks are killed and nothing is reported any more. */
  shutdownFramework(frameworkId: string): void {
    this.statusUpdates.forgetFramework(frameworkId);
    this.executors?.shutdownFramework(frameworkId);
    for (const [key, task] of this.tasks) {
      if (task.frameworkId !== frameworkId) continue;
      task.forgotten = true;
      task.running?.kill(0);
      this.tasks.delete(key);
      this.executors?.forgetTask(task);
    }
  }

  /** A scheduler's MESSAGE to an executor here (kept in `messages`, delivered to a real executor). */
  deliverMessage(frameworkId: string, executorId: string, data: Buffer): void {
    this.messages.push({ frameworkId, executorId, data });
    this.executors?.message(frameworkId, executorId, data);
  }

  acknowledge(frameworkId: string, taskId: string, uuid: Uint8Array): v1.TaskStatus | undefined {
    const acked = this.statusUpdates.acknowledge(frameworkId, taskId, uuid);
    if (!acked) {
      log("warn", `agent ${this.id}`, `Unexpected status update acknowledgement for task ${taskId}`);
      return undefined;
    }
    const task = this.tasks.get(this.#key(frameworkId, taskId));
    if (task?.exit && this.statusUpdates.inFlight(frameworkId, taskId) === undefined) {
      this.tasks.delete(this.#key(frameworkId, taskId));
      this.executors?.forgetTask(task);
    }
    return acked;
  }

  /** RESERVE/UNRESERVE/CREATE/DESTROY applied to the totals: `from` becomes `to`. */
  convert(from: v1.Resource[], to: v1.Resource[]): void {
    if (!containsResources(this.total, from))
      throw new NotFoundError(`agent ${this.id} lacks ${JSON.stringify(from)}`);
    this.total = addResources(subtractResources(this.total, from), to);
  }

  /** The task's stdout file content (process mode: what the command printed). */
  readSandboxFile(frameworkId: string, taskId: string, file: "stdout" | "stderr" = "stdout"): string {
    const task =
      this.tasks.get(this.#key(frameworkId, taskId)) ?? this.#finished.get(this.#key(frameworkId, taskId));
    if (!task) throw new NotFoundError(`agent ${this.id} has no task ${taskId} of ${frameworkId}`);
    try {
      return readFileSync(join(task.sandbox, file), "utf8");
    } catch {
      return "";
    }
  }

  sandboxOf(frameworkId: string, taskId: string): string | undefined {
    const key = this.#key(frameworkId, taskId);
    return (this.tasks.get(key) ?? this.#finished.get(key))?.sandbox;
  }

  /** Ends a scripted task now (e.g. one scripted to hang). */
  finishTask(frameworkId: string, taskId: string, exitCode = 0): void {
    const task = this.tasks.get(this.#key(frameworkId, taskId));
    if (!task?.running?.finish) throw new NotFoundError(`no scripted running task ${taskId} on ${this.id}`);
    task.running.finish(exitCode);
  }

  close(): void {
    this.executors?.close();
    this.statusUpdates.close();
  }

  readonly #finished = new Map<string, AgentTask>();

  #key(frameworkId: string, taskId: string): string {
    return `${frameworkId}/${taskId}`;
  }

  /** A status of a task here: its state at the agent, terminal bookkeeping, then the SUM. */
  recordStatus(task: AgentTask, status: v1.TaskStatus): void {
    // A status update manager that retries for a removed framework would keep a timer (up to
    // 10 min of backoff) alive after the cluster closed; Mesos drops such updates too.
    if (task.forgotten) return;
    task.statuses.push(status);
    task.state = status.state ?? task.state;
    if (task.exit === undefined && isTerminalTaskState(task.state)) {
      task.exit = {
        state: task.state,
        message: status.message ?? "",
        ...(status.reason ? { reason: status.reason } : {}),
      };
    }
    if (task.exit !== undefined) {
      task.held = [];
      this.#finished.set(this.#key(task.frameworkId, task.info.task_id?.value ?? ""), task);
    }
    this.statusUpdates.update(task.frameworkId, status);
  }

  /** A task for a custom executor run for real: its executor's container and sandbox. */
  #launchForExecutor(frameworkId: string, info: v1.TaskInfo, executorId: string): void {
    const executors = this.executors as ExecutorManager;
    const sandbox = executors.sandboxFor(frameworkId, info.executor as v1.ExecutorInfo);
    executors.launch(this.#addTask(frameworkId, info, executorId, sandbox, undefined, basename(sandbox)));
  }

  /** A new STAGING task holding its resources. */
  #addTask(
    frameworkId: string,
    info: v1.TaskInfo,
    executorId: string,
    sandbox: string,
    simulatedNote: string | undefined,
    containerId: string,
  ): AgentTask {
    const task: AgentTask = {
      frameworkId,
      info,
      executorId,
      sandbox,
      containerId,
      pid: undefined,
      statuses: [],
      state: v1.TaskState.TASK_STAGING,
      running: undefined,
      held: info.resources ?? [],
      exit: undefined,
      simulatedNote,
      forgotten: false,
    };
    this.tasks.set(this.#key(frameworkId, info.task_id?.value ?? ""), task);
    return task;
  }

  #report(
    task: AgentTask,
    state: v1.TaskState,
    message?: string,
    reason?: v1.TaskStatus_Reason,
    source = v1.TaskStatus_Source.SOURCE_EXECUTOR,
  ): void {
    const labels = task.simulatedNote
      ? { labels: [{ key: "mesos-ts.simulated", value: task.simulatedNote }] }
      : undefined;
    const status: v1.TaskStatus = {
      task_id: task.info.task_id,
      state,
      ...(message !== undefined || task.simulatedNote
        ? { message: [message, task.simulatedNote].filter((x) => x !== undefined).join("; ") }
        : {}),
      source,
      ...(reason !== undefined ? { reason } : {}),
      agent_id: { value: this.id },
      executor_id: { value: task.executorId },
      timestamp: Date.now() / 1000,
      uuid: this.#options.ids.uuidBytes(),
      ...(labels ? { labels } : {}),
      // As the Mesos containerizer reports a container on the host network.
      container_status: {
        container_id: { value: task.containerId },
        network_infos: [
          { ip_addresses: [{ protocol: v1.NetworkInfo_Protocol.IPv4, ip_address: "127.0.0.1" }] },
        ],
        ...(task.pid !== undefined ? { executor_pid: task.pid } : {}),
      },
    };
    this.recordStatus(task, status);
  }
}
