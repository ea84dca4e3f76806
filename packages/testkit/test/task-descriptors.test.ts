import { execFile } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type ZooKeeperModule from "zookeeper";
import { withoutInheritedFds } from "../src/agent/close-inherited-fds.js";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const zookeeper = require("zookeeper") as typeof ZooKeeperModule;

// The `zookeeper` binding's C client opens its socket without close-on-exec: with a client
// connected in this process, every plainly spawned child inherits it. Tasks of a simulated
// agent must start with stdin, stdout and stderr only.
const listFds = "ls /proc/$$/fd";

describe.runIf(process.platform === "linux")("task processes and inherited descriptors", () => {
  let server: ZooKeeperServer;
  let client: InstanceType<typeof zookeeper.Promise>;
  beforeAll(async () => {
    server = await startZooKeeper();
    client = new zookeeper.Promise({ connect: server.connectString, timeout: 4000 });
    const connected = once(client, "connect");
    client.init({});
    await connected;
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it("a plain spawn inherits the ZooKeeper client's socket (the leak this guards against)", async () => {
    const { stdout } = await run("/bin/sh", ["-c", listFds]);
    expect(
      stdout
        .trim()
        .split("\n")
        .map(Number)
        .filter((fd) => fd > 2).length,
    ).toBeGreaterThan(0);
  });

  it("a task launched through withoutInheritedFds starts with 0, 1 and 2 only", async () => {
    const launch = withoutInheritedFds("/bin/sh", ["-c", listFds]);
    const { stdout } = await run(launch.file, launch.args);
    expect(stdout.trim().split("\n")).toEqual(["0", "1", "2"]);
  });

  it("keeps argv[0] and the arguments of a non-shell command", async () => {
    const launch = withoutInheritedFds("/bin/cat", ["/proc/self/cmdline"], "task-argv0");
    const { stdout } = await run(launch.file, launch.args);
    expect(stdout.split("\0")).toEqual(["task-argv0", "/proc/self/cmdline", ""]);
  });
});
