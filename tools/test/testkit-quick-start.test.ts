// The testkit README's quick start is what a user pastes into a test file: it must be the
// complete file, imports included, that the testkit's own suite runs
// (packages/testkit/test/readme-example.test.ts, less its first comment line).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const testkit = resolve(import.meta.dirname, "..", "..", "packages", "testkit");

it("the testkit README's quick start is test/readme-example.test.ts, verbatim", () => {
  const readme = readFileSync(join(testkit, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const test = readFileSync(join(testkit, "test", "readme-example.test.ts"), "utf8");
  expect(block).toBe(test.slice(test.indexOf("\n") + 1));
});
