// The README's usage example, verbatim; test/readme-example.test.ts runs it and checks that
// the README still contains it.
import {
  decodeMessage,
  defaults,
  encodeMessage,
  MesosJson,
  MesosJsonError,
  scheduler,
  v1,
} from "@mesos-ts/proto";

// A scheduler call, typed by the generated interface, written as Mesos JSON.
const call: scheduler.Call = {
  framework_id: { value: "7c0b5e4e-2f35-4a55-9b7e-0e0c3c9f1a10-0000" },
  type: scheduler.Call_Type.DECLINE,
  decline: { offer_ids: [{ value: "O42" }] },
};
export const body = MesosJson.stringify(scheduler.Call, call);
// '{"framework_id":{...},"type":"DECLINE","decline":{"offer_ids":[{"value":"O42"}],...}}'

// An event from the stream: int64 values stay exact (bigint), enums are numbers.
const event = MesosJson.parse(
  scheduler.Event,
  '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t1"},"state":"TASK_RUNNING",' +
    '"unreachable_time":{"nanoseconds":1732261234567891234}}}}',
);
export const nanos = event.update?.status?.unreachable_time?.nanoseconds; // 1732261234567891234n

// Binary protobuf, with proto2 defaults on request.
export const roundTrip = decodeMessage(scheduler.Call, encodeMessage(scheduler.Call, call));
export const refuseSeconds = call.decline?.filters?.refuse_seconds ?? defaults(v1.Filters).refuse_seconds; // 5

// Errors carry a stable code.
export let code = "";
try {
  MesosJson.parse(scheduler.Event, '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t1"}}}}');
} catch (e) {
  if (e instanceof MesosJsonError) code = e.code; // "MESOS_PROTO_MISSING_REQUIRED" (state is required)
}
