import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { post } from "./helpers/raw-client.js";

const root = join(import.meta.dirname, "../../..");

it("mesos-ts-sim --json prints exactly one line when ready, serves, and exits cleanly on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(import.meta.dirname, "../src/cli.ts"),
      "--json",
      "--masters",
      "2",
      "--agents",
      "2",
      "--scripted",
    ],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await expect.poll(() => stdout.includes("\n"), { timeout: 20_000 }).toBe(true);
    const ready = JSON.parse(stdout.trim()) as {
      masters: string[];
      leader: string;
      zk: string | null;
      agents: number;
    };
    expect(ready.masters).toHaveLength(2);
    expect(ready.leader).toBe(ready.masters[0]);
    expect(ready.zk).toBeNull();
    expect(ready.agents).toBe(2);
    const health = await post(`${ready.masters[1]}/master/health`, "", {}, "GET");
    expect(health.status).toBe(200);
    const redirect = await post(`${ready.masters[1]}/master/redirect`, "", {}, "GET");
    expect(redirect.headers.location).toBe(`//${new URL(ready.leader).host}`);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
  expect(stdout.trim().split("\n")).toHaveLength(1);
}, 40_000);
