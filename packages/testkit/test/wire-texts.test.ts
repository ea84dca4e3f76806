// Texts and checks a real Mesos 1.12 showed that the replay does not reach with every input.
import { scheduler } from "@mesos-ts/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUuidBytes } from "../src/ids.js";
import { type Cluster, startCluster } from "../src/index.js";
import { jsonSyntaxError } from "../src/json/json-syntax.js";
import { post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

describe("UUID::fromBytes (stout/uuid.hpp)", () => {
  it("takes 16 bytes whose version nibble is 1-5, and nothing else", () => {
    const bytes = (version: number) => {
      const b = Buffer.alloc(16, 0xab);
      b[6] = (version << 4) | 0x0b;
      return b;
    };
    for (const v of [1, 2, 3, 4, 5]) expect(isUuidBytes(bytes(v))).toBe(true);
    for (const v of [0, 6, 15]) expect(isUuidBytes(bytes(v))).toBe(false);
    expect(isUuidBytes(Buffer.alloc(15, 0x44))).toBe(false);
  });
});

describe("picojson's syntax error text", () => {
  it("names the line and the rest of it from the first character it could not take", () => {
    expect(jsonSyntaxError('{"a":1}')).toBeUndefined();
    expect(jsonSyntaxError("{not json")).toBe("syntax error at line 1 near: not json");
    expect(jsonSyntaxError("garbage")).toBe("syntax error at line 1 near: garbage");
    expect(jsonSyntaxError('{"a":1}\n x')).toBe("syntax error at line 2 near: x");
    expect(jsonSyntaxError('{"a":')).toBe("syntax error at line 1 near: ");
  });
});

describe("on the wire", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ agents: 1, taskMode: "scripted", allocationIntervalMs: 50 });
  });
  afterAll(() => cluster.close());

  it("ACKNOWLEDGE with 16 bytes whose version nibble is 0 is 400 'Not a valid UUID'", async () => {
    const base = cluster.masterUrls[0] as string;
    const sub = new RawSubscription(base, "application/json");
    await sub.open(subscribeCall());
    await sub.next((e) => e.type === scheduler.Event_Type.SUBSCRIBED);
    const r = await sub.call({
      type: scheduler.Call_Type.ACKNOWLEDGE,
      framework_id: { value: sub.frameworkId as string },
      acknowledge: {
        agent_id: { value: cluster.agents[0]?.id as string },
        task_id: { value: "t" },
        uuid: Buffer.alloc(16, 0x0f),
      },
    });
    expect([r.status, r.text]).toEqual([400, "Failed to validate scheduler::Call: Not a valid UUID"]);
    sub.close();
  });

  it("an operator call without its payload is 400, as `master::call::validate` answers", async () => {
    const base = cluster.masterUrls[0] as string;
    for (const type of ["GET_METRICS", "SET_LOGGING_LEVEL", "UPDATE_WEIGHTS", "TEARDOWN"]) {
      const r = await post(`${base}/api/v1`, JSON.stringify({ type }), {
        "Content-Type": "application/json",
      });
      expect([r.status, r.text]).toEqual([
        400,
        `Failed to validate master::Call: Expecting '${type.toLowerCase()}' to be present`,
      ]);
    }
    const weights = await post(`${base}/api/v1`, JSON.stringify({ type: "GET_WEIGHTS" }), {
      "Content-Type": "application/json",
    });
    expect([weights.status, weights.text]).toEqual([200, '{"type":"GET_WEIGHTS"}']);
  });
});

describe("plain endpoints without a recording", () => {
  it("the agent's /flags and the master's /master/tasks answer in Mesos' shapes", async () => {
    const c = await startCluster({ agents: 1, taskMode: "scripted" });
    try {
      const agent = c.agents[0];
      const flags = await post(`http://127.0.0.1:${agent?.port}/slave(1)/flags`, "", {}, "GET");
      expect(flags.status).toBe(200);
      const doc = JSON.parse(flags.text) as { flags: Record<string, string> };
      expect(doc.flags.port).toBe(String(agent?.port));
      expect(doc.flags.containerizers).toBe("mesos");
      const tasks = await post(`${c.masterUrls[0]}/master/tasks`, "", {}, "GET");
      expect([tasks.status, tasks.text]).toEqual([200, '{"tasks":[]}']);
    } finally {
      await c.close();
    }
  });
});
