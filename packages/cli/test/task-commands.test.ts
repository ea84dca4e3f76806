// task inspect | logs [--follow] | exec | attach | kill against the simulator, whose agents
// run the tasks and the exec'd commands as real processes.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { MasterClient } from "@mesos-ts/operator";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFramework, type TestFramework } from "../../operator/test/helpers/framework.js";
import { run } from "./helpers/run.js";

let cluster: Cluster;
let fw: TestFramework;
let master: string;
beforeAll(async () => {
  cluster = await startCluster({ agents: 1, heartbeatIntervalMs: 500, allocationIntervalMs: 50 });
  master = cluster.masterUrls[0] as string;
  fw = await startFramework(master, "cli-tasks");
  await fw.launch("web-1", "echo serving; echo warn >&2; sleep 60");
  await fw.waitFor("web-1", "TASK_RUNNING");
});
afterAll(async () => {
  await fw.close();
  await cluster.close();
});

it("task inspect: fields and status history; --json the Task", async () => {
  const r = await run(["task", "inspect", "web-1", "-m", master]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/state: +TASK_RUNNING/);
  expect(r.stdout).toMatch(/executor: +web-1/);
  expect(r.stdout).toMatch(/TIME +STATE +SOURCE +REASON +MESSAGE/);
  const json = JSON.parse((await run(["task", "inspect", "web-1", "-m", master, "--json"])).stdout);
  expect(json.task_id.value).toBe("web-1");
});

it("task logs: stdout, --stderr, --tail", async () => {
  const deadline = Date.now() + 5000;
  let out = await run(["task", "logs", "web-1", "-m", master]);
  while (out.stdout !== "serving\n" && Date.now() < deadline)
    out = await run(["task", "logs", "web-1", "-m", master]);
  expect(out).toMatchObject({ code: 0, stdout: "serving\n" });
  expect((await run(["task", "logs", "web-1", "--stderr", "-m", master])).stdout).toBe("warn\n");
  expect((await run(["task", "logs", "web-1", "--tail", "4", "-m", master])).stdout).toBe("ing\n");
});

it("task logs --follow prints lines as they are written and ends with the task", async () => {
  await fw.launch("ticker", "for i in 1 2 3 4; do echo tick $i; sleep 0.3; done");
  await fw.waitFor("ticker", "TASK_RUNNING");
  const arrivals: number[] = [];
  const r = await run(["task", "logs", "ticker", "--follow", "-m", master], {
    onStdout: () => arrivals.push(Date.now()),
  });
  expect(r).toMatchObject({ code: 0, stdout: "tick 1\ntick 2\ntick 3\ntick 4\n" });
  expect(arrivals.length).toBeGreaterThan(1); // streamed, not printed once at the end
});

it("task exec: the command's output, the caller's stdin, and its exit status", async () => {
  const r = await run(
    ["task", "exec", "web-1", "-m", master, "--", "sh", "-c", "cat; echo to-stderr >&2; exit 7"],
    {
      stdin: [Buffer.from("from "), Buffer.from("stdin\n")],
    },
  );
  expect(r).toMatchObject({ code: 7, stdout: "from stdin\n", stderr: "to-stderr\n" });
  const pwd = await run(["task", "exec", "web-1", "-m", master, "--no-stdin", "--", "cat", "stdout"]);
  expect(pwd).toMatchObject({ code: 0, stdout: "serving\n" }); // runs in the task's sandbox
  expect((await run(["task", "exec", "web-1", "-m", master, "--", "false"])).code).toBe(1);
  expect((await run(["task", "exec", "nope", "-m", master, "--", "true"])).code).toBe(3);
});

it("task exec -t: no TTY, said in --help and refused with a usage error", async () => {
  const help = await run(["task", "exec", "--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/No TTY: -t\/--tty is not supported/);
  const r = await run(["task", "exec", "-t", "web-1", "-m", master, "--", "sh"]);
  expect(r).toMatchObject({ code: 2, stdout: "" });
  expect(r.stderr).toMatch(/task exec -t: no TTY support/);
});

it("task attach: a session's output; a plain task's container answers 500 as on a real agent", async () => {
  const plain = await run(["task", "attach", "web-1", "-m", master]);
  expect(plain.code).toBe(1);
  expect(plain.stderr).toContain("I/O switchboard server was disabled for this container");

  const client = new MasterClient({ master });
  const found = (await client.getTasks()).tasks?.find((t) => t.task_id?.value === "web-1");
  const agent = await client.agent(found?.agent_id?.value as string);
  const { containers = [] } = await agent.getContainers();
  const parent = containers.find((c) => c.executor_id?.value === "web-1")?.container_id;
  const id = randomUUID();
  const session = agent.launchNestedContainerSession({
    containerId: id,
    parentId: parent?.value as string,
    command: { shell: true, value: "sleep 0.5; echo attached-output" },
  });
  const drained = (async () => {
    for await (const _ of session);
  })();
  await new Promise((r) => setTimeout(r, 150));
  const attached = await run(["task", "attach", "web-1", "--container", id, "-m", master]);
  expect(attached).toMatchObject({ code: 0, stdout: "attached-output\n" });
  await drained;
  await agent.close();
  await client.close();
});

it("task kill: KILL_CONTAINER through the agent; the task ends TASK_FAILED (EXECUTOR_TERMINATED)", async () => {
  await fw.launch("doomed", "sleep 60");
  await fw.waitFor("doomed", "TASK_RUNNING");
  const r = await run(["task", "kill", "doomed", "-m", master]);
  expect(r).toMatchObject({ code: 0, stdout: "doomed: TASK_FAILED (REASON_EXECUTOR_TERMINATED)\n" });
  await fw.launch("doomed-2", "sleep 60");
  await fw.waitFor("doomed-2", "TASK_RUNNING");
  const onTerminal = await run(["task", "kill", "doomed-2", "-m", master], {
    tty: true,
    env: { NO_COLOR: "1" },
  });
  expect(onTerminal.stderr).toContain("waiting for task doomed-2 to end"); // progress, on a terminal only
  expect(onTerminal.stdout).toBe("doomed-2: TASK_FAILED (REASON_EXECUTOR_TERMINATED)\n");
  const again = await run(["task", "kill", "doomed", "-m", master]);
  expect(again.code).toBe(1);
});

const bin = new URL("../bin/mesos-ts.js", import.meta.url).pathname;
const built = existsSync(new URL("../dist/cli.js", import.meta.url));

describe.skipIf(!built)("the installed command (needs `npx tsc -b packages/cli` first)", () => {
  it("bin/mesos-ts.js task exec: real stdin in, stdout out, the command's exit status", async () => {
    const child = spawn(
      process.execPath,
      [bin, "task", "exec", "web-1", "-m", master, "--", "sh", "-c", "tr a-z A-Z; exit 5"],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stdin.end("piped input\n");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect({ code, stdout }).toEqual({ code: 5, stdout: "PIPED INPUT\n" });
  });
});
