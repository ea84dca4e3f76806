import { StaticDetector } from "@mesos-ts/discovery";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiUrl,
  givenLeaderSource,
  type LeaderSource,
  LeaderTracker,
  resolveLeaderSource,
  StaticLeaderSource,
  TrustedHosts,
} from "../src/index.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("leader sources", () => {
  it("one URL is used directly: not authoritative, its host trusted", () => {
    const r = resolveLeaderSource("https://m1.example:5050");
    expect(r.source).toBeInstanceOf(StaticLeaderSource);
    expect(r).toMatchObject({ owned: false, authoritative: false, scheme: "https", hosts: ["m1.example"] });
    expect(r.candidates).toEqual(["https://m1.example:5050"]);
  });

  it("a list is probed with /master/redirect (discovery's StaticDetector) and names its candidates", async () => {
    const r = resolveLeaderSource("m1:5050,[::1]:5051");
    cleanups.push(() => r.source.close?.());
    expect(r.source).toBeInstanceOf(StaticDetector);
    expect(r).toMatchObject({ owned: true, authoritative: true });
    expect(r.candidates).toEqual(["http://m1:5050", "http://[::1]:5051"]);
  });

  it("zk:// names the ensemble, never its password", async () => {
    const r = resolveLeaderSource("zk://alice:hunter2@127.0.0.1:1/mesos");
    cleanups.push(() => r.source.close?.());
    expect(r.candidates).toEqual(["zk://127.0.0.1:1/mesos"]);
    expect(JSON.stringify(r.candidates)).not.toContain("hunter2");
  });

  it("apiUrl builds each API's endpoint from a MasterInfo", () => {
    const info = { hostname: "m1", port: 5050, address: { hostname: "m1", port: 5050 } };
    expect(apiUrl(info, "http", "scheduler").href).toBe("http://m1:5050/api/v1/scheduler");
    expect(apiUrl(info, "https", "").href).toBe("https://m1:5050/api/v1");
  });
});

/** A source the test drives by hand. */
function manual(): LeaderSource & {
  push(change: { leader: { hostname: string; port: number } | null }): void;
  fail(e: Error): void;
} {
  const queue: Array<{ leader: { hostname: string; port: number } | null }> = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  return {
    push(change) {
      queue.push(change);
      wake?.();
    },
    fail(e) {
      failure = e;
      wake?.();
    },
    async *changes(options = {}) {
      for (;;) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (options.signal?.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          options.signal?.addEventListener("abort", () => resolve(), { once: true });
        });
      }
    },
  };
}

describe("LeaderTracker", () => {
  it("counts only real changes, trusts every leader reported, and wakes waiters", async () => {
    const source = manual();
    const trusted = new TrustedHosts();
    const changes: Array<string | null> = [];
    const tracker = new LeaderTracker(givenLeaderSource(source), {
      trusted,
      onChange: (leader) => changes.push(leader ? `${leader.hostname}:${leader.port}` : null),
    });
    cleanups.push(() => tracker.close());
    const stop = new AbortController();
    cleanups.push(() => stop.abort());
    const first = tracker.current(stop.signal);
    source.push({ leader: { hostname: "m1", port: 5050 } });
    expect((await first).hostname).toBe("m1");
    const v = tracker.version;
    source.push({ leader: { hostname: "m1", port: 5050 } }); // the same leader re-reported
    source.push({ leader: { hostname: "m2", port: 5050 } });
    await tracker.changeOr(5000, v, stop.signal);
    expect(tracker.version).toBe(v + 1);
    expect(changes).toEqual(["m1:5050", "m2:5050"]);
    expect(trusted.has(new URL("http://m2:5050/"))).toBe(true);
  });

  it("a permanent source failure (e.g. no zookeeper binding) is fatal: waiters get it", async () => {
    const source = manual();
    const fatal: Error[] = [];
    const tracker = new LeaderTracker(givenLeaderSource(source), { onFatal: (e) => fatal.push(e) });
    cleanups.push(() => tracker.close());
    const stop = new AbortController();
    cleanups.push(() => stop.abort());
    const waiting = tracker.current(stop.signal);
    source.fail(Object.assign(new Error("no binding"), { permanent: true }));
    await expect(waiting).rejects.toThrow("no binding");
    expect(fatal.map((e) => e.message)).toEqual(["no binding"]);
  });
});
