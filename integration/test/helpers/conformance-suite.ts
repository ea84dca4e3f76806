// The conformance suite as vitest tests: the same scenarios as `npm run conformance`, on one
// target, one test per scenario × content type. Not-runnable rows are skipped with their reason
// in the test name; a run where nothing at all could run fails (it never passes by skipping
// everything).
import { afterAll, describe, expect, it } from "vitest";
import type { ResultRow } from "../../src/report/row.js";
import { verdict } from "../../src/report/row.js";
import { ClusterPool, plan, runRow } from "../../src/runner.js";
import { SCENARIOS } from "../../src/scenarios/index.js";
import { prepareTarget } from "../../src/targets/prepare.js";

export async function defineConformanceSuite(
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const prepared = await prepareTarget(env);
  console.log(prepared.explanation.join("\n"));
  const pool = new ClusterPool(prepared.handle);
  const rows: ResultRow[] = [];
  const planned = plan(SCENARIOS, prepared.handle);
  const unrunnable = planned.filter((p) => p.notRunnable !== undefined);
  if (unrunnable.length > 0) {
    console.log(
      `not runnable on ${prepared.handle.kind}:\n${unrunnable.map((p) => `  ${p.scenario.name}/${p.contentType}: ${p.notRunnable}`).join("\n")}`,
    );
  }

  afterAll(async () => {
    await pool.stopAll();
  }, 60_000);

  describe.sequential(`conformance on ${prepared.handle.kind} (Mesos ${prepared.handle.mesosVersion})`, () => {
    for (const p of planned) {
      const title = `${p.scenario.name} [${p.contentType}]`;
      if (p.notRunnable !== undefined) {
        it.skip(`${title}: not runnable here: ${p.notRunnable}`, () => {});
        continue;
      }
      it(
        title,
        async () => {
          const row = await runRow(pool, p);
          rows.push(row);
          expect(row.status, row.detail).toBe("pass");
        },
        p.scenario.timeoutMs + 90_000,
      );
    }

    // The local target's clusters carry the testkit recorder: there a scenario must never fall
    // back to "client-side events only", or its wire assertions would silently not run.
    it.runIf(prepared.handle.kind === "local")("checked the master's side of the wire in every row", () => {
      const blind = rows.filter((r) => r.detail.includes("no master-side recorder"));
      expect(blind.map((r) => `${r.scenario}/${r.contentType}`)).toEqual([]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it("names the Mesos version and build of the target (GET_VERSION)", async () => {
      const build = await pool.build();
      console.log(build);
      expect(build).toMatch(/^Mesos under test \(GET_VERSION\): \d+\.\d+\.\d+/);
      if (prepared.handle.kind === "local")
        expect(build).toContain(prepared.handle.mesosVersion.replace(/^sim-/, ""));
    });

    it("ran something and failed nothing (never passes by skipping everything)", () => {
      const bad = verdict([
        ...rows,
        ...unrunnable.map((p) => ({
          scenario: p.scenario.name,
          contentType: p.contentType,
          target: prepared.handle.kind,
          mesosVersion: prepared.handle.mesosVersion,
          status: "not-runnable" as const,
          ms: 0,
          detail: p.notRunnable ?? "",
        })),
      ]);
      expect(bad).toBeUndefined();
    });
  });
}
