// The client against answers recorded from a real Mesos 1.12 master and agent, for the calls
// the simulator does not answer (yet) and for the exact shapes Mesos writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentClient, exitCodeOf, HttpStatusError, MasterClient } from "../src/index.js";
import { callTypeName, type FixtureServer, fixture, startFixtureServer } from "./helpers/fixture-server.js";

let master: FixtureServer;
let agentServer: FixtureServer;
beforeAll(async () => {
  master = await startFixtureServer((body) => {
    const name = callTypeName(body);
    if (name === "GET_METRICS" && !body.toString().includes("get_metrics"))
      return fixture("master", "GET_METRICS.no-payload");
    if (name === "?") return fixture("master", "GET_HEALTH.protobuf");
    return fixture("master", name);
  });
  agentServer = await startFixtureServer((body) => fixture("agent", callTypeName(body)));
});
afterAll(async () => {
  await master.close();
  await agentServer.close();
});

describe("master calls the simulator does not answer, as Mesos 1.12 answers them", () => {
  const client = () => new MasterClient({ master: master.url, contentType: "json" });

  it("GET_FLAGS, GET_ROLES, GET_QUOTA, GET_MAINTENANCE_SCHEDULE, GET_LOGGING_LEVEL, GET_OPERATIONS", async () => {
    const c = client();
    const flags = await c.getFlags();
    expect(flags.flags?.find((f) => f.name === "port")?.value).toMatch(/^\d+$/);
    expect((await c.getRoles()).roles?.length).toBeGreaterThan(0);
    expect(await c.getQuota()).toHaveProperty("status");
    expect(await c.getMaintenanceSchedule()).toEqual(
      expect.objectContaining({ schedule: expect.any(Object) }),
    );
    expect((await c.call("GET_LOGGING_LEVEL")).level).toBeTypeOf("number");
    expect((await c.call("GET_OPERATIONS")).operations ?? []).toEqual([]);
    await c.close();
  });

  it("GET_WEIGHTS without weights: a response with no payload is an empty result", async () => {
    const c = client();
    expect(await c.call("GET_WEIGHTS")).toEqual({});
    await c.close();
  });

  it("GET_METRICS names its metrics; without its payload Mesos answers 400", async () => {
    const c = client();
    const metrics = await c.call("GET_METRICS", {});
    expect(metrics.metrics?.some((m) => m.name === "master/elected")).toBe(true);
    const error = await c.call("GET_METRICS").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect((error as HttpStatusError).body).toBe(
      "Failed to validate master::Call: Expecting 'get_metrics' to be present",
    );
    await c.close();
  });

  it("GET_TASKS with completed tasks and GET_MASTER", async () => {
    const c = client();
    const tasks = await c.getTasks();
    expect(tasks.completed_tasks?.length).toBeGreaterThan(0);
    expect((await c.getMaster()).master_info?.port).toBeGreaterThan(0);
    await c.close();
  });

  it("decodes a protobuf GET_HEALTH (bytes 08 01 12 02 08 01)", async () => {
    const c = new MasterClient({ master: master.url, contentType: "protobuf" });
    expect((await c.getHealth()).healthy).toBe(true);
    expect(master.requests.at(-1)?.headers["content-type"]).toBe("application/x-protobuf");
    expect(master.requests.at(-1)?.headers.accept).toBe("application/x-protobuf");
    await c.close();
  });
});

describe("agent calls as a Mesos 1.12 agent answers them", () => {
  it("GET_STATE, GET_CONTAINERS, GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS, GET_AGENT, GET_VERSION", async () => {
    const a = new AgentClient({ agent: agentServer.url, contentType: "json" });
    const state = await a.getState();
    expect(state.get_tasks).toBeDefined();
    const containers = await a.getContainers();
    expect(containers.containers?.[0]?.container_id?.value).toBeTruthy();
    expect((await a.call("GET_TASKS")).launched_tasks).toBeDefined();
    expect((await a.call("GET_EXECUTORS")).executors).toBeDefined();
    expect((await a.call("GET_FRAMEWORKS")).frameworks).toBeDefined();
    expect((await a.call("GET_AGENT")).agent_info?.hostname).toBeTruthy();
    expect((await a.getVersion()).version_info?.version).toBe("1.12.0");
    await a.close();
  });

  it("WAIT_NESTED_CONTAINER: exit_status is a raw wait status (768 = exit 3)", async () => {
    const a = new AgentClient({ agent: agentServer.url, contentType: "json" });
    const r = await a.waitNestedContainer({ value: "x", parent: { value: "p" } });
    expect(r.exit_status).toBe(768);
    expect(exitCodeOf(r.exit_status ?? 0)).toBe(3);
    await a.close();
  });

  it("LIST_FILES and READ_FILE", async () => {
    const a = new AgentClient({ agent: agentServer.url, contentType: "json" });
    expect((await a.call("LIST_FILES", { path: "/x" })).file_infos?.length).toBeGreaterThan(0);
    const read = await a.readFile("/x/stdout", { offset: 0, length: 10 });
    expect(read.size).toBeTypeOf("number");
    await a.close();
  });
});

describe("statuses without a body (src/master/http.cpp; status lines only, not recorded bodies)", () => {
  it("202 for resource operations, 200 empty, and 409/403 as typed errors", async () => {
    const answers: Record<string, [number, string]> = {
      RESERVE_RESOURCES: [202, ""],
      SET_LOGGING_LEVEL: [200, ""],
      CREATE_VOLUMES: [409, "Insufficient resources"],
      UPDATE_QUOTA: [403, "Forbidden"],
    };
    const server = await startFixtureServer((body) => {
      const [status, text] = answers[callTypeName(body)] ?? [500, "unexpected"];
      return { status, contentType: text ? "text/plain; charset=utf-8" : null, encoding: "text", body: text };
    });
    const c = new MasterClient({ master: server.url, contentType: "json" });
    const agentId = { value: "A1" };
    expect(await c.call("RESERVE_RESOURCES", { agent_id: agentId, source: [], resources: [] })).toEqual({
      status: 202,
    });
    expect(
      await c.call("SET_LOGGING_LEVEL", { level: 1, duration: { nanoseconds: 1_000_000_000n } }),
    ).toEqual({ status: 200 });
    const conflict = await c
      .call("CREATE_VOLUMES", { agent_id: agentId, volumes: [] })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(HttpStatusError);
    expect([(conflict as HttpStatusError).status, (conflict as HttpStatusError).body]).toEqual([
      409,
      "Insufficient resources",
    ]);
    const forbidden = await c
      .call("UPDATE_QUOTA", { force: false, quota_configs: [] })
      .catch((e: unknown) => e);
    expect([(forbidden as HttpStatusError).status, (forbidden as HttpStatusError).temporary]).toEqual([
      403,
      false,
    ]);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? "{}").type).toBe("RESERVE_RESOURCES");
    await c.close();
    await server.close();
  });
});

describe("agent streaming answers as recorded", () => {
  it("a session's RecordIO output (echo a; exit 3) and a task container's 500 on ATTACH_CONTAINER_OUTPUT", async () => {
    const recorded = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "fixtures", "agent", "LAUNCH_NESTED_CONTAINER_SESSION.exit3.json"),
        "utf8",
      ),
    ) as { head: string; records: string[] };
    const contentType = /Content-Type: ([^\r]+)/.exec(recorded.head)?.[1] as string;
    const messageType = /Message-Content-Type: ([^\r]+)/.exec(recorded.head)?.[1] as string;
    const server = await startFixtureServer((body, _req, res) => {
      if (callTypeName(body) === "ATTACH_CONTAINER_OUTPUT")
        return fixture("agent", "ATTACH_CONTAINER_OUTPUT.task-container");
      res.writeHead(200, { "Content-Type": contentType, "Message-Content-Type": messageType });
      for (const r of recorded.records) res.write(r); // one chunk per record, as the agent sent them
      res.end();
      return undefined;
    });
    const a = new AgentClient({ agent: server.url, contentType: "json" });
    const out: string[] = [];
    for await (const o of a.launchNestedContainerSession({
      containerId: "c",
      parentId: "p",
      command: { value: "echo a; exit 3" },
    })) {
      if (o.type === "stdout") out.push(Buffer.from(o.data).toString());
    }
    expect(out).toEqual(["a\n"]);
    const sent = server.requests[0]?.headers;
    expect([sent?.accept, sent?.["message-accept"]]).toEqual(["application/recordio", "application/json"]);
    const error = await a
      .attachContainerOutput({ value: "c" })
      .next()
      .catch((e: unknown) => e);
    expect([(error as HttpStatusError).status, (error as HttpStatusError).body]).toEqual([
      500,
      "I/O switchboard server was disabled for this container",
    ]);
    await a.close();
    await server.close();
  });
});
