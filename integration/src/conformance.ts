/**
 * `npm run conformance`: the suite in report mode. Chooses the target, runs every scenario ×
 * content type with a progress display, writes results/latest.json and results/latest.md, and
 * exits 1 when a row failed or nothing could be checked.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Progress } from "./report/progress.js";
import { type ResultRow, summarize, verdict } from "./report/row.js";
import { writeReport } from "./report/write.js";
import { ClusterPool, plan, runRow } from "./runner.js";
import { SCENARIOS } from "./scenarios/index.js";
import { prepareTarget } from "./targets/prepare.js";

const resultsDir = process.env.MESOS_TS_RESULTS_DIR ?? join(import.meta.dirname, "..", "results");
const t0 = performance.now();

let prepared: Awaited<ReturnType<typeof prepareTarget>>;
try {
  prepared = await prepareTarget();
} catch (e) {
  console.error(`conformance: no target: ${(e as Error).message}`);
  process.exit(1);
}
for (const line of prepared.explanation) console.log(line);

// `npm run conformance -- kill failover`: only scenarios whose name contains one of the words.
const only = process.argv.slice(2).map((w) => w.toLowerCase());
const chosen = only.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => only.some((w) => s.name.includes(w)));
const planned = plan(chosen, prepared.handle);
const progress = new Progress(planned.length, process.stdout);
const pool = new ClusterPool(prepared.handle);
const rows: ResultRow[] = [];
let build = "Mesos build: unknown";
try {
  for (const p of planned) {
    progress.started(`${p.scenario.name}/${p.contentType}`);
    const row = await runRow(pool, p);
    rows.push(row);
    progress.finished(row);
  }
  build = await pool.build();
  console.log(build);
} finally {
  await pool.stopAll();
}

const files = await writeReport(resultsDir, rows, {
  generatedAt: new Date().toISOString(),
  notes: [...prepared.explanation.map((l) => l.trim()), build],
});
const s = summarize(rows);
console.log(
  `conformance: ${s.pass} pass, ${s.fail} fail, ${s.notRunnable} not runnable in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log(`conformance: wrote ${files.json} and ${files.markdown}`);
const bad = verdict(rows);
if (bad !== undefined) console.error(`conformance: ${bad}`);
// Third-party clients (ZooKeeper bindings, mesos-framework's winston) may keep handles open.
process.exit(bad === undefined ? 0 : 1);
