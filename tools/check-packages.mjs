// Every publishable package must be what a user can install: publint clean, and a tarball
// holding only built JS, .d.ts (with maps), the TypeScript sources those maps point at, the
// command wrappers in bin/, README, LICENSE and package.json. Every map's sources are in it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

const allowed =
  /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map)|src\/.+\.ts|bin\/[^/]+\.js)$/;
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
  // A debugger or an editor following a map must find its source in the installed package.
  const inTarball = new Set(pack.files.map((f) => f.path));
  for (const path of inTarball) {
    if (!path.endsWith(".map")) continue;
    const map = JSON.parse(readFileSync(join(dir, path), "utf8"));
    for (const source of map.sources) {
      const target = posix.normalize(posix.join(posix.dirname(path), map.sourceRoot ?? "", source));
      if (!inTarball.has(target))
        problems.push(`${pkg.name}: ${path} points at ${source}, not in the tarball`);
    }
  }
  if (!pack.files.some((f) => f.path === "dist/index.js"))
    problems.push(`${pkg.name}: tarball has no dist/index.js (build first)`);
}
if (problems.length) {
  for (const p of problems) console.error(`check-packages: ${p}`);
  process.exit(1);
}
console.log(
  `check-packages: ${checked} packages publint-clean with tarballs of dist, src, bin, README, LICENSE only; every map resolves`,
);
