// End-to-end against @mesos-ts/testkit's simulated master and agent (real HTTP, real RecordIO).
import { scheduler, v1 } from "@mesos-ts/proto";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandTask, OfferBook, reconcileTasks, takeResources } from "../src/index.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";

describe.each(WIRES)("against the testkit cluster (%s)", (wire) => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({
      masters: 1,
      agents: 1,
      taskMode: "scripted",
      script: () => ({ runMs: 100 }),
      heartbeatIntervalMs: 500,
      allocationIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it("offers → launch → RUNNING → FINISHED, acknowledging exactly the updates with a uuid", async () => {
    const client = testClient(cluster.masterUrls[0]!, wire);
    try {
      const reader = new EventReader(client);
      const subscribed = await reader.next("SUBSCRIBED");
      const offers = await reader.next("OFFERS");
      const offer = offers.offers[0]!;
      const picked = takeResources(offer.resources ?? [], { cpus: 0.1, mem: 32 });
      expect(picked).toBeDefined();
      const task = commandTask({
        name: "hello",
        taskId: `hello-${wire}`,
        agentId: offer.agent_id!,
        resources: picked!.taken,
        command: "echo hello",
      });
      await client.launch({ offerIds: [offer.id!], tasks: [task], filters: 1 });
      const states: string[] = [];
      const uuids: string[] = [];
      for (;;) {
        const update = await reader.next("UPDATE", 15_000);
        states.push(v1.taskStateToJSON(update.status.state!));
        if (update.status.uuid?.length) uuids.push(Buffer.from(update.status.uuid).toString("hex"));
        if (update.status.state === v1.TaskState.TASK_FINISHED) break;
      }
      expect(states).toContain("TASK_RUNNING");
      expect(states.at(-1)).toBe("TASK_FINISHED");
      expect(uuids.length).toBeGreaterThan(0);
      await reader.pull(); // hand back control: the FINISHED update is acknowledged now
      const fw = subscribed.frameworkId.value;
      const acked = () =>
        cluster.recorder
          .calls(scheduler.Call_Type.ACKNOWLEDGE)
          .filter((c) => c.framework_id?.value === fw && c.acknowledge?.task_id?.value === `hello-${wire}`)
          .map((c) => Buffer.from(c.acknowledge?.uuid ?? []).toString("hex"));
      await expect.poll(() => acked().length, { timeout: 10_000 }).toBe(uuids.length);
      // Then a reconciliation answer (no uuid) must not be acknowledged either.
      await client.reconcile({ tasks: [{ taskId: `hello-${wire}`, agentId: offer.agent_id! }] });
      const answer = await reader.next("UPDATE", 10_000);
      expect(answer.status.uuid).toBeUndefined();
      await reader.pull().catch(() => undefined);
      await client.revive(); // calls keep their order: once REVIVE is answered, an ACK sent before it was seen
      expect(acked().sort()).toEqual([...uuids].sort()); // each update with a uuid exactly once, nothing else
      await reader.close();
    } finally {
      await client.close();
    }
  });

  it("declines with filters, kills, and reconciles until every task is confirmed; acks only uuid updates", async () => {
    const client = testClient(cluster.masterUrls[0]!, wire);
    try {
      const reader = new EventReader(client);
      const { frameworkId } = await reader.next("SUBSCRIBED");
      const fw = frameworkId.value;
      const book = new OfferBook(client, { refuseSeconds: 0.3 });
      let event = await reader.next("OFFERS");
      book.observe(event);
      const declined = await book.declineOutstanding();
      expect(declined).toEqual(event.offers.map((o) => o.id!.value));
      const declineCall = (
        await cluster.waitForCall(
          (c) => c.type === scheduler.Call_Type.DECLINE && c.framework_id?.value === fw,
          { timeout: 5000 },
        )
      ).call!;
      expect(declineCall.decline?.filters?.refuse_seconds).toBe(0.3);
      expect(declineCall.decline?.offer_ids?.map((o) => o.value)).toEqual(declined);
      event = await reader.next("OFFERS", 15_000); // re-offered once the filter expired
      book.observe(event);
      const offer = event.offers[0]!;
      const taskId = `long-${wire}`;
      const task = commandTask({
        name: "long",
        taskId,
        agentId: offer.agent_id!,
        resources: takeResources(offer.resources ?? [], { cpus: 0.1, mem: 16 })!.taken,
        command: "sleep 1000",
      });
      expect(book.take(offer.id!.value!)).toBeDefined();
      await client.launch({ offerIds: [offer.id!], tasks: [task] });
      let withUuid = 0;
      for (;;) {
        const update = await reader.next("UPDATE");
        if (update.status.task_id?.value !== taskId) continue;
        if (update.status.uuid?.length) withUuid++;
        if (update.status.state === v1.TaskState.TASK_RUNNING) break;
      }
      const statuses = await reconcileTasks(client, [{ taskId, agentId: offer.agent_id! }], {
        initialDelayMs: 100,
      });
      expect(statuses.get(taskId)?.state).toBe(v1.TaskState.TASK_RUNNING);
      expect(statuses.get(taskId)?.uuid).toBeUndefined(); // master-generated: not acknowledged
      await client.kill({ taskId, agentId: offer.agent_id! });
      for (;;) {
        const update = await reader.next("UPDATE", 15_000);
        if (update.status.task_id?.value !== taskId) continue;
        if (update.status.uuid?.length) withUuid++;
        if (update.status.state === v1.TaskState.TASK_KILLED) break;
      }
      await reader.pull().catch(() => undefined);
      const acks = () =>
        cluster.recorder
          .calls(scheduler.Call_Type.ACKNOWLEDGE)
          .filter((c) => c.framework_id?.value === fw && c.acknowledge?.task_id?.value === taskId);
      const deadline = Date.now() + 5000;
      while (acks().length < withUuid && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(acks()).toHaveLength(withUuid);
      expect(
        cluster.recorder.calls(scheduler.Call_Type.KILL).some((c) => c.kill?.task_id?.value === taskId),
      ).toBe(true);
      await reader.close();
    } finally {
      await client.close();
    }
  });
});
