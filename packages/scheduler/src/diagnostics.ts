import { channel } from "node:diagnostics_channel";
import type { HeartbeatMissedMessage, RedirectMessage, TransportLogger } from "@mesos-ts/transport";
import type { StateChange } from "./connection-state.js";

/** A SUBSCRIBED event arrived: a `SubscribedMessage`. */
export const subscribedChannel = channel("mesos-ts:scheduler:subscribed");
/** An interval passed without any record: a `HeartbeatMissedMessage`. */
export const heartbeatMissedChannel = channel("mesos-ts:scheduler:heartbeat-missed");
/** A 307 was followed: a `RedirectMessage` (URLs never carry credentials). */
export const redirectChannel = channel("mesos-ts:scheduler:redirect");
/** The connection state changed: a `StateChange`. */
export const stateChannel = channel("mesos-ts:scheduler:state");
/** A subscription ended: a `DisconnectedMessage`. */
export const disconnectedChannel = channel("mesos-ts:scheduler:disconnected");

/** Payload of `mesos-ts:scheduler:subscribed`. */
export interface SubscribedMessage {
  readonly generation: number;
  readonly frameworkId: string;
  readonly url: string;
  readonly heartbeatIntervalSeconds: number;
}

/** Payload of `mesos-ts:scheduler:disconnected`. */
export interface DisconnectedMessage {
  readonly generation: number;
  readonly error: Error;
}

/** Payload of `mesos-ts:scheduler:state`. */
export type StateMessage = StateChange;

export type { HeartbeatMissedMessage, RedirectMessage };

/** Optional logger hook; messages and fields never contain secrets. */
export type SchedulerLogger = TransportLogger;
