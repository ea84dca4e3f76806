// The repository README's simulator snippet is examples/leader-failover.ts, verbatim; this runs
// it as a user would (a real ZooKeeper, three masters, a crash and a new election).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const example = join(import.meta.dirname, "..", "examples", "leader-failover.ts");

it("the README quotes examples/leader-failover.ts, and it runs", async () => {
  expect(readFileSync(join(root, "README.md"), "utf8")).toContain(
    `\`\`\`ts\n${readFileSync(example, "utf8")}\`\`\``,
  );
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", example], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json") },
    timeout: 60_000,
  });
  const [, crashed, leads] =
    stdout.match(/^master (\d) crashed, master (\d) leads \(zk:\/\/127\.0\.0\.1:\d+\/mesos\)$/m) ?? [];
  expect(crashed).toBeDefined();
  expect(leads).not.toBe(crashed);
}, 90_000);
