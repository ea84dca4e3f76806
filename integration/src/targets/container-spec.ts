/**
 * The containers target as data: which images, flags, environment, network mode and readiness
 * checks it starts. Pure functions, unit-tested without Docker; `container-apply.ts` turns a
 * spec into a testcontainers GenericContainer.
 */
import { zooCfgText } from "./zoo-cfg.js";

export const ZOOKEEPER_IMAGE = "jplock/zookeeper:3.8.4";
export const MASTER_IMAGE = "mesosphere/mesos-master";
export const AGENT_IMAGE = "mesosphere/mesos-slave";
/** The newest Mesos with public mesosphere/* images. */
export const NEWEST_IMAGE_VERSION = "1.7.1";

/** How the test process knows a container is ready; never the image's own health check. */
export type WaitSpec =
  /** TCP `ruok` answered with `imok` on host:port. */
  | { readonly kind: "zookeeper-ruok"; readonly port: number }
  /** HTTP GET answered 200. `port` is the container port (the host port in host networking). */
  | { readonly kind: "http-200"; readonly port: number; readonly path: string }
  /** A line of the container's log matches. */
  | { readonly kind: "log"; readonly pattern: RegExp };

export interface ContainerSpec {
  /** Role in the cluster, also the container name suffix: `zookeeper`, `master-2`, `agent-1`. */
  readonly role: string;
  readonly image: string;
  /** Arguments after the image's entrypoint (replaces the image's CMD). */
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `host`, or the name of a user-defined bridge network. */
  readonly networkMode: string;
  /** Ports to publish; empty in host networking. */
  readonly exposedPorts: readonly number[];
  /** Network alias on a bridge network (other containers reach it by this name). */
  readonly alias?: string;
  readonly files: readonly { readonly target: string; readonly content: string }[];
  readonly wait: WaitSpec;
  readonly startupTimeoutMs: number;
}

export type Networking =
  /** Every container shares the host's network: masters advertise `ip` and distinct ports. */
  | { readonly mode: "host"; readonly ip: string }
  /** A user-defined bridge network: one master only (addresses inside are not reachable outside). */
  | { readonly mode: "bridge"; readonly network: string };

export interface ClusterLayout {
  /** A Mesos release with public images (e.g. `1.7.1`), or a full image tag. */
  readonly mesosVersion: string;
  readonly masters: number;
  readonly agents: number;
  readonly networking: Networking;
  /** Host ports (host networking); ignored on a bridge, where the standard ports are used. */
  readonly ports: {
    readonly zookeeper: number;
    readonly masters: readonly number[];
    readonly agents: readonly number[];
  };
}

export class BadMesosVersionError extends Error {
  override name = "BadMesosVersionError";
  readonly code = "MESOS_TS_BAD_MESOS_VERSION";
}

/** `MESOS_VERSION` → image tag; errors for versions newer than the public images. */
export function imageTag(mesosVersion: string): string {
  const tag = mesosVersion.trim();
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-[\w.]+)?$/.exec(tag);
  if (!m) throw new BadMesosVersionError(`MESOS_VERSION=${mesosVersion}: expected a release like 1.7.1`);
  if (compareVersions(tag.split("-")[0] ?? tag, NEWEST_IMAGE_VERSION) > 0) {
    throw new BadMesosVersionError(
      `MESOS_VERSION=${tag}: mesosphere/mesos-master images stop at ${NEWEST_IMAGE_VERSION}; use the external target for newer releases`,
    );
  }
  return tag;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The `zk://` URL masters, agents and the suite's clients use. */
export function zkUrl(layout: ClusterLayout): string {
  const n = layout.networking;
  return n.mode === "host" ? `zk://${n.ip}:${layout.ports.zookeeper}/mesos` : "zk://zookeeper:2181/mesos";
}

export function zookeeperSpec(layout: ClusterLayout): ContainerSpec {
  const n = layout.networking;
  const port = n.mode === "host" ? layout.ports.zookeeper : 2181;
  return {
    role: "zookeeper",
    image: ZOOKEEPER_IMAGE,
    command: [],
    env: {},
    networkMode: n.mode === "host" ? "host" : n.network,
    exposedPorts: n.mode === "host" ? [] : [2181],
    ...(n.mode === "bridge" ? { alias: "zookeeper" } : {}),
    // The image reads /opt/zookeeper/conf/zoo.cfg; ours picks the port (host networking shares
    // the host's ports) and turns off the admin server, which would take 8080.
    files: [
      { target: "/opt/zookeeper/conf/zoo.cfg", content: zooCfgText({ port, dataDir: "/tmp/zookeeper" }) },
    ],
    wait: { kind: "zookeeper-ruok", port },
    startupTimeoutMs: 60_000,
  };
}

/**
 * A master. The image's CMD is `--registry=in_memory` and flags on the command line win over
 * MESOS_* variables, so everything that matters is a flag here. Several masters need the
 * replicated log, a quorum and a work dir.
 */
export function masterSpec(layout: ClusterLayout, index: number): ContainerSpec {
  const n = layout.networking;
  if (n.mode === "bridge" && layout.masters > 1) {
    throw new Error("several masters need host networking: they advertise their own address in ZooKeeper");
  }
  const port = n.mode === "host" ? portAt(layout.ports.masters, index, "master") : 5050;
  const host = n.mode === "host" ? n.ip : `master-${index + 1}`;
  const registry =
    layout.masters > 1
      ? [
          "--registry=replicated_log",
          `--quorum=${Math.floor(layout.masters / 2) + 1}`,
          `--work_dir=/var/lib/mesos/master-${index + 1}`,
        ]
      : ["--registry=in_memory", `--work_dir=/var/lib/mesos/master-${index + 1}`];
  return {
    role: `master-${index + 1}`,
    image: `${MASTER_IMAGE}:${imageTag(layout.mesosVersion)}`,
    command: [
      `--zk=${zkUrl(layout)}`,
      ...registry,
      `--port=${port}`,
      ...(n.mode === "host" ? [`--ip=${n.ip}`] : []),
      // Redirects (307) and MasterInfo carry this name: make it an address the suite can reach.
      `--hostname=${host}`,
      "--no-hostname_lookup",
      "--allocation_interval=250ms",
      "--log_dir=/var/log/mesos",
    ],
    env: {},
    networkMode: n.mode === "host" ? "host" : n.network,
    exposedPorts: n.mode === "host" ? [] : [5050],
    ...(n.mode === "bridge" ? { alias: host } : {}),
    files: [],
    wait: { kind: "http-200", port, path: "/health" },
    startupTimeoutMs: 120_000,
  };
}

/** Environment for an unprivileged agent running command tasks (unverified on a Docker host here). */
export const UNPRIVILEGED_AGENT_ENV: Readonly<Record<string, string>> = {
  MESOS_LAUNCHER: "posix",
  MESOS_CONTAINERIZERS: "mesos",
  MESOS_ISOLATION: "posix/cpu,posix/mem",
  MESOS_SYSTEMD_ENABLE_SUPPORT: "false",
  MESOS_SWITCH_USER: "false",
};

export function agentSpec(layout: ClusterLayout, index: number): ContainerSpec {
  const n = layout.networking;
  const port = n.mode === "host" ? portAt(layout.ports.agents, index, "agent") : 5051;
  return {
    role: `agent-${index + 1}`,
    image: `${AGENT_IMAGE}:${imageTag(layout.mesosVersion)}`,
    command: [
      `--master=${zkUrl(layout)}`,
      `--port=${port}`,
      ...(n.mode === "host" ? [`--ip=${n.ip}`, `--hostname=${n.ip}`] : []),
      "--no-hostname_lookup",
      `--work_dir=/var/lib/mesos/agent-${index + 1}`,
      "--resources=cpus:2;mem:1024;disk:1024;ports:[31000-31099]",
    ],
    env: UNPRIVILEGED_AGENT_ENV,
    networkMode: n.mode === "host" ? "host" : n.network,
    exposedPorts: [],
    files: [],
    // "Registered with master master@…; given agent ID …" (slave.cpp).
    wait: { kind: "log", pattern: /Registered with master/ },
    startupTimeoutMs: 120_000,
  };
}

/** Every container of a cluster, in start order (ZooKeeper, masters, agents). */
export function clusterSpecs(layout: ClusterLayout): ContainerSpec[] {
  return [
    zookeeperSpec(layout),
    ...Array.from({ length: layout.masters }, (_, i) => masterSpec(layout, i)),
    ...Array.from({ length: layout.agents }, (_, i) => agentSpec(layout, i)),
  ];
}

function portAt(ports: readonly number[], index: number, what: string): number {
  const port = ports[index];
  if (port === undefined) throw new Error(`no host port given for ${what} ${index + 1}`);
  return port;
}
