import type { v1 } from "@mesos-ts/proto";
import { JSON_MEDIA, type MediaType } from "../http/accept.js";

/** IPv4 `s_addr` in a host-order integer, as Mesos stores `MasterInfo.ip` (`include/mesos/v1/mesos.proto`). */
export function ipToMesosInt(ip: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = ip.split(".").map(Number);
  return (a + b * 2 ** 8 + c * 2 ** 16 + d * 2 ** 24) >>> 0;
}

export function makeMasterInfo(id: string, ip: string, port: number, hostname: string): v1.MasterInfo {
  return {
    id,
    ip: ipToMesosInt(ip),
    port,
    pid: `master@${ip}:${port}`,
    hostname,
    version: "1.11.0",
    address: { hostname, ip, port },
    // AGENT_UPDATE, AGENT_DRAINING; QUOTA_V2 (3) is not in the v1 enum (`include/mesos/v1/mesos.proto`): kept as an
    // unknown enum value in protobuf, `{}` in JSON — exactly what a 1.11 master's API shows.
    capabilities: [{ type: 1 }, { type: 2 }, { type: 3 }],
  };
}

/** The znode JSON a 1.x master writes: internal MasterInfo via JSON::protobuf, keys sorted. */
export function masterInfoZnodeJson(info: v1.MasterInfo): string {
  const names: Record<number, string> = { 1: "AGENT_UPDATE", 2: "AGENT_DRAINING", 3: "QUOTA_V2" };
  const doc: Record<string, unknown> = {
    address: { hostname: info.address?.hostname, ip: info.address?.ip, port: info.address?.port },
    capabilities: (info.capabilities ?? []).map((c) => ({ type: names[c.type ?? 0] ?? "UNKNOWN" })),
    hostname: info.hostname,
    id: info.id,
    ip: info.ip,
    pid: info.pid,
    port: info.port,
    version: info.version,
  };
  return JSON.stringify(doc);
}

/** `QUOTA_V2`: in 1.11 only the internal enum has it; `mesos.v1.MasterInfo.Capability.Type` lacks it. */
const QUOTA_V2 = 3;

/**
 * MasterInfo as a 1.11 master puts it in API output (SUBSCRIBED.master_info, GET_MASTER):
 * protobuf keeps `QUOTA_V2` as an unknown enum number, JSON has no name for it and writes `{}`
 * (`include/mesos/v1/mesos.proto`, `3rdparty/stout/include/stout/protobuf.hpp`). Our proto schema is the newer superset that names it, hence this per-media view.
 */
export function masterInfoFor(media: MediaType, info: v1.MasterInfo): v1.MasterInfo {
  if (media !== JSON_MEDIA) return info;
  return {
    ...info,
    capabilities: (info.capabilities ?? []).map((c) => (c.type === QUOTA_V2 ? {} : c)),
  };
}
