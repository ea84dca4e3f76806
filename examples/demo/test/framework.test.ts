// The scheduling logic against a simulated cluster we control: what the master actually received.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { scheduler, v1 } from "@mesos-ts/proto";
import { type Cluster, type ClusterOptions, startCluster } from "@mesos-ts/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { agentFilesReader } from "../src/agent-files.js";
import { type FrameworkResult, runFramework } from "../src/framework.js";
import { Progress } from "../src/progress.js";
import { demoTasks } from "../src/tasks.js";

const clusters: Cluster[] = [];
afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
});

async function cluster(options: ClusterOptions = {}): Promise<Cluster> {
  const c = await startCluster({ masters: 1, agents: 2, allocationIntervalMs: 50, ...options });
  clusters.push(c);
  return c;
}

async function run(
  c: Cluster,
  opts: { tasks?: number; docker?: boolean; timeoutMs?: number; contentType?: "protobuf" | "json" } = {},
): Promise<{ result: FrameworkResult; lines: string[] }> {
  const lines: string[] = [];
  const result = await runFramework({
    master: c.masterUrls[0] ?? "",
    contentType: opts.contentType ?? "protobuf",
    tasks: demoTasks({ commandTasks: opts.tasks ?? 2, docker: opts.docker ?? true }),
    timeoutMs: opts.timeoutMs ?? 20_000,
    progress: new Progress((l) => lines.push(l)),
  });
  return { result, lines };
}

const calls = (c: Cluster, type: scheduler.Call_Type) =>
  c.recorder.requests.filter((r) => r.call?.type === type && r.master >= 0);

describe("runFramework against the simulator", () => {
  it("acknowledges every update with a uuid, declines with a filter, tears down", async () => {
    const c = await cluster();
    const { result } = await run(c, { tasks: 2, docker: true });
    expect(result.ok, result.error).toBe(true);
    const updates = c.recorder.events.filter((e) => e.event.type === scheduler.Event_Type.UPDATE);
    const withUuid = updates.filter((e) => (e.event.update?.status?.uuid?.length ?? 0) > 0);
    expect(withUuid.length).toBe(9);
    const acks = calls(c, scheduler.Call_Type.ACKNOWLEDGE);
    expect(acks).toHaveLength(withUuid.length);
    for (const a of acks) expect(a.status).toBe(202);
    const acked = new Set(acks.map((a) => Buffer.from(a.call?.acknowledge?.uuid ?? []).toString("hex")));
    for (const u of withUuid)
      expect(acked.has(Buffer.from(u.event.update?.status?.uuid ?? []).toString("hex"))).toBe(true);
    expect(result.acknowledged).toBe(9);
    // The framework asked for a sensible failover_timeout.
    const sub = calls(c, scheduler.Call_Type.SUBSCRIBE)[0];
    expect(sub?.call?.subscribe?.framework_info?.failover_timeout).toBeGreaterThan(0);
    // The Docker task went out as a DOCKER container, BRIDGE, with a mapped port from the offer.
    const launched = calls(c, scheduler.Call_Type.ACCEPT).flatMap(
      (a) => a.call?.accept?.operations?.flatMap((o) => o.launch?.task_infos ?? []) ?? [],
    );
    const docker = launched.find((t) => t.task_id?.value === "docker-1");
    expect(docker?.container?.type).toBe(v1.ContainerInfo_Type.DOCKER);
    expect(docker?.container?.docker?.network).toBe(v1.ContainerInfo_DockerInfo_Network.BRIDGE);
    expect(docker?.container?.docker?.port_mappings?.[0]?.container_port).toBe(80);
    for (const a of calls(c, scheduler.Call_Type.ACCEPT))
      expect(a.call?.accept?.filters?.refuse_seconds).toBeGreaterThan(0);
    // TEARDOWN reached the master and the framework is gone.
    expect(calls(c, scheduler.Call_Type.TEARDOWN)).toHaveLength(1);
    expect(result.tornDown).toBe(true);
    expect(c.frameworks()).toHaveLength(0);
  });

  it("declines offers it does not need, with a refuse filter", async () => {
    // Three agents, one task: two of the first offers are not needed.
    const c = await cluster({ agents: 3 });
    const { result } = await run(c, { tasks: 1, docker: false });
    expect(result.ok, result.error).toBe(true);
    const declines = calls(c, scheduler.Call_Type.DECLINE);
    expect(declines.length).toBeGreaterThan(0);
    for (const d of declines) expect(d.call?.decline?.filters?.refuse_seconds).toBe(120);
    const declined = declines.flatMap((d) => d.call?.decline?.offer_ids?.map((o) => o.value) ?? []);
    expect(declined.length).toBeGreaterThanOrEqual(2);
    expect(result.declinedOffers).toBe(declined.length);
    // Once everything is launched the framework asks for no more offers.
    expect(calls(c, scheduler.Call_Type.SUPPRESS)).toHaveLength(1);
  });

  it("reports a task that ends in an unexpected state and fails", async () => {
    const c = await cluster({
      taskMode: "scripted",
      script: (t) => (t.task_id?.value === "task-2" ? { exitCode: 3 } : {}),
    });
    const { result } = await run(c, { tasks: 2, docker: false });
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe("finished");
    expect(result.error).toMatch(/task-2 TASK_FAILED \(expected TASK_FINISHED\)/);
    expect(result.tasks.find((t) => t.id === "task-1")?.ok).toBe(true);
    expect(result.tornDown).toBe(true);
  });

  it("on timeout names the unfinished tasks and still tears down", async () => {
    const c = await cluster({
      taskMode: "scripted",
      script: (t) => (t.task_id?.value === "task-1" ? { hang: true } : {}),
    });
    const started = Date.now();
    const { result, lines } = await run(c, { tasks: 2, docker: false, timeoutMs: 1500, contentType: "json" });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe("timeout");
    expect(result.error).toBe("timed out after 1.5 s; unfinished tasks: task-1 (TASK_RUNNING)");
    expect(result.tasks.find((t) => t.id === "task-2")?.state).toBe("TASK_FINISHED");
    expect(result.tornDown).toBe(true);
    expect(calls(c, scheduler.Call_Type.TEARDOWN)).toHaveLength(1);
    expect(lines.some((l) => l.includes("TEARDOWN accepted"))).toBe(true);
  });
});

describe("agentFilesReader (real clusters)", () => {
  it("reads stdout through the agent's /files/read and the sandbox's virtual path", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ data: "hello from task 1 on agent-7\n", offset: 0 }));
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const output = await agentFilesReader()({
        frameworkId: "fw-1",
        taskId: "task-1",
        executorId: "task-1",
        agentId: "S7",
        agentUrl: { scheme: "http", address: { hostname: "127.0.0.1", port }, path: "/slave(1)" },
        kind: "command",
      });
      expect(output.stdout).toBe("hello from task 1 on agent-7\n");
      const url = new URL(seen[0] ?? "", "http://x");
      expect(url.pathname).toBe("/files/read");
      expect(url.searchParams.get("path")).toBe("/frameworks/fw-1/executors/task-1/runs/latest/stdout");
    } finally {
      server.close();
    }
  });

  it("reports, never throws, when the agent cannot be read", async () => {
    const output = await agentFilesReader({ timeoutMs: 1000 })({
      frameworkId: "fw-1",
      taskId: "task-1",
      executorId: undefined,
      agentId: "S7",
      agentUrl: { scheme: "http", address: { hostname: "127.0.0.1", port: 1 } },
      kind: "command",
    });
    expect(output.stdout).toBeUndefined();
    expect(output.error).toMatch(/cannot read from the agent/);
  });
});
