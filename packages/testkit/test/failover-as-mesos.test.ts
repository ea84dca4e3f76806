// A leader failover as a 1.12 cluster does it. A crash is noticed when the dead
// master's ZooKeeper session expires; the new leader first answers 503 while it recovers; agents
// re-register after a delay, and until one does the leader does not know its tasks (it drops
// reconciliation requests for them); a re-registered agent resends what was not acknowledged.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { MesosJson, master, scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { launchCommandCall, post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const E = scheduler.Event_Type;
const C = scheduler.Call_Type;
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** Log lines of the simulator while `fn` runs. */
function logged(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const listener = (m: unknown) => lines.push((m as { message: string }).message);
  subscribe("mesos-ts:testkit:log", listener);
  return { lines, stop: () => unsubscribe("mesos-ts:testkit:log", listener) };
}

describe("a crashed leader", () => {
  it("is noticed only when its ZooKeeper session expires; meanwhile followers still name it", async () => {
    const c = await startCluster({ masters: 2, agents: 0, zookeeper: "embedded", zkSessionTimeoutMs: 1500 });
    cluster = c;
    const first = await c.waitForLeader();
    const follower = c.masters.find((m) => m !== first) as (typeof c.masters)[number];
    await expect.poll(() => follower.knownLeader?.id).toBe(first.info.id);
    const crashedAt = Date.now();
    await c.crashMaster(first.index);
    // The dead master's znode is still there: the follower still redirects to it.
    const r = await post(`${follower.url}/api/v1/scheduler`, "{}", { "Content-Type": "application/json" });
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe(`//127.0.0.1:${first.port}/master/api/v1/scheduler`);
    const next = await c.waitForLeader({ timeout: 15_000 });
    expect(next.index).toBe(follower.index);
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(1400);
  }, 30_000);

  it("with { session: 'close' } hands leadership over at once", async () => {
    const c = await startCluster({
      masters: 2,
      agents: 0,
      zookeeper: "embedded",
      zkSessionTimeoutMs: 10_000,
    });
    cluster = c;
    const first = await c.waitForLeader();
    await c.crashMaster(first.index, { session: "close" });
    const next = await c.waitForLeader({ timeout: 5000 });
    expect(next.index).not.toBe(first.index);
  }, 30_000);
});

describe("the new leader", () => {
  it("answers 503 'Master has not finished recovery' right after its election", async () => {
    const c = await startCluster({ masters: 1, agents: 0, recoveryMs: 400 });
    cluster = c;
    await c.crashMaster(0);
    await c.restartMaster(0);
    const leader = c.leader();
    if (!leader) throw new Error("restartMaster elects master 0 without ZooKeeper");
    const r = await post(`${leader.url}/api/v1`, JSON.stringify({ type: "GET_HEALTH" }), {
      "Content-Type": "application/json",
    });
    expect([r.status, r.text]).toEqual([503, "Master has not finished recovery"]);
    await expect
      .poll(
        async () =>
          (
            await post(`${leader.url}/api/v1`, JSON.stringify({ type: "GET_HEALTH" }), {
              "Content-Type": "application/json",
            })
          ).status,
      )
      .toBe(200);
  });

  it("knows an agent's tasks only once it re-registered, and drops reconciliation until then; the agent then resends its unacknowledged terminal update", async () => {
    const c = await startCluster({
      masters: 1,
      agents: 1,
      taskMode: "scripted",
      script: () => ({ runMs: 10 }),
      allocationIntervalMs: 50,
      recoveryMs: 0,
      agentReregistration: { minMs: 800, maxMs: 800 },
    });
    cluster = c;
    const base = c.masterUrls[0] as string;
    const sub = new RawSubscription(base, "application/json");
    await sub.open(subscribeCall({ failover_timeout: 60 }));
    const offers = await sub.next((e) => e.type === E.OFFERS);
    const offer = offers.offers?.offers?.[0] as v1.Offer;
    const fid = sub.frameworkId as string;
    await sub.call(launchCommandCall(fid, offer, "t", "true"));
    // Acknowledge STARTING and RUNNING, leave FINISHED unacknowledged.
    for (const state of [v1.TaskState.TASK_STARTING, v1.TaskState.TASK_RUNNING]) {
      const u = await sub.next((e) => e.update?.status?.state === state);
      await sub.call({
        type: C.ACKNOWLEDGE,
        framework_id: { value: fid },
        acknowledge: {
          agent_id: offer.agent_id,
          task_id: { value: "t" },
          uuid: Buffer.from(u.update?.status?.uuid ?? []),
        },
      });
    }
    const finished = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_FINISHED);
    const finishedUuid = Buffer.from(finished.update?.status?.uuid ?? []).toString("hex");

    const log = logged();
    try {
      await c.crashMaster(0);
      await sub.waitEnded();
      await c.restartMaster(0);
      const leader = await c.waitForLeader();
      const again = new RawSubscription(leader.url, "application/json");
      await again.open(subscribeCall({ failover_timeout: 60 }, fid));
      await again.next((e) => e.type === E.SUBSCRIBED);
      // The agent has not re-registered: the task is unknown, its reconciliation dropped.
      const tasks = await post(`${leader.url}/api/v1`, JSON.stringify({ type: "GET_TASKS" }), {
        "Content-Type": "application/json",
      });
      const known = MesosJson.parse(master.Response, Buffer.from(tasks.text)).get_tasks;
      expect(known?.tasks ?? []).toEqual([]);
      const agents = await post(`${leader.url}/api/v1`, JSON.stringify({ type: "GET_AGENTS" }), {
        "Content-Type": "application/json",
      });
      expect(
        MesosJson.parse(master.Response, Buffer.from(agents.text)).get_agents?.recovered_agents,
      ).toHaveLength(1);
      const at = again.events.length;
      await again.call({
        type: C.RECONCILE,
        framework_id: { value: fid },
        reconcile: { tasks: [{ task_id: { value: "t" }, agent_id: offer.agent_id }] },
      });
      await expect
        .poll(() => log.lines.some((l) => l.startsWith("Dropping reconciliation of task t ")))
        .toBe(true);
      // Re-registration: the unacknowledged TASK_FINISHED comes again (same uuid), after it.
      const resent = await again.next(
        (e) => Buffer.from(e.update?.status?.uuid ?? []).toString("hex") === finishedUuid,
        5000,
        at,
      );
      expect(resent.update?.status?.state).toBe(v1.TaskState.TASK_FINISHED);
      const reregistered = log.lines.findIndex((l) => l.includes("re-registered"));
      expect(reregistered).toBeGreaterThan(
        log.lines.findIndex((l) => l.startsWith("Dropping reconciliation")),
      );
      expect(again.events.slice(at).filter((e) => e.type === E.UPDATE)).toHaveLength(1);
      again.close();
    } finally {
      log.stop();
    }
  }, 30_000);
});

describe("TEARDOWN", () => {
  it("operator subscribers see TASK_UPDATED TASK_KILLED for each live task before FRAMEWORK_REMOVED", async () => {
    const c = await startCluster({
      agents: 1,
      taskMode: "scripted",
      script: () => ({ hang: true }),
      allocationIntervalMs: 50,
    });
    cluster = c;
    const base = c.masterUrls[0] as string;
    const sub = new RawSubscription(base, "application/json");
    await sub.open(subscribeCall());
    const offer = (await sub.next((e) => e.type === E.OFFERS)).offers?.offers?.[0] as v1.Offer;
    const fid = sub.frameworkId as string;
    await sub.call(launchCommandCall(fid, offer, "t", "sleep 60"));
    await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_STARTING);
    const events = await operatorEvents(base, async () => {
      const r = await sub.call({ type: C.TEARDOWN, framework_id: { value: fid } });
      expect(r.status).toBe(202);
    });
    const types = events.map((e) => master.event_TypeToJSON(e.type ?? 0));
    const killed = types.indexOf("TASK_UPDATED");
    expect(killed).toBeGreaterThan(-1);
    expect(events[killed]?.task_updated?.state).toBe(v1.TaskState.TASK_KILLED);
    expect(types.indexOf("FRAMEWORK_REMOVED")).toBeGreaterThan(killed);
    expect(sub.ended).toBe(true);
  });
});

/** The operator events sent while `during` runs (after SUBSCRIBED). */
async function operatorEvents(base: string, during: () => Promise<void>): Promise<master.Event[]> {
  const { request } = await import("node:http");
  const { RecordIODecoder } = await import("@mesos-ts/recordio");
  const events: master.Event[] = [];
  const req = request(`${base}/api/v1`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  const subscribed = new Promise<void>((resolve) => {
    req.on("response", (res) => {
      const decoder = new RecordIODecoder();
      res.on("data", (chunk: Buffer) => {
        for (const record of decoder.push(chunk)) {
          const event = MesosJson.parse(master.Event, record);
          if (event.type === master.Event_Type.SUBSCRIBED) resolve();
          else if (event.type !== master.Event_Type.HEARTBEAT) events.push(event);
        }
      });
    });
  });
  req.end(JSON.stringify({ type: "SUBSCRIBE" }));
  await subscribed;
  await during();
  await expect.poll(() => events.some((e) => e.type === master.Event_Type.FRAMEWORK_REMOVED)).toBe(true);
  req.destroy();
  return events;
}
