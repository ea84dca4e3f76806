// RecordIO decoding throughput: ours (push and decode()) vs @dcos/recordio vs a raw loop, on
// the same bytes cut into the same chunks. Run: npm run bench (in this package). Speed is only
// measured here, never asserted in unit tests.
//
// The raw loop finds boundaries with indexOf and takes views; for a record that spans chunks it
// also does the one copy any decoder handing out contiguous records must do (a loop that only
// skipped those bytes would "decode" a 4 MB record in O(1) and make every ratio meaningless).
//
// @dcos/recordio is driven the way @dcos/mesos-client drives it (src/stream/readRecordioRecords.js):
// each new piece of response text is appended to the unparsed rest and `read(rest + text)` is
// called again. mesos-client gets text from XHR; here a streaming TextDecoder plays that part,
// so all three decoders start from the same bytes.
import { createRequire } from "node:module";
import { decode, encode, RecordIODecoder } from "../src/index.ts";

const { read: dcosRead } = createRequire(import.meta.url)("@dcos/recordio") as {
  read: (input: string) => [string[], string];
};

interface Case {
  name: string;
  recordBytes: number;
  chunkBytes: number;
  volumeBytes: number;
}

const MiB = 1024 * 1024;
const cases: Case[] = [
  { name: "100 B records, 64 KiB chunks", recordBytes: 100, chunkBytes: 64 * 1024, volumeBytes: 16 * MiB },
  { name: "2 KB records, 64 KiB chunks", recordBytes: 2000, chunkBytes: 64 * 1024, volumeBytes: 16 * MiB },
  { name: "64 KB records, 64 KiB chunks", recordBytes: 64_000, chunkBytes: 64 * 1024, volumeBytes: 16 * MiB },
  {
    name: "4 MB records, 64 KiB chunks",
    recordBytes: 4_000_000,
    chunkBytes: 64 * 1024,
    volumeBytes: 8 * MiB,
  },
  { name: "2 KB records, 1 B chunks", recordBytes: 2000, chunkBytes: 1, volumeBytes: MiB / 8 },
];

/** Same stream for every decoder: ASCII payloads (valid text for @dcos/recordio), cut into chunks. */
function buildChunks(c: Case): { chunks: Buffer[]; records: number; bytes: number } {
  const payload = Buffer.alloc(c.recordBytes);
  for (let i = 0; i < payload.length; i++) payload[i] = 0x61 + (i % 26);
  const frame = encode(payload);
  const records = Math.max(1, Math.round(c.volumeBytes / frame.length));
  const stream = Buffer.allocUnsafe(frame.length * records);
  for (let i = 0; i < records; i++) stream.set(frame, i * frame.length);
  const chunks: Buffer[] = [];
  for (let pos = 0; pos < stream.length; pos += c.chunkBytes)
    chunks.push(stream.subarray(pos, pos + c.chunkBytes));
  return { chunks, records, bytes: stream.length };
}

type Run = (chunks: Buffer[]) => number | Promise<number>;

/**
 * Lower bound for any decoder that hands out contiguous records: find boundaries with indexOf,
 * take in-chunk records as views (the cheapest view constructor), gather a record that spans
 * chunks with one copy into uninitialised memory. No validation, no limits, no state object.
 */
const raw: Run = (chunks) => {
  let count = 0;
  let length = 0;
  let inLength = false;
  let pending: Buffer | undefined;
  let filled = 0;
  for (const chunk of chunks) {
    const records: Uint8Array[] = [];
    let pos = 0;
    const size = chunk.length;
    if (pending !== undefined) {
      const take = Math.min(pending.length - filled, size);
      pending.set(take === size ? chunk : chunk.subarray(0, take), filled);
      filled += take;
      pos = take;
      if (filled === pending.length) {
        records.push(pending);
        pending = undefined;
      }
    }
    while (pos < size) {
      const newline = chunk.indexOf(10, pos);
      const end = newline === -1 ? size : newline;
      if (!inLength) length = 0;
      for (let i = pos; i < end; i++) length = length * 10 + ((chunk[i] as number) - 48);
      if (newline === -1) {
        inLength = true;
        break;
      }
      inLength = false;
      pos = newline + 1;
      if (size - pos >= length) {
        records.push(new Uint8Array(chunk.buffer, chunk.byteOffset + pos, length));
        pos += length;
      } else {
        pending = Buffer.allocUnsafe(length);
        pending.set(chunk.subarray(pos), 0);
        filled = size - pos;
        pos = size;
      }
    }
    count += records.length;
  }
  return count;
};

const ourPush: Run = (chunks) => {
  const decoder = new RecordIODecoder();
  let count = 0;
  for (const chunk of chunks) count += decoder.push(chunk).length;
  decoder.end();
  return count;
};

const ourDecode: Run = async (chunks) => {
  let count = 0;
  for await (const _record of decode(chunks)) count++;
  return count;
};

const dcos: Run = (chunks) => {
  const text = new TextDecoder();
  let rest = "";
  let count = 0;
  for (const chunk of chunks) {
    const [records, remainder] = dcosRead(rest + text.decode(chunk, { stream: true }));
    count += records.length;
    rest = remainder;
  }
  return count;
};

const ROUNDS = 5;
const ROUND_MS = 100;

/**
 * One warm-up pass per decoder (which also sizes its rounds: enough passes over the data for
 * about ROUND_MS, since the fast decoders finish 16 MiB in a few ms), then ROUNDS rounds that
 * take turns between the decoders, so that load from other processes hits them alike; median
 * MB/s per decoder.
 */
async function measure(runs: Run[], chunks: Buffer[], bytes: number, records: number): Promise<number[]> {
  const pass = async (run: Run) => {
    const got = await run(chunks);
    if (got !== records) throw new Error(`decoded ${got} records, expected ${records}`);
  };
  const passes: number[] = [];
  for (const run of runs) {
    const start = performance.now();
    await pass(run);
    passes.push(Math.max(1, Math.round(ROUND_MS / Math.max(0.01, performance.now() - start))));
  }
  const rates: number[][] = runs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, run] of runs.entries()) {
      const count = passes[i] as number;
      const start = performance.now();
      for (let p = 0; p < count; p++) await pass(run);
      rates[i]?.push((count * bytes) / 1e6 / ((performance.now() - start) / 1e3));
    }
  }
  return rates.map((r) => r.sort((a, b) => a - b)[Math.floor(r.length / 2)] as number);
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toPrecision(3));
const rows: string[] = [];
const verdicts: string[] = [];
const target = (what: string, ratio: number, min: number) =>
  verdicts.push(`- ${what}: ${ratio.toFixed(2)}x (target >= ${min}x) ${ratio >= min ? "met" : "MISSED"}`);
for (const c of cases) {
  const { chunks, records, bytes } = buildChunks(c);
  const [rawRate = 0, pushRate = 0, decodeRate = 0, dcosRate = 0] = await measure(
    [raw, ourPush, ourDecode, dcos],
    chunks,
    bytes,
    records,
  );
  rows.push(
    `| ${c.name} | ${(bytes / MiB).toFixed(1)} MiB | ${fmt(rawRate)} | ${fmt(pushRate)} | ${fmt(decodeRate)} | ${fmt(dcosRate)} | ${(pushRate / rawRate).toFixed(2)}x | ${(decodeRate / rawRate).toFixed(2)}x | ${fmt(pushRate / dcosRate)}x |`,
  );
  if (c.recordBytes >= 2000 && c.chunkBytes > 1) target(`${c.name}: push / raw`, pushRate / rawRate, 0.8);
  if (c.recordBytes === 2000 && c.chunkBytes > 1) target(`${c.name}: push / @dcos`, pushRate / dcosRate, 5);
  if (c.recordBytes === 4_000_000) target(`${c.name}: push / @dcos`, pushRate / dcosRate, 100);
  process.stderr.write(`done: ${c.name}\n`);
}

console.log(`Node ${process.version}, ${new Date().toISOString()}; MB/s = 10^6 bytes/s, median of rounds\n`);
console.log(
  "| case | volume | raw loop MB/s | RecordIODecoder.push MB/s | decode() MB/s | @dcos/recordio MB/s | push / raw | decode() / raw | push / @dcos |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
console.log(`\n${verdicts.join("\n")}`);
