// Typed request -> response for every mesos.v1.agent.Call, by name (see master/call-types.ts).
import type { agent } from "@mesos-ts/proto";
import type { CallAccepted } from "../master/call-types.js";

type EnumNames<E> = Exclude<keyof E, "UNKNOWN" | "UNRECOGNIZED">;

/** Every agent call answered with one body; the three streaming ones have their own methods. */
export type AgentCallName = Exclude<
  EnumNames<typeof agent.Call_Type>,
  "LAUNCH_NESTED_CONTAINER_SESSION" | "ATTACH_CONTAINER_INPUT" | "ATTACH_CONTAINER_OUTPUT"
>;

export type AgentCallPayload<N extends AgentCallName> =
  Lowercase<N> extends keyof agent.Call ? NonNullable<agent.Call[Lowercase<N>]> : undefined;

export type AgentCallResult<N extends AgentCallName> =
  Lowercase<N> extends keyof agent.Response ? NonNullable<agent.Response[Lowercase<N>]> : CallAccepted;
