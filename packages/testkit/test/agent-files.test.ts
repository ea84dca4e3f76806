// The agent's /files endpoints as a Mesos 1.12 agent answers them (`src/files/files.cpp`): by the
// virtual path `/frameworks/<fw>/executors/<ex>/runs/latest/...` and by the absolute sandbox path.
import { realpathSync } from "node:fs";
import { scheduler, v1 } from "@mesos-ts/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { launchCall, post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const E = scheduler.Event_Type;
let cluster: Cluster;
let sub: RawSubscription;
let base: string;
let virtual: string;
let sandbox: string;
const seen = new Set<scheduler.Event>();

const get = (endpoint: string, query: Record<string, string>) =>
  post(`${base}${endpoint}?${new URLSearchParams(query)}`, "", {}, "GET");

beforeAll(async () => {
  cluster = await startCluster({ agents: 1, taskMode: "process", allocationIntervalMs: 50 });
  sub = new RawSubscription(cluster.masterUrls[0] as string, "application/x-protobuf");
  await sub.open(subscribeCall({}));
  await sub.next((e) => e.type === E.SUBSCRIBED);
  const framework = { value: sub.frameworkId as string };
  const offer = (await sub.next((e) => e.type === E.OFFERS)).offers?.offers?.[0] as v1.Offer;
  await sub.call(
    launchCall(framework.value, offer, [
      {
        name: "probe",
        task_id: { value: "probe" },
        agent_id: offer.agent_id,
        resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.1 } }],
        command: { value: "echo wire-probe-stdout" },
      },
    ]),
  );
  // Each update is acknowledged: the agent sends a task's next update only then.
  for (let state: v1.TaskState | undefined; state !== v1.TaskState.TASK_FINISHED; ) {
    const update = await sub.next((e) => e.type === E.UPDATE && !seen.has(e));
    seen.add(update);
    state = update.update?.status?.state;
    await sub.call({
      framework_id: framework,
      type: scheduler.Call_Type.ACKNOWLEDGE,
      acknowledge: {
        agent_id: update.update?.status?.agent_id as v1.AgentID,
        task_id: update.update?.status?.task_id as v1.TaskID,
        uuid: update.update?.status?.uuid as Buffer,
      },
    });
  }
  const agent = cluster.agents[0];
  base = `http://127.0.0.1:${agent?.port}`;
  sandbox = agent?.sandboxOf(framework.value, "probe") as string;
  virtual = `/frameworks/${framework.value}/executors/probe/runs/latest`;
}, 30_000);

afterAll(async () => {
  sub?.close();
  await cluster?.close();
});

describe("/files/read", () => {
  it("virtual path, offset 0: the data, with a Content-Length (not chunked)", async () => {
    const r = await get("/files/read", { path: `${virtual}/stdout`, offset: "0", length: "100" });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["transfer-encoding"]).toBeUndefined();
    expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.text)));
    expect(r.text).toBe('{"data":"wire-probe-stdout\\n","offset":0}');
  });

  it("absolute path: the same data", async () => {
    const r = await get("/files/read", { path: `${sandbox}/stdout`, offset: "0", length: "100" });
    expect(r.text).toBe('{"data":"wire-probe-stdout\\n","offset":0}');
  });

  it("offset -1 or no offset: the size and no data", async () => {
    for (const query of [{ offset: "-1" }, {}] as Array<Record<string, string>>) {
      for (const path of [`${virtual}/stdout`, `${sandbox}/stdout`]) {
        const r = await get("/files/read", { path, ...query });
        expect(r.text).toBe('{"data":"","offset":18}');
      }
    }
  });

  it("offset and length select a slice; past the end gives the size", async () => {
    expect((await get("/files/read", { path: `${virtual}/stdout`, offset: "5", length: "5" })).text).toBe(
      '{"data":"probe","offset":5}',
    );
    expect((await get("/files/read", { path: `${virtual}/stdout`, offset: "99" })).text).toBe(
      '{"data":"","offset":18}',
    );
  });

  it("a missing file: 404 with an empty body", async () => {
    const r = await get("/files/read", { path: `${virtual}/no-such-file`, offset: "0", length: "100" });
    expect(r.status).toBe(404);
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(r.text).toBe("");
  });

  it("no path: 400 with Mesos' text", async () => {
    const r = await get("/files/read", {});
    expect(r.status).toBe(400);
    expect(r.text).toBe("Expecting 'path=value' in query.\n");
  });

  it("a malformed or negative offset: 400", async () => {
    expect((await get("/files/read", { path: `${virtual}/stdout`, offset: "x" })).status).toBe(400);
    const r = await get("/files/read", { path: `${virtual}/stdout`, offset: "-2" });
    expect([r.status, r.text]).toEqual([400, "Negative offset provided: -2.\n"]);
  });

  it("nothing outside an executor's run directory is served", async () => {
    for (const path of [
      "/etc/passwd",
      `${virtual}/../../../../../../../etc/passwd`,
      `${sandbox}/../..`,
      "/frameworks",
    ]) {
      expect((await get("/files/read", { path, offset: "0" })).status, path).toBe(404);
    }
  });
});

describe("/files/download", () => {
  it("virtual and absolute path: the bytes as application/octet-stream with a Content-Length", async () => {
    for (const path of [`${virtual}/stdout`, `${sandbox}/stdout`]) {
      const r = await get("/files/download", { path });
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe("application/octet-stream");
      expect(r.headers["content-length"]).toBe("18");
      expect(r.headers["transfer-encoding"]).toBeUndefined();
      expect(r.text).toBe("wire-probe-stdout\n");
    }
  });

  it("a missing file: 404", async () => {
    expect((await get("/files/download", { path: `${virtual}/nope` })).status).toBe(404);
  });
});

describe("/files/browse", () => {
  it("lists the sandbox by the path asked for, in Mesos' entry shape", async () => {
    for (const path of [virtual, sandbox]) {
      const r = await get("/files/browse", { path });
      expect(r.status).toBe(200);
      expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.text)));
      const entries = JSON.parse(r.text) as Array<Record<string, unknown>>;
      expect(entries.map((e) => e.path)).toEqual([`${path}/stderr`, `${path}/stdout`]);
      expect(entries[1]).toEqual({
        gid: expect.any(String),
        mode: "-rw-r--r--",
        mtime: expect.any(Number),
        nlink: 1,
        path: `${path}/stdout`,
        size: 18,
        uid: expect.any(String),
      });
    }
  });

  it("the absolute runs/latest link resolves to the same sandbox", () => {
    const runs = sandbox.slice(0, sandbox.lastIndexOf("/"));
    expect(realpathSync(`${runs}/latest`)).toBe(realpathSync(sandbox));
  });

  it("no path: 400 with Mesos' text; an unknown path: 404", async () => {
    const r = await get("/files/browse", {});
    expect([r.status, r.text]).toEqual([400, "Expecting 'path=value' in query.\n"]);
    expect((await get("/files/browse", { path: `${virtual}/nope` })).status).toBe(404);
  });
});

describe("/files/debug", () => {
  it("maps each attached path to the run directory it serves: absolute, runs/latest and virtual", async () => {
    const r = await get("/files/debug", {});
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.text)));
    const latest = sandbox.replace(/\/runs\/[^/]+$/, "/runs/latest");
    expect(JSON.parse(r.text)).toEqual({ [sandbox]: sandbox, [latest]: sandbox, [virtual]: sandbox });
  });
});
