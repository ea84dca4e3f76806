// The master-side wire assertions against a fake tap: each check must be able to fail.
import type { scheduler } from "@mesos-ts/proto";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../src/cluster/cluster.js";
import type { WireEvent, WireLog, WireRequest } from "../src/cluster/wire.js";
import type { ScenarioContext } from "../src/scenarios/scenario.js";
import { CT, ET, openWire, sameBytes } from "../src/scenarios/wire.js";

const FW = "fw-1";
const STREAM = "3f1c7d52-0000-4000-8000-000000000001";

function req(over: Partial<WireRequest> & { call: scheduler.Call }): WireRequest {
  return {
    seq: 10,
    at: 0,
    master: 0,
    method: "POST",
    url: "/api/v1/scheduler",
    contentType: "application/json",
    accept: undefined,
    streamId: STREAM,
    status: 202,
    operatorCall: undefined,
    ...over,
  };
}

const subscribed: WireEvent = {
  seq: 2,
  at: 0,
  master: 0,
  frameworkId: FW,
  streamId: STREAM,
  event: { type: ET.SUBSCRIBED, subscribed: { framework_id: { value: FW } } },
  firstByte: 0x7b,
};

const decline = { type: CT.DECLINE, framework_id: { value: FW }, decline: { offer_ids: [] } };

async function wireOver(log: WireLog, contentType: "json" | "protobuf" = "json") {
  const notes: string[] = [];
  const cluster = {
    target: "local",
    wire: {
      mark: async () => 0,
      since: async (n: number) => ({
        requests: log.requests.filter((r) => r.seq > n),
        events: log.events.filter((e) => e.seq > n),
      }),
    },
  } as unknown as Cluster;
  const ctx: ScenarioContext = {
    cluster,
    contentType,
    signal: new AbortController().signal,
    note: (t) => notes.push(t),
  };
  return { wire: await openWire(ctx), notes };
}

describe("wire assertions", () => {
  it("accept a call in the right media type, answered 202, on the framework's stream", async () => {
    const { wire } = await wireOver({ requests: [req({ call: decline })], events: [subscribed] });
    const hit = await wire?.call("DECLINE", (c) => c.type === CT.DECLINE);
    expect(hit?.seq).toBe(10);
    expect(await wire?.expectClean(FW)).toBe(1);
  });

  it("fail on the wrong media type, a non-202 answer, or a foreign or missing stream id", async () => {
    const cases: Partial<WireRequest>[] = [
      { contentType: "application/x-protobuf" },
      { status: 400 },
      { streamId: "another-stream" },
      { streamId: undefined },
    ];
    for (const over of cases) {
      const { wire } = await wireOver({ requests: [req({ call: decline, ...over })], events: [subscribed] });
      await expect(wire?.call("DECLINE", (c) => c.type === CT.DECLINE)).rejects.toThrow();
    }
    const { wire } = await wireOver({
      requests: [req({ call: decline, status: 400 })],
      events: [subscribed],
    });
    await expect(wire?.expectClean(FW)).rejects.toThrow(/400/);
  });

  it("fail when the master never received the call, or sent an event in the other encoding", async () => {
    const { wire } = await wireOver({ requests: [], events: [subscribed] });
    await expect(wire?.call("KILL", (c) => c.type === CT.KILL, { timeoutMs: 50 })).rejects.toThrow(
      /master never received KILL/,
    );
    const proto = await wireOver({ requests: [], events: [subscribed] }, "protobuf");
    await expect(proto.wire?.event("SUBSCRIBED", (e) => e.type === ET.SUBSCRIBED)).rejects.toThrow(
      /not encoded as protobuf/,
    );
  });

  it("says so in the row where the target has no master-side tap", async () => {
    const notes: string[] = [];
    const ctx = {
      cluster: { target: "external" } as Cluster,
      contentType: "json",
      signal: new AbortController().signal,
      note: (t: string) => notes.push(t),
    } as ScenarioContext;
    expect(await openWire(ctx)).toBeUndefined();
    expect(notes).toEqual(["wire: no master-side recorder on external (client-side events only)"]);
  });

  it("compares uuids byte for byte", () => {
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1), undefined)).toBe(false);
  });
});
