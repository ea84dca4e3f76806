// The callback adapter (toEventEmitter / SchedulerEmitter) over real HTTP.
import { once } from "node:events";
import { scheduler } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import { type SchedulerEvent, type StateChange, TerminalError, toEventEmitter } from "../src/index.js";
import { cleanupAfterEach } from "./helpers/cleanups.js";
import { testClient, WIRES } from "./helpers/client.js";
import { sleep, updateEvent } from "./helpers/events.js";

const { cleanups, master } = cleanupAfterEach();

const ACK = scheduler.Call_Type.ACKNOWLEDGE;

describe.each(WIRES)("toEventEmitter (%s)", (wire) => {
  it("emits each event by type and as 'event', state changes, and acknowledges after the listeners", async () => {
    const m = await master({ frameworkId: "fw-em" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const emitter = toEventEmitter(client);
    const states: string[] = [];
    const all: string[] = [];
    emitter.on("state", (change: StateChange) => states.push(change.state));
    emitter.on("event", (event: SchedulerEvent) => all.push(event.type));
    const [subscribed] = await once(emitter, "SUBSCRIBED");
    expect(subscribed).toMatchObject({ type: "SUBSCRIBED", generation: 1, frameworkId: { value: "fw-em" } });
    expect(states).toEqual(["connecting", "subscribing", "subscribed"]);

    const acksSeenByListener: number[] = [];
    const updates: string[] = [];
    emitter.on("UPDATE", (event) => {
      updates.push(event.status.task_id?.value ?? "?");
      acksSeenByListener.push(m.callsOf(ACK).length);
    });
    m.send(updateEvent(1, { uuid: true }));
    m.send(updateEvent(2)); // no uuid: never acknowledged
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-1" } } });
    await once(emitter, "RESCIND");
    await m.until(() => m.callsOf(ACK).length >= 1, 5000, "the ACKNOWLEDGE");
    await sleep(100);
    expect(updates).toEqual(["t-1", "t-2"]);
    expect(acksSeenByListener).toEqual([0, 0]);
    const acks = m.callsOf(ACK);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.call.acknowledge?.task_id?.value).toBe("t-1");
    expect(all).toEqual(["SUBSCRIBED", "HEARTBEAT", "UPDATE", "UPDATE", "RESCIND"]);
    await emitter.stop();
  });

  it("emits the terminal error after the ERROR event, and never 'end'", async () => {
    const m = await master({
      onSubscribe: (ctx) => {
        const s = m.openStream(ctx);
        setTimeout(() => {
          m.send({ type: scheduler.Event_Type.ERROR, error: { message: "Framework failed over" } }, s);
          ctx.res.end();
        }, 50);
        return true;
      },
    });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const emitter = toEventEmitter(client);
    const seen: string[] = [];
    let ended = false;
    emitter.on("event", (e) => seen.push(e.type));
    emitter.on("end", () => {
      ended = true;
    });
    const [error] = await once(emitter, "error");
    expect(error).toBeInstanceOf(TerminalError);
    expect(error).toMatchObject({ reason: "error-event" });
    expect(seen).toEqual(["SUBSCRIBED", "HEARTBEAT", "ERROR"]);
    await emitter.done;
    expect(ended).toBe(false);
    expect(client.state).toBe("closed");
  });

  it("reports a listener's exception as 'error' and stops, leaving the client running", async () => {
    const m = await master({ frameworkId: "fw-throw" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const emitter = toEventEmitter(client);
    const boom = new Error("listener bug");
    emitter.on("RESCIND", () => {
      throw boom;
    });
    const after: string[] = [];
    emitter.on("event", (e) => after.push(e.type));
    await client.ready();
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-1" } } });
    const [error] = await once(emitter, "error");
    expect(error).toBe(boom);
    await emitter.done;
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-2" } } });
    await sleep(100);
    expect(after.filter((t) => t === "RESCIND")).toHaveLength(1);
    expect(client.state).toBe("subscribed");
  });

  it("emits 'end' when the client closes; stop() detaches without closing the client", async () => {
    const m = await master({ frameworkId: "fw-end" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const first = toEventEmitter(client);
    const second = toEventEmitter(client);
    await once(first, "SUBSCRIBED");
    const secondStates: string[] = [];
    second.on("state", (c) => secondStates.push(c.state));
    let secondEvents = 0;
    second.on("event", () => secondEvents++);
    await second.stop();
    const before = secondEvents;
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-1" } } });
    await once(first, "RESCIND");
    expect(secondEvents).toBe(before);
    expect(client.state).toBe("subscribed");

    const ended = once(first, "end");
    await client.close();
    await ended;
    await first.done;
    expect(secondStates).toEqual([]); // detached before the close
    await m.until(() => m.streams.every((s) => s.closed), 5000, "the stream to close");
  });
});
