// `npm test`: every check and every test of the monorepo, in the order a failure is cheapest.
// 1. find a ZooKeeper the suites can use (ZK_CONNECT, Docker, a local install; installs
//    Debian's package when root and none exists), or stop with one line saying what to do;
// 2. lint and the dependency-direction check; 3. build every package (type-checks);
// 4. every package's tests, integration included.
import { spawnSync } from "node:child_process";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env, NX_NO_CLOUD: "true", NX_DAEMON: "false", TSX_TSCONFIG_PATH: new URL("../tsconfig.dev.json", import.meta.url).pathname };
run(process.execPath, ["--import", "tsx", "tools/find-zookeeper.ts"], { env });
run("npx", ["biome", "check", "."], { env });
run(process.execPath, ["tools/check-deps.mjs"], { env });
run("npx", ["nx", "run-many", "-t", "build", "--output-style=static"], { env });
run("npx", ["nx", "run-many", "-t", "test", "--output-style=static", "--parallel=1", ...process.argv.slice(2)], { env });
