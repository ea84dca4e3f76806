// Operator calls that change the master, each read back through the operator API.
import { MesosJson, master, scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { launchCommandCall, post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const T = master.Call_Type;
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function start(): Promise<Cluster> {
  cluster = await startCluster({
    agents: [{ cpus: 2, mem: 1024, disk: 1024 }],
    taskMode: "scripted",
    script: () => ({ hang: true }),
    allocationIntervalMs: 50,
  });
  return cluster;
}

async function op(c: Cluster, call: master.Call) {
  const r = await post(`${c.masterUrls[0]}/api/v1`, MesosJson.stringify(master.Call, call), {
    "Content-Type": "application/json",
  });
  return {
    status: r.status,
    text: r.text,
    response: r.status === 200 && r.text ? MesosJson.parse(master.Response, Buffer.from(r.text)) : undefined,
  };
}

const reservedCpus = (value: number): v1.Resource => ({
  name: "cpus",
  type: v1.Value_Type.SCALAR,
  scalar: { value },
  reservations: [{ type: v1.Resource_ReservationInfo_Type.DYNAMIC, role: "ops", principal: "admin" }],
});

describe("resources of an agent", () => {
  it("RESERVE_RESOURCES / UNRESERVE_RESOURCES apply to the agent (202); too much is 409", async () => {
    const c = await start();
    const agentId = { value: c.agents[0]?.id as string };
    const reserve = await op(c, {
      type: T.RESERVE_RESOURCES,
      reserve_resources: { agent_id: agentId, resources: [reservedCpus(1)] },
    });
    expect(reserve.status).toBe(202);
    const total = async () =>
      (await op(c, { type: T.GET_AGENTS })).response?.get_agents?.agents?.[0]?.total_resources?.filter(
        (r) => r.name === "cpus",
      ) ?? [];
    expect((await total()).find((r) => r.reservations?.[0]?.role === "ops")?.scalar?.value).toBe(1);
    const tooMuch = await op(c, {
      type: T.RESERVE_RESOURCES,
      reserve_resources: { agent_id: agentId, resources: [reservedCpus(5)] },
    });
    expect([tooMuch.status, tooMuch.text]).toEqual([409, "Insufficient resources"]);
    const unreserve = await op(c, {
      type: T.UNRESERVE_RESOURCES,
      unreserve_resources: { agent_id: agentId, resources: [reservedCpus(1)] },
    });
    expect(unreserve.status).toBe(202);
    expect((await total()).every((r) => (r.reservations ?? []).length === 0)).toBe(true);
    const unknown = await op(c, {
      type: T.RESERVE_RESOURCES,
      reserve_resources: { agent_id: { value: "nope" }, resources: [reservedCpus(1)] },
    });
    expect(unknown.status).toBe(400);
  });

  it("CREATE_VOLUMES / DESTROY_VOLUMES turn reserved disk into a persistent volume and back", async () => {
    const c = await start();
    const agentId = { value: c.agents[0]?.id as string };
    const disk: v1.Resource = { ...reservedCpus(0), name: "disk", scalar: { value: 64 } };
    expect(
      (
        await op(c, {
          type: T.RESERVE_RESOURCES,
          reserve_resources: { agent_id: agentId, resources: [disk] },
        })
      ).status,
    ).toBe(202);
    const volume: v1.Resource = {
      ...disk,
      disk: {
        persistence: { id: "vol-1", principal: "admin" },
        volume: { container_path: "data", mode: v1.Volume_Mode.RW },
      },
    };
    expect(
      (await op(c, { type: T.CREATE_VOLUMES, create_volumes: { agent_id: agentId, volumes: [volume] } }))
        .status,
    ).toBe(202);
    const persisted = (
      await op(c, { type: T.GET_AGENTS })
    ).response?.get_agents?.agents?.[0]?.total_resources?.find((r) => r.disk?.persistence?.id === "vol-1");
    expect(persisted?.scalar?.value).toBe(64);
    expect(
      (await op(c, { type: T.DESTROY_VOLUMES, destroy_volumes: { agent_id: agentId, volumes: [volume] } }))
        .status,
    ).toBe(202);
    const after =
      (await op(c, { type: T.GET_AGENTS })).response?.get_agents?.agents?.[0]?.total_resources ?? [];
    expect(after.some((r) => r.disk?.persistence)).toBe(false);
  });
});

describe("an agent's life", () => {
  async function running(c: Cluster) {
    const sub = new RawSubscription(c.masterUrls[0] as string, "application/json");
    await sub.open(subscribeCall());
    const offer = (await sub.next((e) => e.type === scheduler.Event_Type.OFFERS)).offers
      ?.offers?.[0] as v1.Offer;
    await sub.call(launchCommandCall(sub.frameworkId as string, offer, "t", "sleep 60"));
    for (const state of [v1.TaskState.TASK_STARTING, v1.TaskState.TASK_RUNNING]) {
      const update = await sub.next((e) => e.update?.status?.state === state);
      await sub.call({
        type: scheduler.Call_Type.ACKNOWLEDGE,
        framework_id: { value: sub.frameworkId as string },
        acknowledge: {
          agent_id: offer.agent_id,
          task_id: { value: "t" },
          uuid: Buffer.from(update.update?.status?.uuid ?? []),
        },
      });
    }
    return sub;
  }

  it("MARK_AGENT_GONE: its tasks end TASK_LOST (not partition-aware), the agent is gone", async () => {
    const c = await start();
    const sub = await running(c);
    const from = sub.events.length;
    expect(
      (
        await op(c, {
          type: T.MARK_AGENT_GONE,
          mark_agent_gone: { agent_id: { value: c.agents[0]?.id as string } },
        })
      ).status,
    ).toBe(200);
    const lost = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_LOST, 3000, from);
    expect(lost.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_AGENT_REMOVED_BY_OPERATOR);
    expect(lost.update?.status?.uuid).toBeUndefined();
    expect((await op(c, { type: T.GET_AGENTS })).response?.get_agents?.agents ?? []).toEqual([]);
    sub.close();
  });

  it("DRAIN_AGENT kills its tasks and stops its offers; GET_AGENTS shows DRAINING then DRAINED", async () => {
    const c = await start();
    const sub = await running(c);
    const from = sub.events.length;
    expect(
      (await op(c, { type: T.DRAIN_AGENT, drain_agent: { agent_id: { value: c.agents[0]?.id as string } } }))
        .status,
    ).toBe(200);
    await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_KILLED, 5000, from);
    await expect
      .poll(
        async () =>
          (await op(c, { type: T.GET_AGENTS })).response?.get_agents?.agents?.[0]?.drain_info?.state,
      )
      .toBe(v1.DrainState.DRAINED);
    expect((await op(c, { type: T.GET_AGENTS })).response?.get_agents?.agents?.[0]?.deactivated).toBe(true);
    sub.close();
  });
});

describe("master settings read back", () => {
  it("logging level, weights, maintenance, quota", async () => {
    const c = await start();
    expect(
      (
        await op(c, {
          type: T.SET_LOGGING_LEVEL,
          set_logging_level: { level: 2, duration: { nanoseconds: 10n ** 9n } },
        })
      ).status,
    ).toBe(200);
    expect((await op(c, { type: T.GET_LOGGING_LEVEL })).response?.get_logging_level?.level).toBe(2);
    expect(
      (
        await op(c, {
          type: T.UPDATE_WEIGHTS,
          update_weights: { weight_infos: [{ role: "ops", weight: 2 }] },
        })
      ).status,
    ).toBe(200);
    expect((await op(c, { type: T.GET_WEIGHTS })).response?.get_weights?.weight_infos).toEqual([
      { role: "ops", weight: 2 },
    ]);
    const machine = { hostname: "host-1", ip: "10.0.0.1" };
    const window = { machine_ids: [machine], unavailability: { start: { nanoseconds: 0n } } };
    expect(
      (
        await op(c, {
          type: T.UPDATE_MAINTENANCE_SCHEDULE,
          update_maintenance_schedule: { schedule: { windows: [window] } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await op(c, { type: T.GET_MAINTENANCE_SCHEDULE })).response?.get_maintenance_schedule?.schedule
        ?.windows?.[0]?.machine_ids,
    ).toEqual([machine]);
    expect(
      (await op(c, { type: T.START_MAINTENANCE, start_maintenance: { machines: [machine] } })).status,
    ).toBe(200);
    expect(
      (await op(c, { type: T.GET_MAINTENANCE_STATUS })).response?.get_maintenance_status?.status
        ?.down_machines,
    ).toEqual([machine]);
    const unscheduled = await op(c, {
      type: T.START_MAINTENANCE,
      start_maintenance: { machines: [{ hostname: "other" }] },
    });
    expect(unscheduled.status).toBe(400);
    expect(
      (
        await op(c, {
          type: T.UPDATE_QUOTA,
          update_quota: { quota_configs: [{ role: "ops", guarantees: { cpus: { value: 1 } } }] },
        })
      ).status,
    ).toBe(200);
    expect((await op(c, { type: T.GET_QUOTA })).response?.get_quota?.status?.configs?.[0]?.role).toBe("ops");
  });

  it("answers 501 for what it does not simulate, 404 for files it does not have", async () => {
    const c = await start();
    const grow = await op(c, {
      type: T.GROW_VOLUME,
      grow_volume: { agent_id: { value: "a" }, volume: reservedCpus(1), addition: reservedCpus(1) },
    });
    expect([grow.status, grow.text]).toEqual([501, "501 Not Implemented."]);
    expect((await op(c, { type: T.LIST_FILES, list_files: { path: "/nowhere" } })).status).toBe(404);
  });
});
