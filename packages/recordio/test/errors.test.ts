import { describe, expect, it } from "vitest";
import {
  BadLengthCharacterError,
  LengthOverflowError,
  RecordIODecoder,
  RecordIOError,
  RecordTooLargeError,
  TruncatedRecordError,
} from "../src/index.js";
import { concat, decodeAll, splitEvery, text, utf8 } from "./helpers/bytes.js";

function failure(run: () => unknown): RecordIOError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RecordIOError);
    return error as RecordIOError;
  }
  throw new Error("expected a RecordIOError");
}

describe("bad length character", () => {
  it.each([
    ["a letter", "12a\nx", 0x61, 2],
    ["a sign", "-1\nx", 0x2d, 0],
    ["a space", " 1\nx", 0x20, 0],
    ["a carriage return", "1\r\nx", 0x0d, 1],
    ["a newline with no digit", "\nx", 0x0a, 0],
    ["a hex prefix", "0x1\nx", 0x78, 1],
  ])("rejects %s with its byte and stream offset", (_name, input, byte, offset) => {
    const error = failure(() => new RecordIODecoder().push(utf8(input)));
    expect(error).toBeInstanceOf(BadLengthCharacterError);
    expect(error.code).toBe("MESOS_RECORDIO_BAD_LENGTH_CHARACTER");
    expect(error.name).toBe("BadLengthCharacterError");
    expect((error as BadLengthCharacterError).byte).toBe(byte);
    expect((error as BadLengthCharacterError).offset).toBe(offset);
  });

  it("reports the offset in the whole stream, across chunks", () => {
    const decoder = new RecordIODecoder();
    expect(decoder.push(utf8("3\nabc1")).map(text)).toEqual(["abc"]);
    const error = failure(() => decoder.push(utf8("0#")));
    expect((error as BadLengthCharacterError).offset).toBe(7);
  });

  it("never puts payload bytes in the message", () => {
    const decoder = new RecordIODecoder();
    decoder.push(utf8("6\nsecret"));
    const error = failure(() => decoder.push(utf8("Z")));
    expect(error.message).not.toContain("secret");
    expect(error.message).toContain("0x5a");
  });
});

describe("length overflow", () => {
  it("rejects a 21st digit, before any newline arrives", () => {
    const error = failure(() => new RecordIODecoder().push(utf8("1".repeat(21))));
    expect(error).toBeInstanceOf(LengthOverflowError);
    expect(error.code).toBe("MESOS_RECORDIO_LENGTH_OVERFLOW");
    expect((error as LengthOverflowError).digits).toBe(21);
    expect((error as LengthOverflowError).offset).toBe(20);
  });

  it("rejects 21+ digits fed one byte at a time, even with an unlimited-looking maximum", () => {
    const decoder = new RecordIODecoder({ maxRecordBytes: 2 ** 32 });
    const digits = splitEvery(utf8("0".repeat(25)), 1);
    const error = failure(() => {
      for (const digit of digits) decoder.push(digit);
    });
    expect(error).toBeInstanceOf(LengthOverflowError);
  });

  it("rejects a 20-digit length above 2^64 - 1, and accepts 2^64 - 1 itself as merely too large", () => {
    const over = failure(() => new RecordIODecoder().push(utf8("18446744073709551616\n")));
    expect(over).toBeInstanceOf(LengthOverflowError);
    const max = failure(() => new RecordIODecoder().push(utf8("18446744073709551615\n")));
    expect(max).toBeInstanceOf(RecordTooLargeError);
    expect((max as RecordTooLargeError).declaredLength).toBe(18446744073709551615n);
  });

  it("reports the exact length when the digits were split across chunks", () => {
    const decoder = new RecordIODecoder();
    const error = failure(() => {
      for (const piece of ["1844", "6744073", "7095516", "15\n"]) decoder.push(utf8(piece));
    });
    expect((error as RecordTooLargeError).declaredLength).toBe(18446744073709551615n);
  });
});

describe("record too large", () => {
  it("rejects a length above maxRecordBytes, with both numbers and the offset", () => {
    const decoder = new RecordIODecoder({ maxRecordBytes: 10 });
    expect(decoder.push(utf8("2\nok")).map(text)).toEqual(["ok"]);
    const error = failure(() => decoder.push(utf8("11\n")));
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error.code).toBe("MESOS_RECORDIO_RECORD_TOO_LARGE");
    const tooLarge = error as RecordTooLargeError;
    expect(tooLarge.declaredLength).toBe(11n);
    expect(tooLarge.maxRecordBytes).toBe(10);
    expect(tooLarge.offset).toBe(6);
  });

  it("accepts a record of exactly maxRecordBytes", () => {
    const decoder = new RecordIODecoder({ maxRecordBytes: 3 });
    expect(decoder.push(utf8("3\nabc")).map(text)).toEqual(["abc"]);
  });

  it("with maxRecordBytes 0 accepts only empty records", () => {
    const decoder = new RecordIODecoder({ maxRecordBytes: 0 });
    expect(decoder.push(utf8("0\n0\n"))).toHaveLength(2);
    expect(failure(() => decoder.push(utf8("1\nx")))).toBeInstanceOf(RecordTooLargeError);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY])("refuses maxRecordBytes %s", (max) => {
    expect(() => new RecordIODecoder({ maxRecordBytes: max })).toThrow(RangeError);
  });
});

describe("truncated at end of stream", () => {
  it("inside the digits", () => {
    const decoder = new RecordIODecoder();
    expect(decoder.push(utf8("1\na12"))).toHaveLength(1);
    const error = failure(() => decoder.end());
    expect(error).toBeInstanceOf(TruncatedRecordError);
    expect(error.code).toBe("MESOS_RECORDIO_TRUNCATED");
    expect((error as TruncatedRecordError).inside).toBe("length");
    expect((error as TruncatedRecordError).offset).toBe(5);
  });

  it("right after the newline", () => {
    const decoder = new RecordIODecoder();
    decoder.push(utf8("5\n"));
    const error = failure(() => decoder.end()) as TruncatedRecordError;
    expect([error.inside, error.declaredLength, error.receivedBytes]).toEqual(["payload", 5, 0]);
  });

  it("inside the payload, counting what arrived", () => {
    const decoder = new RecordIODecoder();
    decoder.push(utf8("10\nabc"));
    decoder.push(utf8("de"));
    const error = failure(() => decoder.end()) as TruncatedRecordError;
    expect([error.inside, error.declaredLength, error.receivedBytes, error.offset]).toEqual([
      "payload",
      10,
      5,
      8,
    ]);
  });

  it("decode() raises it after delivering the complete records", async () => {
    const { records, error } = await decodeAll([utf8("2\nok3\nab")]);
    expect(records.map(text)).toEqual(["ok"]);
    expect(error).toBeInstanceOf(TruncatedRecordError);
  });
});

describe("after an error", () => {
  it("push returns the records before the bad byte, then every later call throws the same error", () => {
    const decoder = new RecordIODecoder();
    const records = decoder.push(utf8("2\nab1\ncX\n"));
    expect(records.map(text)).toEqual(["ab", "c"]);
    const error = decoder.error;
    expect(error).toBeInstanceOf(BadLengthCharacterError);
    expect(() => decoder.push(utf8("1\nd"))).toThrow(error);
    expect(() => decoder.push(new Uint8Array(0))).toThrow(error);
    expect(() => decoder.end()).toThrow(error);
    expect(decoder.error).toBe(error);
  });

  it("throws at once when the failing chunk completed no record, and stays failed", () => {
    const decoder = new RecordIODecoder({ maxRecordBytes: 4 });
    const error = failure(() => decoder.push(utf8("5\nabcde")));
    expect(() => decoder.push(utf8("1\na"))).toThrow(error);
    expect(() => decoder.end()).toThrow(error);
  });

  it("a truncation error is permanent too", () => {
    const decoder = new RecordIODecoder();
    decoder.push(utf8("3\na"));
    const error = failure(() => decoder.end());
    expect(() => decoder.end()).toThrow(error);
    expect(() => decoder.push(utf8("bc"))).toThrow(error);
  });

  it("decode() delivers every record before the error, under every chunking", async () => {
    const stream = concat([utf8("1\na2\nbc"), utf8("0\n3\ndef"), utf8("4\nxy?")]);
    for (const size of [1, 2, 3, 5, stream.length]) {
      const { records, error } = await decodeAll(splitEvery(stream, size));
      expect(records.map(text)).toEqual(["a", "bc", "", "def"]);
      expect(error).toBeInstanceOf(TruncatedRecordError);
    }
    const bad = await decodeAll(splitEvery(utf8("1\na1\nbQ"), 1));
    expect(bad.records.map(text)).toEqual(["a", "b"]);
    expect(bad.error).toBeInstanceOf(BadLengthCharacterError);
  });

  it("rejects non-byte chunks with a TypeError, not a decoding error", () => {
    const decoder = new RecordIODecoder();
    expect(() => decoder.push("1\na" as unknown as Uint8Array)).toThrow(/string/);
  });
});
