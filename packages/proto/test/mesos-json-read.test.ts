// MesosJson.parse against the input rules of Mesos' parser
// (3rdparty/stout/include/stout/protobuf.hpp).
import { describe, expect, it } from "vitest";
import { MesosJson, MesosJsonError, master, scheduler, v1 } from "../src/index.js";

const parse = MesosJson.parse;

describe("MesosJson.parse", () => {
  it("reads snake_case keys, enum names and nested messages", () => {
    const call = parse(
      scheduler.Call,
      '{"type":"KILL","framework_id":{"value":"f"},"kill":{"task_id":{"value":"t"}}}',
    );
    expect(call).toEqual({
      type: scheduler.Call_Type.KILL,
      framework_id: { value: "f" },
      kill: { task_id: { value: "t" } },
    });
  });

  it("reads int64/uint64 exactly, far above 2^53", () => {
    expect(parse(v1.TimeInfo, '{"nanoseconds":1732261234567891234}').nanoseconds).toBe(1732261234567891234n);
    expect(parse(v1.TimeInfo, '{"nanoseconds":-9223372036854775808}').nanoseconds).toBe(-(2n ** 63n));
    const stats = parse(v1.ResourceStatistics, '{"timestamp":1.5,"mem_total_bytes":18446744073709551615}');
    expect(stats.mem_total_bytes).toBe(18446744073709551615n);
    // Long digit runs inside strings are left alone.
    expect(parse(v1.TaskID, '{"value":"12345678901234567890"}').value).toBe("12345678901234567890");
    // A long integer given to a double field reads as JSON.parse would read it.
    expect(parse(v1.Filters, '{"refuse_seconds":12345678901234567890}').refuse_seconds).toBe(
      Number("12345678901234567890"),
    );
  });

  it("never mistakes a real string for a protected long integer, whatever it starts with", () => {
    expect(parse(v1.TaskID, '{"value":"\\u0000"}').value).toBe("\u0000");
    for (const lead of ["\\ue000", "\ue000", "\\uE000\\ue001"]) {
      const text = `{"task_id":{"value":"${lead}1"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1732261234567891234}}`;
      const status = parse(v1.TaskStatus, text);
      expect(status.task_id?.value).toBe(JSON.parse(`"${lead}1"`));
      expect(status.unreachable_time?.nanoseconds).toBe(1732261234567891234n);
    }
  });

  it("accepts integers as numeric strings (Mesos >= 1.6) and small integers as numbers", () => {
    expect(parse(v1.TimeInfo, '{"nanoseconds":"1732261234567891234"}').nanoseconds).toBe(
      1732261234567891234n,
    );
    expect(parse(v1.TimeInfo, '{"nanoseconds":42}').nanoseconds).toBe(42n);
    expect(parse(v1.MasterInfo, '{"id":"m","ip":"16777343","port":"5050"}')).toMatchObject({
      ip: 16777343,
      port: 5050,
    });
  });

  it('reads "Infinity"/"-Infinity" and numeric strings for doubles', () => {
    expect(parse(v1.Filters, '{"refuse_seconds":"Infinity"}').refuse_seconds).toBe(Number.POSITIVE_INFINITY);
    expect(parse(v1.Filters, '{"refuse_seconds":"-Infinity"}').refuse_seconds).toBe(Number.NEGATIVE_INFINITY);
    expect(parse(v1.Filters, '{"refuse_seconds":"2.5"}').refuse_seconds).toBe(2.5);
    expect(Object.is(parse(v1.Filters, '{"refuse_seconds":-0.0}').refuse_seconds, -0)).toBe(true);
  });

  it("reads bools as true/false or their strings", () => {
    expect(parse(v1.CommandInfo, '{"shell":"false"}').shell).toBe(false);
    expect(parse(v1.CommandInfo, '{"shell":true}').shell).toBe(true);
  });

  it("reads bytes as standard base64, padding optional, whitespace ignored", () => {
    const bytes = (text: string) => [
      ...(parse(v1.TaskStatus, `{"task_id":{"value":"t"},"state":"TASK_RUNNING","data":${text}}`).data ?? []),
    ];
    expect(bytes('"+/8="')).toEqual([0xfb, 0xff]);
    expect(bytes('"+/8"')).toEqual([0xfb, 0xff]);
    expect(bytes('"+/ 8=\\n"')).toEqual([0xfb, 0xff]);
    expect(() => bytes('"-_8="')).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_INVALID_BASE64", path: "data" }),
    );
  });

  it("treats null as absent and ignores unknown keys", () => {
    const offer = parse(v1.Filters, '{"refuse_seconds":null,"refuseSeconds":3,"x":{"y":[1,2]}}');
    expect(offer).toEqual({});
  });

  it("drops unknown enum names in optional and repeated fields, as Mesos does", () => {
    const info = parse(
      v1.MasterInfo,
      '{"id":"m","ip":1,"port":5050,"capabilities":[{"type":"AGENT_UPDATE"},{"type":"FROM_THE_FUTURE"},{}]}',
    );
    expect(info.capabilities).toEqual([{ type: v1.MasterInfo_Capability_Type.AGENT_UPDATE }, {}, {}]);
    const suppress = parse(scheduler.Event, '{"type":"SOMETHING_NEW"}');
    expect(suppress).toEqual({});
  });

  it("rejects an unknown enum name in a required field unless allowPartial", () => {
    const text = '{"name":"cpus","type":"QUANTUM","scalar":{"value":1.0}}';
    expect(() => parse(v1.Resource, text)).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_UNKNOWN_ENUM", path: "type" }),
    );
    expect(parse(v1.Resource, text, { allowPartial: true })).toEqual({ name: "cpus", scalar: { value: 1 } });
  });

  it("takes a single bare value for a repeated field as a one-element list", () => {
    expect(parse(v1.FrameworkInfo, '{"user":"u","name":"n","roles":"batch"}').roles).toEqual(["batch"]);
    expect(
      parse(
        v1.Offer_Operation_Launch,
        '{"task_infos":{"name":"t","task_id":{"value":"1"},"agent_id":{"value":"a"}}}',
      ).task_infos,
    ).toHaveLength(1);
  });

  it("accepts the defaults Mesos emits and keeps them present", () => {
    const info = parse(v1.FrameworkInfo, '{"user":"u","name":"n","failover_timeout":0.0,"checkpoint":false}');
    expect(info).toEqual({ user: "u", name: "n", failover_timeout: 0, checkpoint: false });
  });

  it("reads maps, including a hostile __proto__ key, as own entries", () => {
    const info = parse(
      v1.FrameworkInfo,
      '{"user":"u","name":"n","offer_filters":{"a":{},"__proto__":{"min_allocatable_resources":{}}}}',
    );
    expect(Object.keys(info.offer_filters ?? {})).toEqual(["a", "__proto__"]);
    expect(Object.getPrototypeOf(info.offer_filters)).toBe(Object.prototype);
  });

  it("reads oneofs into ts-proto unions", () => {
    const selector = parse(scheduler.AttributeConstraint_Selector, '{"attribute_name":"rack"}');
    expect(selector).toEqual({ selector: { $case: "attribute_name", attribute_name: "rack" } });
  });

  it("checks proto2 required fields, with the path", () => {
    expect(() =>
      parse(scheduler.Call, '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u"}}}'),
    ).toThrow(
      expect.objectContaining({ code: "MESOS_PROTO_MISSING_REQUIRED", path: "subscribe.framework_info" }),
    );
    expect(parse(scheduler.Call, '{"subscribe":{"framework_info":{}}}', { allowPartial: true })).toEqual({
      subscribe: { framework_info: {} },
    });
  });

  it("parses UTF-8 bytes as well as strings", () => {
    const bytes = new TextEncoder().encode('{"type":"GET_HEALTH","get_health":{"healthy":true}}');
    expect(parse(master.Response, bytes)).toEqual({
      type: master.Response_Type.GET_HEALTH,
      get_health: { healthy: true },
    });
  });
});

describe("MesosJson.parse errors", () => {
  const code = (type: Parameters<typeof parse>[0], text: string) => {
    try {
      parse(type, text);
    } catch (e) {
      expect(e).toBeInstanceOf(MesosJsonError);
      return [(e as MesosJsonError).code, (e as MesosJsonError).path];
    }
    return "no error";
  };

  it.each([
    ["not JSON", "{", "MESOS_JSON_SYNTAX", ""],
    ["trailing text", '{"value":"a"} x', "MESOS_JSON_SYNTAX", ""],
    ["NaN token", '{"value":NaN}', "MESOS_JSON_SYNTAX", ""],
    ["leading zero in a long integer", '{"value":"a","x":01234567890123456789}', "MESOS_JSON_SYNTAX", ""],
    ["unterminated string after a long run", '{"value":"1234567890123456789', "MESOS_JSON_SYNTAX", ""],
    ["top level array", '[{"value":"a"}]', "MESOS_JSON_TYPE_MISMATCH", ""],
    ["top level string", '"a"', "MESOS_JSON_TYPE_MISMATCH", ""],
    ["number for a string", '{"value":1}', "MESOS_JSON_TYPE_MISMATCH", "value"],
    ["long number for a string", '{"value":12345678901234567890}', "MESOS_JSON_TYPE_MISMATCH", "value"],
    ["array for a singular field", '{"value":["a"]}', "MESOS_JSON_TYPE_MISMATCH", "value"],
  ])("%s", (_, text, expected, path) => {
    expect(code(v1.TaskID, text)).toEqual([expected, path]);
  });

  it.each([
    ["enum given as a number", '{"type":1}', "MESOS_JSON_TYPE_MISMATCH", "type"],
    ["message given as a string", '{"type":"RESCIND","rescind":"x"}', "MESOS_JSON_TYPE_MISMATCH", "rescind"],
    [
      "int32 out of range",
      '{"type":"FAILURE","failure":{"status":2147483648}}',
      "MESOS_JSON_INTEGER_RANGE",
      "failure.status",
    ],
    [
      "int32 fraction",
      '{"type":"FAILURE","failure":{"status":1.5}}',
      "MESOS_JSON_INTEGER_RANGE",
      "failure.status",
    ],
    [
      "bad element path",
      '{"type":"OFFERS","offers":{"offers":[{"id":{"value":"o"},"framework_id":{"value":"f"},"agent_id":{"value":"a"},"hostname":"h"},{"id":7}]}}',
      "MESOS_JSON_TYPE_MISMATCH",
      "offers.offers[1].id",
    ],
  ])("%s", (_, text, expected, path) => {
    expect(code(scheduler.Event, text)).toEqual([expected, path]);
  });

  it.each([
    ["int64 above max", '{"nanoseconds":9223372036854775808}', "MESOS_JSON_INTEGER_RANGE"],
    ["int64 fraction", '{"nanoseconds":1.5}', "MESOS_JSON_INTEGER_RANGE"],
    ["int64 as an inexact double", '{"nanoseconds":1.7322612345678912e18}', "MESOS_JSON_PRECISION_LOSS"],
    ["int64 as a non-numeric string", '{"nanoseconds":"12a"}', "MESOS_JSON_TYPE_MISMATCH"],
    ["int64 as a bool", '{"nanoseconds":true}', "MESOS_JSON_TYPE_MISMATCH"],
  ])("%s", (_, text, expected) => {
    expect(code(v1.TimeInfo, text)).toEqual([expected, "nanoseconds"]);
  });

  it("uint64 refuses negatives", () => {
    expect(code(v1.ResourceStatistics, '{"timestamp":1,"mem_total_bytes":-1}')).toEqual([
      "MESOS_JSON_INTEGER_RANGE",
      "mem_total_bytes",
    ]);
  });

  it("refuses nesting deeper than 200, in known and unknown fields, without overflowing the stack", () => {
    const deepUnknown = `{"value":"a","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(code(v1.TaskID, deepUnknown)).toEqual(["MESOS_JSON_DEPTH", "x"]);
    const nest = (n: number) => `${'{"value":"c","parent":'.repeat(n)}{"value":"c"}${"}".repeat(n)}`;
    expect(code(v1.ContainerID, `{"value":"c","parent":${nest(150)}}`)).toBe("no error");
    expect(code(v1.ContainerID, `{"value":"c","parent":${nest(250)}}`)?.[0]).toBe("MESOS_JSON_DEPTH");
    // Exactly at the limit: 200 nested objects pass, 201 fail.
    expect(code(v1.ContainerID, `{"value":"c","x":${"[".repeat(199)}${"]".repeat(199)}}`)).toBe("no error");
    expect(code(v1.ContainerID, `{"value":"c","x":${"[".repeat(200)}${"]".repeat(200)}}`)?.[0]).toBe(
      "MESOS_JSON_DEPTH",
    );
  });

  it("gives a typed error for a non-string input and an unknown type", () => {
    expect(() => parse(v1.TaskID, 42 as unknown as string)).toThrow(
      expect.objectContaining({ code: "MESOS_JSON_SYNTAX" }),
    );
    expect(() => parse({ $type: "mesos.v1.Nope" } as unknown as typeof v1.TaskID, "{}")).toThrow(
      expect.objectContaining({ code: "MESOS_PROTO_UNKNOWN_TYPE" }),
    );
  });
});
