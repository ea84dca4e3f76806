// Decode throughput: binary protobuf and Mesos JSON for an OFFERS event (100 offers x 6
// resources) and an UPDATE event (nanosecond int64 above 2^53), each against plain JSON.parse
// of the same text and JSON.parse + ts-proto fromJSON, measured in the same run.
//   npm run bench   (about 15 s)
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

function measure(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 20; i++) fn();
    ops += 20;
    elapsed = process.hrtime.bigint() - start;
  }
  return ops / (Number(elapsed) / 1e9);
}

const rows: string[] = [];
for (const [name, event] of events) {
  const text = MesosJson.stringify(scheduler.Event, event);
  const bytes = encodeMessage(scheduler.Event, event);
  const jsonBytes = Buffer.byteLength(text);
  const baseline = measure(() => JSON.parse(text));
  const withFromJson = measure(() => scheduler.Event.fromJSON(JSON.parse(text)));
  const cases: [string, number, number][] = [
    ["JSON.parse (baseline, inexact)", baseline, jsonBytes],
    ["JSON.parse + ts-proto fromJSON (inexact)", withFromJson, jsonBytes],
    ["MesosJson.parse (exact)", measure(() => MesosJson.parse(scheduler.Event, text)), jsonBytes],
    ["binary: scheduler.Event.decode", measure(() => scheduler.Event.decode(bytes)), bytes.length],
    [
      "binary: decodeMessage (+ required check)",
      measure(() => decodeMessage(scheduler.Event, bytes)),
      bytes.length,
    ],
  ];
  for (const [what, ops, size] of cases) {
    rows.push(
      `| ${name} | ${what} | ${size} | ${Math.round(ops).toLocaleString("en")} | ${((ops * size) / 1e6).toFixed(1)} | ${(baseline / ops).toFixed(2)} | ${(withFromJson / ops).toFixed(2)} |`,
    );
  }
}

console.log(`Node ${process.version}\n`);
console.log("| event | decoder | bytes | ops/s | MB/s | time vs JSON.parse | time vs JSON.parse+fromJSON |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
