// Nothing a user reads or runs may point outside the repository: the maintainers keep Mesos
// facts beside their checkouts (../shared), a clone does not have them. Mesos facts are cited
// by Mesos source file instead (e.g. src/master/http.cpp).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const outside = /shared\/mesos-spec|\.\.\/shared|\/shared\/[A-Z]+\.md|TOOLCHAIN\.md/;

// Where the maintainers' copy is named on purpose: CI points MESOS_SCHEMA at it, the schema
// check falls back to it in our own checkouts, and this test names what it looks for.
const allowed = new Set([
  ".ci/run",
  "packages/proto/test/helpers/mesos-schema.ts",
  "tools/test/no-outside-references.test.ts",
]);

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files"], { cwd: repoRoot, encoding: "utf8" }).split("\n").filter(Boolean);
}

it("no tracked file outside the tests mentions ../shared, shared/mesos-spec or TOOLCHAIN.md", () => {
  const offenders = trackedFiles()
    .filter((f) => !allowed.has(f) && !/(^|\/)test\//.test(f) && f !== "package-lock.json")
    .filter((f) => outside.test(readFileSync(join(repoRoot, f), "utf8")));
  expect(offenders).toEqual([]);
});

it("the check finds what it looks for", () => {
  expect(outside.test("see ../shared/mesos-spec/PROTOCOL.md")).toBe(true);
  expect(outside.test("see `/shared/TOOLCHAIN.md`")).toBe(true);
  expect(outside.test("see src/master/http.cpp")).toBe(false);
});
