import { scheduler } from "@mesos-ts/proto";

/** TEARDOWN: removes the framework now and kills all its tasks and executors. */
export function teardownCall(): scheduler.Call {
  return { type: scheduler.Call_Type.TEARDOWN };
}
