import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

it("README example runs", async () => {
  const dir = join(import.meta.dirname, "..");
  const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(dir, "README.md"), "utf8"))![1]!;
  const file = join(dir, "test", `.readme-${process.pid}.mts`);
  writeFileSync(file, code);
  try {
    const root = join(dir, "../..");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json") },
    });
    expect(stdout).toBe("imok\n");
  } finally {
    rmSync(file, { force: true });
  }
});
