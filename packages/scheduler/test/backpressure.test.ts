// A fast master and a slow reader: the client stops reading at highWaterMark, TCP backpressure
// then stalls the master's writes, the events it buffers stay bounded, the heartbeat watchdog
// does not mistake the pause for a dead stream, and nothing is lost or reordered.
import type { Socket } from "node:net";
import { encode } from "@mesos-ts/recordio";
import { afterEach, describe, expect, it } from "vitest";
import { testClient, WIRES } from "./helpers/client.js";
import { sleep, updateEvent } from "./helpers/events.js";
import { encodeEvent, FakeMaster, type Stream } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HIGH_WATER_MARK = 64;
/** ~1 KiB per event: 20 MB in all, far more than loopback socket buffers hold (~4 MB here). */
const EVENTS = 20_000;
const PADDING = "x".repeat(1000);
/**
 * A network read is at most ~64 KiB of socket data plus what the body stream buffered (its
 * 64 KiB mark): about 130 events of 1 KiB. The client holds at most HIGH_WATER_MARK - 1 plus one
 * read; 256 leaves room without hiding an unbounded buffer (20 000 events are on offer).
 */
const BOUND = HIGH_WATER_MARK + 256;

/** Whole records grouped into ~64 KiB writes (a heartbeat may go in between, never inside one). */
function floodWrites(wire: "protobuf" | "json"): Buffer[] {
  const writes: Buffer[] = [];
  let group: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < EVENTS; i++) {
    const record = encode(encodeEvent(updateEvent(i, { message: PADDING }), wire));
    group.push(record);
    size += record.byteLength;
    if (size >= 65_536) {
      writes.push(Buffer.concat(group));
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) writes.push(Buffer.concat(group));
  return writes;
}

/** Writes as fast as the socket takes them (waiting for 'drain' only when told to). */
function flood(stream: Stream, writes: Buffer[]): { written: () => number; done: () => boolean } {
  let next = 0;
  let bytes = 0;
  const pump = () => {
    while (next < writes.length && !stream.closed) {
      const chunk = writes[next++] as Buffer;
      bytes += chunk.byteLength;
      if (!stream.res.write(chunk)) return void stream.res.once("drain", pump);
    }
  };
  pump();
  return { written: () => bytes, done: () => next === writes.length };
}

describe.each(WIRES)("backpressure (%s)", (wire) => {
  it("a slow reader holds the master back through TCP; buffered events stay bounded; nothing lost", async () => {
    const writes = floodWrites(wire);
    const total = writes.reduce((n, w) => n + w.byteLength, 0);
    let progress: ReturnType<typeof flood> | undefined;
    let socket: Socket | undefined;
    const m = await FakeMaster.start({
      frameworkId: "fw-bp",
      heartbeatSeconds: 0.05, // the watchdog below would fire after 150 ms of not reading
      onSubscribe: (ctx) => {
        const stream = m.openStream(ctx);
        socket = ctx.req.socket;
        progress = flood(stream, writes);
        return true;
      },
    });
    cleanups.push(() => m.close());
    const client = testClient(m.url, wire, { highWaterMark: HIGH_WATER_MARK, heartbeat: { missedLimit: 3 } });
    cleanups.push(() => client.close());
    const events = client.events()[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.value?.type).toBe("SUBSCRIBED");

    // Phase 1: the reader stalls for a second.
    await sleep(1000);
    const stalledAt = progress!.written();
    expect(progress!.done()).toBe(false);
    expect(stalledAt).toBeLessThan(total * 0.75);
    expect(client.bufferedEvents).toBeGreaterThan(0);
    expect(client.bufferedEvents).toBeLessThanOrEqual(BOUND);
    await sleep(300);
    expect(progress!.written()).toBe(stalledAt); // the master is blocked on its socket
    expect(socket!.writableNeedDrain || socket!.writableLength > 0).toBe(true);

    // Phase 2: read everything, pausing now and then; check order, loss and the bound.
    let expected = 0;
    let maxBuffered = client.bufferedEvents;
    while (expected < EVENTS) {
      const r = await events.next();
      if (r.done) throw new Error(`events ended after ${expected} updates`);
      maxBuffered = Math.max(maxBuffered, client.bufferedEvents);
      if (r.value.type !== "UPDATE") continue;
      expect(r.value.status.task_id?.value).toBe(`t-${expected}`);
      expected++;
      if (expected % 5000 === 0) await sleep(200); // slow again: the stream pauses and resumes
    }
    console.log(
      `[backpressure ${wire}] master stalled at ${stalledAt} of ${total} bytes; max buffered ${maxBuffered}`,
    );
    expect(maxBuffered).toBeLessThanOrEqual(BOUND);
    expect(progress!.done()).toBe(true);
    // The pauses were backpressure, not a dead stream: still the first subscription.
    expect(client.generation).toBe(1);
    expect(m.subscribes).toHaveLength(1);
    expect(client.state).toBe("subscribed");
    await events.return?.();
  }, 60_000);
});
