// Writes the boilerplate of one workspace package (package.json, tsconfig, vitest config).
// Used once to lay out the monorepo; kept so contributors add packages the same way.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, name, description, depsArg = "", binArg = ""] = process.argv.slice(2);
if (!dir || !name || !description) {
  console.error(
    "usage: node tools/new-package.mjs <dir> <@mesos-ts/name> <description> [dep,dep] [bin=file,...]",
  );
  process.exit(1);
}
const deps = depsArg ? depsArg.split(",") : [];
const local = deps.filter((d) => d.startsWith("@mesos-ts/"));
const bin = Object.fromEntries(binArg ? binArg.split(",").map((b) => b.split("=")) : []);
const isPrivate = !dir.startsWith("packages/");
mkdirSync(join(dir, "src"), { recursive: true });
mkdirSync(join(dir, "test"), { recursive: true });
const pkg = {
  name,
  version: "0.1.0",
  description,
  license: "Apache-2.0",
  ...(isPrivate ? { private: true } : {}),
  type: "module",
  engines: { node: ">=20.19" },
  repository: { type: "git", url: "https://github.com/mesos-ts/mesos-ts.git", directory: dir },
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
  },
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  ...(Object.keys(bin).length ? { bin } : {}),
  files: ["dist", "!dist/**/*.tsbuildinfo", "src", "README.md", "LICENSE"],
  sideEffects: false,
  scripts: {
    build: "tsc -b",
    test: "vitest run",
    lint: "biome check .",
  },
  dependencies: Object.fromEntries(deps.map((d) => [d, d.startsWith("@mesos-ts/") ? "0.1.0" : "*"])),
};
writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
const rel = dir
  .split("/")
  .map(() => "..")
  .join("/");
const tsconfig = {
  extends: `${rel}/tsconfig.base.json`,
  compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/.tsbuildinfo" },
  include: ["src"],
  references: local.map((d) => ({ path: `${rel}/packages/${d.slice("@mesos-ts/".length)}` })),
};
writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
if (!existsSync(join(dir, "vitest.config.ts"))) {
  writeFileSync(
    join(dir, "vitest.config.ts"),
    `import { defineProject } from "vitest/config";\nimport { sharedProjectConfig } from "${rel}/vitest.shared.ts";\n\nexport default defineProject(sharedProjectConfig(import.meta.dirname));\n`,
  );
}
