import { scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { FakeMaster } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(WIRES)("auto-acknowledgement (%s)", (wire) => {
  it("an update whose uuid is not 16 bytes does not break the reader (logged, not acknowledged)", async () => {
    const m = await FakeMaster.start({ frameworkId: "fw-badack" });
    cleanups.push(() => m.close());
    const warnings: string[] = [];
    const client = testClient(m.url, wire, { logger: { warn: (msg) => warnings.push(msg) } });
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    m.send({
      type: scheduler.Event_Type.UPDATE,
      update: {
        status: {
          task_id: { value: "t-1" },
          agent_id: { value: "a-1" },
          state: v1.TaskState.TASK_RUNNING,
          uuid: Buffer.from([1, 2, 3]),
        },
      },
    });
    await reader.next("UPDATE");
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-1" } } });
    await reader.next("RESCIND"); // asking for the next event acknowledges the update: must not throw
    expect(m.callsOf(scheduler.Call_Type.ACKNOWLEDGE)).toHaveLength(0);
    expect(warnings.some((w) => w.includes("acknowledge"))).toBe(true);
    await reader.close();
  });
});
