// The demo against a simulator it did not start (as `mesos-ts-demo --master` with `mesos-ts-sim`):
// task output comes through the agent's /files/read and Mesos' virtual sandbox path.
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ masters: 1, agents: 1, taskMode: "process", allocationIntervalMs: 100 });
});
afterAll(() => cluster?.close());

it("--master <a simulator>: each command task's stdout is shown, read from the agent", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const run = await runDemo(
    {
      master: cluster.masterUrls[0],
      contentType: "protobuf",
      tasks: 2,
      docker: false,
      timeoutSeconds: 30,
      json: true,
    },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  expect(run.exitCode, err.join("\n")).toBe(0);
  const summary = JSON.parse(out[0] ?? "") as {
    tasks: Array<{ id: string; stdout: string | null; stdoutLocation?: string }>;
  };
  for (const [i, task] of summary.tasks.entries()) {
    expect(task.stdout).toMatch(new RegExp(`^hello from task ${i + 1} on \\S+\\n$`));
    expect(task.stdoutLocation).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:\\d+/files/download\\?path=%2Fframeworks%2F.+%2Fexecutors%2F${task.id}%2Fruns%2Flatest%2Fstdout$`,
      ),
    );
  }
}, 40_000);
