import { v1 } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import { UpdateBook } from "../src/update-book.js";

const book = (limit = 100) => {
  const b = new UpdateBook({ executorId: "ex-1", agentId: "agent-1", limit });
  b.launched({ name: "t1", task_id: { value: "t1" }, agent_id: { value: "agent-1" }, resources: [] });
  return b;
};
const status = (more: Partial<v1.TaskStatus> = {}): v1.TaskStatus => ({
  task_id: { value: "t1" },
  state: v1.TaskState.TASK_RUNNING,
  ...more,
});

describe("UpdateBook (exactly-once bookkeeping)", () => {
  it("gives every update a fresh v4 uuid, SOURCE_EXECUTOR and a timestamp, and keeps it", () => {
    const b = book();
    const a = b.prepare(status()).status as v1.TaskStatus;
    const c = b.prepare(status()).status as v1.TaskStatus;
    expect(a.uuid).toHaveLength(16);
    expect(((a.uuid?.[6] as number) >> 4) & 0xf).toBe(4);
    expect(((a.uuid?.[8] as number) >> 6) & 0x3).toBe(2);
    expect(Buffer.from(a.uuid ?? []).equals(Buffer.from(c.uuid ?? []))).toBe(false);
    expect(a.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    expect(a.timestamp).toBeGreaterThan(1e9);
    expect(b.unacknowledged).toBe(2);
    b.acknowledged("t1", a.uuid as Uint8Array);
    expect(b.unacknowledged).toBe(1);
    expect(b.subscribe().unacknowledged_updates?.map((u) => u.status?.uuid)).toEqual([c.uuid]);
  });

  it.each<[string, Partial<v1.TaskStatus>, RegExp]>([
    ["an unknown task (forwarded, never acknowledged)", { task_id: { value: "ghost" } }, /not launched/],
    ["a caller's uuid (reuse corrupts the agent)", { uuid: Buffer.alloc(16, 0x44) }, /assigns every uuid/],
    ["another source", { source: v1.TaskStatus_Source.SOURCE_MASTER }, /SOURCE_EXECUTOR/],
    ["another executor_id", { executor_id: { value: "other" } }, /not this executor/],
    ["another agent_id (silently dropped)", { agent_id: { value: "agent-2" } }, /not this agent/],
    ["TASK_STAGING", { state: v1.TaskState.TASK_STAGING }, /TASK_STAGING/],
  ])("refuses %s before sending", (_what, more, message) => {
    const b = book();
    expect(() => b.prepare(status(more))).toThrow(message);
    expect(b.unacknowledged).toBe(0);
  });

  it("refuses anything after a terminal update; the task ends when that one is acknowledged", () => {
    const b = book();
    const done = b.prepare(status({ state: v1.TaskState.TASK_FINISHED })).status as v1.TaskStatus;
    expect(() => b.prepare(status())).toThrow(/already had its terminal update/);
    expect(b.subscribe().unacknowledged_tasks?.map((t) => t.task_id?.value)).toEqual(["t1"]);
    b.acknowledged("t1", done.uuid as Uint8Array);
    expect(b.activeTasks).toBe(0);
    expect(b.subscribe()).toEqual({ unacknowledged_tasks: [], unacknowledged_updates: [] });
    expect(() => b.prepare(status())).toThrow(/already finished/);
  });

  it("is bounded: beyond the limit update() fails with a typed error", () => {
    const b = book(2);
    b.prepare(status());
    b.prepare(status());
    expect(() => b.prepare(status())).toThrow(
      expect.objectContaining({ code: "MESOS_EXECUTOR_TOO_MANY_UNACKNOWLEDGED" }),
    );
  });

  it("drained() resolves when the last update is acknowledged", async () => {
    const b = book();
    const u = b.prepare(status()).status as v1.TaskStatus;
    let drained = false;
    const waiting = b.drained().then(() => {
      drained = true;
    });
    await Promise.resolve();
    expect(drained).toBe(false);
    b.acknowledged("t1", u.uuid as Uint8Array);
    await waiting;
    expect(drained).toBe(true);
  });
});
