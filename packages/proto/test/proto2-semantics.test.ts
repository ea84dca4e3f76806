// proto2 behaviour that Mesos relies on and ts-proto alone would not give.
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  defaults,
  encodeMessage,
  findMissingRequired,
  MesosJson,
  ProtoDecodeError,
  scheduler,
  v1,
  withDefaults,
} from "../src/index.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("proto2 semantics", () => {
  it("encodes required fields even when they equal their default (MasterInfo.port = 5050)", () => {
    const bytes = encodeMessage(v1.MasterInfo, { id: "m", ip: 0, port: 5050 });
    expect(hex(bytes)).toBe("0a016d1000" + "18ba27"); // id, ip 0, port 5050 (varint ba 27)
  });

  it("keeps presence through binary decode: set-to-default differs from unset", () => {
    const set = decodeMessage(v1.Filters, encodeMessage(v1.Filters, { refuse_seconds: 5 }));
    const unset = decodeMessage(v1.Filters, encodeMessage(v1.Filters, {}));
    expect(set.refuse_seconds).toBe(5);
    expect(unset.refuse_seconds).toBeUndefined();
    const off = decodeMessage(
      v1.FrameworkInfo,
      encodeMessage(v1.FrameworkInfo, { user: "", name: "", checkpoint: false }),
    );
    expect(off).toMatchObject({ user: "", name: "", checkpoint: false });
  });

  it("exposes [default = …] values: defaults() and withDefaults()", () => {
    expect(defaults(v1.Filters).refuse_seconds).toBe(5);
    expect(defaults("mesos.v1.Filters")).toEqual({ refuse_seconds: 5 });
    expect(defaults(v1.MasterInfo).port).toBe(5050);
    expect(defaults(v1.CommandInfo).shell).toBe(true);
    expect(defaults(v1.ContainerInfo_DockerInfo)).toEqual({
      network: v1.ContainerInfo_DockerInfo_Network.HOST,
      privileged: false,
    });
    expect(defaults(v1.Resource).role).toBe("*");
    expect(defaults(v1.TaskID)).toEqual({});
    expect(withDefaults(v1.FrameworkInfo, { user: "u", name: "n", checkpoint: true })).toEqual({
      user: "u",
      name: "n",
      checkpoint: true,
      failover_timeout: 0,
    });
  });

  it("keeps unknown fields through decode -> encode, byte for byte", () => {
    const known = encodeMessage(v1.TaskID, { value: "t" });
    // Field 15 (varint 300) and field 16 (length-delimited "hi") from a newer schema.
    const extra = Uint8Array.from([0x78, 0xac, 0x02, 0x82, 0x01, 0x02, 0x68, 0x69]);
    const bytes = Uint8Array.from([...known, ...extra]);
    const decoded = decodeMessage(v1.TaskID, bytes);
    expect(decoded.value).toBe("t");
    expect(hex(encodeMessage(v1.TaskID, decoded))).toBe(hex(bytes));
  });

  it("never throws on enum values from a newer master (binary), and JSON drops them", () => {
    // MasterInfo.Capability{type: 42}
    const capability = decodeMessage(v1.MasterInfo_Capability, Uint8Array.from([0x08, 42]));
    expect(capability.type).toBe(42);
    expect(hex(encodeMessage(v1.MasterInfo_Capability, capability))).toBe("082a");
    expect(MesosJson.stringify(v1.MasterInfo_Capability, capability)).toBe("{}");
    const event = decodeMessage(scheduler.Event, Uint8Array.from([0x08, 99]));
    expect(event.type).toBe(99);
  });

  it("decodeMessage checks required fields like Mesos; allowPartial skips the check", () => {
    const bytes = encodeMessage(v1.MasterInfo, { id: "m" });
    expect(() => decodeMessage(v1.MasterInfo, bytes)).toThrow(
      expect.objectContaining({ code: "MESOS_PROTO_MISSING_REQUIRED", type: "mesos.v1.MasterInfo" }),
    );
    expect(decodeMessage(v1.MasterInfo, bytes, { allowPartial: true }).id).toBe("m");
    expect(findMissingRequired(scheduler.Call, { subscribe: { framework_info: { user: "u" } } })).toEqual([
      "subscribe.framework_info.name",
    ]);
  });

  it("decodeMessage wraps malformed bytes in a ProtoDecodeError", () => {
    for (const bytes of [
      Uint8Array.from([0x0a, 0x05, 0x61]),
      Uint8Array.from([0x0f]),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ]) {
      let error: unknown;
      try {
        decodeMessage(v1.TaskID, bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProtoDecodeError);
      expect((error as ProtoDecodeError).code).toBe("MESOS_PROTO_DECODE");
    }
    // Recursion bomb: ContainerID.parent nested 150 deep exceeds ts-proto's limit of 100.
    let bomb = encodeMessage(v1.ContainerID, { value: "c" });
    for (let i = 0; i < 150; i++)
      bomb = Uint8Array.from([
        ...encodeMessage(v1.ContainerID, { value: "c" }),
        0x12,
        ...varint(bomb.length),
        ...bomb,
      ]);
    expect(() => decodeMessage(v1.ContainerID, bomb)).toThrow(
      expect.objectContaining({ code: "MESOS_PROTO_DECODE" }),
    );
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
