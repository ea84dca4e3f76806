import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ContainerServer, containerRuntimeProblem } from "./container-server.js";
import { ZooKeeperNotFoundError } from "./errors.js";
import { freePort } from "./free-port.js";
import { findJavaInstall } from "./java-install.js";
import { JavaServerProcess, trackDataDir } from "./java-server.js";
import type { ServerSettings } from "./server-config.js";

export interface StartZooKeeperOptions {
  /** ZooKeeper tick in ms (default 500): sessions may then be 1-10 s (2-20 ticks). */
  readonly tickTime?: number;
  /** Default 2 x tickTime. */
  readonly minSessionTimeout?: number;
  /** Default 20 x tickTime. */
  readonly maxSessionTimeout?: number;
  /** How long to wait for `imok` (default 30 s). */
  readonly startTimeout?: number;
  /** `"auto"` (default): ZOOKEEPER_HOME, Debian's jar, then a container. */
  readonly source?: "auto" | "java" | "container";
  /** Overrides `$ZOOKEEPER_HOME`. */
  readonly zookeeperHome?: string;
}

/** A private ZooKeeper server on 127.0.0.1. */
export interface ZooKeeperServer {
  /** `127.0.0.1:PORT`, for a ZooKeeper client or a `zk://` URL. */
  readonly connectString: string;
  readonly port: number;
  /** The data directory (for a container: the path inside it). */
  readonly dataDir: string;
  /** `"zookeeper-home"`, `"debian"` or `"container"`. */
  readonly kind: "zookeeper-home" | "debian" | "container";
  /** Clean shutdown, then removes the data directory. Idempotent. */
  stop(): Promise<void>;
  /** Abrupt stop (SIGKILL), like a crash; data kept for `restart()`. */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same port with the same data. */
  restart(): Promise<void>;
}

/** Starts a real ZooKeeper on a free loopback port; resolves once it answers `ruok` with `imok`. */
export async function startZooKeeper(options: StartZooKeeperOptions = {}): Promise<ZooKeeperServer> {
  const tickTime = options.tickTime ?? 500;
  const startTimeout = options.startTimeout ?? 30_000;
  const source = options.source ?? "auto";
  const port = await freePort();
  const base = {
    port,
    clientPortAddress: "127.0.0.1",
    tickTime,
    minSessionTimeout: options.minSessionTimeout ?? 2 * tickTime,
    maxSessionTimeout: options.maxSessionTimeout ?? 20 * tickTime,
  };
  const install = source === "container" ? undefined : findJavaInstall(options.zookeeperHome);
  if (install) {
    const dataDir = mkdtempSync(join(tmpdir(), "mesos-ts-zk-"));
    const settings: ServerSettings = { ...base, dataDir };
    trackDataDir(dataDir, true);
    const proc = new JavaServerProcess(install, settings, startTimeout);
    let stopped = false;
    try {
      await proc.start();
    } catch (e) {
      await proc.exited();
      rmSync(dataDir, { recursive: true, force: true });
      trackDataDir(dataDir, false);
      throw e;
    }
    return {
      connectString: `127.0.0.1:${port}`,
      port,
      dataDir,
      kind: install.kind,
      async stop() {
        if (stopped) return;
        stopped = true;
        await proc.stop();
        rmSync(dataDir, { recursive: true, force: true });
        trackDataDir(dataDir, false);
      },
      async kill() {
        proc.kill();
        await proc.exited();
      },
      async restart() {
        await proc.stop();
        await proc.start();
      },
    };
  }
  if (source === "java") {
    throw new ZooKeeperNotFoundError(
      "no local ZooKeeper: set ZOOKEEPER_HOME or install Debian's zookeeper package",
    );
  }
  const problem = await containerRuntimeProblem();
  if (problem !== undefined) {
    throw new ZooKeeperNotFoundError(
      `no ZooKeeper to start: no local install and no container engine (${problem}); ` +
        "run `apt-get install -y zookeeper`, set ZOOKEEPER_HOME, or start Docker",
    );
  }
  const container = new ContainerServer({ ...base, dataDir: "/tmp/zookeeper" }, startTimeout);
  await container.start();
  let stopped = false;
  return {
    connectString: `127.0.0.1:${port}`,
    port,
    dataDir: "/tmp/zookeeper",
    kind: "container",
    async stop() {
      if (stopped) return;
      stopped = true;
      await container.stop();
    },
    kill: () => container.kill(),
    restart: () => container.restart(),
  };
}
