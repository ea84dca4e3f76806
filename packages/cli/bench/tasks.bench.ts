// `mesos-ts tasks` on a 10,000-agent, 100,000-task cluster against the time to fetch GET_TASKS
// and parse it alone (JSON.parse), in the same run. The master is a loopback server answering
// prepared GET_TASKS, GET_FRAMEWORKS and GET_AGENTS bodies (Mesos JSON), so only the client side
// is measured. Run with `node --import tsx`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MesosJson, master, v1 } from "@mesos-ts/proto";
import { main } from "../src/index.js";

const AGENTS = 10_000;
const TASKS = 100_000;

const res = (cpus: number, mem: number): v1.Resource[] => [
  { name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: cpus } },
  { name: "mem", type: v1.Value_Type.SCALAR, scalar: { value: mem } },
];
const bodies: Record<string, string> = {
  GET_TASKS: MesosJson.stringify(master.Response, {
    type: master.Response_Type.GET_TASKS,
    get_tasks: {
      tasks: Array.from({ length: TASKS }, (_, i) => ({
        name: `task-${i}`,
        task_id: { value: `task-${i}` },
        framework_id: { value: `fw-${i % 10}` },
        agent_id: { value: `agent-${i % AGENTS}` },
        state: v1.TaskState.TASK_RUNNING,
        resources: res(0.1, 64),
        statuses: [
          { task_id: { value: `task-${i}` }, state: v1.TaskState.TASK_RUNNING, timestamp: 1_700_000_000.5 },
        ],
      })),
    },
  }),
  GET_FRAMEWORKS: MesosJson.stringify(master.Response, {
    type: master.Response_Type.GET_FRAMEWORKS,
    get_frameworks: {
      frameworks: Array.from({ length: 10 }, (_, i) => ({
        framework_info: { id: { value: `fw-${i}` }, name: `framework-${i}`, user: "root" },
        active: true,
        connected: true,
        recovered: false,
      })),
    },
  }),
  GET_AGENTS: MesosJson.stringify(master.Response, {
    type: master.Response_Type.GET_AGENTS,
    get_agents: {
      agents: Array.from({ length: AGENTS }, (_, i) => ({
        agent_info: {
          id: { value: `agent-${i}` },
          hostname: `host-${i}.example`,
          port: 5051,
          resources: res(32, 131072),
        },
        active: true,
      })),
    },
  }),
};
const server = createServer((req, reply) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const type = (JSON.parse(Buffer.concat(chunks).toString()) as { type: string }).type;
    const body = bodies[type] ?? "";
    reply.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    reply.end(body);
  });
});
await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const sink = { write: () => true };
const io = {
  stdout: sink,
  stderr: sink,
  stdin: [] as unknown as AsyncIterable<Uint8Array>,
  env: {},
  signal: new AbortController().signal,
};
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const baseline = () =>
  time(async () => {
    const r = await fetch(`${url}/api/v1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: '{"type":"GET_TASKS"}',
    });
    JSON.parse(await r.text());
  });
const table = () => time(() => main(["tasks", "-m", url], io));
const json = () => time(() => main(["tasks", "-m", url, "--json"], io));
const rows: Array<[string, number[]]> = [
  ["fetch GET_TASKS + JSON.parse (baseline)", []],
  ["mesos-ts tasks (table)", []],
  ["mesos-ts tasks --json", []],
];
for (let round = 0; round < 3; round++) {
  rows[0]?.[1].push(await baseline());
  rows[1]?.[1].push(await table());
  rows[2]?.[1].push(await json());
}
server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const base = median(rows[0]?.[1] ?? []);
console.log(
  `\n## mesos-ts tasks (${TASKS.toLocaleString()} tasks, ${AGENTS.toLocaleString()} agents; GET_TASKS ${(Buffer.byteLength(bodies.GET_TASKS ?? "") / 1048576).toFixed(1)} MiB)\n`,
);
console.log("| what | ms (median of 3) | ratio |\n|---|---:|---|");
for (const [name, xs] of rows)
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / base).toFixed(2)}x |`);
