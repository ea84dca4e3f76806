import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import type { OutputReader } from "./framework.js";

/** The simulated cluster `npm run demo` uses when no --master is given. */
export interface EmbeddedCluster {
  /** Every master's URL; [0] leads. */
  readonly masterUrls: readonly string[];
  readonly leaderUrl: string;
  /** The master the demo subscribes through: a non-leader, so the 307 to the leader is exercised. */
  readonly subscribeUrl: string;
  readonly agents: ReadonlyArray<{ id: string; hostname: string; port: number }>;
  /** Where the agents' sandboxes live; a temp dir made here is removed by close() unless `keep`. */
  readonly workDir: string;
  /** Reads a task's stdout straight from its sandbox. */
  readonly readOutput: OutputReader;
  close(): Promise<void>;
}

export interface EmbeddedClusterOptions {
  /** Sandboxes go here, and stay (default: a fresh `mesos-ts-demo-*` directory in the temp dir). */
  workDir?: string;
  /** Keep the fresh temp dir after close() (default false: removed, also on process.exit). */
  keep?: boolean;
  /** Allocation interval (default 1000 ms, as Mesos). */
  allocationIntervalMs?: number;
}

/**
 * Two masters without ZooKeeper (master 0 leads, master 1 knows it and answers 307) and two
 * agents in process mode: command tasks really run as child processes in their sandboxes;
 * DOCKER containers are simulated by the testkit (reported with a `mesos-ts.simulated` label).
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions = {}): Promise<EmbeddedCluster> {
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "mesos-ts-demo-"));
  // Ours to remove, even when the process exits without close() (a second Ctrl-C).
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  const owned = options.workDir === undefined && !options.keep;
  if (owned) process.once("exit", remove);
  const cleanUp = () => {
    if (!owned) return;
    process.off("exit", remove);
    remove();
  };
  let cluster: Cluster;
  let leader: Awaited<ReturnType<Cluster["waitForLeader"]>>;
  try {
    cluster = await startCluster({
      masters: 2,
      agents: 2,
      taskMode: "process",
      workDir,
      ...(options.allocationIntervalMs !== undefined
        ? { allocationIntervalMs: options.allocationIntervalMs }
        : {}),
    });
  } catch (error) {
    cleanUp();
    throw error;
  }
  try {
    leader = await cluster.waitForLeader({ timeout: 5000 });
  } catch (error) {
    await cluster.close();
    cleanUp();
    throw error;
  }
  const follower = cluster.masters.find((m) => m !== leader) ?? leader;
  const readOutput: OutputReader = async ({ frameworkId, taskId }) => {
    const agent = cluster.agents.find((a) => a.sandboxOf(frameworkId, taskId) !== undefined);
    const sandbox = agent?.sandboxOf(frameworkId, taskId);
    if (agent === undefined || sandbox === undefined) return { error: `no sandbox for ${taskId}` };
    return {
      location: join(sandbox, "stdout"),
      stdout: agent.readSandboxFile(frameworkId, taskId, "stdout"),
    };
  };
  return {
    masterUrls: cluster.masterUrls,
    leaderUrl: leader.url,
    subscribeUrl: follower.url,
    agents: cluster.agents.map((a) => ({ id: a.id, hostname: a.hostname, port: a.port })),
    workDir,
    readOutput,
    close: async () => {
      await cluster.close();
      cleanUp();
    },
  };
}
