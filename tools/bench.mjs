// `npm run bench`: every package's benchmark, one at a time (they compete for 2 cores
// otherwise), never from cache. Each prints a Markdown table of figures and ratios against
// a baseline measured in the same run; BENCHMARKS.md records them.
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  NX_NO_CLOUD: "true",
  NX_DAEMON: "false",
  TSX_TSCONFIG_PATH: new URL("../tsconfig.dev.json", import.meta.url).pathname,
};
const projects = process.argv.slice(2);
const r = spawnSync(
  "npx",
  [
    "nx",
    "run-many",
    "-t",
    "bench",
    "--parallel=1",
    "--skip-nx-cache",
    "--output-style=static",
    ...(projects.length ? [`--projects=${projects.join(",")}`] : []),
  ],
  { stdio: "inherit", env },
);
process.exit(r.status ?? 1);
