// What a real Mesos 1.12 cluster showed the client must do (issue 11 item 6).
import { createServer } from "node:net";
import { scheduler, type v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ConnectionState,
  createScheduler,
  type LeaderSource,
  UnknownCallTypeError,
} from "../src/index.js";
import { FRAMEWORK, testClient, WIRES } from "./helpers/client.js";
import { FakeMaster, status } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A leader source the test moves by hand (like ZooKeeper naming a new leader). */
class ManualLeaders implements LeaderSource {
  #leader: v1.MasterInfo;
  #wake: (() => void) | undefined;
  constructor(leader: v1.MasterInfo) {
    this.#leader = leader;
  }
  set(leader: v1.MasterInfo): void {
    this.#leader = leader;
    this.#wake?.();
  }
  async *changes(options: { signal?: AbortSignal } = {}): AsyncGenerator<{ leader: v1.MasterInfo }> {
    for (;;) {
      const leader = this.#leader;
      yield { leader };
      while (this.#leader === leader) {
        if (options.signal?.aborted) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          options.signal?.addEventListener("abort", () => resolve(), { once: true });
        });
      }
    }
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(WIRES)("client fidelity (%s)", (wire) => {
  it("never sends a Call of type UNKNOWN (a real master aborts on it)", async () => {
    const m = await FakeMaster.start({ frameworkId: "fw-unknown" });
    cleanups.push(() => m.close());
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    await client.ready();
    await expect(client.call({ type: scheduler.Call_Type.UNKNOWN })).rejects.toBeInstanceOf(
      UnknownCallTypeError,
    );
    await expect(client.call({})).rejects.toMatchObject({ code: "MESOS_SCHEDULER_UNKNOWN_CALL_TYPE" });
    await client.revive();
    expect(m.calls.map((c) => c.call.type)).toEqual([scheduler.Call_Type.REVIVE]);
  });

  it("re-sends the roles suppressed by SUPPRESS/REVIVE in suppressed_roles on re-SUBSCRIBE", async () => {
    const m = await FakeMaster.start({ frameworkId: "fw-suppress" });
    cleanups.push(() => m.close());
    const client = createScheduler({
      master: m.url,
      framework: { ...FRAMEWORK, roles: ["a", "b", "c"], capabilities: [{ type: 5 /* MULTI_ROLE */ }] },
      contentType: wire,
      backoff: { initialMs: 20, maxMs: 200 },
      leaderChangeDelayMaxMs: 0,
    });
    cleanups.push(() => client.close());
    await client.ready();
    await client.suppress({ roles: ["a", "b"] });
    await client.revive({ roles: ["b"] });
    m.stream?.res.end(); // the stream is lost: the client re-subscribes
    await m.until(() => m.subscribes.length === 2, 5000, "a re-SUBSCRIBE");
    expect(m.subscribes[0]?.call.subscribe?.suppressed_roles ?? []).toEqual([]);
    expect(m.subscribes[1]?.call.subscribe?.suppressed_roles).toEqual(["a"]);
    await client.ready();
    await client.suppress(); // no roles: every role of the framework
    m.stream?.res.end();
    await m.until(() => m.subscribes.length === 3, 5000, "another re-SUBSCRIBE");
    expect([...(m.subscribes[2]?.call.subscribe?.suppressed_roles ?? [])].sort()).toEqual(["a", "b", "c"]);
  });

  it("a TEARDOWN whose stream closes before the 202 is not a lost subscription", async () => {
    const m = await FakeMaster.start({
      frameworkId: "fw-td-quiet",
      onCall: async (call) => {
        if (call.type !== scheduler.Call_Type.TEARDOWN) return undefined;
        m.stream?.res.end(); // as Mesos: the stream is closed before the 202 is written
        await new Promise((r) => setTimeout(r, 100));
        return 202;
      },
    });
    cleanups.push(() => m.close());
    const logs: string[] = [];
    const client = testClient(m.url, wire, {
      logger: { warn: (msg) => logs.push(msg), debug: (msg) => logs.push(msg) },
    });
    cleanups.push(() => client.close());
    await client.ready();
    const states: ConnectionState[] = [];
    client.onStateChange((c) => states.push(c.state));
    await client.teardown();
    expect(states).toEqual(["closed"]);
    expect(logs.filter((l) => l.includes("subscription lost"))).toEqual([]);
    expect(m.subscribes).toHaveLength(1);
  });

  it("a new leader resets the subscribe backoff: SUBSCRIBED within 1 s of the detector naming it", async () => {
    const dead = await FakeMaster.start({ onSubscribe: ({ res }) => status(res, 503, "No leader elected") });
    cleanups.push(() => dead.close());
    const next = await FakeMaster.start({ frameworkId: "fw-new-leader" });
    cleanups.push(() => next.close());
    const detector = new ManualLeaders({ hostname: "127.0.0.1", port: dead.port });
    const client = createScheduler({
      detector,
      framework: FRAMEWORK,
      contentType: wire,
      backoff: { initialMs: 400, maxMs: 15_000, factor: 4 },
      leaderChangeDelayMaxMs: 0,
    });
    cleanups.push(() => client.close());
    // Let the backoff grow on the dead leader (0.2-0.4 s, 0.8-1.6 s, then 3.2-6.4 s).
    await dead.until(() => dead.subscribes.length >= 3, 10_000, "three SUBSCRIBEs on the old leader");
    const named = performance.now();
    detector.set({ hostname: "127.0.0.1", port: next.port });
    await client.ready();
    expect(performance.now() - named).toBeLessThan(1000);
    expect(client.frameworkId).toBe("fw-new-leader");
  });

  it("retries a recovering master's 503 after a short delay, not the grown backoff", async () => {
    let recovering = 3;
    const m = await FakeMaster.start({
      frameworkId: "fw-recovery",
      onSubscribe: ({ res }) =>
        recovering-- > 0 ? status(res, 503, "Master has not finished recovery") : false,
    });
    cleanups.push(() => m.close());
    const client = testClient(m.url, wire, {
      backoff: { initialMs: 5000, maxMs: 5000 },
      recoveryRetryMs: 20,
    });
    cleanups.push(() => client.close());
    const started = performance.now();
    await client.ready();
    expect(m.subscribes).toHaveLength(4);
    expect(performance.now() - started).toBeLessThan(2500); // not 3 x the 2.5-5 s backoff
  });

  it("reports at once when every master refuses the connection (unreachableMasters: fail, the default)", async () => {
    const port = await closedPort();
    const client = testClient(`http://127.0.0.1:${port}`, wire);
    cleanups.push(() => client.close());
    const started = performance.now();
    const error = await client.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MESOS_SCHEDULER_TERMINAL_ERROR", reason: "no-master-reachable" });
    expect(performance.now() - started).toBeLessThan(1000);
    const events = client.events();
    await expect(events.next()).rejects.toMatchObject({ reason: "no-master-reachable" });
  });

  it("reports at once when every master of a list refuses the connection", async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    const client = testClient(`127.0.0.1:${a},127.0.0.1:${b}`, wire);
    cleanups.push(() => client.close());
    const started = performance.now();
    const error = await client.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "no-master-reachable" });
    expect((error as Error).message).toContain(`127.0.0.1:${a}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("keeps retrying quietly with unreachableMasters: retry, and subscribes once a master is up", async () => {
    const port = await closedPort();
    const client = testClient(`http://127.0.0.1:${port}`, wire, {
      unreachableMasters: "retry",
      backoff: { initialMs: 20, maxMs: 50 },
    });
    cleanups.push(() => client.close());
    await client.waitForState("disconnected");
    await new Promise((r) => setTimeout(r, 100));
    expect(client.state).not.toBe("closed");
    const m = new FakeMaster({ frameworkId: "fw-late" });
    await new Promise<void>((resolve) => m.server.listen(port, "127.0.0.1", resolve));
    m.url = `http://127.0.0.1:${port}`;
    cleanups.push(() => m.close());
    await client.ready();
    expect(client.frameworkId).toBe("fw-late");
  });
});
