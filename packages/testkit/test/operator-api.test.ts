import { request } from "node:http";
import { MesosJson, master, scheduler, v1 } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({
    masters: 2,
    agents: 2,
    taskMode: "scripted",
    heartbeatIntervalMs: 200,
    allocationIntervalMs: 50,
  });
});
afterAll(() => cluster.close());

const call = async (base: string, c: master.Call) => {
  const r = await post(`${base}/api/v1`, MesosJson.stringify(master.Call, c), {
    "Content-Type": "application/json",
    Accept: "application/json",
  });
  return {
    ...r,
    response: r.status === 200 && r.text ? MesosJson.parse(master.Response, r.text) : undefined,
  };
};
const T = master.Call_Type;

it("answers the read-only calls on the leader and redirects them from a follower", async () => {
  const leader = cluster.masterUrls[0] as string;
  expect((await call(leader, { type: T.GET_HEALTH })).response?.get_health?.healthy).toBe(true);
  expect((await call(leader, { type: T.GET_VERSION })).response?.get_version?.version_info?.version).toBe(
    "1.12.0",
  );
  const gm = (await call(leader, { type: T.GET_MASTER })).response?.get_master;
  expect(gm?.master_info?.id).toBe(cluster.masters[0]?.info.id);
  expect(gm?.elected_time).toBeGreaterThan(0);
  expect((await call(leader, { type: T.GET_AGENTS })).response?.get_agents?.agents).toHaveLength(2);
  const follower = await call(cluster.masterUrls[1] as string, { type: T.GET_HEALTH });
  expect(follower.status).toBe(307);
  expect(follower.headers.location).toBe(`//127.0.0.1:${cluster.masters[0]?.port}/master/api/v1`);
  const pb = await post(`${leader}/api/v1`, master.Call.encode({ type: T.GET_HEALTH }).finish(), {
    "Content-Type": "application/x-protobuf",
    Accept: "text/plain",
  });
  expect(pb.status).toBe(406);
});

it("streams SUBSCRIBED, HEARTBEAT, FRAMEWORK_ADDED, TASK_ADDED and TASK_UPDATED", async () => {
  const events: master.Event[] = [];
  const req = request(`${cluster.masterUrls[0]}/api/v1`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  req.on("response", (res) => {
    expect(res.headers["mesos-stream-id"]).toBeUndefined();
    const decoder = new RecordIODecoder();
    res.on("data", (c: Buffer) => {
      for (const r of decoder.push(c)) events.push(MesosJson.parse(master.Event, r));
    });
  });
  req.end(MesosJson.stringify(master.Call, { type: T.SUBSCRIBE }));
  await expect
    .poll(() => events.map((e) => e.type).slice(0, 2))
    .toEqual([master.Event_Type.SUBSCRIBED, master.Event_Type.HEARTBEAT]);
  expect(events[0]?.subscribed?.get_state?.get_agents?.agents).toHaveLength(2);

  const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
  await sub.open(subscribeCall());
  const offers = await sub.next((e) => e.type === scheduler.Event_Type.OFFERS);
  const offer = offers.offers?.offers?.[0] as v1.Offer;
  await sub.call({
    framework_id: { value: sub.frameworkId as string },
    type: scheduler.Call_Type.ACCEPT,
    accept: {
      offer_ids: [offer.id as v1.OfferID],
      operations: [
        {
          type: v1.Offer_Operation_Type.LAUNCH,
          launch: {
            task_infos: [
              {
                name: "op",
                task_id: { value: "op" },
                agent_id: offer.agent_id,
                resources: [],
                command: { value: "true" },
              },
            ],
          },
        },
      ],
    },
  });
  await expect.poll(() => events.some((e) => e.type === master.Event_Type.FRAMEWORK_ADDED)).toBe(true);
  await expect.poll(() => events.some((e) => e.type === master.Event_Type.TASK_ADDED)).toBe(true);
  await expect
    .poll(() =>
      events.some(
        (e) =>
          e.type === master.Event_Type.TASK_UPDATED && e.task_updated?.state === v1.TaskState.TASK_STARTING,
      ),
    )
    .toBe(true);
  const tasks = (await call(cluster.masterUrls[0] as string, { type: T.GET_TASKS })).response?.get_tasks;
  expect([...(tasks?.tasks ?? []), ...(tasks?.completed_tasks ?? [])].map((t) => t.task_id?.value)).toContain(
    "op",
  );
  const fws = (await call(cluster.masterUrls[0] as string, { type: T.GET_FRAMEWORKS })).response
    ?.get_frameworks;
  expect(fws?.frameworks?.[0]?.framework_info?.id?.value).toBe(sub.frameworkId);
  const state = (await call(cluster.masterUrls[0] as string, { type: T.GET_STATE })).response?.get_state;
  expect(state?.get_frameworks?.frameworks).toHaveLength(1);
  sub.close();
  req.destroy();
});
