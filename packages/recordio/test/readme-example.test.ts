import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README usage example", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is examples/usage.ts, verbatim", () => {
    const readme = read("../README.md");
    const snippet = /## Usage[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBe(read("../examples/usage.ts"));
  });

  it("runs: decodes both events from a real HTTP response, then push-style", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await import("../examples/usage.ts");
    expect(log.mock.calls).toEqual([
      ["event", "SUBSCRIBED"],
      ["event", "HEARTBEAT"],
      ["push", 2],
    ]);
    expect(error).not.toHaveBeenCalled();
  });
});
