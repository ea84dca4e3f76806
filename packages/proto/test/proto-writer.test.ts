// tools/proto/write-proto-sources.mjs: proto/ is what it writes, and without MESOS_SCHEMA it
// says so in one line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { protoDir, repoRoot } from "./helpers/paths.js";

const writer = join(repoRoot, "tools", "proto", "write-proto-sources.mjs");
const out = mkdtempSync(join(tmpdir(), "mesos-proto-written-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function write(env: Record<string, string | undefined>) {
  const { MESOS_SCHEMA: _, ...rest } = process.env;
  const r = spawnSync(process.execPath, [writer, out], { encoding: "utf8", env: { ...rest, ...env } });
  return { status: r.status, stderr: r.stderr };
}

it("reading proto/ as a Mesos include/ directory, it writes proto/ back byte for byte", () => {
  expect(write({ MESOS_SCHEMA: protoDir }).status).toBe(0);
  const files = readdirSync(join(protoDir, "mesos"), { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".proto"),
  );
  expect(files.length).toBe(9);
  for (const f of files)
    expect(readFileSync(join(out, "mesos", f), "utf8"), f).toBe(
      readFileSync(join(protoDir, "mesos", f), "utf8"),
    );
});

it("without MESOS_SCHEMA it exits 2 with one line naming it", () => {
  const r = write({});
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(
    "write-proto-sources: set MESOS_SCHEMA to a Mesos checkout's include/ directory or a mesos-v1.binpb\n",
  );
});

it("a MESOS_SCHEMA that is no schema is one line too", () => {
  const r = write({ MESOS_SCHEMA: join(repoRoot, "tools") });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^write-proto-sources: MESOS_SCHEMA=.*: not a Mesos include\/ directory.*\n$/);
});
