// The simulator against facts: every exchange recorded with a real Mesos 1.12.0 master and agent
// (fixtures/real-mesos-1.12) is replayed in order against 1 simulated master and 1 agent, and the
// status, key headers, JSON shape and error texts must come back the same. What still differs is
// a deliberate departure: listed here and in the README, so that a new difference fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { loadExchanges, Replayer, type ReplayResult } from "./replay/replayer.js";

/** Exchange → why the simulator still answers differently (also in the README's departures). */
const DEPARTURES: Record<string, string> = {};

describe("replay of exchanges recorded with a real Mesos 1.12.0", () => {
  let cluster: Cluster;
  let scratch: string;
  const results: ReplayResult[] = [];
  const exchanges = loadExchanges();

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "mesos-ts-replay-"));
    cluster = await startCluster({ masters: 1, agents: 1, allocationIntervalMs: 100 });
    const agent = cluster.agents[0];
    if (!agent) throw new Error("no agent");
    const replayer = new Replayer({
      masterUrl: cluster.masterUrls[0] ?? "",
      agentUrl: `http://127.0.0.1:${agent.port}`,
      agentId: agent.id,
      scratchDir: scratch,
      workDir: agent.workDir,
      sandboxOf: (fw, task) => agent.sandboxOf(fw, task),
    });
    try {
      for (const x of exchanges) {
        const result = await replayer.run(x);
        results.push(result);
      }
    } finally {
      replayer.close();
    }
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("answers at least 95 % of the exchanges the same", () => {
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    const report = `same ${count("same")}, differ ${count("differ")}, missing ${count("missing")} of ${results.length}`;
    console.log(`replay: ${report}`);
    for (const r of results.filter((r) => r.outcome !== "same")) {
      console.log(`  ${r.outcome} ${r.exchange}:\n    ${r.differences.join("\n    ")}`);
    }
    expect(count("same") / results.length, report).toBeGreaterThanOrEqual(0.95);
  });

  it("differs only where a deliberate departure is listed", () => {
    const differing = results.filter((r) => r.outcome !== "same").map((r) => r.exchange);
    expect(differing.sort()).toEqual(Object.keys(DEPARTURES).sort());
  });
});
