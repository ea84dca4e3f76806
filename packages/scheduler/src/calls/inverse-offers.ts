import { scheduler } from "@mesos-ts/proto";
import { type FiltersLike, toFilters } from "./filters.js";
import { type IdLike, toIds } from "./ids.js";

export interface InverseOffersParams {
  inverseOfferIds: IdLike[];
  filters?: FiltersLike;
}

/** ACCEPT_INVERSE_OFFERS: agree to the maintenance windows. */
export function acceptInverseOffersCall(params: InverseOffersParams): scheduler.Call {
  const filters = toFilters(params.filters);
  return {
    type: scheduler.Call_Type.ACCEPT_INVERSE_OFFERS,
    accept_inverse_offers: {
      inverse_offer_ids: toIds(params.inverseOfferIds, "inverse offer id"),
      ...(filters ? { filters } : {}),
    },
  };
}

/** DECLINE_INVERSE_OFFERS. */
export function declineInverseOffersCall(params: InverseOffersParams): scheduler.Call {
  const filters = toFilters(params.filters);
  return {
    type: scheduler.Call_Type.DECLINE_INVERSE_OFFERS,
    decline_inverse_offers: {
      inverse_offer_ids: toIds(params.inverseOfferIds, "inverse offer id"),
      ...(filters ? { filters } : {}),
    },
  };
}
