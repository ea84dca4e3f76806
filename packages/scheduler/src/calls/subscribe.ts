import { scheduler, type v1 } from "@mesos-ts/proto";

export interface SubscribeParams {
  /** Roles that start suppressed (must be among the framework's roles). */
  suppressedRoles?: string[];
  offerConstraints?: scheduler.OfferConstraints;
}

/**
 * SUBSCRIBE. For a re-subscription (failover) `frameworkInfo.id` is set and the client stamps the
 * same id as `framework_id` (both or neither, `src/master/validation.cpp`).
 */
export function subscribeCall(frameworkInfo: v1.FrameworkInfo, params: SubscribeParams = {}): scheduler.Call {
  return {
    type: scheduler.Call_Type.SUBSCRIBE,
    ...(frameworkInfo.id?.value ? { framework_id: { value: frameworkInfo.id.value } } : {}),
    subscribe: {
      framework_info: frameworkInfo,
      ...(params.suppressedRoles?.length ? { suppressed_roles: params.suppressedRoles } : {}),
      ...(params.offerConstraints ? { offer_constraints: params.offerConstraints } : {}),
    },
  };
}
