import { channel } from "node:diagnostics_channel";

/** Every leader change a detector emits: `{ detector: "zookeeper" | "static", change: LeaderChange }`. */
export const leaderChannel = channel("mesos-ts:discovery:leader");
/**
 * ZooKeeper session events: `{ event: "connected" | "disconnected" | "expired" | "timed-out" |
 * "unreachable", servers, path }` (never credentials).
 */
export const sessionChannel = channel("mesos-ts:discovery:session");
/** A static master probe: `{ master: "host:port", outcome: "leader" | "redirect" | "no-leader" | "error", detail }`. */
export const probeChannel = channel("mesos-ts:discovery:probe");
