import { scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, type ClusterOptions, startCluster } from "../src/index.js";
import { RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const E = scheduler.Event_Type;
const C = scheduler.Call_Type;
let cluster: Cluster;
let sub: RawSubscription;
let fid: { value: string };

async function setup(
  options: ClusterOptions = {},
  info: Parameters<typeof subscribeCall>[0] = {},
): Promise<v1.Offer> {
  cluster = await startCluster({
    agents: 1,
    taskMode: "scripted",
    heartbeatIntervalMs: 1000,
    allocationIntervalMs: 50,
    statusUpdateRetryMs: 5000,
    ...options,
  });
  sub = new RawSubscription(cluster.masterUrls[0] as string, "application/x-protobuf");
  await sub.open(subscribeCall(info));
  await sub.next((e) => e.type === E.SUBSCRIBED);
  fid = { value: sub.frameworkId as string };
  return (await sub.next((e) => e.type === E.OFFERS)).offers?.offers?.[0] as v1.Offer;
}

const task = (offer: v1.Offer, id: string, extra: Partial<v1.TaskInfo> = {}): v1.TaskInfo => ({
  name: id,
  task_id: { value: id },
  agent_id: offer.agent_id,
  resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 1 } }],
  command: { value: "true" },
  ...extra,
});

const launch = (offer: v1.Offer, tasks: v1.TaskInfo[]) =>
  sub.call({
    framework_id: fid,
    type: C.ACCEPT,
    accept: {
      offer_ids: [offer.id as v1.OfferID],
      operations: [{ type: v1.Offer_Operation_Type.LAUNCH, launch: { task_infos: tasks } }],
      filters: { refuse_seconds: 0 },
    },
  });

const stateOf = (taskId: string, state: v1.TaskState) => (e: scheduler.Event) =>
  e.update?.status?.task_id?.value === taskId && e.update.status.state === state;

afterEach(async () => {
  sub?.close();
  await cluster?.close();
});

describe("offers", () => {
  it("DECLINE filters the agent for refuse_seconds; REVIVE clears the filter; SUPPRESS stops offers", async () => {
    const offer = await setup();
    await sub.call({
      framework_id: fid,
      type: C.DECLINE,
      decline: { offer_ids: [offer.id as v1.OfferID], filters: { refuse_seconds: 30 } },
    });
    const mark = sub.events.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.events.slice(mark).some((e) => e.type === E.OFFERS)).toBe(false);
    await sub.call({ framework_id: fid, type: C.REVIVE });
    const revived = await sub.next((e) => e.type === E.OFFERS, 3000, mark);
    await sub.call({ framework_id: fid, type: C.SUPPRESS });
    await sub.call({
      framework_id: fid,
      type: C.DECLINE,
      decline: { offer_ids: [revived.offers?.offers?.[0]?.id as v1.OfferID], filters: { refuse_seconds: 0 } },
    });
    const mark2 = sub.events.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.events.slice(mark2).some((e) => e.type === E.OFFERS)).toBe(false);
  });

  it("offer_timeout rescinds", async () => {
    const offer = await setup({ offerTimeoutMs: 200 });
    const rescind = await sub.next((e) => e.type === E.RESCIND, 3000);
    expect(rescind.rescind?.offer_id?.value).toBe(offer.id?.value);
  });

  it("MULTI_ROLE frameworks get allocation_info; reserved resources go to their role only", async () => {
    const offer = await setup(
      { agents: [{ cpus: 2, resources: [] }] },
      {
        roles: ["web"],
        capabilities: [
          { type: v1.FrameworkInfo_Capability_Type.MULTI_ROLE },
          { type: v1.FrameworkInfo_Capability_Type.RESERVATION_REFINEMENT },
        ],
      },
    );
    expect(offer.allocation_info?.role).toBe("web");
    expect(offer.resources?.every((r) => r.allocation_info?.role === "web")).toBe(true);
    expect(offer.resources?.find((r) => r.name === "cpus")?.role).toBeUndefined();
    // RESERVE one cpu for "web": the next offer carries it as a dynamic reservation.
    const reserved = {
      name: "cpus",
      type: v1.Value_Type.SCALAR,
      scalar: { value: 1 },
      allocation_info: { role: "web" },
      reservations: [{ type: v1.Resource_ReservationInfo_Type.DYNAMIC, role: "web" }],
    };
    await sub.call({
      framework_id: fid,
      type: C.ACCEPT,
      accept: {
        offer_ids: [offer.id as v1.OfferID],
        operations: [{ type: v1.Offer_Operation_Type.RESERVE, reserve: { resources: [reserved] } }],
        filters: { refuse_seconds: 0 },
      },
    });
    const next = await sub.next(
      (e) => e.type === E.OFFERS,
      3000,
      sub.events.indexOf(sub.events.find((e) => e.type === E.OFFERS) as scheduler.Event) + 1,
    );
    const cpus = next.offers?.offers?.[0]?.resources?.filter((r) => r.name === "cpus") ?? [];
    expect(cpus.find((r) => r.reservations?.[0]?.role === "web")?.scalar?.value).toBe(1);
    expect(cpus.find((r) => (r.reservations ?? []).length === 0)?.scalar?.value).toBe(1);
  });

  it("invalid offers ⇒ TASK_LOST/DROPPED without uuid; invalid tasks ⇒ TASK_ERROR", async () => {
    const offer = await setup(
      {},
      { capabilities: [{ type: v1.FrameworkInfo_Capability_Type.PARTITION_AWARE }] },
    );
    await launch({ ...offer, id: { value: "no-such-offer" } }, [task(offer, "a")]);
    const dropped = await sub.next(stateOf("a", v1.TaskState.TASK_DROPPED));
    expect(dropped.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_INVALID_OFFERS);
    expect(dropped.update?.status?.uuid).toBeUndefined();
    // A 1.12 master names the task's agent in it (as recorded with a real 1.12 master).
    expect(dropped.update?.status?.agent_id?.value).toBe(offer.agent_id?.value);
    await launch(offer, [
      task(offer, "b", { resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 99 } }] }),
    ]);
    const error = await sub.next(stateOf("b", v1.TaskState.TASK_ERROR));
    expect(error.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_TASK_INVALID);
  });
});

describe("tasks", () => {
  it("KILL ⇒ TASK_KILLING (capable framework) then TASK_KILLED; scripted exit codes ⇒ TASK_FAILED", async () => {
    const offer = await setup(
      { script: (t) => (t.task_id?.value === "hang" ? { hang: true } : { runMs: 10, exitCode: 7 }) },
      { capabilities: [{ type: v1.FrameworkInfo_Capability_Type.TASK_KILLING_STATE }] },
    );
    await launch(offer, [task(offer, "hang"), task(offer, "fail")]);
    const ack = (e: scheduler.Event) =>
      sub.call({
        framework_id: fid,
        type: C.ACKNOWLEDGE,
        acknowledge: {
          agent_id: e.update?.status?.agent_id,
          task_id: e.update?.status?.task_id,
          uuid: e.update?.status?.uuid,
        },
      });
    for (const id of ["hang", "fail"]) await ack(await sub.next(stateOf(id, v1.TaskState.TASK_STARTING)));
    await ack(await sub.next(stateOf("hang", v1.TaskState.TASK_RUNNING)));
    await ack(await sub.next(stateOf("fail", v1.TaskState.TASK_RUNNING)));
    const failed = await sub.next(stateOf("fail", v1.TaskState.TASK_FAILED));
    expect(failed.update?.status?.message).toBe("Command exited with status 7");
    await sub.call({ framework_id: fid, type: C.KILL, kill: { task_id: { value: "hang" } } });
    await ack(await sub.next(stateOf("hang", v1.TaskState.TASK_KILLING)));
    await sub.next(stateOf("hang", v1.TaskState.TASK_KILLED));
  });

  it("DOCKER containers are simulated and say so; LAUNCH_GROUP runs every task", async () => {
    const offer = await setup();
    await launch(offer, [
      task(offer, "docker", {
        container: { type: v1.ContainerInfo_Type.DOCKER, docker: { image: "alpine" } },
      }),
    ]);
    const starting = await sub.next(stateOf("docker", v1.TaskState.TASK_STARTING));
    expect(starting.update?.status?.message).toContain("simulated");
    expect(starting.update?.status?.labels?.labels?.[0]?.key).toBe("mesos-ts.simulated");
    const offer2 = (await sub.next((e) => e.type === E.OFFERS, 3000, sub.events.indexOf(starting))).offers
      ?.offers?.[0] as v1.Offer;
    await sub.call({
      framework_id: fid,
      type: C.ACCEPT,
      accept: {
        offer_ids: [offer2.id as v1.OfferID],
        operations: [
          {
            type: v1.Offer_Operation_Type.LAUNCH_GROUP,
            launch_group: {
              executor: { type: v1.ExecutorInfo_Type.DEFAULT, executor_id: { value: "exec" }, resources: [] },
              task_group: {
                tasks: [task(offer2, "g1"), task(offer2, "g2")].map((t) => ({
                  ...t,
                  resources: [{ name: "cpus", type: 0, scalar: { value: 0.5 } }],
                })),
              },
            },
          },
        ],
      },
    });
    const g1 = await sub.next(stateOf("g1", v1.TaskState.TASK_STARTING));
    expect(g1.update?.status?.executor_id?.value).toBe("exec");
    await sub.next(stateOf("g2", v1.TaskState.TASK_STARTING));
  });

  it("TEARDOWN removes the framework and its tasks", async () => {
    const offer = await setup({ script: () => ({ hang: true }) });
    await launch(offer, [task(offer, "x")]);
    await sub.next(stateOf("x", v1.TaskState.TASK_STARTING));
    expect((await sub.call({ framework_id: fid, type: C.TEARDOWN })).status).toBe(202);
    await sub.waitEnded();
    expect(cluster.frameworks()).toEqual([]);
    expect(cluster.tasks()).toEqual([]);
    expect(cluster.completedTasks()[0]?.state).toBe(v1.TaskState.TASK_KILLED);
  });

  it("TEARDOWN closes the framework's event stream before it answers 202, as a real master does", async () => {
    // Observed with Mesos 1.12: `Master::teardown` removes the framework (closing its HTTP
    // connection, `src/master/master.cpp`) before `src/master/http.cpp` answers Accepted.
    await setup();
    expect(sub.ended).toBe(false);
    const answer = await sub.call({ framework_id: fid, type: C.TEARDOWN });
    expect(answer.status).toBe(202);
    // Checked when the 202 arrives, before any wait: the stream's end came first.
    expect(sub.ended).toBe(true);
  });
});
