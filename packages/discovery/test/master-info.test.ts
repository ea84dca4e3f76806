import { v1 } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import {
  decodeMasterInfo,
  masterAddress,
  masterBaseUrl,
  masterInfoToJson,
  masterInfoToMesosJson,
  packIp,
  unpackIp,
} from "../src/index.js";
import { fakeMaster, masterInfoBinary, masterInfoJson } from "./helpers/mesos-master.js";

describe("MasterInfo", () => {
  it("unpacks the little-endian s_addr ip", () => {
    expect(unpackIp(16777343)).toBe("127.0.0.1");
    expect(unpackIp(83886090)).toBe("10.0.0.5");
    expect(packIp("10.0.0.5")).toBe(83886090);
    expect(packIp("300.1.1.1")).toBeUndefined();
  });

  it("decodes each label", () => {
    const m = fakeMaster(3);
    expect(decodeMasterInfo("json.info", Buffer.from(masterInfoJson(m)), "n").capabilities).toEqual([
      { type: v1.MasterInfo_Capability_Type.AGENT_UPDATE },
      { type: v1.MasterInfo_Capability_Type.AGENT_DRAINING },
      { type: v1.MasterInfo_Capability_Type.QUOTA_V2 },
    ]);
    expect(decodeMasterInfo("info", masterInfoBinary(m), "n").address?.ip).toBe("10.0.0.3");
    expect(decodeMasterInfo("", Buffer.from("master@10.0.0.3:5053"), "n")).toMatchObject({
      ip: packIp("10.0.0.3"),
      port: 5053,
    });
    expect(() => decodeMasterInfo("json.info", Buffer.from("{nope"), "/mesos/json.info_1")).toThrow(
      expect.objectContaining({ code: "MESOS_DISCOVERY_BAD_MASTER_INFO" }),
    );
  });

  it("reads a znode in Mesos JSON: unknown enum names and keys ignored, required fields checked", () => {
    const text =
      '{"address":{"ip":"10.0.0.9","port":5050},"capabilities":[{"type":"AGENT_UPDATE"},' +
      '{"type":"SOMETHING_FROM_MESOS_2"}],"future_field":{"x":1},"id":"m9","ip":151003146,"port":5050}';
    const info = decodeMasterInfo("json.info", Buffer.from(text), "n");
    expect(info.id).toBe("m9");
    expect(info.capabilities?.[0]).toEqual({ type: v1.MasterInfo_Capability_Type.AGENT_UPDATE });
    expect(info.capabilities?.[1]?.type).toBeUndefined(); // kept as `{}`, as Mesos does
    expect(masterAddress(info)).toBe("10.0.0.9:5050");
    expect(() => decodeMasterInfo("json.info", Buffer.from('{"id":"m9","port":5050}'), "n")).toThrow(
      expect.objectContaining({ code: "MESOS_DISCOVERY_BAD_MASTER_INFO" }),
    );
  });

  it("writes Mesos JSON: snake_case, enum names, `{}` for a capability without a known type", () => {
    const text = masterInfoToMesosJson({
      id: "m9",
      ip: 151003146,
      port: 5050,
      address: { ip: "10.0.0.9", port: 5050 },
      capabilities: [{ type: v1.MasterInfo_Capability_Type.AGENT_UPDATE }, {}],
    });
    expect(text).toBe(
      '{"id":"m9","ip":151003146,"port":5050,"address":{"ip":"10.0.0.9","port":5050},' +
        '"capabilities":[{"type":"AGENT_UPDATE"},{}]}',
    );
    expect(masterInfoToJson(decodeMasterInfo("json.info", Buffer.from(text), "n"))).toEqual(JSON.parse(text));
  });

  it("builds addresses: address.ip, else the packed ip; hostname on request; scheme is policy", () => {
    expect(
      masterAddress({ ip: 16777343, port: 5050, hostname: "h", address: { ip: "10.1.1.1", port: 5051 } }),
    ).toBe("10.1.1.1:5051");
    expect(masterAddress({ ip: 16777343, port: 5050, hostname: "h" })).toBe("127.0.0.1:5050");
    expect(masterAddress({ ip: 16777343, port: 5050, hostname: "h" }, { hostname: true })).toBe("h:5050");
    expect(
      masterBaseUrl({ ip: 0, port: 5050, address: { ip: "::1", port: 5050 } }, { scheme: "https" }),
    ).toBe("https://[::1]:5050");
  });
});
