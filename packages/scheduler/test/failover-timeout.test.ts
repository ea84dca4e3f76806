// The client-side failover_timeout check: once disconnected longer than
// FrameworkInfo.failover_timeout, the master has removed the framework, so the client stops
// (TerminalError "failover-timeout-expired") instead of subscribing as a framework that is gone.
import { describe, expect, it } from "vitest";
import { TerminalError } from "../src/index.js";
import { cleanupAfterEach } from "./helpers/cleanups.js";
import { EventReader, FRAMEWORK, testClient, WIRES } from "./helpers/client.js";
import { sleep } from "./helpers/events.js";
import { status } from "./helpers/fake-master.js";

const { cleanups, master } = cleanupAfterEach();

describe.each(WIRES)("failover_timeout (%s)", (wire) => {
  it("gives up for good once disconnected longer than failover_timeout", async () => {
    let available = true;
    const m = await master({
      frameworkId: "fw-ft",
      onSubscribe: ({ res }) => (available ? false : status(res, 503, "No leader elected")),
    });
    const client = testClient(m.url, wire, {
      framework: { ...FRAMEWORK, failover_timeout: 0.5 },
      backoff: { initialMs: 50, maxMs: 100 },
    });
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    available = false;
    const cutAt = performance.now();
    m.cut();
    let thrown: unknown;
    try {
      for (let r = await reader.pull(); !r.done; r = await reader.pull()) {}
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TerminalError);
    expect(thrown).toMatchObject({ reason: "failover-timeout-expired" });
    expect(performance.now() - cutAt).toBeGreaterThanOrEqual(450);
    expect(client.state).toBe("closed");
    expect(client.terminalError).toBe(thrown);
    expect(m.subscribes.length).toBeGreaterThan(2); // it did keep trying until then
    const attempts = m.subscribes.length;
    await sleep(300);
    expect(m.subscribes).toHaveLength(attempts);
    await expect(client.revive()).rejects.toBeInstanceOf(TerminalError);
  });

  it("restarts the clock at every SUBSCRIBED: two outages, each shorter than the timeout", async () => {
    let available = true;
    const m = await master({
      frameworkId: "fw-ft2",
      onSubscribe: ({ res }) => (available ? false : status(res, 503, "No leader elected")),
    });
    const client = testClient(m.url, wire, {
      framework: { ...FRAMEWORK, failover_timeout: 3 },
      backoff: { initialMs: 50, maxMs: 100 },
    });
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    // Two outages of ~1.6 s: together longer than 3 s, each well inside it.
    for (const generation of [2, 3]) {
      available = false;
      m.cut();
      await sleep(1600);
      available = true;
      const again = await reader.next("SUBSCRIBED");
      expect(again.generation).toBe(generation);
    }
    expect(client.state).toBe("subscribed");
    expect(client.terminalError).toBeUndefined();
    await reader.close();
  });
});
