import { scheduler } from "@mesos-ts/proto";
import { type FiltersLike, toFilters } from "./filters.js";
import { type IdLike, toIds } from "./ids.js";

export interface DeclineParams {
  offerIds: IdLike[];
  /** How long the master keeps these resources from us (seconds, default 5 on the master). */
  filters?: FiltersLike;
}

/** DECLINE: give the offers back. */
export function declineCall(params: DeclineParams): scheduler.Call {
  const filters = toFilters(params.filters);
  return {
    type: scheduler.Call_Type.DECLINE,
    decline: { offer_ids: toIds(params.offerIds, "offer id"), ...(filters ? { filters } : {}) },
  };
}
