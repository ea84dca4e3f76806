// The events() iterators over real HTTP: batches of one network read, auto-acknowledgement
// exactly once, concurrent next() calls, the backlog, and fencing within a read.
import { scheduler } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach } from "./helpers/cleanups.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { sleep, updateEvent } from "./helpers/events.js";
import { encodeEvent } from "./helpers/fake-master.js";

const { cleanups, master } = cleanupAfterEach();

const ACK = scheduler.Call_Type.ACKNOWLEDGE;
const rescind = (id: string): scheduler.Event => ({
  type: scheduler.Event_Type.RESCIND,
  rescind: { offer_id: { value: id } },
});

describe.each(WIRES)("events() (%s)", (wire) => {
  it("hands the events that waited for a reader to the first one, in order", async () => {
    const m = await master({ frameworkId: "fw-backlog" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    for (let i = 0; i < 5; i++) m.send(rescind(`o-${i}`));
    // SUBSCRIBED, HEARTBEAT, 5 × RESCIND: nobody reads yet, so they wait in the backlog.
    await m.until(() => client.bufferedEvents === 7, 5000, "7 buffered events");
    const reader = new EventReader(client);
    await reader.next("RESCIND");
    for (let i = 1; i < 5; i++) expect((await reader.next("RESCIND")).offerId.value).toBe(`o-${i}`);
    expect(reader.seen.map((e) => e.type).slice(0, 2)).toEqual(["SUBSCRIBED", "HEARTBEAT"]);
    await reader.close();
  });

  it("acknowledges an update exactly once however many readers see it, also when a loop breaks", async () => {
    const m = await master({ frameworkId: "fw-ack" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const a = new EventReader(client);
    const b = new EventReader(client);
    await a.next("SUBSCRIBED");
    await b.next("SUBSCRIBED");
    m.send(updateEvent(1, { uuid: true }));
    await a.next("UPDATE");
    await b.next("UPDATE");
    await sleep(100);
    expect(m.callsOf(ACK)).toHaveLength(0); // both loop bodies still "handle" it
    await a.close(); // leaving the loop acknowledges
    await m.until(() => m.callsOf(ACK).length === 1, 5000, "the ACKNOWLEDGE");
    m.send(rescind("o-1"));
    await b.next("RESCIND"); // b moved on: its copy of the update is done, no second ACK
    await sleep(200);
    expect(m.callsOf(ACK)).toHaveLength(1);
    expect(m.callsOf(ACK)[0]!.call.acknowledge?.task_id?.value).toBe("t-1");

    // A for-await loop left with break acknowledges the update it was on.
    m.send(updateEvent(2, { uuid: true }));
    for await (const event of client.events()) if (event.type === "UPDATE") break;
    await m.until(() => m.callsOf(ACK).length === 2, 5000, "the second ACKNOWLEDGE");
    await b.close();
  });

  it("answers concurrent next() calls in order", async () => {
    const m = await master({ frameworkId: "fw-conc" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const it = client.events();
    const [s, h] = await Promise.all([it.next(), it.next()]);
    expect([s.value?.type, h.value?.type]).toEqual(["SUBSCRIBED", "HEARTBEAT"]);
    const pending = [it.next(), it.next(), it.next()];
    m.writeRaw(
      Buffer.concat(
        [rescind("o-1"), rescind("o-2"), rescind("o-3")].map((e) => encode(encodeEvent(e, m.stream!.wire))),
      ),
    );
    const got = await Promise.all(pending);
    expect(got.map((r) => (r.value?.type === "RESCIND" ? r.value.offerId.value : "?"))).toEqual([
      "o-1",
      "o-2",
      "o-3",
    ]);
    const last = it.next();
    await it.return();
    expect(await last).toEqual({ done: true, value: undefined });
  });

  it("delivers the events of a read before a malformed record, then drops the stream", async () => {
    const m = await master({ frameworkId: "fw-mixed", heartbeatSeconds: 60 });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    const junk = new TextEncoder().encode(wire === "json" ? "{not json" : "\u00ff\u00ff\u00ff");
    const good = [rescind("before-1"), rescind("before-2")].map((e) =>
      encode(encodeEvent(e, m.stream!.wire)),
    );
    // One write: two good records, a malformed one, then one that must never be delivered.
    m.writeRaw(Buffer.concat([...good, encode(junk), encode(encodeEvent(rescind("after"), m.stream!.wire))]));
    const again = await reader.next("SUBSCRIBED");
    expect(again.generation).toBe(2);
    const rescinded = reader.seen.flatMap((e) => (e.type === "RESCIND" ? [e.offerId.value] : []));
    expect(rescinded).toEqual(["before-1", "before-2"]);
    await reader.close();
  });
});
