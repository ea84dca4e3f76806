// close(), `options.signal` and `events({ signal })`: what stops, what keeps running, and that a
// closed client leaves no handle, socket or timer behind (seen from both ends of the wire).
import { scheduler } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import { AbortError, ClosedError, type SchedulerClient } from "../src/index.js";
import { cleanupAfterEach } from "./helpers/cleanups.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { sleep } from "./helpers/events.js";
import { type FakeMaster, status } from "./helpers/fake-master.js";

const { cleanups, master } = cleanupAfterEach();

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

/** Resource types with more live instances than in `before`. */
function leaked(before: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [type, n] of resources()) if (n > (before.get(type) ?? 0)) out.push(`${type} ×${n}`);
  return out;
}

/**
 * Waits until nothing is left over: closing sockets takes a few ticks. The 2 s limit is far above
 * that yet below undici's 4 s keep-alive timeout, so an idle pooled socket that close() forgot
 * would still be there.
 */
async function expectNothingLeft(before: Map<string, number>, m: FakeMaster): Promise<void> {
  const deadline = Date.now() + 2000;
  let left = leaked(before);
  let connections = await openConnections(m);
  while ((left.length > 0 || connections > 0) && Date.now() < deadline) {
    await sleep(50);
    left = leaked(before);
    connections = await openConnections(m);
  }
  expect(left).toEqual([]);
  expect(connections).toBe(0);
  expect(m.streams.every((s) => s.closed)).toBe(true);
}

function openConnections(m: FakeMaster): Promise<number> {
  return new Promise((resolve, reject) => m.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
}

async function drain(client: SchedulerClient): Promise<{ thrown: unknown; count: number }> {
  let count = 0;
  try {
    for await (const _ of client.events()) count++;
    return { thrown: undefined, count };
  } catch (thrown) {
    return { thrown, count };
  }
}

describe.each(WIRES)("close and abort (%s)", (wire) => {
  it("close() ends readers and calls in flight and leaves no handle, socket or timer behind", async () => {
    let release: (() => void) | undefined;
    const m = await master({
      frameworkId: "fw-close",
      heartbeatSeconds: 0.05,
      onCall: (call) =>
        call.type === scheduler.Call_Type.REVIVE
          ? new Promise<undefined>((resolve) => {
              release = () => resolve(undefined);
            })
          : undefined,
    });
    cleanups.push(() => release?.());
    await sleep(50);
    const before = resources();
    const client = testClient(m.url, wire, { callAttempts: 1 });
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    await client.suppress(); // a call connection, idle in the pool
    const inflight = client.revive().then(
      () => undefined,
      (error: unknown) => error,
    );
    await m.until(() => release !== undefined, 5000, "the REVIVE to arrive");
    const pending = reader.pull(); // a reader waiting for the next event
    await client.close();
    expect(await inflight).toBeInstanceOf(ClosedError);
    // The reader that waited finishes (close() is not an error for readers).
    for (let r = await pending; !r.done; r = await reader.pull()) expect(r.value.type).toBe("HEARTBEAT");
    expect(client.state).toBe("closed");
    await expect(client.revive()).rejects.toBeInstanceOf(ClosedError);
    await expectNothingLeft(before, m);
  });

  it("teardown() succeeds when the master closes the stream before its 202 arrives", async () => {
    const m = await master({
      frameworkId: "fw-td",
      onCall: async (call) => {
        if (call.type !== scheduler.Call_Type.TEARDOWN) return undefined;
        m.stream?.res.end(); // as Mesos: the framework is removed, its stream closed ...
        await sleep(100); // ... and the client sees that first
        return 202;
      },
    });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await client.teardown();
    expect(client.state).toBe("closed");
    expect(m.callsOf(scheduler.Call_Type.TEARDOWN)).toHaveLength(1);
  });

  it("close() during reconnect backoff returns at once and leaves nothing behind", async () => {
    const m = await master({ onSubscribe: ({ res }) => status(res, 503, "No leader elected") });
    await sleep(50);
    const before = resources();
    const client = testClient(m.url, wire, { backoff: { initialMs: 30_000, maxMs: 30_000 } });
    await m.until(() => m.subscribes.length === 1, 5000, "the first SUBSCRIBE");
    await client.waitForState("disconnected");
    const started = performance.now();
    await client.close();
    expect(performance.now() - started).toBeLessThan(5000); // not the 15-30 s backoff
    expect(m.subscribes).toHaveLength(1);
    await expectNothingLeft(before, m);
  });

  it("aborting options.signal closes the client: readers end, the stream is closed", async () => {
    const m = await master({ frameworkId: "fw-sig" });
    await sleep(50);
    const before = resources();
    const ac = new AbortController();
    const client = testClient(m.url, wire, { signal: ac.signal });
    const done = drain(client);
    await client.ready();
    ac.abort();
    const { thrown, count } = await done;
    expect(thrown).toBeUndefined();
    expect(count).toBeGreaterThanOrEqual(1); // SUBSCRIBED at least
    await client.waitForState("closed").catch(() => {});
    expect(client.state).toBe("closed");
    await expectNothingLeft(before, m);
  });

  it("an options.signal aborted before construction closes at once and never subscribes", async () => {
    const m = await master({ frameworkId: "fw-pre" });
    const client = testClient(m.url, wire, { signal: AbortSignal.abort() });
    await expect(client.ready()).rejects.toBeInstanceOf(ClosedError);
    expect(client.state).toBe("closed");
    expect(await drain(client)).toEqual({ thrown: undefined, count: 0 });
    await client.close();
    await sleep(100);
    expect(m.subscribes).toHaveLength(0);
  });

  it("events({ signal }) ends that reader with AbortError, waiting or not; others and the client go on", async () => {
    const m = await master({ frameworkId: "fw-evsig" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const waiting = new AbortController();
    const a = client.events({ signal: waiting.signal });
    const other = new EventReader(client);
    await other.next("SUBSCRIBED");
    // Drain a's queue, then abort while its next() waits for an event.
    let aborted: Promise<unknown> | undefined;
    while (aborted === undefined) {
      const next = a.next();
      const r = await Promise.race([next, sleep(300).then(() => "idle" as const)]);
      if (r === "idle") aborted = next;
    }
    const t0 = performance.now();
    waiting.abort(new Error("user gave up"));
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await a.next()).toEqual({ done: true, value: undefined });

    // Aborting with events queued: they are not delivered, the next call throws.
    const queued = new AbortController();
    const b = client.events({ signal: queued.signal });
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-1" } } });
    await other.next("RESCIND");
    queued.abort();
    await expect(b.next()).rejects.toMatchObject({ code: "MESOS_TRANSPORT_ABORTED" });

    // An already-aborted signal: the first call throws.
    const c = client.events({ signal: AbortSignal.abort() });
    await expect(c.next()).rejects.toBeInstanceOf(AbortError);

    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "o-2" } } });
    const later = await other.next("RESCIND");
    expect(later.offerId.value).toBe("o-2");
    expect(client.state).toBe("subscribed");
    await other.close();
  });
});
