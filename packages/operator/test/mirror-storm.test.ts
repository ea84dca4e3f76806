// watchCluster() against the simulator: after a storm of launches, kills, a teardown and a
// leader change, the mirror equals GET_STATE taken at a quiet moment.
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HttpStatusError, MasterClient, type ViewChange, watchCluster } from "../src/index.js";
import { summary, summaryOfState } from "./helpers/agree.js";
import { startFramework } from "./helpers/framework.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({
    masters: 2,
    agents: 3,
    zookeeper: "embedded",
    heartbeatIntervalMs: 300,
    allocationIntervalMs: 50,
  });
  await cluster.waitForLeader();
});
afterAll(() => cluster.close());

async function agreeSoon(client: MasterClient, mirror: Parameters<typeof summary>[0], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await client.getState();
    const expected = summaryOfState(state);
    if (JSON.stringify(summary(mirror)) === JSON.stringify(expected) || Date.now() > deadline) {
      expect(summary(mirror)).toEqual(expected);
      return expected;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("agrees with GET_STATE after launches, kills, a teardown and a leader change", async () => {
  const zk = cluster.zk as string;
  const client = new MasterClient({ master: zk, contentType: "json" });
  const mirror = watchCluster(client, { minBackoffMs: 20, maxBackoffMs: 200 });
  const changes: ViewChange[] = [];
  mirror.onChange((batch) => changes.push(...batch));
  await mirror.ready;
  expect(mirror.agents.size).toBe(3);

  const a = await startFramework(zk, "storm-a");
  const b = await startFramework(zk, "storm-b");
  for (let i = 0; i < 5; i++) await a.launch(`a-long-${i}`, "sleep 60");
  await a.launch("a-quick", "true");
  await b.launch("b-long-0", "sleep 60");
  await b.launch("b-long-1", "sleep 60");
  await a.waitFor("a-long-4", "TASK_RUNNING");
  await a.kill("a-long-0");
  await a.kill("a-long-1");
  await a.waitFor("a-long-1", "TASK_KILLED");
  await a.waitFor("a-quick", "TASK_FINISHED");
  await b.waitFor("b-long-1", "TASK_RUNNING");
  await client.teardown(b.id());
  // An agent removal, where the simulator answers MARK_AGENT_GONE (a real master does: the agent
  // leaves with AGENT_REMOVED, its tasks end TASK_GONE_BY_OPERATOR); 501 while it does not.
  const keep = new Set([...mirror.tasks.values()].map((t) => t.agent_id?.value));
  const victim = cluster.agents.find((ag) => !keep.has(ag.id))?.id ?? (cluster.agents[2]?.id as string);
  const removed = await client.call("MARK_AGENT_GONE", { agent_id: { value: victim } }).then(
    () => true,
    (e: unknown) => {
      if (e instanceof HttpStatusError && e.status === 501) return false;
      throw e;
    },
  );
  const before = await agreeSoon(client, mirror);
  if (removed) expect(mirror.agents.has(victim)).toBe(false);
  expect(before.frameworks).toEqual([a.id()]);
  expect(before.tasks.filter((t) => t.startsWith(`${a.id()}/a-long-`))).toHaveLength(3);
  expect(changes.some((c) => c.kind === "task" && c.op === "delete")).toBe(true);

  // Leader change: the stream breaks, the mirror resubscribes to the new leader and re-seeds.
  const leaderIndex = cluster.masters.findIndex((m) => m.isLeader);
  await cluster.crashMaster(leaderIndex);
  await cluster.waitForLeader();
  const deadline = Date.now() + 20_000;
  while (mirror.generation < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(mirror.generation).toBe(2);
  expect(changes.filter((c) => c.kind === "reset")).toHaveLength(2);

  while (a.subscriptions() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await a.launch("a-after", "sleep 60", removed ? { avoidAgent: victim } : {});
  await a.waitFor("a-after", "TASK_RUNNING");
  const target = [...mirror.tasks.values()].find(
    (t) =>
      t.framework_id?.value === a.id() &&
      t.task_id?.value?.startsWith("a-long-") &&
      t.agent_id?.value !== victim,
  )?.task_id?.value as string;
  await a.kill(target);
  await a.waitFor(target, "TASK_KILLED");
  const after = await agreeSoon(client, mirror);
  expect(after.tasks.some((t) => t.startsWith(`${a.id()}/a-after=`))).toBe(true);

  await mirror.close();
  await a.close();
  await b.close();
  await client.close();
}, 90_000);
