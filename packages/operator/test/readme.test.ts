// The README's snippet is examples/watch-cluster.ts, byte for byte, and it runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startFramework } from "./helpers/framework.js";

const root = join(import.meta.dirname, "..");
const example = readFileSync(join(root, "examples", "watch-cluster.ts"), "utf8");

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ agents: 2, heartbeatIntervalMs: 500, allocationIntervalMs: 50 });
});
afterAll(() => cluster.close());

it("README shows the example verbatim", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
});

it("the example prints the snapshot, then task changes as they happen", async () => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  process.env.MESOS_MASTER = cluster.masterUrls[0] as string;
  process.env.WATCH_MS = "1500";
  const fw = await startFramework(cluster.masterUrls[0] as string, "readme");
  try {
    const running = import("../examples/watch-cluster.ts");
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    await fw.launch("readme-1", "sleep 30");
    await fw.waitFor("readme-1", "TASK_RUNNING");
    await running;
  } finally {
    spy.mockRestore();
    delete process.env.MESOS_MASTER;
    delete process.env.WATCH_MS;
    await fw.close();
  }
  expect(lines[0]).toBe("2 agents, 1 frameworks, 0 live tasks");
  expect(lines).toContain(`set ${fw.id()}/readme-1 TASK_RUNNING`);
});
