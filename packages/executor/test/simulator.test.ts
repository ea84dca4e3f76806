import { v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { ExecutorClient, type ExecutorEvent, runExecutor, type StopReason } from "../src/index.js";
import { type Simulated, simulatedExecutor, until } from "./helpers/simulated-executor.js";

let sim: Simulated | undefined;
let client: ExecutorClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

const stateOf = (s: v1.TaskStatus) => v1.TaskState[s.state ?? 0];

describe.each(["protobuf", "json"] as const)(
  "ExecutorClient against a simulated agent (%s)",
  (contentType) => {
    it("the full event flow: SUBSCRIBED, LAUNCH, UPDATE→ACKNOWLEDGED, MESSAGE both ways, KILL with the task's policy", async () => {
      sim = await simulatedExecutor({
        task: {
          kill_policy: { grace_period: { nanoseconds: 7_000_000_000n } },
          data: Buffer.from("payload"),
        },
      });
      const s = sim;
      client = new ExecutorClient({ environment: s.environment, contentType });
      const events: ExecutorEvent[] = [];
      const loop = (async () => {
        for await (const e of (client as ExecutorClient).events()) events.push(e);
      })();
      const subscribed = await until(() => events.find((e) => e.type === "SUBSCRIBED"));
      expect(subscribed).toMatchObject({ type: "SUBSCRIBED", agentInfo: { id: { value: s.agentId } } });
      const launch = await until(() => events.find((e) => e.type === "LAUNCH"));
      expect(launch.type === "LAUNCH" && Buffer.from(launch.task.data ?? []).toString()).toBe("payload");

      const uuid = await client.update({
        task_id: { value: "t1" },
        state: v1.TaskState.TASK_RUNNING,
        message: "up",
      });
      await until(() => client?.unacknowledged === 0);
      const running = await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_RUNNING));
      expect(Buffer.from(running.uuid ?? []).equals(Buffer.from(uuid))).toBe(true);
      expect(running.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);

      await s.scheduler.message({ agentId: s.agentId, executorId: "ex-1", data: "ping" });
      const message = await until(() => events.find((e) => e.type === "MESSAGE"));
      expect(message.type === "MESSAGE" && Buffer.from(message.data).toString()).toBe("ping");
      await client.message(Buffer.from("pong"));
      const back = await until(() => s.events.find((e) => e.type === "MESSAGE"));
      expect(back.type === "MESSAGE" && Buffer.from(back.data).toString()).toBe("pong");

      await s.scheduler.kill({ taskId: "t1", agentId: s.agentId });
      const kill = await until(() => events.find((e) => e.type === "KILL"));
      // The agent's KILL has no kill_policy here; the client falls back to the TaskInfo's.
      expect(kill.type === "KILL" && kill.killPolicy?.grace_period?.nanoseconds).toBe(7_000_000_000n);
      await client.update({ task_id: { value: "t1" }, state: v1.TaskState.TASK_KILLED });
      await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_KILLED));
      await until(() => client?.unacknowledged === 0 && client.activeTasks === 0);
      await client.close();
      await loop;
    });
  },
);

describe("runExecutor against a simulated agent", () => {
  it("KILL: TASK_KILLING (capability), the task's signal, TASK_KILLED at the call's grace period", async () => {
    sim = await simulatedExecutor({
      framework: { capabilities: [{ type: v1.FrameworkInfo_Capability_Type.TASK_KILLING_STATE }] },
    });
    const s = sim;
    let stop: StopReason | undefined;
    const exit = runExecutor({
      environment: s.environment,
      exitWhenIdle: true,
      log: () => undefined,
      // A task that notices the signal but does not stop: the runner ends it at the grace period.
      launch: (_task, ctx) =>
        new Promise<void>(() => {
          ctx.signal.addEventListener("abort", () => {
            stop = ctx.signal.reason as StopReason;
          });
        }),
    });
    await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_RUNNING));
    const started = Date.now();
    await s.scheduler.kill({
      taskId: "t1",
      agentId: s.agentId,
      killPolicy: { grace_period: { nanoseconds: 300_000_000n } },
    });
    const killed = await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_KILLED));
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(stop).toEqual({ kind: "kill", gracePeriodMs: 300 });
    expect(s.updates.map(stateOf)).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_KILLED"]);
    expect(killed.executor_id?.value).toBe("ex-1");
    expect(await exit).toBe(0);
  });

  it("SHUTDOWN with a grace period: tasks stopped and reported, everything acknowledged, exit 0 before the SIGKILL", async () => {
    sim = await simulatedExecutor({ executor: { shutdown_grace_period: { nanoseconds: 1_500_000_000n } } });
    const s = sim;
    expect(s.environment.shutdownGracePeriodMs).toBe(1500);
    const exit = runExecutor({
      environment: s.environment,
      log: () => undefined,
      launch: async function* (_task, ctx) {
        yield { message: "working", data: "10%" };
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      },
    });
    const progress = await until(() => s.updates.find((u) => u.message === "working"));
    expect(Buffer.from(progress.data ?? []).toString()).toBe("10%");
    const started = Date.now();
    await s.scheduler.shutdown({ agentId: s.agentId, executorId: "ex-1" });
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(1500);
    const killed = await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_KILLED));
    expect(killed.message).toBe("Executor shutting down");
  });

  it("a failing launch ends TASK_FAILED with its message; progress and result reach the scheduler", async () => {
    sim = await simulatedExecutor();
    const s = sim;
    const exit = runExecutor({
      environment: s.environment,
      exitWhenIdle: true,
      log: () => undefined,
      launch: async (_task, ctx) => {
        await ctx.progress({ message: "half", data: "50%" });
        throw new Error("disk full");
      },
    });
    expect(await exit).toBe(0);
    const failed = await until(() => s.updates.find((u) => u.state === v1.TaskState.TASK_FAILED));
    expect(failed.message).toBe("disk full");
    expect(s.updates.map(stateOf)).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_RUNNING", "TASK_FAILED"]);
  });
});

describe("ExecutorClient through an agent restart (checkpointing)", () => {
  it("updates made before, during and after the restart all reach the scheduler once per uuid, in order", async () => {
    sim = await simulatedExecutor({ framework: { checkpoint: true } });
    const s = sim;
    expect(s.environment.checkpoint).toBe(true);
    client = new ExecutorClient({ environment: { ...s.environment, subscriptionBackoffMaxMs: 50 } });
    const c = client;
    const events: ExecutorEvent[] = [];
    const loop = (async () => {
      for await (const e of c.events()) events.push(e);
    })();
    await until(() => events.find((e) => e.type === "LAUNCH"));
    const produced: string[] = [];
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const uuid = await c.update({
          task_id: { value: "t1" },
          state: v1.TaskState.TASK_RUNNING,
          message: `u${produced.length}`,
        });
        produced.push(Buffer.from(uuid).toString("hex"));
      }
    };
    await send(5);
    const restarting = s.cluster.restartAgent(0, { downMs: 300, recoveryMs: 100, reregistrationMs: 500 });
    await until(() => !c.subscribed);
    await send(5); // the agent is away: kept for the re-SUBSCRIBE
    await until(() => c.subscribed);
    await send(5); // UPDATE gets 503 until the agent finished recovery: retried
    await restarting;
    await send(5);
    await until(() => c.unacknowledged === 0, 15_000);
    const uuids = () => s.updates.map((u) => Buffer.from(u.uuid ?? []).toString("hex"));
    await until(() => produced.every((p) => uuids().includes(p)), 15_000);
    const firstSeen = [...new Set(uuids().filter((u) => produced.includes(u)))];
    expect(firstSeen).toEqual(produced);
    expect(new Set(uuids()).size).toBe(produced.length);
    expect(events.filter((e) => e.type === "SUBSCRIBED")).toHaveLength(2);
    await c.close();
    await loop;
  });
});
