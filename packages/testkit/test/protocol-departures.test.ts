// Departures from Mesos found in review, each pinned with a plain node:http client.
import { MesosJson, master, scheduler, v1 } from "@mesos-ts/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const C = scheduler.Call_Type;
const E = scheduler.Event_Type;

let cluster: Cluster;
let base: string;
beforeAll(async () => {
  cluster = await startCluster({
    agents: 1,
    heartbeatIntervalMs: 15_000,
    allocationIntervalMs: 50,
    taskMode: "scripted",
    script: () => ({ hang: true }),
  });
  base = cluster.masterUrls[0] as string;
});
afterAll(() => cluster.close());

/** A fresh framework holding the agent's offer (declined again by the caller when done). */
async function subscribed(info: Parameters<typeof subscribeCall>[0] = {}) {
  const sub = new RawSubscription(base, "application/json");
  await sub.open(subscribeCall({ failover_timeout: 60, ...info }));
  const offers = await sub.next((e) => e.type === E.OFFERS);
  return { sub, fid: sub.frameworkId as string, offer: offers.offers?.offers?.[0] as v1.Offer };
}

async function teardown(sub: RawSubscription, fid: string) {
  await sub.call({ type: C.TEARDOWN, framework_id: { value: fid } });
  await sub.waitEnded();
}

describe("call validation (src/master/validation.cpp)", () => {
  it("UNKNOWN without framework_id fails validation (400), it is not looked up", async () => {
    const r = await post(`${base}/api/v1/scheduler`, JSON.stringify({ type: "UNKNOWN" }), {
      "Content-Type": "application/json",
    });
    expect(r.status).toBe(400);
    expect(r.text).toBe("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
  });
});

describe("master_info in API output (include/mesos/v1/mesos.proto)", () => {
  it("QUOTA_V2 is written in full in JSON (SUBSCRIBED, GET_MASTER) as 1.12 does, enum number 3 in protobuf", async () => {
    const { sub, fid } = await subscribed();
    const text = Buffer.concat(sub.chunks).toString("utf8");
    expect(text).toContain(
      '"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}]',
    );
    await teardown(sub, fid);

    const pb = new RawSubscription(base, "application/x-protobuf");
    await pb.open(subscribeCall());
    const ev = await pb.next((e) => e.type === E.SUBSCRIBED);
    expect(ev.subscribed?.master_info?.capabilities?.map((c) => c.type)).toEqual([1, 2, 3]);
    await teardown(pb, pb.frameworkId as string);

    const getMaster = await post(`${base}/api/v1`, JSON.stringify({ type: "GET_MASTER" }), {
      "Content-Type": "application/json",
    });
    expect(getMaster.status).toBe(200);
    expect(getMaster.text).toContain('{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}]');
    const decoded = MesosJson.parse(master.Response, Buffer.from(getMaster.text));
    expect(decoded.type).toBe(master.Response_Type.GET_MASTER);
  });
});

describe("failover with a live stream (src/master/master.cpp)", () => {
  it("the new stream gets offers for resources offered to the old one", async () => {
    const { sub, fid } = await subscribed();
    const second = new RawSubscription(base, "application/json");
    await second.open(subscribeCall({ failover_timeout: 60 }, fid));
    await sub.next((e) => e.type === E.ERROR);
    const offers = await second.next((e) => e.type === E.OFFERS, 3000);
    expect(offers.offers?.offers).toHaveLength(1);
    expect(second.events.some((e) => e.type === E.RESCIND)).toBe(false);
    await teardown(second, fid);
  });
});

describe("ACCEPT with invalid offers (src/master/master.cpp)", () => {
  it("an operation with an id gets OPERATION_ERROR (no uuid); a task TASK_DROPPED", async () => {
    const { sub, fid, offer } = await subscribed({
      capabilities: [{ type: v1.FrameworkInfo_Capability_Type.PARTITION_AWARE }],
    });
    const from = sub.events.length;
    const r = await sub.call({
      type: C.ACCEPT,
      framework_id: { value: fid },
      accept: {
        offer_ids: [{ value: "no-such-offer" }],
        operations: [
          { type: v1.Offer_Operation_Type.RESERVE, id: { value: "op-1" }, reserve: { resources: [] } },
          {
            type: v1.Offer_Operation_Type.LAUNCH,
            launch: {
              task_infos: [
                {
                  name: "t",
                  task_id: { value: "t-1" },
                  agent_id: offer.agent_id,
                  command: { value: "true" },
                },
              ],
            },
          },
        ],
      },
    });
    expect(r.status).toBe(202);
    const op = await sub.next((e) => e.type === E.UPDATE_OPERATION_STATUS, 3000, from);
    const status = op.update_operation_status?.status;
    expect(status?.operation_id?.value).toBe("op-1");
    expect(status?.state).toBe(v1.OperationState.OPERATION_ERROR);
    expect(status?.uuid).toBeUndefined();
    const task = await sub.next((e) => e.type === E.UPDATE, 3000, from);
    expect(task.update?.status?.state).toBe(v1.TaskState.TASK_DROPPED);
    expect(task.update?.status?.uuid).toBeUndefined();
    await teardown(sub, fid);
  });
});

describe("operation feedback (agents advertise AGENT_OPERATION_FEEDBACK, as 1.12 agents do)", () => {
  it("RESERVE with an id: OPERATION_FINISHED with a uuid, resent until acknowledged, then forgotten", async () => {
    const { sub, fid, offer } = await subscribed({
      roles: ["web"],
      capabilities: [
        { type: v1.FrameworkInfo_Capability_Type.MULTI_ROLE },
        { type: v1.FrameworkInfo_Capability_Type.RESERVATION_REFINEMENT },
      ],
    });
    const from = sub.events.length;
    const reserved = {
      name: "cpus",
      type: v1.Value_Type.SCALAR,
      scalar: { value: 1 },
      allocation_info: { role: "web" },
      reservations: [{ type: v1.Resource_ReservationInfo_Type.DYNAMIC, role: "web" }],
    };
    const r = await sub.call({
      type: C.ACCEPT,
      framework_id: { value: fid },
      accept: {
        offer_ids: [offer.id as v1.OfferID],
        operations: [
          {
            type: v1.Offer_Operation_Type.RESERVE,
            id: { value: "res-1" },
            reserve: { resources: [reserved] },
          },
        ],
        filters: { refuse_seconds: 0 },
      },
    });
    expect(r.status).toBe(202);
    const update = await sub.next((e) => e.type === E.UPDATE_OPERATION_STATUS, 3000, from);
    const status = update.update_operation_status?.status;
    expect(status?.operation_id?.value).toBe("res-1");
    expect(status?.state).toBe(v1.OperationState.OPERATION_FINISHED);
    expect(status?.agent_id?.value).toBe(offer.agent_id?.value);
    expect(status?.uuid?.value).toHaveLength(16);
    const operations = async () => {
      const res = await post(`${base}/api/v1`, JSON.stringify({ type: "GET_OPERATIONS" }), {
        "Content-Type": "application/json",
      });
      return MesosJson.parse(master.Response, Buffer.from(res.text)).get_operations?.operations ?? [];
    };
    expect((await operations()).map((o) => o.info?.id?.value)).toEqual(["res-1"]);
    const ack = await sub.call({
      type: C.ACKNOWLEDGE_OPERATION_STATUS,
      framework_id: { value: fid },
      acknowledge_operation_status: {
        agent_id: status?.agent_id,
        uuid: Buffer.from(status?.uuid?.value ?? []),
        operation_id: status?.operation_id as v1.OperationID,
      },
    });
    expect(ack.status).toBe(202);
    await new Promise((done) => setTimeout(done, 100));
    expect(await operations()).toEqual([]);
    // Reconciling it now: the master no longer holds it.
    const at = sub.events.length;
    await sub.call({
      type: C.RECONCILE_OPERATIONS,
      framework_id: { value: fid },
      reconcile_operations: { operations: [{ operation_id: { value: "res-1" } }] },
    });
    const answer = await sub.next((e) => e.type === E.UPDATE_OPERATION_STATUS, 3000, at);
    expect(answer.update_operation_status?.status?.state).toBe(v1.OperationState.OPERATION_UNKNOWN);
    await teardown(sub, fid);
  });

  it("GROW_VOLUME with an id gets OPERATION_ERROR (no uuid): not simulated", async () => {
    const { sub, fid, offer } = await subscribed();
    const from = sub.events.length;
    const r = await sub.call({
      type: C.ACCEPT,
      framework_id: { value: fid },
      accept: {
        offer_ids: [offer.id as v1.OfferID],
        operations: [
          {
            type: v1.Offer_Operation_Type.GROW_VOLUME,
            id: { value: "grow-1" },
            grow_volume: {
              volume: { name: "disk", type: v1.Value_Type.SCALAR, scalar: { value: 1 } },
              addition: { name: "disk", type: v1.Value_Type.SCALAR, scalar: { value: 1 } },
            },
          },
        ],
        filters: { refuse_seconds: 0 },
      },
    });
    expect(r.status).toBe(202);
    const op = await sub.next((e) => e.type === E.UPDATE_OPERATION_STATUS, 3000, from);
    expect(op.update_operation_status?.status?.operation_id?.value).toBe("grow-1");
    expect(op.update_operation_status?.status?.state).toBe(v1.OperationState.OPERATION_ERROR);
    expect(op.update_operation_status?.status?.uuid).toBeUndefined();
    await teardown(sub, fid);
  });
});

describe("robustness: calls processed after the 202", () => {
  it("an executor id that cannot name a sandbox is TASK_ERROR, not an uncaught exception", async () => {
    const { sub, fid, offer } = await subscribed();
    const from = sub.events.length;
    const r = await sub.call({
      type: C.ACCEPT,
      framework_id: { value: fid },
      accept: {
        offer_ids: [offer.id as v1.OfferID],
        operations: [
          {
            type: v1.Offer_Operation_Type.LAUNCH,
            launch: {
              task_infos: [
                {
                  name: "t",
                  task_id: { value: "t-nul" },
                  agent_id: offer.agent_id,
                  executor: { executor_id: { value: "a\u0000b" }, command: { value: "true" } },
                },
              ],
            },
          },
        ],
      },
    });
    expect(r.status).toBe(202);
    const update = await sub.next((e) => e.type === E.UPDATE, 3000, from);
    expect(update.update?.status?.state).toBe(v1.TaskState.TASK_ERROR);
    expect(update.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_TASK_INVALID);
    await teardown(sub, fid);
  });
});
