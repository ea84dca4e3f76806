import { afterEach, describe, expect, it } from "vitest";
import { createScheduler } from "../src/index.js";
import { FRAMEWORK, WIRES } from "./helpers/client.js";
import { FakeMaster, status } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(WIRES)("reconnect backoff (%s)", (wire) => {
  it("a single master URL keeps growing the backoff (re-detecting the same leader does not cut it short)", async () => {
    // 503 "No leader elected" forever: delays with random = 1 are exactly 400, 800, 1600 ms, so
    // within 2 s at most 3 SUBSCRIBEs can arrive (at 0, 400, 1200 ms).
    const m = await FakeMaster.start({ onSubscribe: ({ res }) => status(res, 503, "No leader elected") });
    cleanups.push(() => m.close());
    const client = createScheduler({
      master: m.url,
      framework: FRAMEWORK,
      contentType: wire,
      backoff: { initialMs: 400, maxMs: 15_000, random: () => 1 },
      leaderChangeDelayMaxMs: 0,
    });
    cleanups.push(() => client.close());
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(m.subscribes.length).toBeGreaterThanOrEqual(1);
    expect(m.subscribes.length).toBeLessThanOrEqual(3);
  });
});
