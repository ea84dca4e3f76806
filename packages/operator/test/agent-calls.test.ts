// The agent client against the simulator's agent operator API: read-only calls, sandbox files,
// nested container sessions with real processes, input, wait and kill.
import { randomUUID } from "node:crypto";
import { v1 } from "@mesos-ts/proto";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentClient, exitCodeOf, HttpStatusError, MasterClient, type ProcessOutput } from "../src/index.js";
import { startFramework, type TestFramework } from "./helpers/framework.js";

let cluster: Cluster;
let framework: TestFramework;
let client: MasterClient;
let agentId: string;
beforeAll(async () => {
  cluster = await startCluster({ agents: 1, heartbeatIntervalMs: 500, allocationIntervalMs: 50 });
  client = new MasterClient({ master: cluster.masterUrls[0] as string });
  framework = await startFramework(cluster.masterUrls[0] as string, "agent-calls");
  agentId = await framework.launch("sleeper", "echo hello from the task; sleep 60");
  await framework.waitFor("sleeper", "TASK_RUNNING");
});
afterAll(async () => {
  await framework.close();
  await client.close();
  await cluster.close();
});

async function containerOf(agent: AgentClient, executorId: string): Promise<v1.ContainerID> {
  const { containers = [] } = await agent.getContainers();
  const found = containers.find((c) => c.executor_id?.value === executorId);
  if (!found?.container_id) throw new Error(`no container for ${executorId}`);
  return found.container_id;
}

const text = (chunks: ProcessOutput[], type: "stdout" | "stderr") =>
  Buffer.concat(chunks.flatMap((c) => (c.type === type ? [c.data] : []))).toString();

describe.each(["json", "protobuf"] as const)("agent calls in %s", (contentType) => {
  it("GET_STATE, GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS, GET_AGENT, GET_HEALTH, GET_METRICS", async () => {
    const agent = new AgentClient({ agent: (await client.agent(agentId)).url, contentType });
    expect((await agent.getHealth()).healthy).toBe(true);
    const state = await agent.getState();
    expect(state.get_tasks?.launched_tasks?.map((t) => t.task_id?.value)).toContain("sleeper");
    expect(state.get_frameworks?.frameworks?.[0]?.framework_info?.name).toBe("agent-calls");
    expect(state.get_executors?.executors?.[0]?.executor_info?.executor_id?.value).toBe("sleeper");
    expect((await agent.call("GET_AGENT")).agent_info?.id?.value).toBe(agentId);
    const metrics = await agent.call("GET_METRICS", {});
    expect(metrics.metrics?.find((m) => m.name === "slave/tasks_running")?.value).toBeGreaterThanOrEqual(1);
    await agent.close();
  });

  it("READ_FILE of the task's stdout through the virtual sandbox path, with offset and length", async () => {
    const agent = await client.agent(agentId);
    const path = `/frameworks/${framework.id()}/executors/sleeper/runs/latest/stdout`;
    const all = await agent.readFile(path);
    expect(Buffer.from(all.data).toString()).toBe("hello from the task\n");
    const slice = await agent.readFile(path, { offset: 6, length: 4 });
    expect(slice).toEqual({ size: 20, data: expect.anything() });
    expect(Buffer.from(slice.data).toString()).toBe("from");
    const listing = await agent.call("LIST_FILES", {
      path: `/frameworks/${framework.id()}/executors/sleeper/runs/latest`,
    });
    expect(listing.file_infos?.map((f) => f.path?.split("/").at(-1))).toEqual(["stderr", "stdout"]);
    const missing = await agent.readFile(`${path}-nope`).catch((e: unknown) => e);
    expect((missing as HttpStatusError).status).toBe(404);
  });

  it("a nested session streams stdout and stderr; WAIT_NESTED_CONTAINER gives the wait status", async () => {
    const agent = new AgentClient({ agent: (await client.agent(agentId)).url, contentType });
    const parent = await containerOf(agent, "sleeper");
    const id = randomUUID();
    const out: ProcessOutput[] = [];
    for await (const o of agent.launchNestedContainerSession({
      containerId: id,
      parentId: parent.value as string,
      command: { shell: true, value: "echo nested; echo oops >&2; pwd; exit 3" },
    })) {
      out.push(o);
    }
    expect(text(out, "stdout")).toMatch(/^nested\n.*\/runs\/[^/]+\n$/);
    expect(text(out, "stderr")).toBe("oops\n");
    const wait = await agent.waitNestedContainer({ value: id, parent });
    expect(wait.exit_status).toBe(768);
    expect(exitCodeOf(wait.exit_status ?? 0)).toBe(3);
    await agent.close();
  });

  it("ATTACH_CONTAINER_INPUT feeds a session's stdin; empty data is EOF", async () => {
    const agent = new AgentClient({ agent: (await client.agent(agentId)).url, contentType });
    const parent = await containerOf(agent, "sleeper");
    const id = randomUUID();
    const session = agent.launchNestedContainerSession({
      containerId: id,
      parentId: parent.value as string,
      command: { shell: true, value: "tr a-z A-Z" },
    });
    const first = session.next(); // starts the request
    async function* input() {
      yield Buffer.from("hello ");
      yield Buffer.from("world\n");
    }
    await new Promise((r) => setTimeout(r, 100));
    await agent.attachContainerInput({ value: id, parent }, input());
    const out: ProcessOutput[] = [];
    const r = await first;
    if (!r.done) out.push(r.value);
    for await (const o of session) out.push(o);
    expect(text(out, "stdout")).toBe("HELLO WORLD\n");
    expect((await agent.waitNestedContainer({ value: id, parent })).exit_status).toBe(0);
    await agent.close();
  });
});

it("ATTACH_CONTAINER_OUTPUT to a task's container is 500 as on a real agent; unknown containers 404", async () => {
  const agent = await client.agent(agentId);
  const parent = await containerOf(agent, "sleeper");
  const error = await agent
    .attachContainerOutput(parent)
    .next()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpStatusError);
  expect((error as HttpStatusError).status).toBe(500);
  expect((error as HttpStatusError).body).toBe("I/O switchboard server was disabled for this container");
  const unknown = await agent.waitNestedContainer({ value: "nope", parent }).catch((e: unknown) => e);
  expect((unknown as HttpStatusError).status).toBe(404);
});

it("aborting a session closes it and the agent destroys the process", async () => {
  const agent = await client.agent(agentId);
  const parent = await containerOf(agent, "sleeper");
  const id = randomUUID();
  const stop = new AbortController();
  const seen: string[] = [];
  const error = await (async () => {
    for await (const o of agent.launchNestedContainerSession(
      { containerId: id, parentId: parent.value as string, command: { value: "echo started; sleep 60" } },
      { signal: stop.signal },
    )) {
      seen.push(
        o.type === "stdout" || o.type === "stderr" ? `${o.type}:${Buffer.from(o.data).toString()}` : o.type,
      );
      stop.abort();
    }
  })().catch((e: unknown) => e);
  expect((error as { code?: string }).code).toBe("MESOS_TRANSPORT_ABORTED");
  expect(seen).toEqual(["stdout:started\n"]);
  const wait = await agent.waitNestedContainer({ value: id, parent });
  expect(wait.exit_status).toBe(9); // SIGKILL
});

it("KILL_CONTAINER on a command task's container: TASK_FAILED with REASON_EXECUTOR_TERMINATED", async () => {
  await framework.launch("victim", "sleep 60");
  await framework.waitFor("victim", "TASK_RUNNING");
  const agent = await client.agent(agentId);
  await agent.killContainer(await containerOf(agent, "victim"));
  const status = await framework.waitFor("victim", "TASK_FAILED");
  expect(status.reason).toBe(v1.TaskStatus_Reason.REASON_EXECUTOR_TERMINATED);
  expect(status.source).toBe(v1.TaskStatus_Source.SOURCE_AGENT);
});

it("followFile yields what a task writes until told the task is done", async () => {
  await framework.launch("writer", "for i in 1 2 3; do echo line $i; sleep 0.2; done");
  await framework.waitFor("writer", "TASK_RUNNING");
  const agent = await client.agent(agentId);
  let done = false;
  void framework.waitFor("writer", "TASK_FINISHED").then(() => {
    done = true;
  });
  const chunks: Uint8Array[] = [];
  for await (const c of agent.followFile(
    `/frameworks/${framework.id()}/executors/writer/runs/latest/stdout`,
    {
      pollMs: 50,
      done: () => done,
    },
  )) {
    chunks.push(c);
  }
  expect(Buffer.concat(chunks).toString()).toBe("line 1\nline 2\nline 3\n");
  expect(chunks.length).toBeGreaterThan(1);
});
