// MesosJson.stringify against the output rules of Mesos' writer
// (3rdparty/stout/include/stout/protobuf.hpp, jsonify.hpp).
import { describe, expect, it } from "vitest";
import { MesosJson, scheduler, v1 } from "../src/index.js";

const stringify = MesosJson.stringify;

describe("MesosJson.stringify", () => {
  it("writes declaration order, snake_case names and enum names, whatever the object's key order", () => {
    const call: scheduler.Call = {
      kill: { task_id: { value: "t" } },
      type: scheduler.Call_Type.KILL,
      framework_id: { value: "f" },
    };
    expect(stringify(scheduler.Call, call)).toBe(
      '{"framework_id":{"value":"f"},"type":"KILL","kill":{"task_id":{"value":"t"}}}',
    );
  });

  it("writes int64/uint64 as bare numbers with every digit", () => {
    expect(stringify(v1.TimeInfo, { nanoseconds: 1732261234567891234n })).toBe(
      '{"nanoseconds":1732261234567891234}',
    );
    const stats = stringify(v1.ResourceStatistics, { timestamp: 1, mem_total_bytes: 18446744073709551615n });
    expect(stats).toBe('{"timestamp":1.0,"mem_total_bytes":18446744073709551615}');
    expect(() => stringify(v1.TimeInfo, { nanoseconds: 2n ** 63n })).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_INTEGER_RANGE", path: "nanoseconds" }),
    );
  });

  it.each([
    [15, "15.0"],
    [5, "5.0"],
    [0, "0.0"],
    [-0, "-0.0"],
    [0.1, "0.1"],
    [1605541437.123456, "1605541437.123456"],
    [1e20, "100000000000000000000.0"],
    [1e21, "1e21"],
    [1.5e300, "1.5e300"],
    [1e-6, "0.000001"],
    [1e-7, "1e-7"],
    [-2.5e-8, "-2.5e-8"],
    [Number.POSITIVE_INFINITY, '"Infinity"'],
    [Number.NEGATIVE_INFINITY, '"-Infinity"'],
  ])("writes the double %d as %s", (value, text) => {
    expect(stringify(v1.Filters, { refuse_seconds: value })).toBe(`{"refuse_seconds":${text}}`);
  });

  it("refuses NaN with a typed error", () => {
    expect(() => stringify(v1.Filters, { refuse_seconds: Number.NaN })).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_NOT_FINITE", path: "refuse_seconds" }),
    );
  });

  it("writes bytes as standard base64 with padding", () => {
    const ack = stringify(scheduler.Call_Acknowledge, {
      agent_id: { value: "a" },
      task_id: { value: "t" },
      uuid: Buffer.from([0xfb, 0xff]),
    });
    expect(ack).toBe('{"agent_id":{"value":"a"},"task_id":{"value":"t"},"uuid":"+/8="}');
  });

  it("omits empty repeated fields and maps, unknown fields and unknown enum numbers", () => {
    const info: v1.FrameworkInfo = {
      user: "u",
      name: "n",
      roles: [],
      offer_filters: {},
      capabilities: [
        { type: 999 as v1.FrameworkInfo_Capability_Type },
        { type: v1.FrameworkInfo_Capability_Type.MULTI_ROLE },
      ],
      _unknownFields: { 800: [new Uint8Array([1])] },
    };
    expect(stringify(v1.FrameworkInfo, info, { emitDefaults: false })).toBe(
      '{"user":"u","name":"n","capabilities":[{},{"type":"MULTI_ROLE"}]}',
    );
    expect(stringify(scheduler.Event, { type: 77 as scheduler.Event_Type })).toBe("{}");
  });

  it("writes unset fields with non-deprecated defaults, as Mesos does, unless emitDefaults is false", () => {
    const info: v1.FrameworkInfo = { user: "u", name: "n" };
    expect(stringify(v1.FrameworkInfo, info)).toBe(
      '{"user":"u","name":"n","failover_timeout":0.0,"checkpoint":false}',
    );
    expect(stringify(v1.FrameworkInfo, info, { emitDefaults: false })).toBe('{"user":"u","name":"n"}');
    expect(stringify(v1.Filters, {})).toBe('{"refuse_seconds":5.0}');
    // Deprecated defaults (Resource.role "*") only when set; enum defaults by name.
    expect(stringify(v1.Resource, { name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 1 } })).toBe(
      '{"name":"cpus","type":"SCALAR","scalar":{"value":1.0}}',
    );
    expect(stringify(v1.Environment_Variable, { name: "A" })).toBe('{"name":"A","type":"VALUE"}');
  });

  it("writes maps and oneofs", () => {
    const info: v1.FrameworkInfo = {
      user: "u",
      name: "n",
      offer_filters: { batch: { min_allocatable_resources: { quantities: [] } } },
    };
    expect(stringify(v1.FrameworkInfo, info, { emitDefaults: false })).toBe(
      '{"user":"u","name":"n","offer_filters":{"batch":{"min_allocatable_resources":{}}}}',
    );
    const selector = { selector: { $case: "attribute_name" as const, attribute_name: "rack" } };
    expect(stringify(scheduler.AttributeConstraint_Selector, selector)).toBe('{"attribute_name":"rack"}');
  });

  it("escapes strings as JSON and keeps unicode", () => {
    expect(stringify(v1.TaskID, { value: 'a"\\\n\u0001é😀' })).toBe(
      `{"value":${JSON.stringify('a"\\\n\u0001é😀')}}`,
    );
  });

  it("gives typed errors with paths for values of the wrong type and cycles", () => {
    const bad = {
      type: scheduler.Call_Type.KILL,
      kill: { task_id: { value: 5 } },
    } as unknown as scheduler.Call;
    expect(() => stringify(scheduler.Call, bad)).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_TYPE_MISMATCH", path: "kill.task_id.value" }),
    );
    const parent: v1.ContainerID = { value: "c" };
    parent.parent = parent;
    expect(() => stringify(v1.ContainerID, parent)).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_DEPTH" }),
    );
  });
});
