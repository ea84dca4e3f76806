// Calls go out on one connection, pipelined, in the order they were made (issue 12).
import { scheduler } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { updateEvent } from "./helpers/events.js";
import { FakeMaster } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fake master, counting the connections opened to it and the process warnings meanwhile. */
async function watchedMaster(frameworkId: string) {
  const m = await FakeMaster.start({ frameworkId });
  cleanups.push(() => m.close());
  const seen = { connections: 0, warnings: [] as string[] };
  m.server.on("connection", () => seen.connections++);
  const onWarning = (w: Error) => seen.warnings.push(w.name);
  process.on("warning", onWarning);
  cleanups.push(() => void process.off("warning", onWarning));
  return { m, seen };
}

describe.each(WIRES)("call channel (%s)", (wire) => {
  it("1,000 ACCEPT+KILL pairs issued in a tight loop reach the master in order, on one connection", async () => {
    const { m, seen: watched } = await watchedMaster("fw-order");
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
    expect(watched.connections).toBe(2);
    expect(watched.warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("acknowledges 2,000 updates on the call connection without listener growth", async () => {
    const { m, seen: watched } = await watchedMaster("fw-acks");
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    for (let i = 0; i < 2000; i++) m.send(updateEvent(i, { uuid: true }));
    for (let i = 0; i < 2000; i++) await reader.next("UPDATE");
    m.send({ type: scheduler.Event_Type.HEARTBEAT });
    await reader.next("HEARTBEAT");
    await m.until(() => m.callsOf(scheduler.Call_Type.ACKNOWLEDGE).length === 2000, 15_000, "2,000 ACKs");
    const acked = m.callsOf(scheduler.Call_Type.ACKNOWLEDGE).map((c) => c.call.acknowledge?.task_id?.value);
    expect(acked).toEqual(Array.from({ length: 2000 }, (_, i) => `t-${i}`));
    expect(watched.connections).toBe(2);
    expect(watched.warnings).not.toContain("MaxListenersExceededWarning");
    await reader.close();
  });
});
