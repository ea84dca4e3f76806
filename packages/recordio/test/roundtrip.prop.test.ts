import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { encode, RecordIODecoder } from "../src/index.js";
import { asAsync, concat, decodeAll, splitAt, splitEvery, utf8 } from "./helpers/bytes.js";

const emptyPayload = fc.constant(new Uint8Array(0));
const smallPayload = fc.uint8Array({ maxLength: 40 });
const textPayload = fc.string({ unit: "grapheme", maxLength: 30 }).map(utf8);
// Bigger than a length line and than most cuts: exercises assembly across many chunks.
const largePayload = fc.uint8Array({ minLength: 1_000, maxLength: 20_000 });

const payloads = fc.array(
  fc.oneof(
    { arbitrary: emptyPayload, weight: 1 },
    { arbitrary: smallPayload, weight: 4 },
    { arbitrary: textPayload, weight: 4 },
    { arbitrary: largePayload, weight: 1 },
  ),
  { maxLength: 12 },
);

/** Cut offsets as fractions of the stream, so they land everywhere whatever its length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });

function pushAll(chunks: Uint8Array[], maxRecordBytes?: number): Uint8Array[] {
  const decoder = new RecordIODecoder({ maxRecordBytes });
  const records = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return records;
}

describe("encode -> split anywhere -> decode is the identity", () => {
  test.prop([payloads, cuts])("RecordIODecoder.push, arbitrary cut points", (records, fractions) => {
    const stream = concat(records.map(encode));
    const chunks = splitAt(
      stream,
      fractions.map((f) => Math.floor(f * stream.length)),
    );
    expect(pushAll(chunks)).toEqual(records);
  });

  test.prop([payloads, cuts])(
    "decode() over an async iterable, arbitrary cut points",
    async (records, fractions) => {
      const stream = concat(records.map(encode));
      const chunks = splitAt(
        stream,
        fractions.map((f) => Math.floor(f * stream.length)),
      );
      const { records: decoded, error } = await decodeAll(asAsync(chunks));
      expect(error).toBeUndefined();
      expect(decoded).toEqual(records);
    },
  );

  test.prop([fc.array(fc.oneof(emptyPayload, smallPayload, textPayload), { maxLength: 12 })])(
    "1-byte chunks",
    (records) => {
      expect(pushAll(splitEvery(concat(records.map(encode)), 1))).toEqual(records);
    },
  );

  test.prop([largePayload, fc.integer({ min: 1, max: 4096 })], { numRuns: 30 })(
    "large records in fixed-size chunks of any size, including 1 byte",
    (record, chunkSize) => {
      const stream = concat([encode(record), encode(record)]);
      expect(pushAll(splitEvery(stream, chunkSize))).toEqual([record, record]);
    },
  );

  test.prop([payloads])("the smallest sufficient maxRecordBytes accepts the stream", (records) => {
    const largest = records.reduce((max, r) => Math.max(max, r.length), 0);
    expect(pushAll([concat(records.map(encode))], largest)).toEqual(records);
  });
});
