import { createServer as createNetServer } from "node:net";
import { encode } from "@mesos-ts/recordio";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  EventSession,
  type EventSessionHandler,
  givenLeaderSource,
  LeaderTracker,
  mapStatus,
  NoMasterReachableError,
  StaticLeaderSource,
  undiciSend,
} from "../src/index.js";
import { LoopbackServer } from "./helpers.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (s: string) => new TextEncoder().encode(s);

interface Seen {
  opened: number[];
  records: string[];
  ended: Array<{ code: string; generation: number }>;
  delays: number[];
}

function session(
  port: number,
  options: { failFast?: boolean; heartbeatMs?: number; requireStreamId?: boolean } = {},
) {
  const stop = new AbortController();
  const agent = new Agent();
  const leaders = new LeaderTracker(
    givenLeaderSource(new StaticLeaderSource({ host: "127.0.0.1", port, scheme: "http" })),
  );
  const seen: Seen = { opened: [], records: [], ended: [], delays: [] };
  const handler: EventSessionHandler = {
    request: () => ({
      url: new URL(`http://127.0.0.1:${port}/api/v1/test`),
      body: text("{}"),
      headers: { "content-type": "application/json", accept: "application/json" },
      callType: "SUBSCRIBE",
    }),
    opened: (_stream, generation, control) => {
      seen.opened.push(generation);
      control.established();
    },
    records: (records) => {
      for (const r of records) seen.records.push(new TextDecoder().decode(r));
    },
    ended: (error, generation) => {
      seen.ended.push({ code: (error as { code?: string }).code ?? "?", generation });
      return error instanceof NoMasterReachableError ? "stop" : "retry";
    },
    retrying: (_error, _attempt, delay) => seen.delays.push(delay),
  };
  const s = new EventSession({
    leaders,
    send: mapStatus(undiciSend(agent)),
    handler,
    requireStreamId: options.requireStreamId ?? true,
    backoff: { initialMs: 2000, maxMs: 2000 },
    recoveryRetryMs: 10,
    heartbeat: { intervalMs: options.heartbeatMs ?? 15_000, missedLimit: 2 },
    failFastWhenUnreachable: options.failFast ?? true,
    signal: stop.signal,
  });
  cleanups.push(async () => {
    stop.abort();
    await s.done;
    await leaders.close();
    await agent.close();
  });
  return { s, seen };
}

async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const portOf = (s: LoopbackServer) => Number(new URL(s.url).port);

describe("EventSession", () => {
  it("opens the stream, hands over RecordIO records, and a new stream is a new generation", async () => {
    let n = 0;
    const server = await LoopbackServer.start((_req, res) => {
      n++;
      res.writeHead(200, { "content-type": "application/json", "mesos-stream-id": `s-${n}` });
      res.write(Buffer.from(encode(text(`first-${n}`))));
      if (n === 1) res.end(Buffer.from(encode(text("last-1")))); // the master closes the first stream
    });
    cleanups.push(() => server.close());
    const { seen } = session(portOf(server));
    await expect.poll(() => seen.records, { timeout: 5000 }).toEqual(["first-1", "last-1", "first-2"]);
    expect(seen.opened).toEqual([1, 2]);
    expect(seen.ended).toEqual([{ code: "MESOS_TRANSPORT_PROTOCOL", generation: 1 }]);
  });

  it("requires Mesos-Stream-Id when the API has one", async () => {
    const server = await LoopbackServer.start((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end();
    });
    cleanups.push(() => server.close());
    const { seen } = session(portOf(server));
    await expect.poll(() => seen.ended[0]).toEqual({ code: "MESOS_TRANSPORT_PROTOCOL", generation: 0 });
    expect(seen.opened).toEqual([]);
  });

  it("declares a silent stream dead after the missed heartbeats and resubscribes", async () => {
    const server = await LoopbackServer.start((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "mesos-stream-id": "s" });
      res.flushHeaders(); // then silence
    });
    cleanups.push(() => server.close());
    const { seen } = session(portOf(server), { heartbeatMs: 30 });
    await expect
      .poll(() => seen.ended[0], { timeout: 3000 })
      .toEqual({
        code: "MESOS_TRANSPORT_HEARTBEAT_TIMEOUT",
        generation: 1,
      });
  });

  it("retries a recovering master's 503 after the short delay, not the backoff", async () => {
    let n = 0;
    const server = await LoopbackServer.start((_req, res) => {
      if (n++ < 2) return void res.writeHead(503).end("Master has not finished recovery");
      res.writeHead(200, { "content-type": "application/json", "mesos-stream-id": "s" });
      res.flushHeaders();
    });
    cleanups.push(() => server.close());
    const { seen } = session(portOf(server));
    await expect.poll(() => seen.opened, { timeout: 1500 }).toEqual([1]);
    expect(seen.delays).toEqual([10, 10]);
  });

  it("reports NoMasterReachableError at once when the master refuses the connection", async () => {
    const port = await closedPort();
    const started = performance.now();
    const { s, seen } = session(port);
    await s.done;
    expect(seen.ended).toEqual([{ code: "MESOS_TRANSPORT_NO_MASTER_REACHABLE", generation: 0 }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("keeps retrying a refused master when fail-fast is off", async () => {
    const port = await closedPort();
    const { seen } = session(port, { failFast: false });
    await expect.poll(() => seen.ended.length).toBeGreaterThanOrEqual(1);
    expect(seen.ended[0]?.code).toBe("MESOS_TRANSPORT_NETWORK");
    expect(seen.delays[0]).toBeGreaterThanOrEqual(1000); // the backoff (2 s, jittered down to half)
  });
});
