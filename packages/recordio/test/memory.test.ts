import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { decode, encode, RecordIODecoder, RecordTooLargeError } from "../src/index.js";
import { utf8 } from "./helpers/bytes.js";

// A full GC before each reading makes heap numbers mean "retained", not "not yet collected".
// Exposing gc at runtime avoids a special runner flag for this one file.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const MiB = 1024 * 1024;

function retained(): { heap: number; external: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.arrayBuffers };
}

describe("memory", () => {
  it("rejects a 2 GB declared length without allocating it", () => {
    const before = retained();
    const decoder = new RecordIODecoder();
    let error: unknown;
    try {
      decoder.push(utf8("2147483648\n"));
    } catch (e) {
      error = e;
    }
    // No gc here: an allocation, even one dropped at once, would still be counted.
    const after = process.memoryUsage().arrayBuffers;
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect((error as RecordTooLargeError).declaredLength).toBe(2147483648n);
    expect(after - before.external).toBeLessThan(MiB);
  });

  it("allocates a spanning record only once its length is known and accepted", () => {
    const before = process.memoryUsage().arrayBuffers;
    const decoder = new RecordIODecoder({ maxRecordBytes: 64 * MiB });
    decoder.push(utf8("3355443"));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MiB);
    decoder.push(utf8("2\nabc")); // 32 MiB accepted: now, and only now, the buffer exists
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(32 * MiB);
  });

  it("decodes 1,000,000 records with flat memory", async () => {
    // 64 KiB chunks of 100-byte records; records cut across chunks on purpose (64 KiB is not a
    // multiple of the frame size). Fresh chunks are made on the fly, as a socket would.
    const frame = encode(new Uint8Array(100).fill(0x61));
    const total = 1_000_000;
    const block = new Uint8Array(frame.length * 1000);
    for (let i = 0; i < 1000; i++) block.set(frame, i * frame.length);
    const streamLength = total * frame.length;
    const chunkSize = 64 * 1024;
    async function* chunks() {
      for (let pos = 0; pos < streamLength; pos += chunkSize) {
        const chunk = new Uint8Array(Math.min(chunkSize, streamLength - pos));
        for (let filled = 0; filled < chunk.length; ) {
          const from = (pos + filled) % block.length;
          const piece = block.subarray(from, from + chunk.length - filled);
          chunk.set(piece, filled);
          filled += piece.length;
        }
        yield chunk;
      }
    }

    let count = 0;
    let bytes = 0;
    let baseline: { heap: number; external: number } | undefined;
    let peak = 0;
    for await (const record of decode(chunks())) {
      count++;
      bytes += record.length;
      if (count === 50_000) baseline = retained();
      if (baseline !== undefined && count % 200_000 === 0) {
        const now = retained();
        peak = Math.max(peak, now.heap + now.external - baseline.heap - baseline.external);
      }
    }
    expect(count).toBe(total);
    expect(bytes).toBe(total * 100);
    // Retaining the records would cost > 100 MB of payload alone (plus views); a decoder that
    // keeps a chunk and a record at a time stays within a few MB. 16 MiB leaves room for noise.
    expect(peak).toBeLessThan(16 * MiB);
  });
});
