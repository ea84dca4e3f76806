import { v1 } from "@mesos-ts/proto";
import type { MediaType } from "../http/accept.js";
import { MESOS_VERSION } from "../version.js";

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
    version: MESOS_VERSION,
    address: { hostname, ip, port },
    // AGENT_UPDATE, AGENT_DRAINING, QUOTA_V2 (src/master/constants.cpp).
    capabilities: [
      { type: v1.MasterInfo_Capability_Type.AGENT_UPDATE },
      { type: v1.MasterInfo_Capability_Type.AGENT_DRAINING },
      { type: v1.MasterInfo_Capability_Type.QUOTA_V2 },
    ],
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

/**
 * MasterInfo as a 1.12 master puts it in API output (SUBSCRIBED.master_info, GET_MASTER): its
 * `mesos.v1.MasterInfo.Capability.Type` names `QUOTA_V2`, so JSON writes it in full (a 1.11
 * master, whose v1 enum lacked it, wrote `{}`). The same in both media.
 */
export function masterInfoFor(_media: MediaType, info: v1.MasterInfo): v1.MasterInfo {
  return info;
}
