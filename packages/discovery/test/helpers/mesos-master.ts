// Writes contenders exactly as a Mesos 1.x master does (`src/master/contender/zookeeper.cpp`,
// `src/zookeeper/group.cpp`).
import { v1 } from "@mesos-ts/proto";
import ZooKeeper from "zookeeper";

export type Zk = InstanceType<typeof ZooKeeper>;
const { ZOO_EPHEMERAL_SEQUENTIAL, ZOO_PERSISTENT } = ZooKeeper.constants;

export interface FakeMasterInfo {
  readonly id: string;
  readonly ip: string;
  readonly port: number;
  readonly hostname: string;
}

export function fakeMaster(n: number): FakeMasterInfo {
  return {
    id: `0d1f6c1e-8a0b-4c51-9a55-${String(n).padStart(12, "0")}`,
    ip: `10.0.0.${n}`,
    port: 5050 + n,
    hostname: `m${n}.example.org`,
  };
}

/** The packed MasterInfo.ip of a dotted IPv4 (little-endian s_addr). */
export function packed(ip: string): number {
  const [a, b, c, d] = ip.split(".").map(Number) as [number, number, number, number];
  return a + b * 256 + c * 65536 + d * 16777216;
}

/** The znode JSON of a 1.11 master: keys sorted alphabetically, QUOTA_V2 among the capabilities. */
export function masterInfoJson(m: FakeMasterInfo): string {
  return (
    `{"address":{"hostname":"${m.hostname}","ip":"${m.ip}","port":${m.port}},` +
    `"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}],` +
    `"hostname":"${m.hostname}","id":"${m.id}","ip":${packed(m.ip)},"pid":"master@${m.ip}:${m.port}",` +
    `"port":${m.port},"version":"1.11.0"}`
  );
}

export function masterInfoBinary(m: FakeMasterInfo): Buffer {
  return Buffer.from(
    v1.MasterInfo.encode({
      id: m.id,
      ip: packed(m.ip),
      port: m.port,
      pid: `master@${m.ip}:${m.port}`,
      hostname: m.hostname,
      version: "0.23.0",
      address: { hostname: m.hostname, ip: m.ip, port: m.port },
    }).finish(),
  );
}

/** Handles that are closed, by us or by the binding (expiry): `close` must not wait for them. */
const closed = new WeakSet<Zk>();

export async function connect(
  connectString: string,
  options: { digest?: string; timeout?: number } = {},
): Promise<Zk> {
  const zk = new ZooKeeper({
    connect: connectString,
    timeout: options.timeout ?? 4000,
    debug_level: 0,
    response_counter_limit: 1_000_000,
  });
  // An expired handle is closed by the binding, and a later close() emits nothing.
  zk.once("close", () => closed.add(zk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ZooKeeper session")), 10_000);
    zk.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    zk.init({});
  });
  if (options.digest) {
    await new Promise<void>((resolve, reject) =>
      zk.add_auth("digest", options.digest!, (rc: number) =>
        rc === 0 ? resolve() : reject(new Error(`auth ${rc}`)),
      ),
    );
  }
  return zk;
}

/** Closes a session (idempotent); ZooKeeper deletes its ephemeral nodes at once. */
export async function close(zk: Zk): Promise<void> {
  if (closed.has(zk)) return;
  closed.add(zk);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    zk.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    zk.close();
  });
}

/** Creates `path` and its parents (persistent, open ACL). */
export async function mkdirs(zk: Zk, path: string): Promise<void> {
  let at = "";
  for (const part of path.split("/").filter(Boolean)) {
    at += `/${part}`;
    try {
      await zk.create(at, "", ZOO_PERSISTENT);
    } catch (e) {
      if (!String((e as Error).message).startsWith("-110")) throw e;
    }
  }
}

/** A contender session: what one Mesos master holds. */
export interface Contender {
  readonly zk: Zk;
  readonly node: string;
  readonly info: FakeMasterInfo;
  /** Closes the session: ZooKeeper deletes the node at once. */
  leave(): Promise<void>;
}

export async function contend(
  connectString: string,
  path: string,
  info: FakeMasterInfo,
  options: { label?: "json.info" | "info" | ""; digest?: string; timeout?: number; zk?: Zk } = {},
): Promise<Contender> {
  const zk = options.zk ?? (await connect(connectString, options));
  await mkdirs(zk, path);
  const label = options.label ?? "json.info";
  const data =
    label === "json.info"
      ? masterInfoJson(info)
      : label === "info"
        ? masterInfoBinary(info)
        : `master@${info.ip}:${info.port}`;
  const created: string = await zk.create(
    `${path}/${label === "" ? "" : `${label}_`}`,
    data,
    ZOO_EPHEMERAL_SEQUENTIAL,
  );
  return { zk, node: created.slice(path.length + 1), info, leave: () => close(zk) };
}
