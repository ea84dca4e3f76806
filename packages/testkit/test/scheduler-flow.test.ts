import { scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { type Media, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const E = scheduler.Event_Type;
const C = scheduler.Call_Type;

describe.each<Media>(["application/x-protobuf", "application/json"])("scheduler flow (%s)", (media) => {
  let cluster: Cluster | undefined;
  let sub: RawSubscription | undefined;
  afterEach(async () => {
    sub?.close();
    await cluster?.close();
  });

  it("subscribes, launches a real command, reports STARTING/RUNNING/FINISHED with uuids, retries until ACK", async () => {
    cluster = await startCluster({
      agents: 1,
      heartbeatIntervalMs: 200,
      allocationIntervalMs: 50,
      statusUpdateRetryMs: 150,
    });
    sub = new RawSubscription(cluster.masterUrls[0] as string, media);
    await sub.open(subscribeCall({ failover_timeout: 60 }));
    expect(sub.status).toBe(200);
    expect(sub.contentType).toBe(media);
    expect(sub.streamId).toMatch(/^[0-9a-f-]{36}$/);
    const subscribed = await sub.next((e) => e.type === E.SUBSCRIBED);
    expect(sub.events[0]?.type).toBe(E.SUBSCRIBED);
    expect(sub.events[1]?.type).toBe(E.HEARTBEAT);
    expect(subscribed.subscribed?.heartbeat_interval_seconds).toBe(0.2);
    expect(subscribed.subscribed?.master_info?.port).toBe(cluster.masters[0]?.port);
    const frameworkId = sub.frameworkId as string;
    expect(frameworkId).toMatch(/-0000$/);

    const offers = await sub.next((e) => e.type === E.OFFERS);
    const offer = offers.offers?.offers?.[0] as v1.Offer;
    expect(offer.url?.address?.port).toBe(cluster.agents[0]?.port);
    expect(offer.hostname).toBe("127.0.0.1");
    expect(offer.resources?.find((r) => r.name === "cpus")?.role).toBe("*");

    const launch = await sub.call({
      framework_id: { value: frameworkId },
      type: C.ACCEPT,
      accept: {
        offer_ids: [offer.id as v1.OfferID],
        operations: [
          {
            type: v1.Offer_Operation_Type.LAUNCH,
            launch: {
              task_infos: [
                {
                  name: "hello",
                  task_id: { value: "hello-1" },
                  agent_id: offer.agent_id,
                  resources: [
                    { name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.1 }, role: "*" },
                  ],
                  command: { value: "echo hello; exit 3" },
                },
              ],
            },
          },
        ],
        filters: { refuse_seconds: 60 },
      },
    });
    expect(launch.status).toBe(202);
    expect(launch.text).toBe("");

    const starting = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_STARTING);
    // Not acknowledged: the agent retries the same update (same uuid), and holds RUNNING back.
    const retried = await sub.next(
      (e) => e.update?.status?.state === v1.TaskState.TASK_STARTING && e !== starting,
      3000,
    );
    expect(
      Buffer.from(retried.update?.status?.uuid ?? []).equals(
        Buffer.from(starting.update?.status?.uuid ?? []),
      ),
    ).toBe(true);
    expect(sub.events.some((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING)).toBe(false);

    const ack = async (status: v1.TaskStatus) => {
      expect(status.uuid?.length).toBe(16);
      const r = await sub?.call({
        framework_id: { value: frameworkId },
        type: C.ACKNOWLEDGE,
        acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
      });
      expect(r?.status).toBe(202);
    };
    await ack(starting.update?.status as v1.TaskStatus);
    const running = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    expect(running.update?.status?.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    // As the Mesos containerizer reports it: the container, its host network, the executor's pid.
    const container = running.update?.status?.container_status;
    expect(container?.container_id?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(container?.container_id?.value).toBe(
      starting.update?.status?.container_status?.container_id?.value,
    );
    expect(container?.network_infos?.[0]?.ip_addresses?.[0]).toMatchObject({
      protocol: v1.NetworkInfo_Protocol.IPv4,
      ip_address: "127.0.0.1",
    });
    expect(container?.executor_pid).toBeGreaterThan(0);
    await ack(running.update?.status as v1.TaskStatus);
    const failed = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_FAILED);
    expect(failed.update?.status?.message).toBe("Command exited with status 3");
    await ack(failed.update?.status as v1.TaskStatus);
    expect(cluster.taskOutput(frameworkId, "hello-1")).toBe("hello\n");
    await cluster.waitForCall(
      (c) => c.type === C.ACKNOWLEDGE && c.acknowledge?.task_id?.value === "hello-1",
      {
        since: 0,
      },
    );
    // Once the terminal update is acknowledged the task is completed.
    await expect.poll(() => cluster?.completedTasks().map((t) => t.info.task_id?.value)).toEqual(["hello-1"]);
    // No STAGING update is ever sent.
    expect(sub.events.some((e) => e.update?.status?.state === v1.TaskState.TASK_STAGING)).toBe(false);
  });

  it("implicit and explicit reconciliation answer without uuid", async () => {
    cluster = await startCluster({ heartbeatIntervalMs: 1000, allocationIntervalMs: 50 });
    sub = new RawSubscription(cluster.masterUrls[0] as string, media);
    await sub.open(
      subscribeCall({ capabilities: [{ type: v1.FrameworkInfo_Capability_Type.PARTITION_AWARE }] }),
    );
    await sub.next((e) => e.type === E.SUBSCRIBED);
    const fid = { value: sub.frameworkId as string };
    const agentId = cluster.agents[0]?.id as string;
    const r = await sub.call({
      framework_id: fid,
      type: C.RECONCILE,
      reconcile: {
        tasks: [{ task_id: { value: "nope" }, agent_id: { value: agentId } }, { task_id: { value: "x" } }],
      },
    });
    expect(r.status).toBe(202);
    const gone = await sub.next((e) => e.update?.status?.task_id?.value === "nope");
    expect(gone.update?.status?.state).toBe(v1.TaskState.TASK_GONE);
    expect(gone.update?.status?.uuid).toBeUndefined();
    expect(gone.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_RECONCILIATION);
    const unknown = await sub.next((e) => e.update?.status?.task_id?.value === "x");
    expect(unknown.update?.status?.state).toBe(v1.TaskState.TASK_UNKNOWN);
  });
});
