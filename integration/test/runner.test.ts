// The runner against a fake target: only the bookkeeping (rows, timeouts, isolation) is tested
// here; the real targets are exercised by suite.test.ts.
import { describe, expect, it } from "vitest";
import type { Cluster, TargetHandle } from "../src/cluster/cluster.js";
import { ClusterPool, plan, runRow } from "../src/runner.js";
import type { Scenario } from "../src/scenarios/scenario.js";

function fakeTarget(startFails = false) {
  const started: number[] = [];
  const stopped: number[] = [];
  let n = 0;
  const handle: TargetHandle = {
    kind: "local",
    mesosVersion: "sim",
    features: {
      launch: true,
      "docker-task": "no docker here",
      "master-failover": true,
      "custom-executor": true,
    },
    notes: [],
    async start({ masters }) {
      if (startFails) throw new Error("ZooKeeper did not start");
      const id = ++n;
      started.push(masters);
      const c: Cluster = {
        target: "local",
        mesosVersion: "sim",
        masterUrl: `http://m${id}`,
        masterHttpUrls: [],
        async stop() {
          stopped.push(id);
        },
      };
      return c;
    },
  };
  return { handle, started, stopped };
}

const scenario = (over: Partial<Scenario>): Scenario => ({
  name: "s",
  contentTypes: ["json", "protobuf"],
  needs: [],
  timeoutMs: 1_000,
  run: async () => {},
  ...over,
});

describe("runner", () => {
  it("plans one row per content type, marking what the target lacks", () => {
    const rows = plan(
      [scenario({}), scenario({ name: "docker", needs: ["docker-task"], contentTypes: ["json"] })],
      {
        features: fakeTarget().handle.features,
      },
    );
    expect(rows.map((r) => [r.scenario.name, r.contentType, r.notRunnable])).toEqual([
      ["s", "json", undefined],
      ["s", "protobuf", undefined],
      ["docker", "json", "docker-task: no docker here"],
    ]);
  });

  it("passes, fails, times out and reports not-runnable, each on its own row", async () => {
    const { handle, started } = fakeTarget();
    const pool = new ClusterPool(handle);
    const ok = await runRow(pool, {
      scenario: scenario({ run: async (c) => c.note("saw it") }),
      contentType: "json",
      notRunnable: undefined,
    });
    expect(ok).toMatchObject({ status: "pass", detail: "saw it", target: "local", mesosVersion: "sim" });
    const bad = await runRow(pool, {
      scenario: scenario({
        run: async () => {
          throw new Error("wrong state");
        },
      }),
      contentType: "protobuf",
      notRunnable: undefined,
    });
    expect(bad).toMatchObject({ status: "fail", detail: "wrong state", contentType: "protobuf" });
    const slow = await runRow(pool, {
      scenario: scenario({ timeoutMs: 50, run: () => new Promise(() => {}) }),
      contentType: "json",
      notRunnable: undefined,
    });
    expect(slow).toMatchObject({ status: "fail", detail: "timed out after 50 ms" });
    const skipped = await runRow(pool, {
      scenario: scenario({}),
      contentType: "json",
      notRunnable: "launch: read-only",
    });
    expect(skipped).toMatchObject({ status: "not-runnable", detail: "launch: read-only", ms: 0 });
    expect(started).toEqual([1]);
  });

  it("gives destructive scenarios a fresh cluster and stops it", async () => {
    const { handle, started, stopped } = fakeTarget();
    const pool = new ClusterPool(handle);
    let url = "";
    await runRow(pool, {
      scenario: scenario({
        masters: 3,
        run: async (c) => {
          url = c.cluster.masterUrl;
        },
      }),
      contentType: "json",
      notRunnable: undefined,
    });
    expect(started).toEqual([3]);
    expect(stopped).toEqual([1]);
    expect(url).toBe("http://m1");
  });

  it("a cluster that does not start fails the rows that need it", async () => {
    const pool = new ClusterPool(fakeTarget(true).handle);
    const r = await runRow(pool, { scenario: scenario({}), contentType: "json", notRunnable: undefined });
    expect(r).toMatchObject({ status: "fail", detail: "ZooKeeper did not start" });
  });
});
