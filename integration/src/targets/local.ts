/**
 * The local target: a real ZooKeeper process (Debian's package, via @mesos-ts/zookeeper-server)
 * and @mesos-ts/testkit's simulated masters and agents, which really run command tasks.
 * One ZooKeeper serves the whole run; each cluster gets its own znode path and runs in a child
 * process of its own (local-host.ts), like a real cluster would run apart from its frameworks.
 */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { MESOS_VERSION } from "@mesos-ts/testkit";
import { startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import type { Cluster, ClusterRequest, TargetHandle } from "../cluster/cluster.js";
import type { FeatureSupport } from "./features.js";
import type { HostReply, HostRequest } from "./local-host.js";

/** The Mesos release whose behaviour the testkit reproduces (its MasterInfo.version). */
export const SIMULATED_VERSION = MESOS_VERSION;

export const NO_SIMULATED_DOCKER =
  "the testkit's simulated agents have no Docker containerizer (DOCKER tasks would only be scripted, not run)";

const HOST = join(import.meta.dirname, "..", "..", "src", "targets", "local-host.ts");
const DEV_TSCONFIG = join(import.meta.dirname, "..", "..", "..", "tsconfig.dev.json");

export async function localTarget(env: Readonly<Record<string, string | undefined>>): Promise<TargetHandle> {
  let zk: Promise<ZooKeeperServer> | undefined;
  const given = env.ZK_CONNECT?.trim();
  const zookeeper = async (): Promise<string> => {
    if (given) return given;
    zk ??= startZooKeeper();
    return (await zk).connectString;
  };
  let clusters = 0;
  let open = 0;
  const features: FeatureSupport = {
    launch: true,
    "docker-task": NO_SIMULATED_DOCKER,
    "master-failover": true,
    "custom-executor": true,
  };
  return {
    kind: "local",
    mesosVersion: `sim-${SIMULATED_VERSION}`,
    features,
    notes: [
      given
        ? `ZooKeeper: ZK_CONNECT=${given}`
        : "ZooKeeper: a private real server (Debian's zookeeper package, ZOOKEEPER_HOME, or a container)",
      `masters/agents: @mesos-ts/testkit simulating Mesos ${SIMULATED_VERSION} in a child process; command tasks run as real processes`,
    ],
    async start(request: ClusterRequest): Promise<Cluster> {
      const connect = await zookeeper();
      const zkUrl = `zk://${connect}/mesos-ts-${process.pid}-${++clusters}`;
      const host = new HostProcess();
      let masterUrls: readonly string[];
      try {
        masterUrls =
          (await host.ask({ op: "start", masters: request.masters, zookeeper: zkUrl }, 60_000)).masterUrls ??
          [];
      } catch (e) {
        host.kill();
        throw e;
      }
      open++;
      let stopped = false;
      return {
        target: "local",
        mesosVersion: `sim-${SIMULATED_VERSION}`,
        masterUrl: zkUrl,
        masterHttpUrls: masterUrls,
        zookeeper: connect,
        wire: {
          mark: async () =>
            (await host.ask({ op: "wire", since: Number.MAX_SAFE_INTEGER }, 10_000)).mark ?? 0,
          since: async (since) => {
            const w = (await host.ask({ op: "wire", since }, 10_000)).wire;
            if (!w) throw new Error("local cluster host sent no wire log");
            return w;
          },
        },
        async killMaster(httpUrl: string) {
          const index = masterUrls.indexOf(httpUrl);
          if (index < 0) throw new Error(`no simulated master at ${httpUrl}`);
          await host.ask({ op: "crash", index }, 20_000);
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          await host.ask({ op: "close" }, 20_000).catch(() => host.kill());
          if (--open === 0 && zk) {
            const server = await zk.catch(() => undefined);
            zk = undefined;
            await server?.stop();
          }
        },
      };
    },
  };
}

/** The child hosting one cluster; one request at a time. */
class HostProcess {
  readonly #child: ChildProcess;
  #stderr = "";

  constructor() {
    this.#child = fork(HOST, [], {
      execArgv: ["--import", "tsx"],
      // Recorded calls are ts-proto messages: int64 as bigint, bytes as Uint8Array.
      serialization: "advanced",
      env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? DEV_TSCONFIG },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.#child.stderr?.on("data", (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-2000);
    });
  }

  #queue: Promise<unknown> = Promise.resolve();

  /** Replies carry no request id, so requests are sent one after another, never overlapping. */
  ask(req: HostRequest, timeoutMs: number): Promise<Extract<HostReply, { ok: true }>> {
    const next = this.#queue.then(
      () => this.#ask(req, timeoutMs),
      () => this.#ask(req, timeoutMs),
    );
    this.#queue = next.catch(() => {});
    return next;
  }

  #ask(req: HostRequest, timeoutMs: number): Promise<Extract<HostReply, { ok: true }>> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#child.off("message", onMessage);
        this.#child.off("exit", onExit);
      };
      const onMessage = (reply: HostReply) => {
        done();
        if (reply.ok) resolve(reply);
        else reject(new Error(`local cluster: ${reply.error}`));
      };
      const onExit = (code: number | null) => {
        done();
        reject(
          new Error(`local cluster host exited (${code}) during ${req.op}: ${this.#stderr.slice(-500)}`),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`local cluster host: no answer to ${req.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#child.on("message", onMessage);
      this.#child.on("exit", onExit);
      this.#child.send(req);
    });
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }
}
