import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encode, TruncatedRecordError } from "../src/index.js";
import { chunkings, concat, decodeAll, text } from "./helpers/bytes.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));

// Streams written by hand, byte for byte, as Mesos frames them
// (3rdparty/stout/include/stout/recordio.hpp).
describe("hand-written streams", () => {
  for (const [chunking, chunks] of chunkings(fixture("scheduler-subscribed-heartbeat.recordio"))) {
    it(`JSON example: SUBSCRIBED (139 bytes) then HEARTBEAT (20 bytes), ${chunking}`, async () => {
      const { records, error } = await decodeAll(chunks);
      expect(error).toBeUndefined();
      expect(records.map((r) => r.length)).toEqual([139, 20]);
      const [subscribed, heartbeat] = records.map((r) => JSON.parse(text(r)));
      expect(subscribed.type).toBe("SUBSCRIBED");
      expect(subscribed.subscribed.heartbeat_interval_seconds).toBe(15);
      expect(heartbeat).toEqual({ type: "HEARTBEAT" });
    });
  }

  it("protobuf HEARTBEAT: `2\\n\\x08\\x08` is one record of bytes 08 08", async () => {
    for (const [, chunks] of chunkings(fixture("heartbeat-protobuf.recordio"))) {
      const { records, error } = await decodeAll(chunks);
      expect(error).toBeUndefined();
      expect(records).toEqual([Uint8Array.of(0x08, 0x08)]);
    }
  });

  it("a JSON payload with non-ASCII text is counted in bytes (52 bytes, 50 characters)", async () => {
    for (const [, chunks] of chunkings(fixture("error-non-ascii.recordio"))) {
      const { records } = await decodeAll(chunks);
      expect(records[0]?.length).toBe(52);
      expect(JSON.parse(text(records[0] as Uint8Array)).error.message).toBe("rôle refusé");
      expect(text(records[1] as Uint8Array)).toBe('{"type":"HEARTBEAT"}');
    }
  });

  it("empty records (`0\\n`) come out as empty Uint8Arrays without desynchronising", async () => {
    const { records, error } = await decodeAll([fixture("empty-records.recordio")]);
    expect(error).toBeUndefined();
    expect(records.map(text)).toEqual(["", '{"type":"HEARTBEAT"}', ""]);
  });

  it("a stream cut inside a payload delivers the whole records, then TruncatedRecordError", async () => {
    for (const [, chunks] of chunkings(fixture("truncated-payload.recordio"))) {
      const { records, error } = await decodeAll(chunks);
      expect(records.map(text)).toEqual(['{"type":"HEARTBEAT"}']);
      expect(error).toBeInstanceOf(TruncatedRecordError);
      expect((error as TruncatedRecordError).receivedBytes).toBe(14);
    }
  });

  it("our encoder writes exactly the hand-written bytes", () => {
    const payloads = [
      '{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"7c0b5e4e-2f35-4a55-9b7e-0e0c3c9f1a10-0000"},"heartbeat_interval_seconds":15.0}}',
      '{"type":"HEARTBEAT"}',
    ];
    const encoded = concat(payloads.map((p) => encode(new TextEncoder().encode(p))));
    expect(encoded).toEqual(fixture("scheduler-subscribed-heartbeat.recordio"));
    expect(encode(Uint8Array.of(8, 8))).toEqual(fixture("heartbeat-protobuf.recordio"));
  });
});
