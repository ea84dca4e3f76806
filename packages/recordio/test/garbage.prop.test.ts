import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { RecordIODecoder, RecordIOError, type RecordIOErrorCode } from "../src/index.js";
import { decodeAll, splitAt } from "./helpers/bytes.js";

const MAX = 64;

/**
 * Independent model of the grammar, on the whole stream at once: `[0-9]{1,20} \n payload`,
 * length <= 2^64 - 1 and <= MAX, truncation at the end is an error.
 */
function model(bytes: Uint8Array): { records: Uint8Array[]; code: RecordIOErrorCode | undefined } {
  const records: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let digits = "";
    for (;;) {
      const byte = bytes[pos];
      if (byte === undefined) return { records, code: "MESOS_RECORDIO_TRUNCATED" };
      if (byte >= 0x30 && byte <= 0x39) {
        if (digits.length === 20) return { records, code: "MESOS_RECORDIO_LENGTH_OVERFLOW" };
        digits += String.fromCharCode(byte);
        pos++;
      } else if (byte === 0x0a && digits.length > 0) {
        pos++;
        break;
      } else {
        return { records, code: "MESOS_RECORDIO_BAD_LENGTH_CHARACTER" };
      }
    }
    const length = BigInt(digits);
    if (length >= 2n ** 64n) return { records, code: "MESOS_RECORDIO_LENGTH_OVERFLOW" };
    if (length > BigInt(MAX)) return { records, code: "MESOS_RECORDIO_RECORD_TOO_LARGE" };
    if (pos + Number(length) > bytes.length) return { records, code: "MESOS_RECORDIO_TRUNCATED" };
    records.push(bytes.slice(pos, pos + Number(length)));
    pos += Number(length);
  }
  return { records, code: undefined };
}

const anyBytes = fc.uint8Array({ maxLength: 300 });
/** Mostly digits and newlines, so that garbage often looks almost right. */
const nearlyRecordIO = fc
  .array(fc.constantFrom(0x30, 0x31, 0x32, 0x35, 0x39, 0x0a, 0x0a, 0x61, 0x2d, 0x0d, 0xff), {
    maxLength: 300,
  })
  .map((bytes) => Uint8Array.from(bytes));
/** Long digit runs: the 20-digit and uint64 edges. */
const longLengths = fc
  .tuple(fc.stringMatching(/^[0-9]{15,25}$/), fc.boolean())
  .map(([digits, newline]) => new TextEncoder().encode(newline ? `${digits}\n` : digits));
const garbage = fc.oneof(anyBytes, nearlyRecordIO, longLengths);
const cuts = fc.array(fc.nat({ max: 300 }), { maxLength: 30 });

function pushAll(chunks: Uint8Array[]): { records: Uint8Array[]; error: unknown } {
  const decoder = new RecordIODecoder({ maxRecordBytes: MAX });
  const records: Uint8Array[] = [];
  try {
    for (const chunk of chunks) records.push(...decoder.push(chunk));
    decoder.end();
    return { records, error: undefined };
  } catch (error) {
    return { records, error };
  }
}

describe("arbitrary bytes end in valid records or one typed error, never a hang or a crash", () => {
  test.prop([garbage, cuts], { numRuns: 300 })(
    "push/end agree with the model under any chunking",
    (bytes, at) => {
      const expected = model(bytes);
      const { records, error } = pushAll(splitAt(bytes, at));
      expect(records).toEqual(expected.records);
      if (expected.code === undefined) {
        expect(error).toBeUndefined();
      } else {
        expect(error).toBeInstanceOf(RecordIOError);
        expect((error as RecordIOError).code).toBe(expected.code);
      }
    },
  );

  test.prop([garbage, cuts], { numRuns: 150 })("decode() agrees with the model", async (bytes, at) => {
    const expected = model(bytes);
    const { records, error } = await decodeAll(splitAt(bytes, at), { maxRecordBytes: MAX });
    expect(records).toEqual(expected.records);
    expect(error === undefined ? undefined : (error as RecordIOError).code).toBe(expected.code);
  });
});
