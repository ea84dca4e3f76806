// RecordIO decoding throughput: ours (push and decode()) vs @dcos/recordio vs a raw boundary
// scan, on the same bytes cut into the same chunks. Run: npm run bench (in this package).
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
    volumeBytes: 16 * MiB,
  },
  { name: "2 KB records, 1 B chunks", recordBytes: 2000, chunkBytes: 1, volumeBytes: MiB / 4 },
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

/**
 * Warm-up pass, then rounds of `passes` passes over the data, sized so that one round lasts
 * about 100 ms (the fast decoders finish one pass over 16 MiB in a few ms, below timer noise);
 * 7 rounds, or fewer (at least 3) once 4 s were spent; median MB/s.
 */
async function measure(run: Run, chunks: Buffer[], bytes: number, records: number): Promise<number> {
  const pass = async () => {
    const got = await run(chunks);
    if (got !== records) throw new Error(`decoded ${got} records, expected ${records}`);
  };
  let start = performance.now();
  await pass();
  const passes = Math.max(1, Math.round(100 / Math.max(0.01, performance.now() - start)));
  const rates: number[] = [];
  const began = performance.now();
  while (rates.length < 7 && (rates.length < 3 || performance.now() - began < 4000)) {
    start = performance.now();
    for (let i = 0; i < passes; i++) await pass();
    rates.push((passes * bytes) / 1e6 / ((performance.now() - start) / 1e3));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toPrecision(3));
const rows: string[] = [];
for (const c of cases) {
  const { chunks, records, bytes } = buildChunks(c);
  const rawRate = await measure(raw, chunks, bytes, records);
  const pushRate = await measure(ourPush, chunks, bytes, records);
  const decodeRate = await measure(ourDecode, chunks, bytes, records);
  const dcosRate = await measure(dcos, chunks, bytes, records);
  rows.push(
    `| ${c.name} | ${(bytes / MiB).toFixed(1)} MiB | ${fmt(rawRate)} | ${fmt(pushRate)} | ${fmt(decodeRate)} | ${fmt(dcosRate)} | ${(pushRate / rawRate).toFixed(2)}x | ${(decodeRate / rawRate).toFixed(2)}x | ${fmt(pushRate / dcosRate)}x |`,
  );
  process.stderr.write(`done: ${c.name}\n`);
}

console.log(`Node ${process.version}, ${new Date().toISOString()}; MB/s = 10^6 bytes/s, median of rounds\n`);
console.log(
  "| case | volume | raw loop MB/s | RecordIODecoder.push MB/s | decode() MB/s | @dcos/recordio MB/s | push / raw | decode() / raw | push / @dcos |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
