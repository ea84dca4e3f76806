import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ZooKeeperMasterUrl } from "@mesos-ts/discovery";
import type { scheduler } from "@mesos-ts/proto";
import { startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import { SimAgent } from "./agent/agent.js";
import { type AgentOptions, agentAttributes, agentResources } from "./agent/agent-options.js";
import { AgentServer } from "./agent/agent-server.js";
import { type AgentRestartOptions, restartAgent } from "./agent/executor-api/agent-restart.js";
import { DEFAULT_EXECUTOR_FLAGS } from "./agent/executor-api/executor-manager.js";
import type { ContainerSessions } from "./agent/operator-api/index.js";
import { ProcessRunner } from "./agent/process-runner.js";
import { ScriptedRunner } from "./agent/scripted-runner.js";
import type { TaskRunner, TaskScriptFn } from "./agent/task-runner.js";
import { ClusterClosedError, InvalidOptionsError, NotFoundError, WaitTimeoutError } from "./errors.js";
import { Faults } from "./faults.js";
import { SeededIds } from "./ids.js";
import { DEFAULT_REREGISTRATION_DELAY, type ReregistrationDelay } from "./master/agent-registrations.js";
import { MasterCore } from "./master/core.js";
import { agentLink, agentRestartLink } from "./master/executor-link.js";
import { SimMaster } from "./master/master.js";
import type { FrameworkRecord, TaskRecord } from "./master/registry.js";
import { ZooKeeperElection } from "./master/zookeeper-election.js";
import { type RecordedEvent, type RecordedRequest, Recorder, type WaitOptions } from "./recorder.js";
import { serveAgent } from "./serve-agent.js";
import { zookeeperUrl } from "./zookeeper-url.js";

export type { AgentRestartOptions };

export interface ClusterOptions {
  /** Number of masters (default 1). Several need `zookeeper` to elect; without it master 0 leads. */
  readonly masters?: number;
  /** Number of default agents, or one options object per agent (default 1). */
  readonly agents?: number | readonly AgentOptions[];
  /** `"embedded"` starts a private ZooKeeper; a `zk://host:port/path` URL uses an existing one. */
  readonly zookeeper?: "embedded" | string;
  /**
   * ZooKeeper session timeout of each master (default 10000 ms, as Mesos' `--zk_session_timeout`).
   * A crashed master is noticed only when its session expires, this long after the crash.
   */
  readonly zkSessionTimeoutMs?: number;
  /** Port of the first master (others follow: port+1…); default 0 = free ports. */
  readonly port?: number;
  /** Scheduler/operator stream heartbeat (default 15000 ms as Mesos; lower it in tests). */
  readonly heartbeatIntervalMs?: number;
  /** Allocation interval (default 1000 ms as Mesos' `--allocation_interval`). */
  readonly allocationIntervalMs?: number;
  /** `--offer_timeout` (default none: offers never expire). */
  readonly offerTimeoutMs?: number;
  /** First status update retry (default 10000 ms as Mesos), doubling up to `maxStatusUpdateRetryMs`. */
  readonly statusUpdateRetryMs?: number;
  /** Default 600000 ms (Mesos: 10 min). */
  readonly maxStatusUpdateRetryMs?: number;
  /**
   * ms after an election during which the new leader answers 503 "Master has not finished
   * recovery" (default 50 after a leader change, as a 1.12 master took 26-58 ms to recover its
   * registry; the cluster's first leader is ready at once unless this is set).
   */
  readonly recoveryMs?: number;
  /**
   * After a leader change each agent re-registers with the new leader after a delay drawn in
   * `[minMs, maxMs]` (default 200-1000 ms, as measured on 1.12); until then the new leader does
   * not know its tasks. The first leader finds every agent registered.
   */
  readonly agentReregistration?: ReregistrationDelay;
  /** `"process"` (default) really runs command tasks; `"scripted"` follows `script`. */
  readonly taskMode?: "process" | "scripted";
  /**
   * Custom executors (`ExecutorInfo` CUSTOM): `"process"` runs the executor's command as a real
   * process that speaks `/api/v1/executor`; `"scripted"` follows `script` (labelled simulated).
   * Default: `"process"` when `taskMode` is `"process"`.
   */
  readonly customExecutors?: "process" | "scripted";
  /** `--executor_registration_timeout` (default 60000 ms as Mesos). */
  readonly executorRegistrationTimeoutMs?: number;
  /** HEARTBEAT events to subscribed executors (default 1800000 ms: Mesos' fixed 30 min). */
  readonly executorHeartbeatIntervalMs?: number;
  /** Scripted mode (and DOCKER containers in process mode): per-task behaviour. */
  readonly script?: TaskScriptFn;
  /** Seed for every id (default 1). */
  readonly seed?: number;
  /** Where sandboxes live (default a fresh temp dir, removed by close()). */
  readonly workDir?: string;
  /** Advertised hostname of masters and agents (default `127.0.0.1`). */
  readonly hostname?: string;
}

/** A running simulated cluster. */
export interface Cluster {
  readonly masters: readonly SimMaster[];
  readonly agents: readonly SimAgent[];
  /** `http://127.0.0.1:PORT` of every master. */
  readonly masterUrls: readonly string[];
  /** `zk://127.0.0.1:PORT/mesos` or null without ZooKeeper. */
  readonly zk: string | null;
  /** The embedded ZooKeeper server (kill/restart it for faults), if any. */
  readonly zookeeper: ZooKeeperServer | undefined;
  readonly recorder: Recorder;
  readonly faults: Faults;
  readonly workDir: string;
  /** The leading master now, if any. */
  leader(): SimMaster | undefined;
  /** Resolves once a master leads (and finished recovery if `recoveryMs`). */
  waitForLeader(options?: WaitOptions): Promise<SimMaster>;
  /** Frameworks the cluster knows (live ones). */
  frameworks(): FrameworkRecord[];
  framework(id: string): FrameworkRecord;
  /** Live tasks (not yet acknowledged terminal) and completed ones. */
  tasks(): TaskRecord[];
  completedTasks(): TaskRecord[];
  /** The agent running/that ran a task, and its sandbox stdout/stderr. */
  taskOutput(frameworkId: string, taskId: string, file?: "stdout" | "stderr"): string;
  waitForCall(
    predicate: (call: scheduler.Call, request: RecordedRequest) => boolean,
    options?: WaitOptions & { since?: number },
  ): Promise<RecordedRequest>;
  waitForEvent(
    predicate: (event: scheduler.Event, record: RecordedEvent) => boolean,
    options?: WaitOptions & { since?: number },
  ): Promise<RecordedEvent>;
  /**
   * Restarts agent `index` as `--recover=reconnect` does (custom executors in process mode):
   * connections refused for `downMs`, then 503 `Agent has not finished recovery`, then
   * re-SUBSCRIBE allowed while UPDATE/MESSAGE get 503, then pending updates re-sent. Frameworks
   * without checkpointing lose their tasks on this agent at once. Resolves once it is up again.
   */
  restartAgent(index: number, options?: AgentRestartOptions): Promise<void>;
  /**
   * Kills master `index` abruptly: connections cut; its ZooKeeper session expires
   * `zkSessionTimeoutMs` later (or is closed at once with `{ session: "close" }`).
   */
  crashMaster(index: number, options?: CrashOptions): Promise<void>;
  /** Master `index` gives up leadership (withdraws its candidacy, then contends again). */
  stepDown(index: number): Promise<void>;
  /** Starts a crashed master again (new MasterInfo id, same port, contends anew). */
  restartMaster(index: number): Promise<void>;
  close(): Promise<void>;
}

/** A 1.12 master answered 503 "Master has not finished recovery" for 26-58 ms after its election. */
const DEFAULT_RECOVERY_MS = 50;

/** How a crashed master leaves ZooKeeper. */
export interface CrashOptions {
  /**
   * `"expire"` (default): the session is left to expire, so the master's znode (and its
   * leadership, as ZooKeeper tells it) lasts `zkSessionTimeoutMs` after the crash, as with a
   * killed process. `"close"`: the session is closed at once (the znode vanishes now).
   */
  readonly session?: "expire" | "close";
}

/** Starts N masters and M agents on loopback ports. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const masterCount = options.masters ?? 1;
  if (!Number.isInteger(masterCount) || masterCount < 1)
    throw new InvalidOptionsError("masters must be >= 1");
  const ids = new SeededIds(options.seed ?? 1);
  const recorder = new Recorder();
  const hostname = options.hostname ?? "127.0.0.1";
  const sessionTimeoutMs = options.zkSessionTimeoutMs ?? 10_000;
  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "mesos-ts-sim-"));
  const core = new MasterCore({
    ids,
    recorder,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000,
    allocationIntervalMs: options.allocationIntervalMs ?? 1000,
    offerTimeoutMs: options.offerTimeoutMs,
    reregistrationDelay: options.agentReregistration ?? DEFAULT_REREGISTRATION_DELAY,
    operationRetryMs: options.statusUpdateRetryMs ?? 10_000,
    maxOperationRetryMs: options.maxStatusUpdateRetryMs ?? 600_000,
  });
  const masters: SimMaster[] = [];
  const agents: SimAgent[] = [];
  const agentServers: AgentServer[] = [];
  const runners: TaskRunner[] = [];
  const sessions: ContainerSessions[] = [];
  let zkServer: ZooKeeperServer | undefined;
  let zkUrl: string | null = null;
  let zkTarget: ZooKeeperMasterUrl | undefined;
  let election: ZooKeeperElection | undefined;
  let closed = false;

  const cleanup = async () => {
    closed = true;
    core.close();
    await election?.close();
    await Promise.all(masters.map((m) => m.stop()));
    for (const a of agents) a.close();
    for (const r of runners) r.close();
    for (const s of sessions) s.close();
    await Promise.all(agentServers.map((s) => s.close()));
    await zkServer?.stop();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  };

  try {
    if (options.zookeeper === "embedded") {
      zkServer = await startZooKeeper();
      zkUrl = `zk://${zkServer.connectString}/mesos`;
      zkTarget = zookeeperUrl(zkUrl);
    } else if (options.zookeeper !== undefined) {
      zkTarget = zookeeperUrl(options.zookeeper); // a bad URL is refused before anything starts
      zkUrl = options.zookeeper;
    }
    for (let i = 0; i < masterCount; i++) {
      const m = new SimMaster({
        index: i,
        core,
        recorder,
        hostname,
        port: options.port ? options.port + i : 0,
        recoveryMs: options.recoveryMs ?? DEFAULT_RECOVERY_MS,
        initialRecoveryMs: options.recoveryMs ?? 0,
      });
      await m.listen(ids.uuid());
      masters.push(m);
    }
    const leaderId = masters[0]?.info.id ?? "";
    const agentList: readonly AgentOptions[] =
      typeof options.agents === "number" || options.agents === undefined
        ? Array.from({ length: options.agents ?? 1 }, () => ({}))
        : options.agents;
    const simulated = new ScriptedRunner(options.script);
    runners.push(simulated);
    const runner = options.taskMode === "scripted" ? simulated : new ProcessRunner();
    if (runner !== simulated) runners.push(runner);
    const realExecutors = (options.customExecutors ?? options.taskMode ?? "process") === "process";
    const link = agentLink(core);
    for (const [i, agentOptions] of agentList.entries()) {
      const id = `${leaderId}-S${i}`;
      const server = new AgentServer(workDir, id);
      const port = await server.listen();
      agentServers.push(server);
      const agent = new SimAgent({
        id,
        hostname: agentOptions.hostname ?? hostname,
        port,
        resources: agentResources(agentOptions),
        attributes: agentAttributes(agentOptions),
        workDir,
        ids,
        runner,
        simulatedRunner: simulated,
        retryIntervalMs: options.statusUpdateRetryMs ?? 10_000,
        maxRetryIntervalMs: options.maxStatusUpdateRetryMs ?? 600_000,
        link,
        customExecutors: realExecutors
          ? {
              ...DEFAULT_EXECUTOR_FLAGS,
              registrationTimeoutMs:
                options.executorRegistrationTimeoutMs ?? DEFAULT_EXECUTOR_FLAGS.registrationTimeoutMs,
              heartbeatIntervalMs:
                options.executorHeartbeatIntervalMs ?? DEFAULT_EXECUTOR_FLAGS.heartbeatIntervalMs,
            }
          : undefined,
      });
      agents.push(agent);
      sessions.push(serveAgent(server, agent, core));
      core.addAgent(agent);
    }
    if (zkTarget) {
      election = new ZooKeeperElection(zkTarget, masters, sessionTimeoutMs);
      await election.start();
    } else {
      const first = masters[0] as SimMaster;
      first.elect();
      for (const m of masters.slice(1)) m.knownLeader = first.info;
    }
  } catch (e) {
    await cleanup();
    throw e;
  }

  const leader = () => masters.find((m) => m.isLeader);
  const master = (index: number) => {
    const m = masters[index];
    if (!m) throw new NotFoundError(`no master ${index}`);
    return m;
  };
  let closing: Promise<void> | undefined;

  return {
    masters,
    agents,
    get masterUrls() {
      return masters.map((m) => m.url);
    },
    zk: zkUrl,
    zookeeper: zkServer,
    recorder,
    faults: new Faults(core, masters),
    workDir,
    leader,
    async waitForLeader(wait: WaitOptions = {}) {
      const timeout = wait.timeout ?? 15_000;
      const deadline = Date.now() + timeout;
      for (;;) {
        if (closed) throw new ClusterClosedError();
        const l = leader();
        if (l?.isRecovered) return l;
        if (Date.now() > deadline) throw new WaitTimeoutError("a leading master", timeout);
        if (wait.signal?.aborted) throw wait.signal.reason;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    frameworks: () => [...core.registry.frameworks.values()],
    framework(id) {
      const fw = core.registry.frameworks.get(id) ?? core.registry.completedFrameworks.get(id);
      if (!fw) throw new NotFoundError(`no framework ${id}`);
      return fw;
    },
    tasks: () => [...core.registry.tasks.values()],
    completedTasks: () => [...core.registry.completedTasks],
    taskOutput(frameworkId, taskId, file = "stdout") {
      for (const a of agents) {
        if (a.sandboxOf(frameworkId, taskId) !== undefined)
          return a.readSandboxFile(frameworkId, taskId, file);
      }
      throw new NotFoundError(`no task ${taskId} of framework ${frameworkId}`);
    },
    waitForCall: (predicate, o) => recorder.waitForCall(predicate, o),
    waitForEvent: (predicate, o) => recorder.waitForEvent(predicate, o),
    async restartAgent(index, restart) {
      const agent = agents[index];
      const server = agentServers[index];
      if (!agent || !server) throw new NotFoundError(`no agent ${index}`);
      if (!agent.executors) throw new InvalidOptionsError('restartAgent needs customExecutors: "process"');
      await restartAgent(
        agent,
        server,
        agentRestartLink(core),
        { reregistrationMs: DEFAULT_EXECUTOR_FLAGS.reregistrationTimeoutMs },
        restart,
      );
    },
    async crashMaster(index, crash = {}) {
      const m = master(index);
      await m.stop();
      if (crash.session === "close") await election?.withdraw(index);
      else election?.expire(index, sessionTimeoutMs);
      if (!election)
        for (const other of masters) if (other.knownLeader?.id === m.info.id) other.knownLeader = undefined;
    },
    async stepDown(index) {
      const m = master(index);
      if (!election) {
        m.demote();
        for (const other of masters) other.knownLeader = undefined;
        return;
      }
      await election.withdraw(index);
      m.demote();
      await election.contend(index);
    },
    async restartMaster(index) {
      const m = master(index);
      if (m.status !== "stopped") throw new InvalidOptionsError(`master ${index} is running`);
      const fresh = new SimMaster({
        index,
        core,
        recorder,
        hostname,
        port: m.port,
        recoveryMs: options.recoveryMs ?? DEFAULT_RECOVERY_MS,
        initialRecoveryMs: options.recoveryMs ?? 0,
      });
      await fresh.listen(ids.uuid());
      masters[index] = fresh;
      if (election) await election.contend(index);
      else {
        fresh.elect();
        for (const other of masters) if (other !== fresh) other.knownLeader = fresh.info;
      }
    },
    close() {
      closing ??= cleanup();
      return closing;
    },
  };
}
