// Every publishable package must be what a user can install: publint clean, and a tarball
// holding only built JS, .d.ts (with maps), README, LICENSE and package.json.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const allowed = /^(package\.json|README\.md|LICENSE|bin\/[^/]+\.js|dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map))$/;
const problems = [];
let checked = 0;
for (const dir of readdirSync("packages").map((d) => join("packages", d))) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  checked++;
  for (const file of ["README.md", "LICENSE"])
    if (!existsSync(join(dir, file))) problems.push(`${pkg.name}: no ${file}`);
  try {
    execFileSync("npx", ["publint", "--strict", dir], { stdio: "pipe" });
  } catch (e) {
    problems.push(`${pkg.name}: publint: ${String(e.stdout || e.message).trim()}`);
  }
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "ignore"],
    }).toString(),
  );
  for (const { path } of pack.files) {
    if (!allowed.test(path) || /(^|\/)(test|bench|__tests__)\//.test(path))
      problems.push(`${pkg.name}: tarball holds ${path}`);
  }
  if (!pack.files.some((f) => f.path === "dist/index.js"))
    problems.push(`${pkg.name}: tarball has no dist/index.js (build first)`);
}
if (problems.length) {
  for (const p of problems) console.error(`check-packages: ${p}`);
  process.exit(1);
}
console.log(`check-packages: ${checked} packages publint-clean with tarballs of dist, README, LICENSE only`);
