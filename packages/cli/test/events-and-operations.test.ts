// events [--follow] and teardown against the simulator; maintenance and quota against answers
// recorded from a real Mesos 1.12 master (maintenance-quota.test.ts runs them on the simulator).
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callTypeName,
  type FixtureServer,
  fixture,
  startFixtureServer,
} from "../../operator/test/helpers/fixture-server.js";
import { startFramework, type TestFramework } from "../../operator/test/helpers/framework.js";
import { run } from "./helpers/run.js";

let cluster: Cluster;
let fw: TestFramework;
let master: string;
let recorded: FixtureServer;
beforeAll(async () => {
  cluster = await startCluster({ agents: 1, heartbeatIntervalMs: 300, allocationIntervalMs: 50 });
  master = cluster.masterUrls[0] as string;
  fw = await startFramework(master, "cli-events");
  recorded = await startFixtureServer((body) => {
    const name = callTypeName(body);
    if (name === "START_MAINTENANCE" || name === "STOP_MAINTENANCE" || name === "UPDATE_MAINTENANCE_SCHEDULE")
      return { status: 200, contentType: null, encoding: "text", body: "" };
    if (name === "GET_MAINTENANCE_STATUS")
      return {
        status: 200,
        contentType: "application/json",
        encoding: "text",
        body: '{"type":"GET_MAINTENANCE_STATUS","get_maintenance_status":{"status":{"draining_machines":[{"id":{"hostname":"agent7","ip":"10.0.0.7"}}],"down_machines":[]}}}',
      };
    return fixture("master", name);
  });
});
afterAll(async () => {
  await recorded.close();
  await fw.close();
  await cluster.close();
});

describe("events", () => {
  it("without --follow: the SUBSCRIBED snapshot only", async () => {
    const r = await run(["events", "-m", master]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+ +SUBSCRIBED +1 agents, 1 frameworks, 0 tasks\n$/);
  });

  it("--follow --json: NDJSON of Mesos JSON events as they happen", async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const following = run(["events", "--follow", "--json", "-m", master], {
      signal: stop.signal,
      onStdout: (t) => {
        lines.push(...t.trim().split("\n"));
        if (lines.some((l) => l.includes('"TASK_FINISHED"'))) stop.abort();
      },
    });
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    await fw.launch("evt-1", "true");
    const r = await following;
    expect(r.code).toBe(0);
    const types = lines.map((l) => JSON.parse(l).type as string);
    expect(types[0]).toBe("SUBSCRIBED");
    expect(types).toContain("TASK_ADDED");
    expect(types).toContain("TASK_UPDATED");
    expect(types).not.toContain("HEARTBEAT");
  });

  it("--limit with --heartbeats stops after that many events", async () => {
    const r = await run(["events", "--follow", "--heartbeats", "--limit", "3", "-m", master]);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(["SUBSCRIBED", "HEARTBEAT", "HEARTBEAT"]);
  });
});

it("teardown: the framework is removed and its tasks killed", async () => {
  const other = await startFramework(master, "doomed-fw");
  await other.launch("d-1", "sleep 60");
  await other.waitFor("d-1", "TASK_RUNNING");
  const r = await run(["teardown", other.id(), "-m", master]);
  expect(r).toMatchObject({ code: 0, stdout: `torn down: ${other.id()}\n` });
  const frameworks = await run(["frameworks", "-m", master, "--json"]);
  expect(frameworks.stdout).not.toContain(other.id());
  await other.close();
});

describe("maintenance and quota (recorded Mesos answers)", () => {
  it("maintenance schedule, status, down, up", async () => {
    expect(await run(["maintenance", "schedule", "-m", recorded.url])).toMatchObject({
      code: 0,
      stdout: "no maintenance scheduled\n",
    });
    const status = await run(["maintenance", "status", "-m", recorded.url]);
    expect(status.stdout).toMatch(/agent7 +10\.0\.0\.7 +DRAINING/);
    expect(await run(["maintenance", "down", "agent7=10.0.0.7", "-m", recorded.url])).toMatchObject({
      code: 0,
      stdout: "down: agent7\n",
    });
    const sent = JSON.parse(recorded.requests.at(-1)?.body.toString() ?? "{}");
    expect(sent).toEqual({
      type: "START_MAINTENANCE",
      start_maintenance: { machines: [{ hostname: "agent7", ip: "10.0.0.7" }] },
    });
    expect((await run(["maintenance", "up", "agent7", "-m", recorded.url])).code).toBe(0);
    const file = join(tmpdir(), `mesos-ts-schedule-${process.pid}.json`);
    writeFileSync(
      file,
      '{"windows":[{"machine_ids":[{"hostname":"agent7"}],"unavailability":{"start":{"nanoseconds":1}}}]}',
    );
    expect(await run(["maintenance", "schedule", "--file", file, "-m", recorded.url])).toMatchObject({
      code: 0,
      stdout: "schedule updated\n",
    });
    writeFileSync(file, '{"windows":"nope"}');
    expect((await run(["maintenance", "schedule", "--file", file, "-m", recorded.url])).code).toBe(2);
  });

  it("quota", async () => {
    expect(await run(["quota", "-m", recorded.url])).toMatchObject({ code: 0, stdout: "no quota set\n" });
    expect(JSON.parse((await run(["quota", "--json", "-m", recorded.url])).stdout)).toHaveProperty("status");
  });
});
