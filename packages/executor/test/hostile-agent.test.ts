import { executor, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { ExecutorClient, type ExecutorEvent } from "../src/index.js";
import {
  answer,
  FakeAgent,
  type Handler,
  launch,
  openStream,
  subscribed,
  waitFor,
} from "./helpers/fake-agent.js";

let agent: FakeAgent | undefined;
let client: ExecutorClient | undefined;
afterEach(async () => {
  await client?.close();
  await agent?.close();
  client = undefined;
  agent = undefined;
});

async function start(handler: Handler) {
  agent = new FakeAgent(handler);
  await agent.listen();
  return agent;
}

function consume(c: ExecutorClient) {
  const state: { events: ExecutorEvent[]; error: unknown; done: Promise<void> } = {
    events: [],
    error: undefined,
    done: Promise.resolve(),
  };
  state.done = (async () => {
    try {
      for await (const e of c.events()) state.events.push(e);
    } catch (error) {
      state.error = error;
    }
  })();
  return state;
}

const running = (taskId: string): v1.TaskStatus => ({
  task_id: { value: taskId },
  state: v1.TaskState.TASK_RUNNING,
});
const checkpointed = { checkpoint: true, recoveryTimeoutMs: 2_000, subscriptionBackoffMaxMs: 20 };

describe("a hostile agent", () => {
  it("a malformed record without checkpointing: MalformedEventError, no hang", async () => {
    const fake = await start((call, res) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 202);
      const s = openStream(res, "application/json");
      s.event(subscribed());
      s.raw("5\nhello");
    });
    client = new ExecutorClient({ environment: fake.environment(), contentType: "json" });
    const run = consume(client);
    await run.done;
    expect(run.events.map((e) => e.type)).toEqual(["SUBSCRIBED"]);
    expect((run.error as { code?: string }).code).toBe("MESOS_EXECUTOR_MALFORMED_EVENT");
  });

  it("broken RecordIO framing with checkpointing: the stream is dropped and SUBSCRIBE retried", async () => {
    const fake = await start((call, res, f) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 202);
      const s = openStream(res);
      s.event(subscribed());
      if (f.subscribes().length === 1) s.raw("zz\n");
    });
    client = new ExecutorClient({ environment: fake.environment(checkpointed) });
    const run = consume(client);
    await waitFor(() => run.events.filter((e) => e.type === "SUBSCRIBED").length === 2);
    expect(run.error).toBeUndefined();
  });

  it("a stalled stream counts as a disconnection after the idle timeout", async () => {
    const fake = await start((call, res) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 202);
      openStream(res).event(subscribed()); // then nothing, forever
    });
    client = new ExecutorClient({ environment: fake.environment(), streamIdleTimeoutMs: 200 });
    const run = consume(client);
    const started = Date.now();
    await run.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect((run.error as { code?: string }).code).toBe("MESOS_EXECUTOR_AGENT_GONE");
    expect((run.error as Error).message).toMatch(/does not checkpoint/);
  });

  it("a 503 storm on SUBSCRIBE is ridden out with checkpointing (random backoff capped by the max)", async () => {
    let refusals = 0;
    const fake = await start((call, res) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 202);
      if (refusals++ < 20) return answer(res, 503, "Agent has not finished recovery");
      openStream(res).event(subscribed());
    });
    client = new ExecutorClient({ environment: fake.environment(checkpointed) });
    const run = consume(client);
    const started = Date.now();
    await waitFor(() => run.events.length === 1);
    expect(fake.subscribes()).toHaveLength(21);
    expect(Date.now() - started).toBeLessThan(21 * 20 + 1000);
  });

  it("gives up after the recovery timeout with a clear message", async () => {
    const fake = await start((_call, res) => answer(res, 503, "Agent has not finished recovery"));
    client = new ExecutorClient({
      environment: fake.environment({ ...checkpointed, recoveryTimeoutMs: 300 }),
    });
    const run = consume(client);
    const started = Date.now();
    await run.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((run.error as { code?: string }).code).toBe("MESOS_EXECUTOR_RECOVERY_TIMEOUT");
    expect((run.error as Error).message).toMatch(/recovery timeout \(300 ms, MESOS_RECOVERY_TIMEOUT\)/);
  });

  it("without checkpointing, a refused SUBSCRIBE ends at once", async () => {
    const fake = await start((_call, res) => answer(res, 503, "Agent has not finished recovery"));
    client = new ExecutorClient({ environment: fake.environment() });
    const run = consume(client);
    await run.done;
    expect((run.error as { code?: string }).code).toBe("MESOS_EXECUTOR_AGENT_GONE");
    expect(fake.subscribes()).toHaveLength(1);
  });

  it("a re-SUBSCRIBE to an agent that forgot the framework (400) ends with the agent's reason", async () => {
    const fake = await start((_call, res) => answer(res, 400, "Framework cannot be found"));
    client = new ExecutorClient({ environment: fake.environment(checkpointed) });
    const run = consume(client);
    await run.done;
    expect((run.error as Error).message).toMatch(/Framework cannot be found/);
  });

  it("an UPDATE answered 503 while subscribed is retried, in order, until 202", async () => {
    let refusals = 0;
    const accepted: string[] = [];
    const fake = await start((call, res) => {
      if (call.type === executor.Call_Type.SUBSCRIBE) {
        const s = openStream(res);
        s.event(subscribed());
        s.event(launch("t1"));
        return;
      }
      if (refusals++ < 5) return answer(res, 503, "Agent has not finished recovery");
      accepted.push(v1.TaskState[call.update?.status?.state ?? 0] ?? "?");
      answer(res, 202);
    });
    client = new ExecutorClient({ environment: fake.environment(checkpointed) });
    const run = consume(client);
    await waitFor(() => run.events.length === 2);
    const c = client;
    await Promise.all([
      c.update(running("t1")),
      c.update({ task_id: { value: "t1" }, state: v1.TaskState.TASK_FINISHED }),
    ]);
    expect(accepted).toEqual(["TASK_RUNNING", "TASK_FINISHED"]);
    expect(c.unacknowledged).toBe(2);
  });

  it("re-SUBSCRIBE carries the unacknowledged updates (same uuid) and unfinished tasks", async () => {
    const fake = await start((call, res, f) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 202); // never ACKNOWLEDGED
      const s = openStream(res);
      s.event(subscribed());
      if (f.subscribes().length === 1) {
        s.event(launch("t1"));
        s.event(launch("t2"));
        return;
      }
      for (const u of call.subscribe?.unacknowledged_updates ?? []) {
        s.event({
          type: executor.Event_Type.ACKNOWLEDGED,
          acknowledged: { task_id: u.status?.task_id, uuid: u.status?.uuid as Buffer },
        });
      }
    });
    client = new ExecutorClient({ environment: fake.environment(checkpointed) });
    const run = consume(client);
    await waitFor(() => run.events.length === 3);
    const uuid = await client.update(running("t1"));
    expect(uuid).toHaveLength(16);
    expect((uuid[6] as number) >> 4).toBe(4);
    fake.dropAll();
    await waitFor(() => fake.subscribes().length === 2);
    const second = fake.subscribes()[1]?.call.subscribe;
    expect(second?.unacknowledged_tasks?.map((t) => t.task_id?.value)).toEqual(["t1", "t2"]);
    expect(second?.unacknowledged_updates).toHaveLength(1);
    const resent = second?.unacknowledged_updates?.[0]?.status;
    expect(Buffer.from(resent?.uuid ?? []).equals(Buffer.from(uuid))).toBe(true);
    expect(resent?.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    expect(resent?.timestamp).toBeGreaterThan(0);
    await waitFor(() => client?.unacknowledged === 0);
    const update = fake.calls.find((c) => c.call.type === executor.Call_Type.UPDATE);
    expect(update?.call.update?.status?.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    expect(update?.headers["mesos-stream-id"]).toBeUndefined();
  });

  it("every refusal of a call is a typed CallRejectedError", async () => {
    const answers: Array<[number, string, string]> = [
      [400, "Failed to validate Executor::Call: Not a valid UUID", "bad-request"],
      [403, "Executor is not subscribed", "not-subscribed"],
      [
        415,
        "Expecting 'Content-Type' of application/json or application/x-protobuf",
        "unsupported-media-type",
      ],
      [501, "501 Not Implemented.", "not-implemented"],
      [400, "Executor cannot be found", "executor-not-found"],
      [401, "", "unauthorized"],
    ];
    let next = 0;
    const fake = await start((call, res) => {
      if (call.type === executor.Call_Type.SUBSCRIBE) {
        openStream(res).event(subscribed());
        return;
      }
      const [status, text] = answers[next++] as [number, string, string];
      answer(res, status, text);
    });
    client = new ExecutorClient({ environment: fake.environment() });
    const run = consume(client);
    await waitFor(() => run.events.length === 1);
    for (const [status, text, rejection] of answers) {
      const error = await client.message(Buffer.from("x")).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "MESOS_EXECUTOR_CALL_REJECTED", status, rejection, body: text });
    }
  });

  it("sends the authentication token as Authorization: Bearer and never shows it", async () => {
    const fake = await start((call, res) => {
      if (call.type !== executor.Call_Type.SUBSCRIBE) return answer(res, 403, "Executor is not subscribed");
      openStream(res).event(subscribed());
    });
    const environment = fake.environment();
    Object.defineProperty(environment, "authToken", { value: "s3cr3t-token", enumerable: false });
    client = new ExecutorClient({ environment });
    const run = consume(client);
    await waitFor(() => run.events.length === 1);
    const error = (await client.heartbeat().catch((e: unknown) => e)) as Error;
    expect(fake.calls.map((c) => c.headers.authorization)).toEqual([
      "Bearer s3cr3t-token",
      "Bearer s3cr3t-token",
    ]);
    expect(
      `${error.message} ${error.stack} ${JSON.stringify(error)} ${JSON.stringify(environment)}`,
    ).not.toContain("s3cr3t");
  });
});
