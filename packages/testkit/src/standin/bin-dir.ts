import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A fresh folder holding `mesos-master` and `mesos-agent` stand-ins (shell wrappers around this
 * package's stand-in scripts): put it first on PATH to run a suite's native target on simulated
 * masters and agents. Never installed globally, so it cannot shadow a real Mesos.
 */
export function standinBinDir(options: { tsconfig?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mesos-ts-standin-bin-"));
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith(".ts");
  for (const role of ["master", "agent"]) {
    const script = here.replace(/bin-dir\.(ts|js)$/, `mesos-${role}.$1`);
    const loader = fromSource ? "--import tsx " : "";
    const env = fromSource && options.tsconfig ? `export TSX_TSCONFIG_PATH='${options.tsconfig}'\n` : "";
    const file = join(dir, `mesos-${role}`);
    writeFileSync(file, `#!/bin/sh\n${env}exec '${process.execPath}' ${loader}'${script}' "$@"\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}
