import { scheduler } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type ConnectionState, NotSubscribedError } from "../src/index.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { FakeMaster } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(WIRES)("subscribe (%s)", (wire) => {
  it("walks disconnected → connecting → subscribing → subscribed and yields SUBSCRIBED", async () => {
    const master = await FakeMaster.start({ frameworkId: "fw-1" });
    cleanups.push(() => master.close());
    const client = testClient(master.url, wire);
    cleanups.push(() => client.close());
    const states: ConnectionState[] = [client.state];
    client.onStateChange((c) => states.push(c.state));
    const reader = new EventReader(client);
    const subscribed = await reader.next("SUBSCRIBED");
    expect(subscribed.frameworkId.value).toBe("fw-1");
    expect(subscribed.heartbeatIntervalSeconds).toBe(15);
    expect(subscribed.generation).toBe(1);
    await client.ready();
    expect(states).toEqual(["disconnected", "connecting", "subscribing", "subscribed"]);
    expect(client.frameworkId).toBe("fw-1");
    const sub = master.subscribes[0]!;
    const mediaType = wire === "json" ? "application/json" : "application/x-protobuf";
    expect(sub.headers["content-type"]).toBe(mediaType);
    expect(sub.headers.accept).toBe(mediaType);
    expect(sub.headers["mesos-stream-id"]).toBeUndefined();
    expect(sub.call.subscribe?.framework_info?.name).toBe("scheduler-test");
    expect(sub.call.framework_id).toBeUndefined();
    await reader.close();
  });

  it("sends Mesos-Stream-Id and framework_id on every call", async () => {
    const master = await FakeMaster.start({ frameworkId: "fw-2" });
    cleanups.push(() => master.close());
    const client = testClient(master.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await client.revive();
    await client.suppress({ roles: ["a"] });
    await client.reconcile();
    await client.message({ agentId: "ag", executorId: "ex", data: "hello" });
    expect(master.calls).toHaveLength(4);
    for (const c of master.calls) {
      expect(c.headers["mesos-stream-id"]).toBe(master.stream!.streamId);
      expect(client.streamId).toBe(master.stream!.streamId);
      expect(c.call.framework_id?.value).toBe("fw-2");
    }
    expect(master.calls.map((c) => c.call.type)).toEqual([
      scheduler.Call_Type.REVIVE,
      scheduler.Call_Type.SUPPRESS,
      scheduler.Call_Type.RECONCILE,
      scheduler.Call_Type.MESSAGE,
    ]);
    expect(Buffer.from(master.calls[3]!.call.message!.data!).toString()).toBe("hello");
  });

  it("fails calls fast while not subscribed, or waits when asked", async () => {
    const master = await FakeMaster.start({
      onSubscribe: async ({ res, attempt }) => {
        if (attempt > 0) return false;
        res.writeHead(503).end("No leader elected");
        return true;
      },
      frameworkId: "fw-3",
    });
    cleanups.push(() => master.close());
    const client = testClient(master.url, wire, { backoff: { initialMs: 300, maxMs: 300 } });
    cleanups.push(() => client.close());
    await expect(client.revive()).rejects.toBeInstanceOf(NotSubscribedError);
    await expect(client.revive()).rejects.toMatchObject({ code: "MESOS_SCHEDULER_NOT_SUBSCRIBED" });
    await client.revive({}, { wait: true });
    expect(master.callsOf(scheduler.Call_Type.REVIVE)).toHaveLength(1);
  });

  it("settles UPDATE_FRAMEWORK on the master's 200 and resubscribes with the new FrameworkInfo", async () => {
    const master = await FakeMaster.start({ frameworkId: "fw-4", heartbeatSeconds: 0.05 });
    cleanups.push(() => master.close());
    const client = testClient(master.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await client.updateFramework({
      frameworkInfo: { user: "tester", name: "renamed", failover_timeout: 3600 },
    });
    const upd = master.callsOf(scheduler.Call_Type.UPDATE_FRAMEWORK)[0]!;
    expect(upd.call.update_framework?.framework_info?.id?.value).toBe("fw-4");
    master.cut();
    await master.until(() => master.subscribes.length === 2, 10_000, "resubscribe");
    const again = master.subscribes[1]!.call;
    expect(again.subscribe?.framework_info?.name).toBe("renamed");
    expect(again.framework_id?.value).toBe("fw-4");
    expect(again.subscribe?.framework_info?.id?.value).toBe("fw-4");
  });

  it("resubscribes with the suppressed roles and offer constraints of the last UPDATE_FRAMEWORK", async () => {
    // src/master/master.cpp: a re-SUBSCRIBE updates the framework like UPDATE_FRAMEWORK; re-sending
    // the initial suppressed roles after the roles changed would be refused (ERROR, terminal).
    const master = await FakeMaster.start({ frameworkId: "fw-5" });
    cleanups.push(() => master.close());
    const client = testClient(master.url, wire, {
      framework: { user: "tester", name: "multi", roles: ["a", "b"], failover_timeout: 3600 },
      suppressedRoles: ["b"],
    });
    cleanups.push(() => client.close());
    await client.ready();
    expect(master.subscribes[0]!.call.subscribe?.suppressed_roles).toEqual(["b"]);
    const offerConstraints = {
      role_constraints: { a: { groups: [{ attribute_constraints: [] }] } },
    };
    await client.updateFramework({
      frameworkInfo: { user: "tester", name: "multi", roles: ["a", "c"], failover_timeout: 3600 },
      suppressedRoles: ["c"],
      offerConstraints,
    });
    master.cut();
    await master.until(() => master.subscribes.length === 2, 10_000, "resubscribe");
    const again = master.subscribes[1]!.call.subscribe;
    expect(again?.framework_info?.roles).toEqual(["a", "c"]);
    expect(again?.suppressed_roles).toEqual(["c"]);
    expect(Object.keys(again?.offer_constraints?.role_constraints ?? {})).toEqual(["a"]);
  });
});
