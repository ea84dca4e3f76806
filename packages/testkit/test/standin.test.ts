// The stand-in executables' flag handling (the whole native path runs in the integration suite:
// integration/test/native-standins.test.ts).
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { MESOS_VERSION, standinBinDir } from "../src/index.js";
import { parseDurationMs, parseFlags, standinSocketPath } from "../src/standin/socket-path.js";

describe("Mesos flags", () => {
  it("reads --name=value, --name and --no-name", () => {
    const flags = parseFlags([
      "--port=5050",
      "--quiet",
      "--no-systemd_enable_support",
      "positional",
      "--zk=zk://a:1/x=y",
    ]);
    expect(Object.fromEntries(flags)).toEqual({
      port: "5050",
      quiet: "true",
      systemd_enable_support: "false",
      zk: "zk://a:1/x=y",
    });
  });

  it("reads durations as Mesos writes them", () => {
    expect(parseDurationMs("10secs")).toBe(10_000);
    expect(parseDurationMs("500ms")).toBe(500);
    expect(parseDurationMs("1mins")).toBe(60_000);
    expect(parseDurationMs("soon")).toBeUndefined();
  });

  it("gives each ZooKeeper URL its own host socket", () => {
    expect(standinSocketPath("zk://a:1/x")).not.toBe(standinSocketPath("zk://a:1/y"));
  });
});

describe("the stand-in executables", () => {
  it("answer --version as mesos-master does, and refuse to start without a ZooKeeper URL", async () => {
    const dir = standinBinDir({ tsconfig: join(import.meta.dirname, "..", "..", "..", "tsconfig.dev.json") });
    try {
      const run = promisify(execFile);
      expect((await run(join(dir, "mesos-master"), ["--version"])).stdout).toBe(`mesos ${MESOS_VERSION}\n`);
      await expect(run(join(dir, "mesos-agent"), ["--master=127.0.0.1:5050"])).rejects.toMatchObject({
        code: 2,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
