// End to end, in process: the whole demo (embedded cluster, framework, summary) as `npm run demo` runs it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesos-ts-demo-test-"));
  dirs.push(dir);
  return dir;
}

interface JsonTask {
  id: string;
  kind: string;
  state: string;
  expected: string;
  ok: boolean;
  host: string | null;
  stdout: string | null;
  simulated?: string;
  hostPort?: number;
  states: Array<{ state: string; at: number }>;
}

async function demo(args: { contentType: "protobuf" | "json"; tasks: number; docker: boolean }) {
  const out: string[] = [];
  const err: string[] = [];
  const run = await runDemo(
    { ...args, timeoutSeconds: 30, json: true, workDir: workDir(), allocationIntervalMs: 100 },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { run, out, err };
}

describe.each(["protobuf", "json"] as const)("npm run demo (%s)", (contentType) => {
  it("runs every task to TASK_FINISHED and prints one JSON summary line", async () => {
    const { run, out, err } = await demo({ contentType, tasks: 3, docker: true });
    expect(run.exitCode, err.join("\n")).toBe(0);
    expect(out).toHaveLength(1);
    const summary = JSON.parse(out[0] ?? "") as {
      ok: boolean;
      contentType: string;
      redirects: Array<{ from: string; to: string }>;
      tornDown: boolean;
      acknowledged: number;
      sandboxes: string;
      tasks: JsonTask[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.contentType).toBe(contentType);
    expect(summary.tornDown).toBe(true);
    // Subscribed through the non-leading master: one 307 to the leader.
    expect(summary.redirects).toHaveLength(1);
    expect(summary.tasks.map((t) => t.id)).toEqual(["task-1", "task-2", "task-3", "docker-1", "executor-1"]);
    for (const t of summary.tasks) {
      expect(t.state).toBe("TASK_FINISHED");
      expect(t.ok).toBe(true);
      // The custom executor also reports each piece of output as a TASK_RUNNING update.
      expect([...new Set(t.states.map((s) => s.state))]).toEqual([
        "TASK_STARTING",
        "TASK_RUNNING",
        "TASK_FINISHED",
      ]);
    }
    // Every update carries a uuid: all acknowledged.
    expect(summary.acknowledged).toBe(summary.tasks.reduce((n, t) => n + t.states.length, 0));
    const executor = summary.tasks.find((t) => t.kind === "executor");
    expect(executor?.stdout).toBe("hello from a custom executor\nstep 2 of 2\n");
    for (const [i, t] of summary.tasks.filter((x) => x.kind === "command").entries()) {
      expect(t.stdout).toMatch(new RegExp(`^hello from task ${i + 1} on \\S+\\n$`));
      expect(t.simulated).toBeUndefined();
    }
    const docker = summary.tasks.find((t) => t.kind === "docker");
    expect(docker?.simulated).toMatch(/DOCKER container \(image busybox:1\.36\) simulated/);
    expect(docker?.hostPort).toBeGreaterThanOrEqual(31000);
    // Tasks are spread over both agents.
    expect(new Set(summary.tasks.map((t) => t.host)).size).toBe(2);
    // Human output went to stderr: progress lines with elapsed time, the table, the outputs.
    const human = err.join("\n");
    expect(human).toMatch(/\[\s*\d+\.\d\ds\] 307 redirect: /);
    expect(human).toMatch(/\[\s*\d+\.\d\ds\] task-1 +TASK_RUNNING/);
    expect(human).toMatch(/TEARDOWN accepted/);
    expect(human).toMatch(/\| hello from task 2 on /);
    expect(human).toMatch(/executor-1 +TASK_RUNNING .*\| hello from a custom executor/);
    expect(human).toMatch(/OK: 5\/5 tasks ended as expected/);
  });
});

it("--no-docker launches no Docker task (the command tasks and the custom executor's)", async () => {
  const { run, out } = await demo({ contentType: "protobuf", tasks: 2, docker: false });
  expect(run.exitCode).toBe(0);
  const summary = JSON.parse(out[0] ?? "") as { ok: boolean; tasks: JsonTask[] };
  expect(summary.ok).toBe(true);
  expect(summary.tasks.map((t) => [t.id, t.kind, t.state])).toEqual([
    ["task-1", "command", "TASK_FINISHED"],
    ["task-2", "command", "TASK_FINISHED"],
    ["executor-1", "executor", "TASK_FINISHED"],
  ]);
});
