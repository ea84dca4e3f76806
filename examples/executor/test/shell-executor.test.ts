import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { runShellFramework } from "../src/index.js";

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe.each([
  ["protobuf", false],
  ["JSON", true],
])("the example custom executor (%s) under the simulator", (_name, json) => {
  it("runs the command in the task's data: progress in status data, MESSAGE answered, TASK_FINISHED with executor_id", async () => {
    cluster = await startCluster({ allocationIntervalMs: 50 });
    const summary = await runShellFramework({
      master: cluster.masterUrls[0] as string,
      command: "echo example-ok; sleep 0.3; echo done",
      json,
      message: "hello",
    });
    expect(summary.states[0]).toBe("TASK_STARTING");
    expect(summary.states).toContain("TASK_RUNNING");
    expect(summary.final).toEqual({
      state: "TASK_FINISHED",
      message: "Command exited with status 0",
      executorId: "shell-executor",
    });
    expect(summary.progress.join("")).toBe("example-ok\ndone\n");
    expect(summary.messages).toEqual(["ack:hello"]);
    // The executor's own stdout (the sandbox file) holds the command's output too.
    const sandboxOut = cluster.taskOutput(cluster.completedTasks()[0]?.frameworkId ?? "", "shell-1");
    expect(sandboxOut).toContain("example-ok");
    // After the teardown's SHUTDOWN the executor exits by itself (status 0), before the
    // agent's SIGKILL at the 5 s grace period.
    const exits = cluster.agents[0]?.executors?.exits ?? [];
    const deadline = Date.now() + 4000;
    while (exits.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(exits[0]?.waitStatus).toBe(0);
  });
});

describe("the example custom executor: failures and kills", () => {
  it("a failing command ends TASK_FAILED with its exit status", async () => {
    cluster = await startCluster({ allocationIntervalMs: 50 });
    const summary = await runShellFramework({
      master: cluster.masterUrls[0] as string,
      command: "echo nope; exit 3",
    });
    expect(summary.final.state).toBe("TASK_FAILED");
    expect(summary.final.message).toBe("Command exited with status 3");
    expect(summary.progress.join("")).toBe("nope\n");
  });

  it("an executor killed mid-task (KILL) stops the command and reports TASK_KILLED", async () => {
    cluster = await startCluster({ allocationIntervalMs: 50 });
    const summary = await runShellFramework({
      master: cluster.masterUrls[0] as string,
      command: "echo started; sleep 30",
      killAfterMs: 200,
    });
    expect(summary.final.state).toBe("TASK_KILLED");
    expect(summary.progress.join("")).toBe("started\n");
  });
});
