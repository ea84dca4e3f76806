import { scheduler, type v1 } from "@mesos-ts/proto";

export interface UpdateFrameworkParams {
  /** The full desired FrameworkInfo (not a patch); the client fills `id`. */
  frameworkInfo: v1.FrameworkInfo;
  suppressedRoles?: string[];
  offerConstraints?: scheduler.OfferConstraints;
}

/** UPDATE_FRAMEWORK (Mesos >= 1.9): answered 200 once applied. */
export function updateFrameworkCall(params: UpdateFrameworkParams): scheduler.Call {
  return {
    type: scheduler.Call_Type.UPDATE_FRAMEWORK,
    update_framework: {
      framework_info: params.frameworkInfo,
      ...(params.suppressedRoles?.length ? { suppressed_roles: params.suppressedRoles } : {}),
      ...(params.offerConstraints ? { offer_constraints: params.offerConstraints } : {}),
    },
  };
}
