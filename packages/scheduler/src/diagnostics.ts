import { channel } from "node:diagnostics_channel";

/** A SUBSCRIBED event arrived: `{ generation, frameworkId, url, heartbeatIntervalSeconds }`. */
export const subscribedChannel = channel("mesos-ts:scheduler:subscribed");
/** An interval passed without any record: `{ generation, missed, limit, intervalMs }`. */
export const heartbeatMissedChannel = channel("mesos-ts:scheduler:heartbeat-missed");
/** A 307 was followed: `{ from, to, hop, callType }` (URLs never carry credentials). */
export const redirectChannel = channel("mesos-ts:scheduler:redirect");
/** The connection state changed: `{ state, previous, generation, error? }`. */
export const stateChannel = channel("mesos-ts:scheduler:state");
/** A subscription ended: `{ generation, error }`. */
export const disconnectedChannel = channel("mesos-ts:scheduler:disconnected");

/** Optional logger hook; messages and fields never contain secrets. */
export interface SchedulerLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
