import { type Channel, channel } from "node:diagnostics_channel";

/** Payload of a redirect channel: a 307 was followed (URLs never carry credentials). */
export interface RedirectMessage {
  readonly from: string;
  readonly to: string;
  readonly hop: number;
  readonly callType: string;
}

/** Payload of a heartbeat-missed channel: an interval passed without any record. */
export interface HeartbeatMissedMessage {
  readonly generation: number;
  readonly missed: number;
  readonly limit: number;
  readonly intervalMs: number;
}

/** Payload of the channel-moved channel: the call channel now points at another master. */
export interface ChannelMovedMessage {
  readonly from: string | undefined;
  readonly to: string;
  /** Calls that were in flight on the old master and failed with LeaderChangedError. */
  readonly failedInFlight: number;
}

/**
 * Default channels. Each client may pass its own (e.g. `mesos-ts:scheduler:redirect`) so that
 * subscribers see one name per API.
 */
export const redirectChannel: Channel = channel("mesos-ts:transport:redirect");
export const heartbeatMissedChannel: Channel = channel("mesos-ts:transport:heartbeat-missed");
export const channelMovedChannel: Channel = channel("mesos-ts:transport:channel-moved");

/** Optional logger hook; messages and fields never contain secrets. */
export interface TransportLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
