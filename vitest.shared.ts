// One place for what every package's vitest project shares: workspace packages are
// resolved to their TypeScript sources, so tests never need a build first.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { UserWorkspaceConfig } from "vitest/config";

export const workspaceRoot = import.meta.dirname;

/** `@mesos-ts/<name>` -> `<root>/packages/<dir>/src/index.ts`, read from each package.json. */
export function sourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const packagesDir = join(workspaceRoot, "packages");
  for (const dir of readdirSync(packagesDir)) {
    const pkg = JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as { name: string };
    aliases[pkg.name] = join(packagesDir, dir, "src", "index.ts");
  }
  return aliases;
}

export function sharedProjectConfig(projectDir: string): UserWorkspaceConfig {
  return {
    root: projectDir,
    resolve: { alias: sourceAliases() },
    test: {
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // The JSON report lets `npm test` close with one line counting every package's tests.
      // Each package runs vitest as its own root, so these root-level options do apply.
      ...({ reporters: ["default", ["json", { outputFile: "test-results.json" }]] } as object),
    },
  };
}
