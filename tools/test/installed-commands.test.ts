// The commands a README tells people to run with npx work in a fresh clone after `npm ci` and
// a build: npm links them at install time (bin/ is committed; dist/ does not exist yet then).
// Slow (a clone, an install from the warm npm cache, a build): it runs once per `npm test`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "mesos-ts-clone-"));
const clone = join(scratch, "mesos-ts");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// This test runs as an nx task; the clone's nx must not think it is nested in that one.
const outsideNx = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NX_")));

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    // No nx daemon or cloud in the clone; the clone's own packages, never the registry's.
    env: { ...outsideNx, NX_DAEMON: "false", NX_NO_CLOUD: "true", npm_config_update_notifier: "false" },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function ok(cmd: string, args: string[], cwd: string) {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.output}`);
}

describe("the commands from a fresh clone", () => {
  beforeAll(() => {
    // HEAD as committed: what someone cloning gets.
    ok("git", ["clone", "--quiet", repoRoot, clone], scratch);
    // With install scripts, as a user runs it: the ZooKeeper C client is built here, and the
    // commands load it.
    ok("npm", ["ci", "--offline", "--no-audit", "--no-fund"], clone);
    ok("npx", ["nx", "run-many", "-t", "build", "--output-style=static"], clone);
  }, 600_000);

  const usage: ReadonlyArray<readonly [string, RegExp]> = [
    ["mesos-leader", /usage/i],
    ["mesos-ts-sim", /usage/i],
    ["mesos-ts-demo", /usage/i],
    // yargs prints the usage line without the word "usage".
    ["mesos-ts", /^mesos-ts <command> \[options\]$/m],
  ];
  for (const [command, pattern] of usage) {
    it(`npx --no-install ${command} --help prints its usage`, () => {
      const r = run("npx", ["--no-install", command, "--help"], clone);
      expect(r.output).toMatch(pattern);
      expect(r.status).toBe(0);
    });
  }
});
