// `npm test`: every check and every test of the monorepo, in the order a failure is cheapest.
// 1. find a ZooKeeper the suites can use (ZK_CONNECT, Docker, a local install; installs
//    Debian's package when root and none exists), or stop with one line saying what to do;
// 2. lint and the dependency-direction check;
// 3. build every package; type-check what the build does not (tests, benches, examples,
//    tools); check each publishable package's tarball;
// 4. every package's tests, integration included, then one line counting them all:
//    `N passed, N failed, N skipped`, printed also when a step before the tests failed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { closingLine, countRun } from "./test-count.mjs";

const started = Date.now();
const env = {
  ...process.env,
  NX_NO_CLOUD: "true",
  NX_DAEMON: "false",
  TSX_TSCONFIG_PATH: new URL("../tsconfig.dev.json", import.meta.url).pathname,
};

/** A step before the tests: when it fails nothing was counted, and the closing line says so. */
function step(name, cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status === 0) return;
  console.log(`npm test: ${name} failed (exit ${r.status ?? r.signal}); no tests ran`);
  console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
  process.exit(1);
}

step("finding ZooKeeper", process.execPath, ["--import", "tsx", "tools/find-zookeeper.ts"]);
step("lint (biome)", "npx", ["biome", "check", "."]);
step("the dependency-direction check", process.execPath, ["tools/check-deps.mjs"]);
step("the build", "npx", ["nx", "run-many", "-t", "build", "--output-style=static"]);
step("the type-check", "npx", ["tsc", "-p", "tsconfig.check.json"]);
step("the tarball check", process.execPath, ["tools/check-packages.mjs"]);
// Every package's tests run even when one fails (nx does not bail); nx exits non-zero at the end.
// One at a time: suites measure timeouts against real servers. nx.json says so too
// (`"parallelism": false` on test), which also keeps nx from advising more parallelism.
const tests = spawnSync(
  "npx",
  ["nx", "run-many", "-t", "test", "--output-style=static", "--parallel=1", ...process.argv.slice(2)],
  { stdio: "inherit", env },
);

// One closing line over every package that reported in this run (nx restores each report on
// a cache hit too, which also renews it); older reports left by earlier runs do not count.
const reports = [];
for (const dir of [
  ...readdirSync("packages").map((d) => join("packages", d)),
  ...readdirSync("examples").map((d) => join("examples", d)),
  "integration",
  "tools",
]) {
  const file = join(dir, "test-results.json");
  if (!existsSync(file) || statSync(file).mtimeMs < started) continue;
  reports.push(JSON.parse(readFileSync(file, "utf8")));
}
const total = countRun(reports, { runFailed: tests.status !== 0 });
for (const file of total.brokenFiles) console.log(`npm test: ${file} failed as a whole (see above)`);
if (total.unexplained) console.log("npm test: a test run failed without a report (see above)");
console.log(closingLine(total));
process.exit(total.failed ? 1 : 0);
