import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { SimAgent } from "../src/agent/agent.js";
import type { TaskExit, TaskRunContext, TaskRunner } from "../src/agent/task-runner.js";
import { SeededIds } from "../src/ids.js";

/** A runner whose tasks exit only when the test says so (a killed process reports later). */
class LateExitRunner implements TaskRunner {
  readonly contexts: TaskRunContext[] = [];
  start(context: TaskRunContext) {
    this.contexts.push(context);
    context.starting();
    context.running();
    return { kill: () => {} };
  }
  close(): void {}
}

const killed: TaskExit = {
  state: v1.TaskState.TASK_KILLED,
  message: "Command terminated with signal Killed",
};
let workDir: string;

function agentWith(runner: LateExitRunner, forwarded: v1.TaskStatus[]): SimAgent {
  workDir = mkdtempSync(join(tmpdir(), "mesos-ts-late-exit-"));
  const agent = new SimAgent({
    id: "A-S0",
    hostname: "localhost",
    port: 1,
    resources: [],
    attributes: [],
    workDir,
    ids: new SeededIds(1),
    runner,
    simulatedRunner: runner,
    retryIntervalMs: 10_000,
    maxRetryIntervalMs: 600_000,
    link: { forwardStatusUpdate: (_agent, _fw, status) => forwarded.push(status) },
  });
  agent.launch("F1", [{ name: "t", task_id: { value: "t1" }, command: { value: "sleep 60" } }]);
  return agent;
}

/** Acknowledges whatever is in flight until nothing is (the scheduler did its job). */
function ackAll(agent: SimAgent): void {
  for (
    let s = agent.statusUpdates.inFlight("F1", "t1");
    s?.uuid;
    s = agent.statusUpdates.inFlight("F1", "t1")
  )
    agent.acknowledge("F1", "t1", s.uuid);
}

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

describe("a task's exit reported after its framework or agent is gone", () => {
  it("after shutdownFramework(): nothing is forwarded and no retry timer is armed", () => {
    const runner = new LateExitRunner();
    const forwarded: v1.TaskStatus[] = [];
    const agent = agentWith(runner, forwarded);
    ackAll(agent);
    agent.shutdownFramework("F1");
    const before = forwarded.length;
    runner.contexts[0]?.exited(killed);
    expect(forwarded.length).toBe(before);
    expect(agent.statusUpdates.retrying).toBe(false);
    agent.close();
  });

  it("after close(): nothing is forwarded and no retry timer is armed", () => {
    const runner = new LateExitRunner();
    const forwarded: v1.TaskStatus[] = [];
    const agent = agentWith(runner, forwarded);
    ackAll(agent);
    agent.close();
    const before = forwarded.length;
    runner.contexts[0]?.exited(killed);
    expect(forwarded.length).toBe(before);
    expect(agent.statusUpdates.retrying).toBe(false);
  });

  it("while running: the exit is forwarded and retried until acknowledged (the normal path)", () => {
    const runner = new LateExitRunner();
    const forwarded: v1.TaskStatus[] = [];
    const agent = agentWith(runner, forwarded);
    ackAll(agent);
    runner.contexts[0]?.exited(killed);
    expect(forwarded.at(-1)?.state).toBe(v1.TaskState.TASK_KILLED);
    expect(agent.statusUpdates.retrying).toBe(true);
    ackAll(agent);
    expect(agent.statusUpdates.retrying).toBe(false);
    agent.close();
  });
});
