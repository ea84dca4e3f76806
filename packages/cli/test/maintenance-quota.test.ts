// maintenance (schedule, status, down, up) and quota against the simulator, in both content
// types of the master's answers; the recorded-answer tests stay in events-and-operations.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MasterClient } from "@mesos-ts/operator";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./helpers/run.js";

let cluster: Cluster;
let master: string;
const file = join(tmpdir(), `mesos-ts-sim-schedule-${process.pid}.json`);
beforeAll(async () => {
  cluster = await startCluster({ agents: 1 });
  master = cluster.masterUrls[0] as string;
});
afterAll(async () => {
  rmSync(file, { force: true });
  await cluster.close();
});

describe("maintenance against the simulator", () => {
  it("schedule, status, down, up: each step shows in the next read", async () => {
    expect(await run(["maintenance", "schedule", "-m", master])).toMatchObject({
      code: 0,
      stdout: "no maintenance scheduled\n",
    });
    expect(await run(["maintenance", "status", "-m", master])).toMatchObject({
      code: 0,
      stdout: "no machine in maintenance\n",
    });
    writeFileSync(
      file,
      JSON.stringify({
        windows: [
          {
            machine_ids: [{ hostname: "m1", ip: "10.0.0.1" }, { hostname: "m2" }],
            unavailability: { start: { nanoseconds: 1_700_000_000_000_000_000 } },
          },
        ],
      }),
    );
    expect(await run(["maintenance", "schedule", "--file", file, "-m", master])).toMatchObject({
      code: 0,
      stdout: "schedule updated\n",
    });
    const schedule = await run(["maintenance", "schedule", "-m", master]);
    expect(schedule.stdout).toMatch(/m1 +10\.0\.0\.1 +2023-11-14T22:13:20\.000Z +-/);
    expect(schedule.stdout).toMatch(/\nm2 +2023-11-14T22:13:20\.000Z/);
    const json = JSON.parse((await run(["maintenance", "schedule", "--json", "-m", master])).stdout);
    expect(json.schedule.windows[0].machine_ids).toEqual([
      { hostname: "m1", ip: "10.0.0.1" },
      { hostname: "m2" },
    ]);

    let status = await run(["maintenance", "status", "-m", master]);
    expect(status.stdout).toMatch(/m1 +10\.0\.0\.1 +DRAINING/);
    expect(status.stdout).toMatch(/m2 +DRAINING/);

    expect(await run(["maintenance", "down", "m1=10.0.0.1", "-m", master])).toMatchObject({
      code: 0,
      stdout: "down: m1\n",
    });
    status = await run(["maintenance", "status", "-m", master]);
    expect(status.stdout).toMatch(/m1 +10\.0\.0\.1 +DOWN/);
    expect(status.stdout).toMatch(/m2 +DRAINING/);
    const statusJson = JSON.parse((await run(["maintenance", "status", "--json", "-m", master])).stdout);
    expect(statusJson.status.down_machines).toEqual([{ hostname: "m1", ip: "10.0.0.1" }]);

    expect(await run(["maintenance", "up", "m1=10.0.0.1", "-m", master])).toMatchObject({
      code: 0,
      stdout: "up: m1\n",
    });
    status = await run(["maintenance", "status", "-m", master]);
    expect(status.stdout).not.toMatch(/DOWN/);
  });

  it("down on a machine no schedule names fails with the master's reason (exit 1)", async () => {
    const r = await run(["maintenance", "down", "nowhere=10.9.9.9", "-m", master]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/400/);
    expect(r.stderr).toMatch(/not part of a maintenance schedule/);
  });
});

describe("quota against the simulator", () => {
  it("none set, then the role's guarantees and limits as set by UPDATE_QUOTA", async () => {
    expect(await run(["quota", "-m", master])).toMatchObject({ code: 0, stdout: "no quota set\n" });
    expect(JSON.parse((await run(["quota", "--json", "-m", master])).stdout)).toEqual({ status: {} });
    const client = new MasterClient({ master });
    try {
      await client.call("UPDATE_QUOTA", {
        force: true,
        quota_configs: [
          {
            role: "dev",
            guarantees: { cpus: { value: 1 } },
            limits: { cpus: { value: 2 }, mem: { value: 512 } },
          },
        ],
      });
    } finally {
      await client.close();
    }
    const table = await run(["quota", "-m", master]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ROLE +GUARANTEES +LIMITS\n/);
    expect(table.stdout).toMatch(/\ndev +cpus:1 +cpus:2 mem:512\n$/);
    for (const wire of [[], ["--protobuf"]]) {
      const r = await run(["quota", "--json", ...wire, "-m", master]);
      expect(JSON.parse(r.stdout).status.configs).toEqual([
        {
          role: "dev",
          guarantees: { cpus: { value: 1 } },
          limits: { cpus: { value: 2 }, mem: { value: 512 } },
        },
      ]);
    }
  });
});
