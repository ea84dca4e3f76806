// Status updates/s from an executor through a simulated agent and master to an acknowledging
// scheduler: @mesos-ts/executor's `update()` against a raw loop posting the same UPDATE calls
// with undici, in the same run, on the same tasks. Run: npm run bench (node --import tsx
// bench/updates.bench.ts). Prints a Markdown table. BENCH_ROUNDS (default 5) sets the rounds.
//
// Setup: one simulated cluster (process mode), a scheduler (createScheduler, auto-acknowledge)
// and TASKS tasks on one CUSTOM executor whose process only waits; this process plays the
// executor. Each round sends UPDATES_PER_TASK TASK_RUNNING updates per task, the tasks in
// parallel and each task's updates one after another (the agent forwards one update per task
// at a time anyway), and ends when the scheduler has received every one of them.
// - raw: undici `request` on a keep-alive pool, pre-encoded calls with fresh v4 uuids, no
//   bookkeeping: the least any executor does.
// - client: `ExecutorClient.update()`: validation, uuid, bookkeeping until ACKNOWLEDGED, the
//   per-task ordering chain, one pipelined connection for calls.
// Rounds alternate (raw, client, client, raw, ...) after a warm-up; medians are reported.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { executor, v1 } from "@mesos-ts/proto";
import { createScheduler } from "@mesos-ts/scheduler";
import { startCluster } from "@mesos-ts/testkit";
import { Agent, request } from "undici";
import { ExecutorClient, readExecutorEnvironment, uuidV4Bytes } from "../src/index.js";

const TASKS = 32;
const UPDATES_PER_TASK = Number(process.env.BENCH_UPDATES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PLACEHOLDER = "env > executor-env.txt; exec sleep 3600";

const cluster = await startCluster({ allocationIntervalMs: 50 });
let received = 0;
const scheduler = createScheduler({
  master: cluster.masterUrls[0] as string,
  framework: { user: "bench", name: "executor-bench", failover_timeout: 60 },
});
let launched = false;
const loop = (async () => {
  for await (const event of scheduler.events()) {
    if (event.type === "UPDATE" && event.status.state === v1.TaskState.TASK_RUNNING) received++;
    if (event.type !== "OFFERS" || launched) continue;
    launched = true;
    const offer = event.offers[0] as v1.Offer;
    const tasks: v1.TaskInfo[] = Array.from({ length: TASKS }, (_, i) => ({
      name: `b${i}`,
      task_id: { value: `b${i}` },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.01 }, role: "*" }],
      executor: {
        type: v1.ExecutorInfo_Type.CUSTOM,
        executor_id: { value: "bench" },
        command: { value: PLACEHOLDER },
      },
    }));
    await scheduler.launch({ offerIds: [offer.id as v1.OfferID], tasks });
  }
})().catch(() => undefined);

const wait = async (predicate: () => boolean, what: string, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

let envFile = "";
await wait(() => {
  const fw = cluster.frameworks()[0]?.id;
  const sandbox = fw ? cluster.agents[0]?.sandboxOf(fw, "b0") : undefined;
  envFile = sandbox ? join(sandbox, "executor-env.txt") : "";
  return envFile !== "" && existsSync(envFile) && readFileSync(envFile, "utf8").includes("MESOS_SLAVE_PID");
}, "the executor process");
const env = readExecutorEnvironment(
  Object.fromEntries(
    readFileSync(envFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  ),
);
const client = new ExecutorClient({ environment: env });
let launches = 0;
void (async () => {
  for await (const e of client.events()) if (e.type === "LAUNCH") launches++;
})().catch(() => undefined);
await wait(() => launches === TASKS, "the LAUNCH events");

const url = new URL("/api/v1/executor", env.agentUrl);
const pool = new Agent({ connections: TASKS });
const rawCall = (taskId: string, i: number): Uint8Array =>
  executor.Call.encode({
    framework_id: { value: env.frameworkId },
    executor_id: { value: env.executorId },
    type: executor.Call_Type.UPDATE,
    update: {
      status: {
        task_id: { value: taskId },
        state: v1.TaskState.TASK_RUNNING,
        source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
        uuid: uuidV4Bytes(),
        timestamp: Date.now() / 1000,
        message: `update ${i}`,
      },
    },
  }).finish();

async function raw(): Promise<number> {
  const bodies = Array.from({ length: TASKS }, (_, t) =>
    Array.from({ length: UPDATES_PER_TASK }, (_, i) => rawCall(`b${t}`, i)),
  );
  const target = received + TASKS * UPDATES_PER_TASK;
  const started = performance.now();
  await Promise.all(
    bodies.map(async (calls) => {
      for (const body of calls) {
        const res = await request(url, {
          method: "POST",
          dispatcher: pool,
          headers: { "content-type": "application/x-protobuf" },
          body,
        });
        await res.body.dump();
        if (res.statusCode !== 202) throw new Error(`raw UPDATE answered ${res.statusCode}`);
      }
    }),
  );
  await wait(() => received >= target, "the scheduler's UPDATEs (raw)");
  return (TASKS * UPDATES_PER_TASK) / ((performance.now() - started) / 1000);
}

async function ours(): Promise<number> {
  const target = received + TASKS * UPDATES_PER_TASK;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: TASKS }, async (_, t) => {
      for (let i = 0; i < UPDATES_PER_TASK; i++) {
        await client.update({
          task_id: { value: `b${t}` },
          state: v1.TaskState.TASK_RUNNING,
          message: `update ${i}`,
        });
      }
    }),
  );
  await wait(() => received >= target, "the scheduler's UPDATEs (client)");
  const rate = (TASKS * UPDATES_PER_TASK) / ((performance.now() - started) / 1000);
  await wait(() => client.unacknowledged === 0, "every ACKNOWLEDGED");
  return rate;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
await raw();
await ours();
const base: number[] = [];
const mine: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    base.push(await raw());
    mine.push(await ours());
  } else {
    mine.push(await ours());
    base.push(await raw());
  }
}
const b = median(base);
const o = median(mine);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `\n### Executor status updates through a simulated agent and master (median of ${ROUNDS} interleaved rounds)\n`,
);
console.log(
  "| tasks x updates | raw undici UPDATE loop (updates/s) | @mesos-ts/executor update() (updates/s) | ratio of medians | per-round ratios |",
);
console.log("|---|---:|---:|---:|---:|");
console.log(
  `| ${TASKS} x ${UPDATES_PER_TASK} | ${fmt(b)} (${fmt(Math.min(...base))}-${fmt(Math.max(...base))}) | ${fmt(o)} (${fmt(Math.min(...mine))}-${fmt(Math.max(...mine))}) | ${(o / b).toFixed(2)}x | ${mine.map((m, i) => (m / (base[i] as number)).toFixed(2)).join(", ")} |`,
);
await client.close();
await pool.close();
await scheduler.close();
await loop;
await cluster.close();
