import { scheduler } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { describe, expect, it } from "vitest";
import {
  apiCodec,
  contentTypeOf,
  headersFor,
  MalformedMessageError,
  messageCodec,
  recordContentType,
  recordStream,
} from "../src/index.js";

const call: scheduler.Call = {
  type: scheduler.Call_Type.KILL,
  framework_id: { value: "fw-1" },
  kill: { task_id: { value: "t-1" }, agent_id: { value: "a-1" } },
};

describe.each(["protobuf", "json"] as const)("codecs (%s)", (contentType) => {
  it("round-trips a call and names its media type", () => {
    const codec = apiCodec(scheduler.Call, scheduler.Event, contentType);
    expect(codec.mediaType).toBe(contentType === "json" ? "application/json" : "application/x-protobuf");
    expect(codec.call.decode(codec.call.encode(call))).toMatchObject({ kill: { task_id: { value: "t-1" } } });
  });

  it("frames a streaming request body as RecordIO records, one per message", async () => {
    const codec = messageCodec(scheduler.Call, contentType);
    const chunks: Uint8Array[] = [];
    for await (const chunk of recordStream([call, { ...call, kill: { task_id: { value: "t-2" } } }], codec)) {
      chunks.push(chunk);
    }
    const records = new RecordIODecoder().push(Buffer.concat(chunks));
    expect(records.map((r) => codec.decode(r).kill?.task_id?.value)).toEqual(["t-1", "t-2"]);
  });

  it("reports bytes that are not the message as MalformedMessageError", () => {
    const codec = messageCodec(scheduler.Event, contentType);
    expect(() => codec.decode(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(MalformedMessageError);
  });
});

describe("headers", () => {
  it("plain calls name the content type in Content-Type and Accept", () => {
    expect(headersFor("json")).toEqual({ "content-type": "application/json", accept: "application/json" });
  });

  it("streaming calls use application/recordio with Message-Content-Type / Message-Accept, in both directions", () => {
    expect(headersFor("protobuf", { recordsIn: true, recordsOut: true })).toEqual({
      "content-type": "application/recordio",
      "message-content-type": "application/x-protobuf",
      accept: "application/recordio",
      "message-accept": "application/x-protobuf",
    });
    expect(headersFor("json", { recordsOut: true })).toEqual({
      "content-type": "application/json",
      accept: "application/recordio",
      "message-accept": "application/json",
    });
  });

  it("reads the record type of a streamed answer from either form", () => {
    expect(recordContentType({ "content-type": "application/json" })).toBe("json");
    expect(
      recordContentType({
        "content-type": "application/recordio",
        "message-content-type": "application/x-protobuf",
      }),
    ).toBe("protobuf");
    expect(contentTypeOf("application/json; charset=utf-8")).toBe("json");
    expect(contentTypeOf("text/plain")).toBeUndefined();
  });
});
