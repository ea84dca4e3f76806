// The README's framework is examples/hello-framework.ts, byte for byte, and it runs to completion.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

const root = join(import.meta.dirname, "..");
const example = readFileSync(join(root, "examples", "hello-framework.ts"), "utf8");

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({
    agents: 1,
    taskMode: "scripted",
    allocationIntervalMs: 100,
    heartbeatIntervalMs: 1000,
  });
});
afterAll(async () => {
  await cluster?.close();
});

it("README shows the example verbatim, under 40 lines", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(example);
  expect(example.trimEnd().split("\n").length).toBeLessThan(40);
});

it("the repository README quotes the same example", () => {
  const readme = readFileSync(join(root, "..", "..", "README.md"), "utf8");
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
});

it("the README framework launches a task, sees it finish and tears down", async () => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  process.env.MESOS_MASTER = cluster.masterUrls[0]!;
  try {
    await import("../examples/hello-framework.ts");
  } finally {
    spy.mockRestore();
    delete process.env.MESOS_MASTER;
  }
  expect(lines).toContain("hello-1 TASK_RUNNING");
  expect(lines.at(-1)).toBe("hello-1 TASK_FINISHED");
  await cluster.waitForCall((c) => c.type === 2 /* TEARDOWN */, { timeout: 5000 });
  expect(cluster.frameworks()).toHaveLength(0);
});
