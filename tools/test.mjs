// `npm test`: every check and every test of the monorepo, in the order a failure is cheapest.
// 1. find a ZooKeeper the suites can use (ZK_CONNECT, Docker, a local install; installs
//    Debian's package when root and none exists), or stop with one line saying what to do;
// 2. lint and the dependency-direction check;
// 3. build every package; type-check what the build does not (tests, benches, examples,
//    tools); check each publishable package's tarball;
// 4. every package's tests, integration included, then one line counting them all.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const started = Date.now();
const env = {
  ...process.env,
  NX_NO_CLOUD: "true",
  NX_DAEMON: "false",
  TSX_TSCONFIG_PATH: new URL("../tsconfig.dev.json", import.meta.url).pathname,
};
run(process.execPath, ["--import", "tsx", "tools/find-zookeeper.ts"], { env });
run("npx", ["biome", "check", "."], { env });
run(process.execPath, ["tools/check-deps.mjs"], { env });
run("npx", ["nx", "run-many", "-t", "build", "--output-style=static"], { env });
run("npx", ["tsc", "-p", "tsconfig.check.json"], { env });
run(process.execPath, ["tools/check-packages.mjs"], { env });
run(
  "npx",
  ["nx", "run-many", "-t", "test", "--output-style=static", "--parallel=1", ...process.argv.slice(2)],
  { env },
);

// One closing line over every package that reported in this run (nx restores each report on
// a cache hit too, which also renews it); older reports left by earlier runs do not count.
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of [
  ...readdirSync("packages").map((d) => join("packages", d)),
  ...readdirSync("examples").map((d) => join("examples", d)),
  "integration",
]) {
  const file = join(dir, "test-results.json");
  if (!existsSync(file) || statSync(file).mtimeMs < started) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
