import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { executor, isTerminalTaskState, v1 } from "@mesos-ts/proto";
import { log } from "../../diagnostics.js";
import type { MediaType } from "../../http/accept.js";
import type { RecordStream } from "../../master/record-stream.js";
import type { AgentTask } from "../agent.js";
import { linkLatestRun } from "../latest-run.js";
import type { StatusUpdateManager } from "../status-update-manager.js";
import { durationText, msToNanos } from "./duration-text.js";
import { type ExecutorEnvFlags, executorEnvironment } from "./executor-env.js";
import { HttpExecutor } from "./http-executor.js";

/** Agent flags for custom executors (`--executor_registration_timeout` …). */
export interface CustomExecutorFlags extends ExecutorEnvFlags {
  /** `--executor_registration_timeout` (Mesos default 1 min). */
  readonly registrationTimeoutMs: number;
  /** HEARTBEAT events on an executor's stream (Mesos: every 30 min, the first 30 min after SUBSCRIBE). */
  readonly heartbeatIntervalMs: number;
}

export const DEFAULT_EXECUTOR_FLAGS: CustomExecutorFlags = {
  registrationTimeoutMs: 60_000,
  heartbeatIntervalMs: 30 * 60_000,
  recoveryTimeoutMs: 15 * 60_000,
  reregistrationTimeoutMs: 2_000,
};

/** uuids remembered per task for the duplicate check. */
const MAX_UUIDS_PER_TASK = 4096;

/** `--executor_shutdown_grace_period` default, used when ExecutorInfo has none. */
const DEFAULT_SHUTDOWN_GRACE_NANOS = 5_000_000_000n;

/** What the manager needs from its agent. */
export interface ExecutorHost {
  readonly id: string;
  readonly port: number;
  readonly workDir: string;
  readonly info: v1.AgentInfo;
  readonly tasks: Map<string, AgentTask>;
  readonly statusUpdates: StatusUpdateManager;
  uuid(): string;
  uuidBytes(): Buffer;
  /** Applies a status to the agent's task (state, terminal bookkeeping) and hands it to the SUM. */
  recordStatus(task: AgentTask, status: v1.TaskStatus): void;
  frameworkInfo(frameworkId: string): v1.FrameworkInfo | undefined;
  /** FAILURE towards the scheduler (the master's `exitedExecutor`). */
  executorExited(frameworkId: string, executorId: string, waitStatus: number): void;
  /** An executor's MESSAGE towards its scheduler. */
  executorMessage(frameworkId: string, executorId: string, data: Buffer): void;
}

const key = (frameworkId: string, executorId: string) => `${frameworkId}/${executorId}`;

/**
 * The agent's side of custom (HTTP) executors in process mode: containers, the calls of
 * `POST /api/v1/executor` once validated, and what Mesos does when an executor ends
 * (`Slave::executorTerminated` in `src/slave/slave.cpp`).
 */
export class ExecutorManager {
  readonly #host: ExecutorHost;
  readonly #flags: CustomExecutorFlags;
  readonly #executors = new Map<string, HttpExecutor>();
  /** uuids the agent received per task (the SUM's duplicate check); dropped with the task. */
  readonly #received = new Map<AgentTask, Set<string>>();
  /** The last executors that ended (at most 64): the raw wait status each exited with. */
  readonly exits: Array<{ frameworkId: string; executorId: string; waitStatus: number; at: number }> = [];
  /**
   * Where a restart of the agent is (`restartAgent`): `down` (no process), `recovering` (503 to
   * every call), `reregistering` (SUBSCRIBE/HEARTBEAT answered, UPDATE/MESSAGE 503), `up`.
   */
  phase: "up" | "down" | "recovering" | "reregistering" = "up";
  /** Executors that ended while the agent was down or recovering: reported once it is up. */
  readonly #deferredExits: Array<{ ex: HttpExecutor; waitStatus: number }> = [];
  /** Processes of frameworks the restarted agent forgot: still running (posix launcher), killed by close(). */
  readonly #orphans = new Set<HttpExecutor>();
  #closed = false;

  constructor(host: ExecutorHost, flags: CustomExecutorFlags) {
    this.#host = host;
    this.#flags = flags;
  }

  /** close() was called (a restart in progress stops there). */
  get closed(): boolean {
    return this.#closed;
  }

  get(frameworkId: string, executorId: string): HttpExecutor | undefined {
    return this.#executors.get(key(frameworkId, executorId));
  }

  /** The agent knows the framework (it has an executor or a task of it). */
  knowsFramework(frameworkId: string): boolean {
    for (const ex of this.#executors.values()) if (ex.frameworkId === frameworkId) return true;
    for (const t of this.#host.tasks.values()) if (t.frameworkId === frameworkId) return true;
    return false;
  }

  /** The sandbox of a task's executor, starting the container if it is new. */
  sandboxFor(frameworkId: string, info: v1.ExecutorInfo): string {
    const executorId = info.executor_id?.value ?? "";
    const existing = this.get(frameworkId, executorId);
    if (existing && existing.state !== "terminated") return existing.sandbox;
    return this.#start(frameworkId, info).sandbox;
  }

  /** A task for a custom executor: LAUNCH now if it subscribed, else queued until it does. */
  launch(task: AgentTask): void {
    const ex = this.get(task.frameworkId, task.executorId);
    if (!ex) return;
    const info = this.#taskForExecutor(task.info, ex);
    if (ex.state === "running") ex.send({ type: executor.Event_Type.LAUNCH, launch: { task: info } });
    else ex.queued.push(info);
  }

  /** KILL reaches the executor; the agent does nothing else (observed). */
  kill(task: AgentTask, callKillPolicy: v1.KillPolicy | undefined): void {
    const ex = this.get(task.frameworkId, task.executorId);
    if (!ex) return;
    const taskId = task.info.task_id?.value;
    const index = ex.queued.findIndex((t) => t.task_id?.value === taskId);
    if (index >= 0) {
      // Never delivered: the agent kills it itself (`Slave::killTask`, queued task).
      ex.queued.splice(index, 1);
      this.#agentStatus(task, v1.TaskState.TASK_KILLED, {
        reason: v1.TaskStatus_Reason.REASON_TASK_KILLED_DURING_LAUNCH,
        message: "Killed before delivery to the executor",
      });
      return;
    }
    ex.send({
      type: executor.Event_Type.KILL,
      kill: { task_id: task.info.task_id, ...(callKillPolicy ? { kill_policy: callKillPolicy } : {}) },
    });
  }

  /** Scheduler SHUTDOWN call. */
  shutdown(frameworkId: string, executorId: string): boolean {
    const ex = this.get(frameworkId, executorId);
    if (!ex || ex.state === "terminated") return false;
    ex.shutdown();
    return true;
  }

  /** Framework teardown: SHUTDOWN to each of its executors; nothing is reported afterwards. */
  shutdownFramework(frameworkId: string): void {
    for (const ex of this.#executors.values()) {
      if (ex.frameworkId !== frameworkId) continue;
      ex.frameworkRemoved = true;
      ex.shutdown();
    }
  }

  /** Scheduler MESSAGE: data only; dropped when the executor does not exist (observed). */
  message(frameworkId: string, executorId: string, data: Buffer): void {
    const ex = this.get(frameworkId, executorId);
    if (!ex) {
      log("info", `agent ${this.#host.id}`, `Dropping message for executor ${executorId}`);
      return;
    }
    ex.send({ type: executor.Event_Type.MESSAGE, message: { data } });
  }

  // ---------------------------------------------------------------- executor calls

  subscribe(ex: HttpExecutor, call: executor.Call, stream: RecordStream, media: MediaType): void {
    const afterRestart = ex.recovered;
    ex.recovered = false;
    ex.attach(stream, media);
    const fw = this.#host.frameworkInfo(ex.frameworkId);
    ex.send({
      type: executor.Event_Type.SUBSCRIBED,
      subscribed: {
        executor_info: ex.info,
        ...(fw ? { framework_info: fw } : {}),
        agent_info: this.#host.info,
        container_id: { value: ex.containerId },
      },
    });
    // Every re-sent update goes through the status update manager again, which acknowledges
    // it and ignores the ones it already has (`Slave::subscribe`).
    for (const update of call.subscribe?.unacknowledged_updates ?? []) {
      this.update(ex, update.status ?? {}, { resent: true });
    }
    if (afterRestart) this.#dropUnlisted(ex, call.subscribe?.unacknowledged_tasks ?? []);
    for (const task of ex.queued.splice(0)) ex.send({ type: executor.Event_Type.LAUNCH, launch: { task } });
  }

  /** An UPDATE already validated and answered 202. */
  update(ex: HttpExecutor, status: v1.TaskStatus, options: { resent?: boolean } = {}): void {
    const host = this.#host;
    if (status.agent_id !== undefined && status.agent_id.value !== host.id) {
      log("warn", `agent ${host.id}`, `Slave ID mismatch: dropping update for task ${status.task_id?.value}`);
      return;
    }
    const taskId = status.task_id?.value ?? "";
    const task = host.tasks.get(`${ex.frameworkId}/${taskId}`);
    const stamped: v1.TaskStatus = {
      ...status,
      agent_id: { value: host.id },
      timestamp: status.timestamp ?? Date.now() / 1000,
    };
    if (!task || task.executorId !== ex.executorId) {
      // Unknown task, or its terminal update was already acknowledged: forwarded without
      // container_status, and never ACKNOWLEDGED (observed).
      host.statusUpdates.update(ex.frameworkId, stamped);
      return;
    }
    const uuidText = Buffer.from(status.uuid ?? []).toString("hex");
    let received = this.#received.get(task);
    if (!received) {
      received = new Set();
      this.#received.set(task, received);
    }
    const acknowledged = () =>
      ex.send({
        type: executor.Event_Type.ACKNOWLEDGED,
        acknowledged: { task_id: status.task_id, uuid: Buffer.from(status.uuid ?? []) },
      });
    if (received.has(uuidText)) {
      // The SUM ignores a duplicate but still acknowledges it; a reused uuid on a new UPDATE
      // changes the agent's own task state anyway (observed, p2b): a terminal one then makes
      // every later update "already terminated", and the scheduler never hears of the end.
      if (!options.resent && status.state !== undefined && !task.exit) {
        task.state = status.state;
        if (isTerminalTaskState(status.state))
          task.exit = { state: status.state, message: status.message ?? "" };
      }
      acknowledged();
      return;
    }
    if (task.exit) {
      log("warn", `agent ${host.id}`, `Failed to update state of task ${taskId}: already terminated`);
      return;
    }
    received.add(uuidText);
    // Bounded: a long-lived task's oldest uuids are forgotten (a duplicate that old is not re-sent).
    if (received.size > MAX_UUIDS_PER_TASK) received.delete(received.values().next().value as string);
    host.recordStatus(task, {
      ...stamped,
      container_status: {
        container_id: { value: ex.containerId },
        network_infos: [
          { ip_addresses: [{ protocol: v1.NetworkInfo_Protocol.IPv4, ip_address: "127.0.0.1" }] },
        ],
        ...(ex.pid !== undefined ? { executor_pid: ex.pid } : {}),
      },
    });
    // ACKNOWLEDGED = received and checkpointed, not acknowledged by the scheduler (observed).
    acknowledged();
  }

  executorMessage(ex: HttpExecutor, data: Buffer): void {
    this.#host.executorMessage(ex.frameworkId, ex.executorId, data);
  }

  /**
   * A MESSAGE naming the executor of a live command task: a real agent runs `mesos-executor`
   * for it, a subscribed executor, so the message goes to the scheduler (`Http::executor` in
   * `src/slave/http.cpp` does not check which connection a call came on). False when no such
   * task is live.
   */
  commandExecutorMessage(frameworkId: string, executorId: string, data: Buffer): boolean {
    for (const t of this.#host.tasks.values()) {
      if (t.frameworkId !== frameworkId || t.executorId !== executorId || t.info.executor) continue;
      if (isTerminalTaskState(t.state)) continue;
      this.#host.executorMessage(frameworkId, executorId, data);
      return true;
    }
    return false;
  }

  /** Forgets the per-task uuid set of a task the agent dropped. */
  forgetTask(task: AgentTask): void {
    this.#received.delete(task);
  }

  // ---------------------------------------------------------------- agent restart

  /** The agent process dies: streams cut, nothing forwarded; executors keep running. */
  agentDown(): void {
    this.phase = "down";
    for (const ex of this.#executors.values()) {
      ex.detach();
      ex.recovered = true;
    }
  }

  /**
   * The restarted agent recovers only checkpointing frameworks: the others' executors and tasks
   * are forgotten (their processes keep running). Returns the forgotten tasks.
   */
  forgetUncheckpointed(): AgentTask[] {
    const forgotten: AgentTask[] = [];
    const keep = (fw: string) => this.#host.frameworkInfo(fw)?.checkpoint === true;
    for (const [k, ex] of this.#executors) {
      if (keep(ex.frameworkId)) continue;
      this.#executors.delete(k);
      ex.frameworkRemoved = true;
      this.#orphans.add(ex);
    }
    for (const [k, task] of this.#host.tasks) {
      if (keep(task.frameworkId)) continue;
      this.#host.tasks.delete(k);
      this.#received.delete(task);
      this.#host.statusUpdates.forgetFramework(task.frameworkId);
      forgotten.push(task);
    }
    return forgotten;
  }

  /**
   * `Finished recovery`: executors that did not re-subscribe are destroyed, and what ended while
   * the agent was away is reported now (FAILURE, TASK_FAILED).
   */
  finishRecovery(): void {
    this.phase = "up";
    const within = durationText(msToNanos(this.#flags.reregistrationTimeoutMs));
    for (const ex of this.#executors.values()) {
      if (!ex.recovered || ex.state === "terminated") continue;
      ex.pendingTermination = {
        reason: v1.TaskStatus_Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT,
        message: `Executor did not reregister within ${within}`,
      };
      ex.destroy();
    }
    for (const { ex, waitStatus } of this.#deferredExits.splice(0)) this.#report(ex, waitStatus);
  }

  /** STAGING tasks the executor did not list were launched while the agent restarted (`Slave::subscribe`). */
  #dropUnlisted(ex: HttpExecutor, listed: readonly v1.TaskInfo[]): void {
    const ids = new Set(listed.map((t) => t.task_id?.value));
    const partitionAware = (this.#host.frameworkInfo(ex.frameworkId)?.capabilities ?? []).some(
      (c) => c.type === v1.FrameworkInfo_Capability_Type.PARTITION_AWARE,
    );
    for (const task of this.#host.tasks.values()) {
      if (task.frameworkId !== ex.frameworkId || task.executorId !== ex.executorId) continue;
      if (task.state !== v1.TaskState.TASK_STAGING || ids.has(task.info.task_id?.value)) continue;
      this.#agentStatus(task, partitionAware ? v1.TaskState.TASK_DROPPED : v1.TaskState.TASK_LOST, {
        reason: v1.TaskStatus_Reason.REASON_AGENT_RESTARTED,
        message: "Task launched during agent restart",
      });
    }
  }

  close(): void {
    this.#closed = true;
    for (const ex of this.#orphans) ex.close();
    this.#orphans.clear();
    for (const ex of this.#executors.values()) ex.close();
    this.#executors.clear();
    this.#received.clear();
  }

  // ---------------------------------------------------------------- internals

  #start(frameworkId: string, given: v1.ExecutorInfo): HttpExecutor {
    const host = this.#host;
    const info: v1.ExecutorInfo = { ...given, framework_id: { value: frameworkId } };
    const executorId = info.executor_id?.value ?? "";
    const containerId = host.uuid();
    const runs = join(
      host.workDir,
      "slaves",
      host.id,
      "frameworks",
      frameworkId,
      "executors",
      executorId,
      "runs",
    );
    const sandbox = join(runs, containerId);
    mkdirSync(sandbox, { recursive: true, mode: 0o750 });
    linkLatestRun(runs, containerId);
    const graceNanos = info.shutdown_grace_period?.nanoseconds ?? DEFAULT_SHUTDOWN_GRACE_NANOS;
    const checkpoint = host.frameworkInfo(frameworkId)?.checkpoint === true;
    const ex = new HttpExecutor({
      frameworkId,
      info,
      containerId,
      sandbox,
      shutdownGraceMs: Number(graceNanos / 1_000_000n),
      heartbeatIntervalMs: this.#flags.heartbeatIntervalMs,
      env: executorEnvironment({
        agentId: host.id,
        agentPort: host.port,
        frameworkId,
        executor: info,
        sandbox,
        checkpoint,
        shutdownGraceNanos: graceNanos,
        flags: this.#flags,
      }),
      onExit: (exited, waitStatus) => this.#exited(exited, waitStatus),
    });
    const timeout = this.#flags.registrationTimeoutMs;
    ex.armRegistrationTimeout(
      timeout,
      `Executor did not register within ${durationText(msToNanos(timeout))}`,
      v1.TaskStatus_Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT,
    );
    this.#executors.set(key(frameworkId, executorId), ex);
    return ex;
  }

  /** `Slave::executorTerminated`: FAILURE, then TASK_FAILED for every live task (not after teardown). */
  #exited(ex: HttpExecutor, waitStatus: number): void {
    if (this.#executors.get(key(ex.frameworkId, ex.executorId)) === ex) {
      this.#executors.delete(key(ex.frameworkId, ex.executorId));
    }
    this.exits.push({ frameworkId: ex.frameworkId, executorId: ex.executorId, waitStatus, at: Date.now() });
    if (this.exits.length > 64) this.exits.shift();
    this.#orphans.delete(ex);
    if (this.#closed || ex.frameworkRemoved) return;
    if (this.phase !== "up") {
      this.#deferredExits.push({ ex, waitStatus });
      return;
    }
    this.#report(ex, waitStatus);
  }

  #report(ex: HttpExecutor, waitStatus: number): void {
    this.#host.executorExited(ex.frameworkId, ex.executorId, waitStatus);
    for (const task of this.#host.tasks.values()) {
      if (task.frameworkId !== ex.frameworkId || task.executorId !== ex.executorId || task.exit) continue;
      this.#agentStatus(task, v1.TaskState.TASK_FAILED, {
        reason: ex.pendingTermination?.reason ?? v1.TaskStatus_Reason.REASON_EXECUTOR_TERMINATED,
        message: ex.pendingTermination?.message ?? "Executor terminated",
      });
    }
  }

  /** An update the agent makes itself: SOURCE_AGENT, with uuid and executor_id, no container_status. */
  #agentStatus(
    task: AgentTask,
    state: v1.TaskState,
    detail: { reason: v1.TaskStatus_Reason; message: string },
  ): void {
    this.#host.recordStatus(task, {
      task_id: task.info.task_id,
      state,
      message: detail.message,
      source: v1.TaskStatus_Source.SOURCE_AGENT,
      reason: detail.reason,
      agent_id: { value: this.#host.id },
      executor_id: { value: task.executorId },
      timestamp: Date.now() / 1000,
      uuid: this.#host.uuidBytes(),
    });
  }

  /** LAUNCH.task: the full TaskInfo with the executor as launched and the agent id. */
  #taskForExecutor(info: v1.TaskInfo, ex: HttpExecutor): v1.TaskInfo {
    return { ...info, executor: ex.info, agent_id: { value: this.#host.id } };
  }
}
