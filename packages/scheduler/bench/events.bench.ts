// Events/s from a simulated master to a consumer loop (UPDATE events, protobuf and JSON), against
// a raw undici + RecordIO baseline in the same run, and the failover time through ZooKeeper.
// Run: npm run bench (node --import tsx bench/events.bench.ts). Prints Markdown tables.
// BENCH_ROUNDS (default 7) sets the rounds; BENCH_FAILOVER=0 skips the ZooKeeper part.
//
// Both sides read the same bytes from the same loopback server and stop at the last UPDATE:
// - baseline: one undici request, `decode()` of @mesos-ts/recordio (a record per iteration),
//   the wire decode (protobuf / MesosJson) and a test of the type: the least any client does.
// - client: createScheduler with defaults (auto-acknowledge on: these updates carry no uuid, so
//   no ACK is sent, but the bookkeeping runs), so on top of the baseline it also does the
//   heartbeat watchdog, generation stamping, the typed event (toSchedulerEvent), the hand-off
//   through the hub to the `events()` iterator and backpressure accounting.
// The baseline is the stricter comparison: it skips work the client must do. Rounds are
// interleaved (baseline, client, then client, baseline, ...) after a warm-up of each, and the
// median is reported with the range: the machine is shared, single runs are noisy.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MesosJson, scheduler, v1 } from "@mesos-ts/proto";
import { decode, encode } from "@mesos-ts/recordio";
import { startCluster } from "@mesos-ts/testkit";
import { request } from "undici";
import { createScheduler } from "../src/index.js";
import { writeInChunks } from "./write-chunks.js";

type Wire = "protobuf" | "json";
const COUNT: Record<Wire, number> = { protobuf: 200_000, json: 50_000 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TEXT = new TextEncoder();

function encodeEvent(e: scheduler.Event, wire: Wire): Uint8Array {
  return wire === "json"
    ? TEXT.encode(MesosJson.stringify(scheduler.Event, e))
    : scheduler.Event.encode(e).finish();
}

function updateEvent(i: number): scheduler.Event {
  return {
    type: scheduler.Event_Type.UPDATE,
    update: {
      status: {
        task_id: { value: `task-${i}` },
        state: v1.TaskState.TASK_RUNNING,
        source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
        agent_id: { value: "0d1f6c1e-8a0b-4c51-9a55-3c8f0e2b7d44-S0" },
        timestamp: 1605541437.123456,
        container_status: { network_infos: [{ ip_addresses: [{ ip_address: "10.0.0.5" }] }] },
      },
    },
  };
}

/** A master that answers SUBSCRIBE with SUBSCRIBED + `count` UPDATEs, written in 64 KiB chunks. */
async function startFlood(wire: Wire, count: number): Promise<{ server: Server; url: string }> {
  const head = [
    encode(
      encodeEvent(
        {
          type: scheduler.Event_Type.SUBSCRIBED,
          subscribed: { framework_id: { value: "bench-0000" }, heartbeat_interval_seconds: 15 },
        },
        wire,
      ),
    ),
  ];
  const body: Uint8Array[] = [];
  for (let i = 0; i < count; i++) body.push(encode(encodeEvent(updateEvent(i), wire)));
  const bytes = Buffer.concat([...head, ...body]);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, {
        "content-type": wire === "json" ? "application/json" : "application/x-protobuf",
        "mesos-stream-id": randomUUID(),
      });
      writeInChunks(res, bytes);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function baseline(url: string, wire: Wire, count: number): Promise<number> {
  const start = performance.now();
  const ac = new AbortController();
  const res = await request(`${url}/api/v1/scheduler`, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json" },
    signal: ac.signal,
  });
  let updates = 0;
  for await (const record of decode(res.body)) {
    const e =
      wire === "json"
        ? MesosJson.parse(scheduler.Event, record, { allowPartial: true })
        : scheduler.Event.decode(record);
    if (e.type === scheduler.Event_Type.UPDATE && ++updates === count) break;
  }
  const ms = performance.now() - start;
  ac.abort();
  return (count / ms) * 1000;
}

async function client(url: string, wire: Wire, count: number): Promise<number> {
  const start = performance.now();
  const c = createScheduler({
    master: url,
    framework: { user: "b", name: "bench" },
    contentType: wire,
  });
  let updates = 0;
  for await (const event of c.events()) {
    if (event.type === "UPDATE" && ++updates === count) break;
  }
  const ms = performance.now() - start;
  await c.close();
  return (count / ms) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const rows: string[] = [];
for (const wire of ["protobuf", "json"] as const) {
  const count = COUNT[wire];
  const { server, url } = await startFlood(wire, count);
  const base: number[] = [];
  const ours: number[] = [];
  await baseline(url, wire, count); // warm-up, not counted
  await client(url, wire, count);
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first, so that a drift in machine load does not favour one side.
    if (i % 2 === 0) {
      base.push(await baseline(url, wire, count));
      ours.push(await client(url, wire, count));
    } else {
      ours.push(await client(url, wire, count));
      base.push(await baseline(url, wire, count));
    }
  }
  server.closeAllConnections();
  server.close();
  const b = median(base);
  const o = median(ours);
  const ratios = ours.map((x, i) => x / (base[i] as number));
  const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  rows.push(
    `| ${wire} | ${fmt(count)} | ${fmt(b)} (${range(base)}) | ${fmt(o)} (${range(ours)}) | ${(o / b).toFixed(2)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`,
  );
}
console.log(`\n### Event throughput (UPDATE events, median of ${ROUNDS} interleaved rounds, range)\n`);
console.log(
  "| content type | events | raw undici + RecordIO (events/s) | @mesos-ts/scheduler (events/s) | ratio of medians | per-round ratios |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);

// Failover: 3 masters + ZooKeeper; kill the leader, time until SUBSCRIBED on the new one.
const failovers: number[] = [];
let zkError: unknown = "BENCH_FAILOVER=0";
if (process.env.BENCH_FAILOVER !== "0") {
  try {
    const cluster = await startCluster({
      masters: 3,
      agents: 0,
      zookeeper: "embedded",
      heartbeatIntervalMs: 1000,
    });
    try {
      await cluster.waitForLeader({ timeout: 30_000 });
      const c = createScheduler({
        master: cluster.zk!,
        framework: { user: "b", name: "failover", failover_timeout: 600 },
      });
      const it = c.events()[Symbol.asyncIterator]();
      const nextSubscribed = async () => {
        for (;;) {
          const r = await it.next();
          if (r.done) throw new Error("events ended");
          if (r.value.type === "SUBSCRIBED") return;
        }
      };
      await nextSubscribed();
      for (let i = 0; i < 3; i++) {
        const leader = (await cluster.waitForLeader({ timeout: 30_000 })).index;
        const t0 = performance.now();
        await cluster.crashMaster(leader);
        await nextSubscribed();
        failovers.push(performance.now() - t0);
        await cluster.restartMaster(leader);
      }
      await it.return?.();
      await c.close();
    } finally {
      await cluster.close();
    }
  } catch (error) {
    zkError = error;
  }
}
console.log(
  "\n### Failover (leader killed → SUBSCRIBED on the new leader, ZooKeeper detection, default 0-500 ms leader-change delay)\n",
);
if (failovers.length > 0) {
  console.log("| run | ms |\n|---|---:|");
  for (const [i, ms] of failovers.entries()) console.log(`| ${i + 1} | ${ms.toFixed(0)} |`);
  console.log(`| median | ${median(failovers).toFixed(0)} |`);
} else {
  console.log(`(skipped: ${String(zkError)})`);
}
