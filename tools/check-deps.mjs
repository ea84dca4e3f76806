// Fails when a workspace package depends on one above it in the layering:
// proto, recordio, zookeeper-server <- discovery <- transport <- scheduler, executor <- testkit, demo, integration.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const rank = {
  "@mesos-ts/proto": 0,
  "@mesos-ts/recordio": 0,
  "@mesos-ts/zookeeper-server": 0,
  "@mesos-ts/discovery": 1,
  "@mesos-ts/transport": 2,
  "@mesos-ts/scheduler": 3,
  "@mesos-ts/executor": 3,
  "@mesos-ts/operator": 3,
  "@mesos-ts/testkit": 4,
  "@mesos-ts/cli": 4,
  "@mesos-ts/demo": 5,
  "@mesos-ts/example-executor": 4,
  "@mesos-ts/integration": 5,
};
const dirs = [
  ...readdirSync("packages").map((d) => join("packages", d)),
  ...readdirSync("examples").map((d) => join("examples", d)),
  "integration",
].filter((d) => existsSync(join(d, "package.json")));
const problems = [];
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const own = rank[pkg.name];
  if (own === undefined) problems.push(`${pkg.name}: not placed in a layer (tools/check-deps.mjs)`);
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
    if (dep in rank && rank[dep] >= own)
      problems.push(`${pkg.name} (layer ${own}) must not depend on ${dep} (layer ${rank[dep]})`);
  }
  // Deep imports into another package's files bypass its public surface.
  const srcDir = join(dir, "src");
  if (!existsSync(srcDir)) continue;
  for (const file of readdirSync(srcDir, { recursive: true })) {
    if (!String(file).endsWith(".ts")) continue;
    const text = readFileSync(join(srcDir, String(file)), "utf8");
    for (const m of text.matchAll(/from\s+["'](@mesos-ts\/[^"']+|\.\.\/\.\.\/[^"']+)["']/g)) {
      const spec = m[1];
      if (spec.startsWith("@mesos-ts/") && spec.split("/").length > 2)
        problems.push(`${dir}/src/${file}: deep import ${spec}`);
      if (
        spec.startsWith("../../") &&
        /\.\.\/\.\.\/(packages|integration|examples)?\/?[a-z-]+\/src/.test(spec)
      )
        problems.push(`${dir}/src/${file}: reaches into another package: ${spec}`);
    }
  }
}
if (problems.length) {
  for (const p of problems) console.error(`check-deps: ${p}`);
  process.exit(1);
}
console.log(`check-deps: ${dirs.length} packages, imports go one way`);
