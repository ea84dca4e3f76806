// Named diagnostics channels (node:diagnostics_channel) of the operator client: subscribe to
// watch its event stream come and go. Payloads never carry credentials.
import { type Channel, channel } from "node:diagnostics_channel";

/** A SUBSCRIBED arrived: `{ master, heartbeatIntervalSeconds }` (master: scheme://host:port). */
export const subscribedChannel: Channel = channel("mesos-ts:operator:subscribed");
/** The event stream was lost and will be renewed: `{ master, code, message }`. */
export const disconnectedChannel: Channel = channel("mesos-ts:operator:disconnected");
/** Each 307 an operator call followed: `{ from, to, hop, callType }` (transport's RedirectMessage). */
export const redirectChannel: Channel = channel("mesos-ts:operator:redirect");
