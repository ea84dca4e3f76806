// Typed request -> response for every mesos.v1.master.Call, by NAME: Call and Response type
// numbers differ (GET_MASTER is Call 17, Response 15; `include/mesos/v1/master/master.proto`),
// names do not, and the payload fields are the lower-cased names on both sides (`get_metrics`,
// `get_state`).
import type { master } from "@mesos-ts/proto";

type EnumNames<E> = Exclude<keyof E, "UNKNOWN" | "UNRECOGNIZED">;

/** Every master call but SUBSCRIBE (a stream: see `MasterClient.subscribe`). */
export type MasterCallName = Exclude<EnumNames<typeof master.Call_Type>, "SUBSCRIBE">;

/** The payload a call carries (`Call.get_metrics` for GET_METRICS), or `undefined` when it has none. */
export type MasterCallPayload<N extends MasterCallName> =
  Lowercase<N> extends keyof master.Call ? NonNullable<master.Call[Lowercase<N>]> : undefined;

/** What a call without a response body gives: 200 (done) or 202 (accepted, applied later). */
export interface CallAccepted {
  readonly status: 200 | 202;
}

/** The typed answer: the response payload (`Response.get_state` for GET_STATE), else CallAccepted. */
export type MasterCallResult<N extends MasterCallName> =
  Lowercase<N> extends keyof master.Response ? NonNullable<master.Response[Lowercase<N>]> : CallAccepted;
