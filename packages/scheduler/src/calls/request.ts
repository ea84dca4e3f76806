import { scheduler, type v1 } from "@mesos-ts/proto";

/** REQUEST resources (ignored by the built-in allocator). */
export function requestCall(params: { requests: v1.Request[] }): scheduler.Call {
  return { type: scheduler.Call_Type.REQUEST, request: { requests: params.requests } };
}
