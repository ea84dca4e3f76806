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

function cli(
  args: string[],
  onStdout?: (chunk: string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; exitedAt: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "examples/demo/src/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json"), TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let exitedAt = 0;
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(c.toString());
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("exit", () => {
      exitedAt = Date.now();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started, exitedAt }));
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
    // The sandboxes were where it said, and are gone.
    expect(stderr).toContain(`sandboxes (task stdout/stderr) under ${tmp}/mesos-ts-demo-`);
    expect(readdirSync(tmp).filter((d) => d.startsWith("mesos-ts-demo-"))).toEqual([]);
  }, 30_000);

  it("--keep: the sandboxes stay where the summary says", async () => {
    const { code, stdout, stderr } = await cli(["--keep", "--tasks", "1", "--no-docker"]);
    expect(code, stderr).toBe(0);
    const dir = /sandboxes: +(\S+)/.exec(stdout)?.[1] ?? "";
    expect(dir.startsWith(`${tmp}/mesos-ts-demo-`), stdout).toBe(true);
    expect(readdirSync(dir)).toEqual(["slaves"]);
    rmSync(dir, { recursive: true });
  }, 30_000);

  it("--timeout 1 with tasks still running: exits right after its summary (no timer left behind)", async () => {
    let summaryAt = 0;
    const { code, stdout, exitedAt } = await cli(["--timeout", "1", "--tasks", "6"], (chunk) => {
      if (summaryAt === 0 && /FAILED: /.test(chunk)) summaryAt = Date.now();
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED: .*timed out after 1 s/);
    // Measured from the summary: at most a second, not a status-update retry (10 s and more).
    expect(summaryAt).toBeGreaterThan(0);
    expect(exitedAt - summaryAt).toBeLessThan(1000);
  }, 30_000);

  it("-h and --version print to stdout and exit 0", async () => {
    const help = await cli(["-h"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: mesos-ts-demo /);
    expect(help.stdout).toMatch(/Example:\n {2}mesos-ts-demo /);
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("a malformed --master: exit 2 with one message and the usage line, nothing started", async () => {
    const { code, stdout, stderr } = await cli(["--master", "zk://fw:s3cret@zk1/mesos"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^mesos-ts-demo: --master: bad master URL "zk:\/\/fw:\*\*\*@zk1\/mesos": .*\nusage: mesos-ts-demo .*\n$/,
    );
  });

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

  it("nothing listening at --master: one clear error line and exit 1 at once, not at --timeout", async () => {
    const port = await deadPort();
    const { code, stdout, stderr, ms } = await cli([
      "--master",
      `http://127.0.0.1:${port}`,
      "--timeout",
      "60",
      "--tasks",
      "1",
    ]);
    expect(code).toBe(1);
    // It used to wait out the whole --timeout; node and tsx starting take most of this.
    expect(ms).toBeLessThan(20_000);
    const errors = stderr.split("\n").filter((l) => l.startsWith("mesos-ts-demo:"));
    // The client reports a refused master at once (unreachableMasters: "fail", the default for
    // a URL) instead of retrying until --timeout.
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
    const zk = await cli([
      "--master",
      `zk://mesos:s3cret@127.0.0.1:${port}/mesos`,
      "--timeout",
      "2",
      "--no-docker",
      "--json",
    ]);
    expect(zk.code).toBe(1);
    expect(`${zk.stdout}${zk.stderr}`).not.toContain("s3cret");
    expect(JSON.parse(zk.stdout).master).toMatch(/:\*\*\*@127\.0\.0\.1/);
    // Credentials in an http:// URL are refused (bad usage), without echoing them.
    const http = await cli(["--master", `http://fw:s3cret@127.0.0.1:${port}`, "--no-docker", "--json"]);
    expect(http.code).toBe(2);
    expect(http.stdout).toBe("");
    expect(http.stderr).not.toContain("s3cret");
    expect(http.stderr).toMatch(
      /^mesos-ts-demo: --master: bad master URL "http:\/\/fw:\*\*\*@127\.0\.0\.1:\d+": /,
    );
  }, 30_000);
});
