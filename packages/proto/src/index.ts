// @mesos-ts/proto: the Mesos v1 messages as TypeScript types with binary codecs (generated
// by ts-proto into src/gen, never edited by hand), one namespace per proto package, so that
// `scheduler.Call` is both the interface and its codec.

export { type DecodeOptions, decodeMessage, encodeMessage } from "./binary.js";
export { defaults, withDefaults } from "./defaults.js";
// Hand-written Mesos domain logic shared by every package (one home: scheduler, testkit, integration).
export {
  addResources,
  containsResources,
  isEmptyResource,
  isReserved,
  normalizeRanges,
  type Range,
  type ResourceMathOptions,
  rangesOfResource,
  reservationRole,
  reservationStack,
  resourceKey,
  scalarTotal,
  subtractRanges,
  subtractResources,
} from "./domain/resources.js";
export { isTerminalTaskState, TERMINAL_TASK_STATES } from "./domain/task-states.js";
// Hand-written: Mesos JSON, binary helpers with typed errors, proto2 defaults.
export {
  MesosJsonError,
  ProtoDecodeError,
  ProtoError,
  type ProtoErrorCode,
} from "./errors.js";
export * as protobuf from "./gen/google/protobuf/duration.pb.js";
export * as agent from "./gen/mesos/v1/agent/agent.pb.js";
export * as allocator from "./gen/mesos/v1/allocator/allocator.pb.js";
export * as executor from "./gen/mesos/v1/executor/executor.pb.js";
export * as maintenance from "./gen/mesos/v1/maintenance/maintenance.pb.js";
export * as master from "./gen/mesos/v1/master/master.pb.js";
export * as v1 from "./gen/mesos/v1/mesos.pb.js";
export * as quota from "./gen/mesos/v1/quota/quota.pb.js";
export * as resource_provider from "./gen/mesos/v1/resource_provider/resource_provider.pb.js";
export * as scheduler from "./gen/mesos/v1/scheduler/scheduler.pb.js";
export { formatDouble } from "./json/double.js";
export { MesosJson, type ParseOptions, type StringifyOptions } from "./json/mesos-json.js";
export type { MessageType } from "./schema/registry.js";
export { findMissingRequired } from "./schema/required.js";
