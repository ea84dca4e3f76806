// The bin itself, as a user runs it: exit codes, stdout discipline, usage errors.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
// The demo keeps its sandboxes in the temp dir: give the spawned demos one we remove.
const tmp = mkdtempSync(join(tmpdir(), "mesos-ts-demo-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "examples/demo/src/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json"), TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** A port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("mesos-ts-demo CLI", () => {
  it("--json --tasks 2: exit 0 and exactly one JSON line on stdout", async () => {
    const { code, stdout, stderr } = await cli(["--json", "--tasks", "2"]);
    expect(code, stderr).toBe(0);
    const lines = stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(stdout.endsWith("\n")).toBe(true);
    const summary = JSON.parse(lines[0] ?? "") as {
      ok: boolean;
      tasks: Array<{ id: string; state: string }>;
    };
    expect(summary.ok).toBe(true);
    expect(summary.tasks.map((t) => `${t.id} ${t.state}`)).toEqual([
      "task-1 TASK_FINISHED",
      "task-2 TASK_FINISHED",
      "docker-1 TASK_FINISHED",
      "executor-1 TASK_FINISHED",
    ]);
    expect(stderr).toMatch(/OK: 4\/4 tasks ended as expected/);
    // The sandboxes it printed are where it said.
    expect(readdirSync(tmp).some((d) => d.startsWith("mesos-ts-demo-"))).toBe(true);
    expect(stderr).toContain(`sandboxes (task stdout/stderr) under ${tmp}/mesos-ts-demo-`);
  }, 30_000);

  it("a bad flag: exit 2 with a usage line", async () => {
    const { code, stdout, stderr } = await cli(["--bogus"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^mesos-ts-demo: .*--bogus/m);
    expect(stderr).toMatch(/^usage: mesos-ts-demo \[--master <url>\]/m);
  });

  it("a bad flag value: exit 2", async () => {
    const { code, stderr } = await cli(["--content-type", "xml"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--content-type must be protobuf or json/);
  });

  it("nothing listening at --master: one clear error line and exit 1 within --timeout", async () => {
    const port = await deadPort();
    const { code, stdout, stderr, ms } = await cli([
      "--master",
      `http://127.0.0.1:${port}`,
      "--timeout",
      "2",
      "--tasks",
      "1",
    ]);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(12_000);
    const errors = stderr.split("\n").filter((l) => l.startsWith("mesos-ts-demo:"));
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          // The scheduler (on @mesos-ts/transport) reports an unreachable master at once.
          `^mesos-ts-demo: no master reachable: http://127\\.0\\.0\\.1:${port} refused the connection$`,
        ),
      ),
    ]);
    expect(stdout).toMatch(/FAILED: 0\/2 tasks ended as expected/);
  }, 20_000);

  it("a --master URL with a password: the password is in no line it prints", async () => {
    const port = await deadPort();
    for (const master of [
      `zk://mesos:s3cret@127.0.0.1:${port}/mesos`,
      `http://fw:s3cret@127.0.0.1:${port}`,
    ]) {
      const { code, stdout, stderr } = await cli([
        "--master",
        master,
        "--timeout",
        "2",
        "--no-docker",
        "--json",
      ]);
      expect(code).toBe(1);
      expect(`${stdout}${stderr}`).not.toContain("s3cret");
      expect(JSON.parse(stdout).master).toMatch(/:\*\*\*@127\.0\.0\.1/);
    }
  }, 30_000);
});
