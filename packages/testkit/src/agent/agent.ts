import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import { log } from "../diagnostics.js";
import { NotFoundError } from "../errors.js";
import type { SeededIds } from "../ids.js";
import { addResources, containsResources, subtractResources, toRefinedFormat } from "./resources.js";
import { StatusUpdateManager } from "./status-update-manager.js";
import type { RunningTask, TaskExit, TaskRunner } from "./task-runner.js";

/** What the agent needs from the master side. */
export interface AgentLink {
  /** An update (with uuid) leaving the agent's status update manager (first send or retry). */
  forwardStatusUpdate(agent: SimAgent, frameworkId: string, status: v1.TaskStatus): void;
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
  running: RunningTask | undefined;
  /** Resources still held (released at the terminal update). */
  held: v1.Resource[];
  exit: TaskExit | undefined;
  /** Set when ContainerInfo/executor could not really run: the reason shown to the scheduler. */
  simulatedNote: string | undefined;
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
  readonly #options: SimAgentOptions;

  constructor(options: SimAgentOptions) {
    this.#options = options;
    this.id = options.id;
    this.hostname = options.hostname;
    this.port = options.port;
    this.workDir = options.workDir;
    this.attributes = options.attributes;
    this.total = toRefinedFormat(options.resources);
    this.statusUpdates = new StatusUpdateManager({
      retryIntervalMs: options.retryIntervalMs,
      maxRetryIntervalMs: options.maxRetryIntervalMs,
      forward: (status, frameworkId) => options.link.forwardStatusUpdate(this, frameworkId, status),
    });
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
      const container = info.container ?? groupExecutor?.container;
      let simulatedNote: string | undefined;
      if (container?.type === v1.ContainerInfo_Type.DOCKER) {
        simulatedNote = `mesos-ts testkit: DOCKER container (image ${container.docker?.image ?? "?"}) simulated, not run`;
      } else if (info.executor && !info.command) {
        simulatedNote = "mesos-ts testkit: custom executor simulated, not run";
      }
      const task: AgentTask = {
        frameworkId,
        info,
        executorId,
        containerId,
        sandbox,
        pid: undefined,
        statuses: [],
        state: v1.TaskState.TASK_STAGING,
        running: undefined,
        held: info.resources ?? [],
        exit: undefined,
        simulatedNote,
      };
      this.tasks.set(this.#key(frameworkId, taskId), task);
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
          this.#report(task, exit.state, exit.message, exit.reason);
        },
      });
    }
  }

  kill(frameworkId: string, taskId: string, killPolicy?: v1.KillPolicy, killingCapable = false): boolean {
    const task = this.tasks.get(this.#key(frameworkId, taskId));
    if (!task || task.exit) return task !== undefined;
    const grace = killPolicy?.grace_period?.nanoseconds;
    const graceMs = grace !== undefined ? Number(grace / 1_000_000n) : 3000;
    if (killingCapable && task.state !== v1.TaskState.TASK_KILLING) {
      this.#report(task, v1.TaskState.TASK_KILLING, "Command is being killed");
    }
    task.running?.kill(graceMs);
    return true;
  }

  /** SHUTDOWN of an executor: kills its tasks (TASK_KILLED, reason EXECUTOR_TERMINATED). */
  shutdownExecutor(frameworkId: string, executorId: string): boolean {
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
    for (const [key, task] of this.tasks) {
      if (task.frameworkId !== frameworkId) continue;
      task.running?.kill(0);
      this.tasks.delete(key);
    }
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
    this.statusUpdates.close();
  }

  readonly #finished = new Map<string, AgentTask>();

  #key(frameworkId: string, taskId: string): string {
    return `${frameworkId}/${taskId}`;
  }

  #report(task: AgentTask, state: v1.TaskState, message?: string, reason?: v1.TaskStatus_Reason): void {
    task.state = state;
    const terminal = task.exit !== undefined;
    if (terminal) {
      task.held = [];
      this.#finished.set(this.#key(task.frameworkId, task.info.task_id?.value ?? ""), task);
    }
    const labels = task.simulatedNote
      ? { labels: [{ key: "mesos-ts.simulated", value: task.simulatedNote }] }
      : undefined;
    const status: v1.TaskStatus = {
      task_id: task.info.task_id,
      state,
      ...(message !== undefined || task.simulatedNote
        ? { message: [message, task.simulatedNote].filter((x) => x !== undefined).join("; ") }
        : {}),
      source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
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
    task.statuses.push(status);
    this.statusUpdates.update(task.frameworkId, status);
  }
}
