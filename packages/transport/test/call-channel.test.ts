import { setTimeout as sleep } from "node:timers/promises";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { CallChannel, LeaderChangedError, TrustedHosts } from "../src/index.js";
import { accepted, LoopbackServer } from "./helpers.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const enc = new TextEncoder();
const call = (n: number | string, signal?: AbortSignal) => ({
  body: enc.encode(String(n)),
  headers: { "content-type": "application/json" },
  callType: "TEST",
  ...(signal ? { signal } : {}),
});

async function server(answer = accepted): Promise<LoopbackServer> {
  const s = await LoopbackServer.start(answer);
  cleanups.push(() => s.close());
  return s;
}

function channel(options: ConstructorParameters<typeof CallChannel>[0]): CallChannel {
  const c = new CallChannel(options);
  cleanups.push(() => c.close());
  return c;
}

describe("CallChannel", () => {
  it("sends 1,000 calls in issue order on one connection, at most `depth` in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const s = await server(async (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(0);
      inFlight--;
      res.writeHead(202).end();
    });
    const c = channel({ url: new URL(`${s.url}/api/v1/scheduler`), depth: 8 });
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => c.send(call(i))));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(s.requests.map((r) => Number(r.body))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(s.requests.every((r) => r.url === "/api/v1/scheduler")).toBe(true);
    expect(s.connections).toBe(1);
    expect(c.connectionsOpened).toBe(1);
  });

  it("holds calls beyond the queue limit with their callers (backpressure), never opening a socket", async () => {
    const held: Array<() => void> = [];
    const s = await server((_req, res) => {
      held.push(() => res.writeHead(202).end());
    });
    const c = channel({ url: new URL(s.url), depth: 2, queueLimit: 3 });
    const all = Array.from({ length: 10 }, (_, i) => c.send(call(i)));
    await sleep(50);
    expect(c.inFlight).toBe(2);
    expect(c.queued).toBe(3);
    expect(c.blocked).toBe(5);
    while (s.requests.length < 10 || held.length > 0) {
      held.shift()?.();
      await sleep(5);
    }
    await Promise.all(all);
    expect(s.requests.map((r) => Number(r.body))).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(s.connections).toBe(1);
  });

  it("a leader change fails the calls in flight with a retriable LeaderChangedError; queued ones go to the new leader", async () => {
    const old = await server(() => {
      // never answers: the master died mid-call
    });
    const next = await server();
    const c = channel({ url: new URL(old.url), depth: 2, maxAttempts: 1 });
    const calls = [0, 1, 2, 3].map((i) => c.send(call(i)));
    await sleep(50);
    // Two calls are on the wire; node's server reads a pipelined request once the one before it is answered.
    expect(c.inFlight).toBe(2);
    expect(old.requests).toHaveLength(1);
    c.moveTo(new URL(next.url));
    const results = await Promise.allSettled(calls);
    expect(results[0]).toMatchObject({ status: "rejected", reason: expect.any(LeaderChangedError) });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { temporary: true } });
    expect(results[2]).toMatchObject({ status: "fulfilled" });
    expect(results[3]).toMatchObject({ status: "fulfilled" });
    expect(next.requests.map((r) => r.body)).toEqual(["2", "3"]);
  });

  it("follows a 307 to the leader and stays there for later calls", async () => {
    const leader = await server();
    const follower = await server((_req, res) => {
      res.writeHead(307, { location: `//${new URL(leader.url).host}/api/v1/scheduler` }).end();
    });
    const c = channel({ url: new URL(`${follower.url}/api/v1/scheduler`) });
    await c.send(call("a"));
    await c.send(call("b"));
    expect(follower.requests).toHaveLength(1);
    expect(leader.requests.map((r) => r.body)).toEqual(["a", "b"]);
    expect(c.url?.origin).toBe(leader.url);
  });

  it("retries temporary statuses with backoff and gives up on permanent ones", async () => {
    let n = 0;
    const s = await server((req, res) => {
      if (req.body === "flaky" && n++ < 2)
        return void res.writeHead(503).end("Master has not finished recovery");
      if (req.body === "bad") return void res.writeHead(400).end("Failed to validate scheduler::Call");
      res.writeHead(202).end();
    });
    const c = channel({ url: new URL(s.url), backoff: { initialMs: 5, maxMs: 10 } });
    await expect(c.send(call("flaky"))).resolves.toMatchObject({ status: 202 });
    await expect(c.send(call("bad"))).rejects.toMatchObject({
      code: "MESOS_TRANSPORT_HTTP_STATUS",
      status: 400,
      temporary: false,
      body: "Failed to validate scheduler::Call",
    });
    expect(s.requests.filter((r) => r.body === "bad")).toHaveLength(1);
    expect(s.requests.filter((r) => r.body === "flaky")).toHaveLength(3);
  });

  it("sends credentials only to trusted hosts and never puts them in errors", async () => {
    const s = await server((_req, res) => void res.writeHead(401).end("unauthorized"));
    const trusted = new TrustedHosts(["127.0.0.1"]);
    const c = channel({ url: new URL(s.url), credentials: { principal: "p", secret: "s3cr3t" }, trusted });
    const error = (await c.send(call(1)).catch((e: unknown) => e)) as Error;
    expect(s.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("p:s3cr3t").toString("base64")}`);
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.stack)}`).not.toContain("s3cr3t");
    const untrusted = channel({
      url: new URL(s.url),
      credentials: { token: "tok" },
      trusted: new TrustedHosts([]),
    });
    await untrusted.send(call(2)).catch(() => {});
    expect(s.requests[1]?.headers.authorization).toBeUndefined();
  });

  it("works over a caller-supplied Dispatcher, one call at a time by default", async () => {
    const s = await server();
    const agent = new Agent({ connections: 1 });
    cleanups.push(() => agent.close());
    const c = channel({ url: new URL(s.url), dispatcher: agent });
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.send(call(i))));
    expect(s.requests.map((r) => Number(r.body))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(c.connectionsOpened).toBe(0);
  });

  it("rejects a call whose signal fires while queued, and everything on close()", async () => {
    const s = await server(() => {
      // holds every call
    });
    const c = channel({ url: new URL(s.url), depth: 1 });
    const first = c.send(call(1));
    const controller = new AbortController();
    const second = c.send(call(2, controller.signal));
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: "MESOS_TRANSPORT_ABORTED" });
    await c.close();
    await expect(first).rejects.toMatchObject({ code: "MESOS_TRANSPORT_CLOSED" });
    await expect(c.send(call(3))).rejects.toMatchObject({ code: "MESOS_TRANSPORT_CLOSED" });
  });

  it("refuses a depth below 1", () => {
    expect(() => new CallChannel({ depth: 0 })).toThrow(/depth/);
  });
});
