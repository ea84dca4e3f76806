// Calls go out on one connection, pipelined, in the order they were made (issue 12).
import { scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { FakeMaster } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(WIRES)("call channel (%s)", (wire) => {
  it("1,000 ACCEPT+KILL pairs issued in a tight loop reach the master in order, on one connection", async () => {
    const m = await FakeMaster.start({ frameworkId: "fw-order" });
    cleanups.push(() => m.close());
    let connections = 0;
    m.server.on("connection", () => connections++);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    cleanups.push(() => void process.off("warning", onWarning));
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 1000; i++) {
      const taskId = `task-${i}`;
      pending.push(client.accept({ offerIds: [`offer-${i}`], operations: [] }));
      pending.push(client.kill({ taskId, agentId: "agent-1" }));
    }
    await Promise.all(pending);
    const seen = m.calls.filter(
      (c) => c.call.type === scheduler.Call_Type.ACCEPT || c.call.type === scheduler.Call_Type.KILL,
    );
    expect(seen).toHaveLength(2000);
    for (let i = 0; i < 1000; i++) {
      const accept = seen[2 * i]?.call;
      const kill = seen[2 * i + 1]?.call;
      expect(accept?.type).toBe(scheduler.Call_Type.ACCEPT);
      expect(accept?.accept?.offer_ids?.[0]?.value).toBe(`offer-${i}`);
      expect(kill?.type).toBe(scheduler.Call_Type.KILL);
      expect(kill?.kill?.task_id?.value).toBe(`task-${i}`);
    }
    // One for the event stream, one for every call.
    expect(connections).toBe(2);
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });

  it("acknowledges 2,000 updates on the call connection without listener growth", async () => {
    const m = await FakeMaster.start({ frameworkId: "fw-acks" });
    cleanups.push(() => m.close());
    let connections = 0;
    m.server.on("connection", () => connections++);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    cleanups.push(() => void process.off("warning", onWarning));
    const signal = new AbortController().signal;
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reader = new EventReader(client, signal);
    await reader.next("SUBSCRIBED");
    for (let i = 0; i < 2000; i++) {
      const uuid = Buffer.alloc(16);
      uuid.writeUInt32BE(i + 1, 12);
      uuid[6] = 0x40;
      m.send({
        type: scheduler.Event_Type.UPDATE,
        update: {
          status: {
            task_id: { value: `t-${i}` },
            agent_id: { value: "a" },
            state: v1.TaskState.TASK_RUNNING,
            uuid,
          },
        },
      });
    }
    for (let i = 0; i < 2000; i++) await reader.next("UPDATE");
    m.send({ type: scheduler.Event_Type.HEARTBEAT });
    await reader.next("HEARTBEAT");
    await m.until(() => m.callsOf(scheduler.Call_Type.ACKNOWLEDGE).length === 2000, 15_000, "2,000 ACKs");
    const acked = m.callsOf(scheduler.Call_Type.ACKNOWLEDGE).map((c) => c.call.acknowledge?.task_id?.value);
    expect(acked).toEqual(Array.from({ length: 2000 }, (_, i) => `t-${i}`));
    expect(connections).toBe(2);
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
    await reader.close();
  });
});
