import { createRequire } from "node:module";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { encode, encodeAll } from "../src/index.js";
import { asAsync, concat, splitAt, utf8 } from "./helpers/bytes.js";

// @dcos/recordio is CommonJS without types: `read(text)` returns [records, unparsed rest].
const { read } = createRequire(import.meta.url)("@dcos/recordio") as {
  read: (input: string) => [string[], string];
};

/**
 * Reads bytes the way @dcos/mesos-client does (src/stream/readRecordioRecords.js): each new
 * piece of text is appended to the unparsed rest and parsed again. A streaming TextDecoder
 * stands in for XHR's responseText, so a chunk may cut a UTF-8 sequence.
 */
function dcosReadChunks(chunks: Uint8Array[]): { records: string[]; rest: string } {
  const decoder = new TextDecoder();
  const records: string[] = [];
  let rest = "";
  for (const chunk of chunks) {
    const [found, remainder] = read(rest + decoder.decode(chunk, { stream: true }));
    records.push(...found);
    rest = remainder;
  }
  return { records, rest };
}

// @dcos/recordio's limits, not ours: it only sees text, needs a non-empty payload whose first
// character is not a line terminator (its pattern is /^\d+\n.+/), and cannot carry binary.
const dcosReadable = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 60 })
  .filter((s) => !/^[\n\r\u2028\u2029]/.test(s));

describe("interop: @dcos/recordio reads what we write", () => {
  test.prop([fc.array(dcosReadable, { maxLength: 10 }), fc.array(fc.nat({ max: 2000 }), { maxLength: 20 })])(
    "records with non-ASCII text, split at arbitrary byte offsets",
    (payloads, cuts) => {
      const stream = concat(payloads.map((p) => encode(utf8(p))));
      const { records, rest } = dcosReadChunks(splitAt(stream, cuts));
      expect(records).toEqual(payloads);
      expect(rest).toBe("");
    },
  );

  it("the output of encodeAll, one chunk per record", async () => {
    const payloads = ['{"type":"HEARTBEAT"}', '{"message":"naïve ✓ 😀"}', "x".repeat(5000)];
    const chunks: Uint8Array[] = [];
    for await (const chunk of encodeAll(asAsync(payloads.map(utf8)))) chunks.push(chunk);
    expect(dcosReadChunks(chunks)).toEqual({ records: payloads, rest: "" });
  });
});
