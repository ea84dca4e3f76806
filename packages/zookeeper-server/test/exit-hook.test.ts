import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tsx = join(import.meta.dirname, "../../../node_modules/.bin/tsx");

describe("exit hook", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`removes the data dir when the launcher gets ${signal}`, async () => {
      const child = spawn(tsx, [join(import.meta.dirname, "helpers/start-and-wait.ts")], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
      const dir = chunk.toString("utf8").trim();
      expect(existsSync(dir)).toBe(true);
      child.kill(signal);
      await once(child, "exit");
      expect(existsSync(dir)).toBe(false);
    }, 60_000);
  }
});
