import { scheduler } from "@mesos-ts/proto";

/** REVIVE: unsuppress and clear filters for `roles` (empty or omitted = all roles). */
export function reviveCall(params: { roles?: string[] } = {}): scheduler.Call {
  return {
    type: scheduler.Call_Type.REVIVE,
    ...(params.roles?.length ? { revive: { roles: params.roles } } : {}),
  };
}
