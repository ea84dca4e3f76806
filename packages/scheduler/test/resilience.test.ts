import { scheduler } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import {
  heartbeatMissedChannel,
  type RedirectLoopError,
  redirectChannel,
  type StateChange,
  SubscriptionLostError,
  TerminalError,
} from "../src/index.js";
import { cleanupAfterEach } from "./helpers/cleanups.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { redirect, status } from "./helpers/fake-master.js";

const { cleanups, master } = cleanupAfterEach();

describe.each(WIRES)("resilience (%s)", (wire) => {
  it("subscribes through a protocol-relative 307 and sends calls to the leader", async () => {
    const leader = await master({ frameworkId: "fw-r" });
    const follower = await master({
      onSubscribe: ({ res }) => redirect(res, `//${leader.hostPort}/master/api/v1/scheduler`),
    });
    const hops: unknown[] = [];
    const onRedirect = (m: unknown) => hops.push(m);
    redirectChannel.subscribe(onRedirect);
    cleanups.push(() => redirectChannel.unsubscribe(onRedirect));
    const client = testClient(follower.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    expect(follower.subscribes).toHaveLength(1);
    expect(leader.subscribes).toHaveLength(1);
    expect(client.leaderUrl?.href).toBe(`http://${leader.hostPort}/master/api/v1/scheduler`);
    await client.decline({ offerIds: ["o1"], filters: 60 });
    expect(leader.calls).toHaveLength(1);
    expect(follower.calls).toHaveLength(0);
    expect(hops).toEqual([
      expect.objectContaining({
        to: `http://${leader.hostPort}/master/api/v1/scheduler`,
        hop: 1,
        callType: "SUBSCRIBE",
      }),
    ]);
  });

  it("detects a redirect loop, reports it, and keeps retrying with backoff until it clears", async () => {
    let loop = true;
    const b = await master({ frameworkId: "fw-loop" });
    const a = await master({
      onSubscribe: ({ res }) => (loop ? redirect(res, `//${b.hostPort}/master/api/v1/scheduler`) : false),
      frameworkId: "fw-loop",
    });
    b.options.onSubscribe = ({ res }) =>
      loop ? redirect(res, `//${a.hostPort}/master/api/v1/scheduler`) : false;
    const client = testClient(a.url, wire);
    cleanups.push(() => client.close());
    const errors: StateChange[] = [];
    client.onStateChange((c) => c.state === "disconnected" && errors.push(c));
    await a.until(() => errors.length >= 2, 10_000, "two loop reports");
    expect(errors[0]!.error).toMatchObject({ code: "MESOS_TRANSPORT_REDIRECT_LOOP" });
    expect((errors[0]!.error as RedirectLoopError).chain).toHaveLength(3);
    loop = false;
    await client.ready();
    expect(client.state).toBe("subscribed");
  });

  it("rides out a 503/404/429 storm with capped, jittered backoff", async () => {
    const codes = [503, 503, 404, 429, 503, 503];
    const m = await master({
      frameworkId: "fw-storm",
      onSubscribe: ({ res, attempt }) =>
        attempt < codes.length ? status(res, codes[attempt]!, "No leader elected") : false,
    });
    const client = testClient(m.url, wire, { backoff: { initialMs: 10, maxMs: 40 } });
    cleanups.push(() => client.close());
    const seen: string[] = [];
    client.onStateChange((c) => c.error && seen.push((c.error as { code?: string }).code ?? "?"));
    await client.ready();
    expect(m.subscribes).toHaveLength(codes.length + 1);
    expect(seen.filter((c) => c === "MESOS_TRANSPORT_HTTP_STATUS").length).toBeGreaterThanOrEqual(
      codes.length,
    );
    const gaps = m.subscribes.slice(1).map((s, i) => s.at - m.subscribes[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(4); // at least half of the 10 ms base
  });

  it("declares a stalled stream dead after N missed heartbeats and resubscribes with the same id", async () => {
    const m = await master({ frameworkId: "fw-stall", heartbeatSeconds: 0.05 });
    const missed: Array<{ missed: number }> = [];
    const onMissed = (msg: unknown) => missed.push(msg as { missed: number });
    heartbeatMissedChannel.subscribe(onMissed);
    cleanups.push(() => heartbeatMissedChannel.unsubscribe(onMissed));
    const client = testClient(m.url, wire, { heartbeat: { missedLimit: 3 } });
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    const stalledAt = performance.now();
    m.stall();
    const again = await reader.next("SUBSCRIBED", 10_000);
    const elapsed = performance.now() - stalledAt;
    expect(again.generation).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(100); // at least ~3 intervals of 50 ms (minus timer slack)
    expect(m.subscribes).toHaveLength(2);
    expect(m.subscribes[1]!.call.framework_id?.value).toBe("fw-stall");
    expect(m.subscribes[1]!.call.subscribe?.framework_info?.id?.value).toBe("fw-stall");
    expect(missed.some((x) => x.missed >= 3)).toBe(true);
    expect(m.streams[0]!.closed).toBe(true);
    await reader.close();
  });

  it("survives a stream cut mid-record: the partial record is never delivered", async () => {
    const m = await master({ frameworkId: "fw-cut" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    const failure = { type: scheduler.Event_Type.FAILURE, failure: { agent_id: { value: "agent-x" } } };
    const { encodeEvent } = await import("./helpers/fake-master.js");
    const payload = encodeEvent(failure, m.stream!.wire);
    m.writeRaw(`${payload.byteLength}\n`);
    m.writeRaw(payload.subarray(0, Math.floor(payload.byteLength / 2)));
    await new Promise((r) => setTimeout(r, 30));
    m.cut();
    const again = await reader.next("SUBSCRIBED");
    expect(again.generation).toBe(2);
    expect(reader.seen.some((e) => e.type === "FAILURE")).toBe(false);
    // The half record died with its stream: the same event sent whole on the new stream arrives
    // once, intact, fenced to generation 2 (nothing of the old bytes leaked into the new framing).
    m.send(failure);
    const whole = await reader.next("FAILURE");
    expect(whole).toMatchObject({ generation: 2, agentId: { value: "agent-x" } });
    expect(reader.seen.filter((e) => e.type === "FAILURE")).toHaveLength(1);
    await reader.close();
  });

  it("drops the stream on a malformed record and resubscribes", async () => {
    const m = await master({ frameworkId: "fw-bad" });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reasons: Array<string | undefined> = [];
    client.onStateChange(
      (c) => c.state === "disconnected" && reasons.push((c.error as { code?: string })?.code),
    );
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    // A well-framed record whose payload is not an Event: invalid protobuf wire type / invalid JSON.
    const junk = wire === "json" ? "{not json" : "\u00ff\u00ff\u00ff";
    m.writeRaw(`${Buffer.byteLength(junk)}\n${junk}`);
    await reader.next("SUBSCRIBED");
    expect(reasons[0]).toBe("MESOS_TRANSPORT_MALFORMED_MESSAGE");
    // A framing error (non-digit in the length) is a protocol error.
    m.writeRaw("12x\n");
    const third = await reader.next("SUBSCRIBED");
    expect(third.generation).toBe(3);
    expect(reasons[1]).toBe("MESOS_TRANSPORT_PROTOCOL");
    await reader.close();
  });

  it("reports a terminal ERROR as TerminalError and never resubscribes", async () => {
    const m = await master({
      onSubscribe: (ctx) => {
        const s = m.openStream(ctx, { sendSubscribed: false });
        m.send({ type: scheduler.Event_Type.ERROR, error: { message: "Framework has been removed" } }, s);
        ctx.res.end();
        return true;
      },
    });
    const client = testClient(m.url, wire);
    const types: string[] = [];
    let thrown: unknown;
    try {
      for await (const event of client.events()) types.push(event.type);
    } catch (error) {
      thrown = error;
    }
    expect(types).toEqual(["ERROR"]);
    expect(thrown).toBeInstanceOf(TerminalError);
    expect(thrown).toMatchObject({ code: "MESOS_SCHEDULER_TERMINAL_ERROR", reason: "framework-removed" });
    expect(client.state).toBe("closed");
    await new Promise((r) => setTimeout(r, 200));
    expect(m.subscribes).toHaveLength(1);
    await expect(client.revive()).rejects.toBeInstanceOf(TerminalError);
    await client.close();
  });

  it("treats a rejected SUBSCRIBE (400) as terminal, with the body text", async () => {
    const m = await master({
      onSubscribe: ({ res }) => status(res, 400, "Failed to validate scheduler::Call"),
    });
    const client = testClient(m.url, wire);
    await expect(client.ready()).rejects.toMatchObject({ reason: "subscribe-rejected" });
    expect(client.terminalError?.cause).toMatchObject({
      status: 400,
      body: "Failed to validate scheduler::Call",
    });
    expect(m.subscribes).toHaveLength(1);
    await client.close();
  });

  it("fences by generation: an in-flight call of an old stream fails, stale events never arrive", async () => {
    let hold: (() => void) | undefined;
    const m = await master({
      frameworkId: "fw-fence",
      onCall: (call) =>
        call.type === scheduler.Call_Type.REVIVE
          ? new Promise<undefined>((resolve) => {
              hold = () => resolve(undefined);
            })
          : undefined,
    });
    const client = testClient(m.url, wire, { callAttempts: 1 });
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    const inflight = client.revive();
    await m.until(() => hold !== undefined, 5000, "revive to arrive");
    // Queue events of generation 1 that nobody has read yet, then cut the stream.
    m.send({ type: scheduler.Event_Type.RESCIND, rescind: { offer_id: { value: "stale" } } });
    await new Promise((r) => setTimeout(r, 50));
    m.cut();
    await expect(inflight).rejects.toBeInstanceOf(SubscriptionLostError);
    hold?.();
    await m.until(() => m.subscribes.length === 2, 5000, "resubscribe");
    await client.ready();
    const next = await reader.next("SUBSCRIBED");
    expect(next.generation).toBe(2);
    expect(reader.seen.some((e) => e.type === "RESCIND")).toBe(false);
    await reader.close();
  });

  it("resubscribes when a call learns the framework is not subscribed (403)", async () => {
    const m = await master({
      frameworkId: "fw-403",
      onCall: (call) => (call.type === scheduler.Call_Type.SUPPRESS ? 403 : undefined),
    });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await expect(client.suppress()).rejects.toMatchObject({ status: 403, subscriptionLost: true });
    await m.until(() => m.subscribes.length === 2, 5000, "resubscribe");
    await client.ready();
  });

  it("a 403 on UPDATE_FRAMEWORK (authorization of the new FrameworkInfo denied) keeps the subscription", async () => {
    // src/master/master.cpp (updateFramework): 403 there is the authorizer's answer; the stream
    // itself tells when it is gone.
    const m = await master({
      frameworkId: "fw-403u",
      onCall: (call) => (call.type === scheduler.Call_Type.UPDATE_FRAMEWORK ? 403 : undefined),
    });
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await expect(
      client.updateFramework({ frameworkInfo: { user: "tester", name: "x", roles: ["denied"] } }),
    ).rejects.toMatchObject({ status: 403, subscriptionLost: false });
    await new Promise((resolve) => setTimeout(resolve, 300)); // backoff is 20 ms: time to resubscribe
    expect(m.subscribes).toHaveLength(1);
    expect(client.generation).toBe(1);
    await client.suppress();
  });
});
