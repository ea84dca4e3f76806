/**
 * The native target's definitions, pure so they are unit-tested without Mesos installed: where
 * the `mesos-master`/`mesos-agent` binaries are, and the command lines of a loopback cluster:
 * three masters with `--quorum=2 --registry=replicated_log` (one master:
 * `--registry=in_memory`), one agent with `--launcher=posix --isolation=posix/cpu,posix/mem
 * --containerizers=mesos --no-systemd_enable_support`, each with work (and runtime) directories
 * of its own under one root.
 */
import { delimiter, join } from "node:path";

export interface MesosBinaries {
  readonly master: string;
  readonly agent: string;
}

/** Where binaries are looked for, in order: `MESOS_HOME`'s install or build folders, then `PATH`. */
export function searchDirs(env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.MESOS_HOME?.trim();
  const fromHome = home
    ? ["sbin", "bin", join("build", "bin"), join("build", "src")].map((d) => join(home, d))
    : [];
  const fromPath = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  return [...fromHome, ...fromPath];
}

/**
 * The first `mesos-master` and `mesos-agent` found (`isExecutable` tells), or why there are none.
 * Both are taken from the same folder when it holds both (an install or a build keeps them together).
 */
export function findMesosBinaries(
  env: Readonly<Record<string, string | undefined>>,
  isExecutable: (path: string) => boolean,
): MesosBinaries | string {
  const dirs = searchDirs(env);
  for (const dir of dirs) {
    const master = join(dir, "mesos-master");
    const agent = join(dir, "mesos-agent");
    if (isExecutable(master) && isExecutable(agent)) return { master, agent };
  }
  const master = dirs.map((d) => join(d, "mesos-master")).find(isExecutable);
  const agent = dirs.map((d) => join(d, "mesos-agent")).find(isExecutable);
  if (master && agent) return { master, agent };
  const missing = [master ? undefined : "mesos-master", agent ? undefined : "mesos-agent"].filter(Boolean);
  return `no ${missing.join(" or ")} on PATH${env.MESOS_HOME?.trim() ? " or under MESOS_HOME" : " (MESOS_HOME not set)"}`;
}

export interface NativeLayout {
  /** `host:port` of ZooKeeper. */
  readonly zookeeper: string;
  /** znode path of this cluster (`/mesos-ts-…`). */
  readonly zkPath: string;
  readonly masterPorts: readonly number[];
  readonly agentPort: number;
  /** Root of every work and runtime directory. */
  readonly root: string;
}

export function zkUrl(layout: NativeLayout): string {
  return `zk://${layout.zookeeper}${layout.zkPath}`;
}

/** `mesos-master` flags of master `index`. */
export function masterArgs(layout: NativeLayout, index: number): string[] {
  const port = layout.masterPorts[index];
  if (port === undefined) throw new RangeError(`no master ${index}`);
  const quorum = Math.floor(layout.masterPorts.length / 2) + 1;
  const registry =
    layout.masterPorts.length > 1
      ? ["--registry=replicated_log", `--quorum=${quorum}`]
      : ["--registry=in_memory"];
  return [
    "--ip=127.0.0.1",
    "--hostname=127.0.0.1",
    `--port=${port}`,
    `--zk=${zkUrl(layout)}`,
    ...registry,
    `--work_dir=${join(layout.root, `master-${index}`)}`,
    "--cluster=mesos-ts-native",
  ];
}

/** `mesos-agent` flags. */
export function agentArgs(layout: NativeLayout): string[] {
  return [
    "--ip=127.0.0.1",
    "--hostname=127.0.0.1",
    `--port=${layout.agentPort}`,
    `--master=${zkUrl(layout)}`,
    `--work_dir=${join(layout.root, "agent")}`,
    `--runtime_dir=${join(layout.root, "agent-runtime")}`,
    "--launcher=posix",
    "--isolation=posix/cpu,posix/mem",
    "--containerizers=mesos",
    "--no-systemd_enable_support",
    "--no-switch_user",
  ];
}

/** `mesos 1.12.0` (what `mesos-master --version` prints) → `1.12.0`. */
export function parseVersion(output: string): string | undefined {
  return /mesos\s+(\d+\.\d+\.\d+\S*)/i.exec(output)?.[1];
}
