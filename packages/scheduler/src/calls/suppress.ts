import { scheduler } from "@mesos-ts/proto";

/** SUPPRESS: stop offers for `roles` (empty or omitted = all roles). */
export function suppressCall(params: { roles?: string[] } = {}): scheduler.Call {
  return {
    type: scheduler.Call_Type.SUPPRESS,
    ...(params.roles?.length ? { suppress: { roles: params.roles } } : {}),
  };
}
