import { MesosJson, master, v1 } from "@mesos-ts/proto";
import type { MasterCore } from "./core.js";
import type { SimMaster } from "./master.js";

/**
 * `GET /master/state` (`src/master/http.cpp`): the fields discovery relies on (`version`, `id`, `pid`, `hostname`,
 * `start_time`, `elected_time`, `leader`, `leader_info`) plus frameworks/agents summaries.
 * Departure: the real document has many more fields (flags, metrics-ish counters, full
 * framework/agent objects in the pre-v1 shape); these are abbreviated.
 */
export function stateJson(core: MasterCore, m: SimMaster): Record<string, unknown> {
  const leaderInfo = JSON.parse(MesosJson.stringify(v1.MasterInfo, m.info));
  return {
    version: "1.11.0",
    git_tag: "1.11.0",
    id: m.info.id,
    pid: m.info.pid,
    hostname: m.info.hostname,
    start_time: m.startTime,
    ...(m.electedTime !== undefined ? { elected_time: m.electedTime } : {}),
    leader: m.info.pid,
    leader_info: leaderInfo,
    activated_slaves: core.agents.size,
    frameworks: [...core.registry.frameworks.values()].map((f) =>
      JSON.parse(MesosJson.stringify(master.Response_GetFrameworks_Framework, core.frameworkView(f))),
    ),
    slaves: [...core.agents.values()].map((a) => ({
      id: a.id,
      hostname: a.hostname,
      port: a.port,
      pid: `slave(1)@127.0.0.1:${a.port}`,
      active: a.active,
    })),
  };
}
