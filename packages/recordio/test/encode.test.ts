import { describe, expect, it } from "vitest";
import { AbortError, decode, encode, encodeAll, RecordIOEncoderStream } from "../src/index.js";
import { asAsync, concat, decodeAll, text, utf8 } from "./helpers/bytes.js";

async function collect(iterable: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("encode", () => {
  it.each([
    ["", "0\n"],
    ["a", "1\na"],
    ["0123456789", "10\n0123456789"],
    ["é", "2\né"],
    ["😀", "4\n😀"],
  ])("frames %j as %j", (payload, framed) => {
    expect(text(encode(utf8(payload)))).toBe(framed);
  });

  it("writes the decimal byte count with no leading zeros, for lengths at digit boundaries", () => {
    for (const length of [9, 10, 99, 100, 999, 1000, 65_535, 65_536, 1_000_000]) {
      const framed = encode(new Uint8Array(length));
      const header = `${length}\n`;
      expect(text(framed.subarray(0, header.length))).toBe(header);
      expect(framed.length).toBe(header.length + length);
    }
  });

  it("copies the payload: the frame does not change when the input does", () => {
    const payload = utf8("abc");
    const framed = encode(payload);
    payload[0] = 0x7a;
    expect(text(framed)).toBe("3\nabc");
  });

  it("takes any Uint8Array view, including a Buffer slice", () => {
    const backing = Buffer.from("xxhelloxx");
    expect(text(encode(backing.subarray(2, 7)))).toBe("5\nhello");
  });

  it("refuses strings: RecordIO lengths are byte counts", () => {
    expect(() => encode("abc" as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe("encodeAll", () => {
  it("frames each record of an async iterable as one chunk", async () => {
    const chunks = await collect(encodeAll(asAsync([utf8("a"), utf8(""), utf8("ccc")])));
    expect(chunks.map(text)).toEqual(["1\na", "0\n", "3\nccc"]);
  });

  it("accepts a ReadableStream and a plain array", async () => {
    const readable = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(utf8("x"));
        controller.close();
      },
    });
    expect((await collect(encodeAll(readable))).map(text)).toEqual(["1\nx"]);
    expect((await collect(encodeAll([utf8("yy")]))).map(text)).toEqual(["2\nyy"]);
  });

  it("round-trips through decode()", async () => {
    const payloads = ["first", "", "✓ third"];
    const records = await collect(decode(encodeAll(asAsync(payloads.map(utf8)))));
    expect(records.map(text)).toEqual(payloads);
  });

  it("is pull-based: the next record is read only when the previous chunk was taken", async () => {
    let pulled = 0;
    async function* source() {
      for (;;) {
        pulled++;
        yield utf8("r");
      }
    }
    const iterator = encodeAll(source());
    await iterator.next();
    await iterator.next();
    expect(pulled).toBe(2);
    await iterator.return();
  });

  it("stops with AbortError while waiting for the next record", async () => {
    const controller = new AbortController();
    async function* source() {
      yield utf8("first");
      await new Promise(() => {});
    }
    const iterator = encodeAll(source(), { signal: controller.signal });
    expect(text((await iterator.next()).value as Uint8Array)).toBe("5\nfirst");
    const next = iterator.next();
    setTimeout(() => controller.abort(), 10);
    await expect(next).rejects.toBeInstanceOf(AbortError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe("RecordIOEncoderStream", () => {
  it("frames each chunk written as one record", async () => {
    const readable = ReadableStream.from([utf8("hello"), utf8(""), utf8("wörld")]).pipeThrough(
      new RecordIOEncoderStream(),
    );
    const chunks = await collect(readable);
    expect(chunks.map(text)).toEqual(["5\nhello", "0\n", "6\nwörld"]);
    const { records } = await decodeAll([concat(chunks)]);
    expect(records.map(text)).toEqual(["hello", "", "wörld"]);
  });

  it("is a TransformStream", () => {
    expect(new RecordIOEncoderStream()).toBeInstanceOf(TransformStream);
  });
});
