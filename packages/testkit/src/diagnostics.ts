import { channel } from "node:diagnostics_channel";

/**
 * Named diagnostics channels, instead of console logging. Subscribe with
 * `diagnostics_channel.subscribe("mesos-ts:testkit:log", fn)`; the CLI prints them to stderr.
 */
export const channels = {
  /** `{ level, source, message }` for anything a real master/agent would log. */
  log: channel("mesos-ts:testkit:log"),
  /** `{ master, leading }` when a simulated master gains or loses leadership. */
  leadership: channel("mesos-ts:testkit:leadership"),
  /** `{ frameworkId, streamId, type }` for every event written to a scheduler stream. */
  event: channel("mesos-ts:testkit:event"),
} as const;

export type LogLevel = "info" | "warn" | "error";

export function log(level: LogLevel, source: string, message: string): void {
  if (channels.log.hasSubscribers) channels.log.publish({ level, source, message });
}
