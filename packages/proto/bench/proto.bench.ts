// Decode and encode throughput: binary protobuf and Mesos JSON for an OFFERS event (100
// offers x 6 resources) and an UPDATE event (nanosecond int64 above 2^53). Decoders are
// compared with JSON.parse + ts-proto fromJSON of the same text, encoders with
// JSON.stringify of ts-proto's toJSON (both lose int64 precision).
//   npm run bench   (about 25 s; BENCH_ROUNDS, BENCH_SLICE_MS to change)
import { decodeMessage, encodeMessage, MesosJson, scheduler, v1 } from "../src/index.js";

const agent = { value: "0d1f6c1e-8a0b-4c51-9a55-3c8f0e2b7d44-S3" };
const framework = { value: "7c0b5e4e-2f35-4a55-9b7e-0e0c3c9f1a10-0000" };
const scalar = (name: string, value: number): v1.Resource => ({
  name,
  type: v1.Value_Type.SCALAR,
  scalar: { value },
  allocation_info: { role: "batch" },
});
const offer = (i: number): v1.Offer => ({
  id: { value: `0d1f6c1e-8a0b-4c51-9a55-3c8f0e2b7d44-O${i}` },
  framework_id: framework,
  agent_id: agent,
  hostname: `agent${i}.example.org`,
  resources: [
    scalar("cpus", 8),
    scalar("mem", 31744),
    scalar("disk", 102400),
    scalar("gpus", 1),
    { name: "ports", type: v1.Value_Type.RANGES, ranges: { range: [{ begin: 31000n, end: 32000n }] } },
    {
      ...scalar("disk", 2048.5),
      reservations: [{ type: v1.Resource_ReservationInfo_Type.DYNAMIC, role: "batch" }],
    },
  ],
  attributes: [{ name: "rack", type: v1.Value_Type.TEXT, text: { value: "r1" } }],
  allocation_info: { role: "batch" },
});

const events: [string, scheduler.Event][] = [
  [
    "OFFERS (100 x 6)",
    {
      type: scheduler.Event_Type.OFFERS,
      offers: { offers: Array.from({ length: 100 }, (_, i) => offer(i)) },
    },
  ],
  [
    "UPDATE",
    {
      type: scheduler.Event_Type.UPDATE,
      update: {
        status: {
          task_id: { value: "web-1" },
          state: v1.TaskState.TASK_RUNNING,
          source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
          agent_id: agent,
          executor_id: { value: "web-1" },
          timestamp: 1732261234.567891,
          uuid: Buffer.from("a7726e0eaab5463db23989c648fed847", "hex"),
          healthy: true,
          unreachable_time: { nanoseconds: 1732261234567891234n },
        },
      },
    },
  ],
];

/** Ops/s of `fn` over about `ms` milliseconds (after a short warm-up on the first call). */
function measure(fn: () => unknown, ms: number): number {
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) fn();
    ops += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  return ops / (Number(elapsed) / 1e9);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Case {
  readonly what: string;
  readonly fn: () => unknown;
  readonly bytes: number;
  /** The case whose time this one is compared with (same event, same round). */
  readonly versus: number;
}

// The machine may be shared: every case runs once per round, rounds interleave the cases, and
// the table reports medians, with each ratio the median of per-round ratios.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 120);

const rows: string[] = [];
for (const [name, event] of events) {
  const text = MesosJson.stringify(scheduler.Event, event);
  const bytes = encodeMessage(scheduler.Event, event);
  const jsonBytes = Buffer.byteLength(text);
  const cases: Case[] = [
    { what: "JSON.parse (baseline, inexact)", fn: () => JSON.parse(text), bytes: jsonBytes, versus: 0 },
    {
      what: "JSON.parse + ts-proto fromJSON (inexact)",
      fn: () => scheduler.Event.fromJSON(JSON.parse(text)),
      bytes: jsonBytes,
      versus: 1,
    },
    {
      what: "MesosJson.parse (exact)",
      fn: () => MesosJson.parse(scheduler.Event, text),
      bytes: jsonBytes,
      versus: 1,
    },
    {
      what: "binary: scheduler.Event.decode",
      fn: () => scheduler.Event.decode(bytes),
      bytes: bytes.length,
      versus: 1,
    },
    {
      what: "binary: decodeMessage (+ required check)",
      fn: () => decodeMessage(scheduler.Event, bytes),
      bytes: bytes.length,
      versus: 1,
    },
    {
      what: "JSON.stringify(ts-proto toJSON) (inexact)",
      fn: () => JSON.stringify(scheduler.Event.toJSON(event)),
      bytes: jsonBytes,
      versus: 5,
    },
    {
      what: "MesosJson.stringify (exact)",
      fn: () => MesosJson.stringify(scheduler.Event, event),
      bytes: jsonBytes,
      versus: 5,
    },
    {
      what: "binary: scheduler.Event.encode",
      fn: () => scheduler.Event.encode(event).finish(),
      bytes: bytes.length,
      versus: 5,
    },
  ];
  for (const c of cases) measure(c.fn, 50); // warm up every path before timing any
  const ops: number[][] = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so that no case always runs right after the same neighbour.
    for (let k = 0; k < cases.length; k++) {
      const i = (k + round) % cases.length;
      ops[i]!.push(measure(cases[i]!.fn, SLICE_MS));
    }
  }
  cases.forEach((c, i) => {
    const mine = ops[i]!;
    const ratio = median(mine.map((o, r) => ops[c.versus]![r]! / o)); // time / time of `versus`
    const opsPerSec = median(mine);
    rows.push(
      `| ${name} | ${c.what} | ${c.bytes} | ${Math.round(opsPerSec).toLocaleString("en")} | ${((opsPerSec * c.bytes) / 1e6).toFixed(1)} | ${ratio.toFixed(2)} vs ${cases[c.versus]!.what.split(" (")[0]} |`,
    );
  });
}

console.log(`Node ${process.version}, ${ROUNDS} interleaved rounds, medians\n`);
console.log("| event | codec | bytes | ops/s | MB/s | time ratio |");
console.log("|---|---|---:|---:|---:|---|");
for (const row of rows) console.log(row);
