// The cluster behind the stand-in executables: masters and agents join it one by one, as the
// `mesos-master` and `mesos-agent` stand-ins start, and a master leaves it as its stand-in dies
// (a crash: its ZooKeeper session expires). The simulated masters share their state, so one
// process (standin-host.ts) holds them all.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimAgent } from "../agent/agent.js";
import { agentResources } from "../agent/agent-options.js";
import { AgentServer } from "../agent/agent-server.js";
import { DEFAULT_EXECUTOR_FLAGS } from "../agent/executor-api/executor-manager.js";
import type { ContainerSessions } from "../agent/operator-api/index.js";
import { ProcessRunner } from "../agent/process-runner.js";
import { ScriptedRunner } from "../agent/scripted-runner.js";
import { SeededIds } from "../ids.js";
import { DEFAULT_REREGISTRATION_DELAY } from "../master/agent-registrations.js";
import { MasterCore } from "../master/core.js";
import { agentLink } from "../master/executor-link.js";
import { SimMaster } from "../master/master.js";
import { ZooKeeperElection } from "../master/zookeeper-election.js";
import { Recorder } from "../recorder.js";
import { serveAgent } from "../serve-agent.js";
import { zookeeperUrl } from "../zookeeper-url.js";

export class StandinCluster {
  readonly #ids = new SeededIds(Date.now() >>> 0);
  readonly #recorder = new Recorder();
  readonly #core: MasterCore;
  readonly #masters: SimMaster[] = [];
  readonly #election: ZooKeeperElection;
  readonly #sessionTimeoutMs: number;
  readonly #agents: Array<{ agent: SimAgent; server: AgentServer; sessions: ContainerSessions }> = [];
  readonly #runner = new ProcessRunner();
  readonly #scripted = new ScriptedRunner(undefined);
  readonly #workDir = mkdtempSync(join(tmpdir(), "mesos-ts-standin-"));

  constructor(zk: string, sessionTimeoutMs: number) {
    this.#sessionTimeoutMs = sessionTimeoutMs;
    this.#core = new MasterCore({
      ids: this.#ids,
      recorder: this.#recorder,
      heartbeatIntervalMs: 15_000,
      allocationIntervalMs: 1000,
      offerTimeoutMs: undefined,
      reregistrationDelay: DEFAULT_REREGISTRATION_DELAY,
      operationRetryMs: 10_000,
      maxOperationRetryMs: 600_000,
    });
    this.#election = new ZooKeeperElection(zookeeperUrl(zk), this.#masters, sessionTimeoutMs);
  }

  /** A master on `port` joins and contends; returns its index. */
  async addMaster(port: number, hostname: string): Promise<number> {
    const index = this.#masters.length;
    const m = new SimMaster({
      index,
      core: this.#core,
      recorder: this.#recorder,
      hostname,
      port,
      recoveryMs: 50,
      initialRecoveryMs: 0,
    });
    await m.listen(this.#ids.uuid());
    this.#masters.push(m);
    await this.#election.contend(index);
    return index;
  }

  /** Master `index` crashed: its connections are cut, its ZooKeeper session left to expire. */
  async crashMaster(index: number): Promise<void> {
    const m = this.#masters[index];
    if (!m || m.status === "stopped") return;
    await m.stop();
    this.#election.expire(index, this.#sessionTimeoutMs);
  }

  /** An agent on `port` registers once a master leads. */
  async addAgent(port: number, hostname: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    while (!this.#core.leader) {
      if (Date.now() > deadline) throw new Error("no master leads: the agent cannot register");
      await new Promise((r) => setTimeout(r, 100));
    }
    const id = `${this.#core.leader.info.id ?? ""}-S${this.#agents.length}`;
    const server = new AgentServer(this.#workDir, id);
    await server.listen(port);
    const agent = new SimAgent({
      id,
      hostname,
      port,
      resources: agentResources({}),
      attributes: [],
      workDir: this.#workDir,
      ids: this.#ids,
      runner: this.#runner,
      simulatedRunner: this.#scripted,
      retryIntervalMs: 10_000,
      maxRetryIntervalMs: 600_000,
      link: agentLink(this.#core),
      customExecutors: DEFAULT_EXECUTOR_FLAGS, // a real agent runs custom executors
    });
    const sessions = serveAgent(server, agent, this.#core);
    this.#agents.push({ agent, server, sessions });
    this.#core.addAgent(agent);
    return agent.id;
  }

  async close(): Promise<void> {
    this.#core.close();
    await this.#election.close();
    await Promise.all(this.#masters.map((m) => m.stop()));
    for (const { agent, server, sessions } of this.#agents) {
      sessions.close();
      agent.close();
      await server.close();
    }
    this.#runner.close();
    this.#scripted.close();
    rmSync(this.#workDir, { recursive: true, force: true });
  }
}
