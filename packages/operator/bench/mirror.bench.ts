// The cluster mirror on a large cluster: a SUBSCRIBED snapshot of 10,000 agents and 100,000
// tasks decoded into the mirror (Mesos JSON and protobuf), against JSON.parse of the same text
// and the protobuf decoder alone, in the same run; memory per task held; and the heap while
// 1,000,000 TASK_UPDATED events stream through. Run with `node --expose-gc --import tsx`.
import { MesosJson, master, v1 } from "@mesos-ts/proto";
import { ClusterView, toOperatorEvent } from "../src/index.js";

const AGENTS = 10_000;
const TASKS = 100_000;
const UPDATES = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

function snapshot(): master.Event {
  const frameworks = Array.from({ length: 10 }, (_, i) => ({
    framework_info: { id: { value: `fw-${i}` }, name: `framework-${i}`, user: "root", roles: ["*"] },
    active: true,
    connected: true,
    recovered: false,
    registered_time: { nanoseconds: 1_700_000_000_000_000_000n },
  }));
  const resources = (cpus: number, mem: number): v1.Resource[] => [
    { name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: cpus } },
    { name: "mem", type: v1.Value_Type.SCALAR, scalar: { value: mem } },
    { name: "ports", type: v1.Value_Type.RANGES, ranges: { range: [{ begin: 31000n, end: 32000n }] } },
  ];
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    agent_info: {
      id: { value: `agent-${i}-S${i}` },
      hostname: `host-${i}.cluster.example`,
      port: 5051,
      resources: resources(32, 131072),
    },
    active: true,
    version: "1.12.0",
    pid: `slave(1)@10.0.${i >> 8}.${i & 255}:5051`,
    registered_time: { nanoseconds: 1_700_000_000_000_000_000n },
    total_resources: resources(32, 131072),
    allocated_resources: resources(16, 65536),
  }));
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const agent = `agent-${i % AGENTS}-S${i % AGENTS}`;
    const status: v1.TaskStatus = {
      task_id: { value: `task-${i}` },
      state: v1.TaskState.TASK_RUNNING,
      agent_id: { value: agent },
      timestamp: 1_700_000_000.123456,
      source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
      container_status: {
        container_id: { value: `c-${i}` },
        network_infos: [{ ip_addresses: [{ ip_address: "10.1.2.3" }] }],
      },
    };
    return {
      name: `task-${i}`,
      task_id: { value: `task-${i}` },
      framework_id: { value: `fw-${i % 10}` },
      executor_id: { value: `task-${i}` },
      agent_id: { value: agent },
      state: v1.TaskState.TASK_RUNNING,
      resources: resources(0.1, 64),
      statuses: [status],
    } satisfies v1.Task;
  });
  return {
    type: master.Event_Type.SUBSCRIBED,
    subscribed: {
      get_state: {
        get_frameworks: { frameworks, completed_frameworks: [] },
        get_agents: { agents, recovered_agents: [] },
        get_tasks: { tasks, pending_tasks: [], unreachable_tasks: [], completed_tasks: [], orphan_tasks: [] },
        get_executors: { executors: [], orphan_executors: [] },
      },
      heartbeat_interval_seconds: 15,
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(fn: () => unknown, rounds = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    gc?.();
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

const event = snapshot();
const text = MesosJson.stringify(master.Event, event);
const textBytes = Buffer.from(text);
const pb = master.Event.encode(event).finish();

const seedFromJson = () => {
  const view = new ClusterView();
  view.apply(toOperatorEvent(MesosJson.parse(master.Event, textBytes, { allowPartial: true })));
  return view;
};
const seedFromProtobuf = () => {
  const view = new ClusterView();
  view.apply(toOperatorEvent(master.Event.decode(pb)));
  return view;
};

const jsonParse = time(() => JSON.parse(text));
const jsonMirror = time(seedFromJson);
const pbDecode = time(() => master.Event.decode(pb));
const pbMirror = time(seedFromProtobuf);

// Memory held per task: the mirror from protobuf, after GC, minus the empty heap.
gc();
const before = process.memoryUsage().heapUsed;
let held: ClusterView | undefined = seedFromProtobuf();
gc();
const after = process.memoryUsage().heapUsed;
const perTask = (after - before) / TASKS;

// 1,000,000 TASK_UPDATED (RUNNING -> RUNNING with a fresh status) through the mirror.
const updates = Array.from({ length: 64 }, (_, i) =>
  MesosJson.stringify(master.Event, {
    type: master.Event_Type.TASK_UPDATED,
    task_updated: {
      framework_id: { value: `fw-${i % 10}` },
      status: {
        task_id: { value: `task-${i * 1000 + (i % 10)}` },
        state: v1.TaskState.TASK_RUNNING,
        timestamp: 1_700_000_001 + i,
      },
      state: v1.TaskState.TASK_RUNNING,
    },
  }),
).map((t) => Buffer.from(t));
const heap: number[] = [];
const t0 = process.hrtime.bigint();
for (let i = 0; i < UPDATES; i++) {
  held.apply(
    toOperatorEvent(
      MesosJson.parse(master.Event, updates[i % updates.length] as Buffer, { allowPartial: true }),
    ),
  );
  if (i % 250_000 === 0 || i === UPDATES - 1) {
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }
}
const updateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const tasksHeld = held.tasks.size;
held = undefined;

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`\n## Cluster mirror (@mesos-ts/operator)\n`);
console.log(
  `SUBSCRIBED of ${AGENTS.toLocaleString()} agents and ${TASKS.toLocaleString()} tasks: JSON ${mb(textBytes.length)} MiB, protobuf ${mb(pb.length)} MiB. Median of 5.\n`,
);
console.log("| step | ms | ratio |");
console.log("|---|---:|---|");
console.log(`| JSON.parse of the text (baseline) | ${jsonParse.toFixed(0)} | 1.00 |`);
console.log(
  `| Mesos JSON decode + mirror seed | ${jsonMirror.toFixed(0)} | ${(jsonMirror / jsonParse).toFixed(2)}x JSON.parse |`,
);
console.log(`| protobuf decode alone (baseline) | ${pbDecode.toFixed(0)} | 1.00 |`);
console.log(
  `| protobuf decode + mirror seed | ${pbMirror.toFixed(0)} | ${(pbMirror / pbDecode).toFixed(2)}x protobuf decode, ${(pbMirror / jsonMirror).toFixed(2)}x the JSON mirror |`,
);
console.log(
  `\nHeap held by the mirror (from protobuf, after GC): ${mb(after - before)} MiB, ${Math.round(perTask)} B per task (agents and frameworks included).`,
);
console.log(
  `\n${UPDATES.toLocaleString()} TASK_UPDATED (Mesos JSON decode + apply): ${(UPDATES / updateSeconds / 1000).toFixed(0)} k/s; heap after GC at 0, 250k, 500k, 750k, 1M: ${heap.map(mb).join(", ")} MiB (${tasksHeld.toLocaleString()} tasks held).`,
);
