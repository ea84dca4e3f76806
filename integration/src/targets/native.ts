/**
 * The native target: real `mesos-master` and `mesos-agent` binaries (on PATH or under
 * MESOS_HOME), started by the suite on loopback with a private ZooKeeper, so every row, leader
 * failover included, runs against a Mesos installed from packages or built from source, without
 * Docker. Definitions in native-spec.ts. Each process logs to a file under the cluster's root,
 * whose tail is shown when it does not become ready.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createDetector } from "@mesos-ts/discovery";
import { master } from "@mesos-ts/proto";
import { freePort, startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import type { Cluster, ClusterRequest, TargetHandle } from "../cluster/cluster.js";
import { OperatorClient } from "../operator/operator-client.js";
import type { FeatureSupport } from "./features.js";
import {
  agentArgs,
  findMesosBinaries,
  type MesosBinaries,
  masterArgs,
  type NativeLayout,
  parseVersion,
  zkUrl,
} from "./native-spec.js";

export const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Why the native target cannot run here, or `undefined` when the binaries are found. */
export function nativeProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const found = findMesosBinaries(env, isExecutable);
  return typeof found === "string" ? found : undefined;
}

export async function nativeTarget(env: Readonly<Record<string, string | undefined>>): Promise<TargetHandle> {
  const binaries = findMesosBinaries(env, isExecutable);
  if (typeof binaries === "string") throw new Error(`native target: ${binaries}`);
  const { stdout } = await promisify(execFile)(binaries.master, ["--version"], { timeout: 20_000 });
  const version = parseVersion(stdout) ?? "unknown";
  let zk: Promise<ZooKeeperServer> | undefined;
  let clusters = 0;
  let open = 0;
  const features: FeatureSupport = {
    launch: true,
    "docker-task": "the agent runs with --containerizers=mesos (no Docker containerizer)",
    "master-failover": true,
    // The agent runs on this machine: the example executor's Node.js and files are here.
    "custom-executor": true,
  };
  return {
    kind: "native",
    mesosVersion: version,
    features,
    notes: [
      `binaries: ${binaries.master}, ${binaries.agent} (mesos ${version})`,
      "ZooKeeper: a private real server; masters and agent on 127.0.0.1 with work dirs of their own",
    ],
    async start(request: ClusterRequest): Promise<Cluster> {
      zk ??= startZooKeeper();
      const server = await zk;
      open++;
      const cluster = await NativeCluster.start(binaries, request, server.connectString, ++clusters, version);
      return {
        ...cluster.view(),
        async stop() {
          await cluster.stop();
          if (--open === 0 && zk) {
            const z = await zk.catch(() => undefined);
            zk = undefined;
            await z?.stop();
          }
        },
      };
    },
  };
}

/** One cluster's processes. */
class NativeCluster {
  readonly #masters = new Map<string, ChildProcess>();
  #agent: ChildProcess | undefined;
  readonly #logs: string[] = [];

  private constructor(
    readonly layout: NativeLayout,
    readonly version: string,
  ) {}

  static async start(
    binaries: MesosBinaries,
    request: ClusterRequest,
    zookeeper: string,
    n: number,
    version: string,
  ): Promise<NativeCluster> {
    const root = mkdtempSync(join(tmpdir(), "mesos-ts-native-"));
    const masterPorts: number[] = [];
    for (let i = 0; i < request.masters; i++) masterPorts.push(await freePort());
    const layout: NativeLayout = {
      zookeeper,
      zkPath: `/mesos-ts-${process.pid}-${n}`,
      masterPorts,
      agentPort: await freePort(),
      root,
    };
    const cluster = new NativeCluster(layout, version);
    try {
      for (const [i, port] of masterPorts.entries()) {
        cluster.#masters.set(
          `http://127.0.0.1:${port}`,
          cluster.#spawn(binaries.master, masterArgs(layout, i), `master-${i}`),
        );
      }
      for (const url of cluster.#masters.keys())
        await cluster.#until(`${url}/health`, () => health(url), 60_000);
      const detector = createDetector(zkUrl(layout));
      try {
        await detector.leader({ timeout: 60_000 });
      } finally {
        await detector.close();
      }
      mkdirSync(join(root, "agent-runtime"), { recursive: true });
      cluster.#agent = cluster.#spawn(binaries.agent, agentArgs(layout), "agent");
      const first = [...cluster.#masters.keys()][0] as string;
      await cluster.#until("the agent registered", () => agentRegistered(first), 60_000);
      return cluster;
    } catch (e) {
      await cluster.stop();
      throw e;
    }
  }

  view(): Omit<Cluster, "stop"> {
    const urls = [...this.#masters.keys()];
    return {
      target: "native",
      mesosVersion: this.version,
      masterUrl: zkUrl(this.layout),
      masterHttpUrls: urls,
      zookeeper: this.layout.zookeeper,
      killMaster: async (httpUrl: string) => {
        const child = this.#masters.get(httpUrl);
        if (!child) throw new Error(`no native master at ${httpUrl}`);
        await kill(child, "SIGKILL");
      },
    };
  }

  async stop(): Promise<void> {
    const all = [...this.#masters.values(), ...(this.#agent ? [this.#agent] : [])];
    await Promise.all(all.map((c) => kill(c, "SIGTERM")));
    this.#masters.clear();
    this.#agent = undefined;
    rmSync(this.layout.root, { recursive: true, force: true });
  }

  #spawn(binary: string, args: string[], name: string): ChildProcess {
    const log = join(this.layout.root, `${name}.log`);
    this.#logs.push(log);
    const fd = openSync(log, "a");
    try {
      return spawn(binary, args, { stdio: ["ignore", fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  /** Polls `probe` until true; on timeout the error carries the tail of every process log. */
  async #until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe().catch(() => false))) {
      if (Date.now() > deadline) {
        const tails = this.#logs.map((l) => `${l}: ${tail(l)}`).join("\n");
        throw new Error(`native cluster: not ready after ${timeoutMs} ms: ${what}\n${tails}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function health(url: string): Promise<boolean> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
  await res.body?.cancel();
  return res.status === 200;
}

async function agentRegistered(url: string): Promise<boolean> {
  const answer = await new OperatorClient(url, "json").get(
    master.Call_Type.GET_AGENTS,
    AbortSignal.timeout(5000),
  );
  return (answer.get_agents?.agents ?? []).length > 0;
}

/** Signals a process and waits for it to exit (SIGKILL after 10 s). */
function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").slice(-600);
  } catch {
    return "(no log)";
  }
}
