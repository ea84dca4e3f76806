import { describe, expect, it } from "vitest";
import { encode, RecordIODecoder } from "../src/index.js";
import { chunkings, concat, decodeAll, text, utf8 } from "./helpers/bytes.js";

const payloads = ["hello", "", "wörld ✓ 😀", "x".repeat(1000), '{"type":"HEARTBEAT"}', "\n\n12\n"];
const stream = concat(payloads.map((p) => encode(utf8(p))));

function pushAll(chunks: Uint8Array[]): Uint8Array[] {
  const decoder = new RecordIODecoder();
  const records = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return records;
}

describe("RecordIODecoder.push under hostile chunking", () => {
  for (const [name, chunks] of chunkings(stream)) {
    it(`decodes every record exactly: ${name}`, () => {
      expect(pushAll(chunks).map(text)).toEqual(payloads);
    });
    it(`decode() agrees: ${name}`, async () => {
      const { records, error } = await decodeAll(chunks);
      expect(error).toBeUndefined();
      expect(records.map(text)).toEqual(payloads);
    });
  }

  it("counts bytes, not characters: a 2-byte character counts 2", () => {
    const decoder = new RecordIODecoder();
    const records = decoder.push(utf8('7\n{"é":}3\nabc'));
    expect(records.map(text)).toEqual(['{"é":}', "abc"]);
  });

  it("cuts between the digits and the newline, and inside the digits", () => {
    const decoder = new RecordIODecoder();
    expect(decoder.push(utf8("1"))).toEqual([]);
    expect(decoder.push(utf8("2"))).toEqual([]);
    expect(decoder.atBoundary).toBe(false);
    expect(decoder.push(utf8("\n"))).toEqual([]);
    expect(decoder.push(utf8("hello world!3\nab")).map(text)).toEqual(["hello world!"]);
    expect(decoder.push(utf8("c")).map(text)).toEqual(["abc"]);
    expect(decoder.atBoundary).toBe(true);
    decoder.end();
  });

  it("returns a record that lies inside one chunk as a view of that chunk, without copying", () => {
    const chunk = concat([encode(utf8("abc")), encode(utf8("defg"))]);
    const [first, second] = new RecordIODecoder().push(chunk);
    expect(first?.buffer).toBe(chunk.buffer);
    expect(second?.buffer).toBe(chunk.buffer);
    expect(second?.byteOffset).toBe(chunk.byteOffset + 5 + 2);
  });

  it("assembles a record that spans chunks into its own buffer of exactly its size", () => {
    const chunks = [utf8("10\n01234"), utf8("567"), utf8("89")];
    const decoder = new RecordIODecoder();
    const records = chunks.flatMap((chunk) => decoder.push(chunk));
    expect(records).toHaveLength(1);
    const record = records[0] as Uint8Array;
    expect(text(record)).toBe("0123456789");
    expect(record.byteLength).toBe(10);
    for (const chunk of chunks) expect(record.buffer).not.toBe(chunk.buffer);
  });

  it("hands out plain Uint8Array records even from Buffer chunks", () => {
    const decoder = new RecordIODecoder();
    const records = [...decoder.push(Buffer.from("2\nab3\nab")), ...decoder.push(Buffer.from("c"))];
    for (const record of records) expect(Object.getPrototypeOf(record)).toBe(Uint8Array.prototype);
    expect(records.map(text)).toEqual(["ab", "abc"]);
  });

  it("accepts chunks that are views with a byteOffset into a larger buffer", () => {
    const backing = utf8("garbage5\nhellomore garbage");
    const view = backing.subarray(7, 7 + 8);
    expect(new RecordIODecoder().push(view).map(text)).toEqual(["hello"]);
  });

  it("treats empty chunks as nothing", () => {
    const decoder = new RecordIODecoder();
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(decoder.push(utf8("1\na")).map(text)).toEqual(["a"]);
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    decoder.end();
  });

  it("reads leading zeros as the number they spell (only [0-9]+ is checked)", () => {
    expect(new RecordIODecoder().push(utf8("003\nabc")).map(text)).toEqual(["abc"]);
  });

  it("end() on an empty stream or at a boundary succeeds, and is idempotent", () => {
    const decoder = new RecordIODecoder();
    decoder.end();
    decoder.end();
    expect(() => decoder.push(utf8("1\na"))).toThrow(/after end/);
  });
});

describe("zero-length records", () => {
  it("decodes `0\\n` as an empty record, in order, without desynchronising", () => {
    const records = new RecordIODecoder().push(utf8("0\n1\na0\n0\n"));
    expect(records.map((r) => r.length)).toEqual([0, 1, 0, 0]);
  });

  it("encodes an empty record as `0\\n`", () => {
    expect(text(encode(new Uint8Array(0)))).toBe("0\n");
  });
});
