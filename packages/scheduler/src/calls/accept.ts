import { scheduler, type v1 } from "@mesos-ts/proto";
import { type FiltersLike, toFilters } from "./filters.js";
import { type IdLike, toIds } from "./ids.js";

export interface AcceptParams {
  /** Offers of one agent and one allocation role (`src/master/validation.cpp`). */
  offerIds: IdLike[];
  operations: v1.Offer_Operation[];
  /** Applied to the unused part of the offers (seconds, or Filters). */
  filters?: FiltersLike;
}

/** ACCEPT: run `operations` (LAUNCH, RESERVE, ...) against the offers. */
export function acceptCall(params: AcceptParams): scheduler.Call {
  const filters = toFilters(params.filters);
  return {
    type: scheduler.Call_Type.ACCEPT,
    accept: {
      offer_ids: toIds(params.offerIds, "offer id"),
      operations: params.operations,
      ...(filters ? { filters } : {}),
    },
  };
}
