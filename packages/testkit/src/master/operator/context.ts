import type { master } from "@mesos-ts/proto";
import type { MediaType } from "../../http/accept.js";
import type { SimMaster } from "../master.js";

/** What an operator call handler sees. */
export interface OperatorCallContext {
  readonly master: SimMaster;
  readonly call: master.Call;
  /** The response media type (already negotiated). */
  readonly media: MediaType;
}

/** A 200 with a response body, or a status with a text (`200` with no body for writes). */
export type OperatorAnswer =
  | { readonly response: master.Response }
  | { readonly status: number; readonly text?: string };

export type OperatorHandler = (ctx: OperatorCallContext) => OperatorAnswer;
