// The event stream against a scripted loopback master: resubscription, watchdog, record
// limit, redirects and events this schema does not know.
import { unsubscribe as unwatchChannel, subscribe as watchChannel } from "node:diagnostics_channel";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MesosJson, master } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";
import { afterEach, expect, it } from "vitest";
import { MasterClient, type MesosClientError, type OperatorEvent } from "../src/index.js";

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const record = (event: master.Event | string) =>
  Buffer.from(
    encode(Buffer.from(typeof event === "string" ? event : MesosJson.stringify(master.Event, event))),
  );

const subscribed = (interval = 15): master.Event => ({
  type: master.Event_Type.SUBSCRIBED,
  subscribed: { get_state: {}, heartbeat_interval_seconds: interval },
});

/** Each connection n (0, 1, …) is handled by `script(n, res)`. */
async function scriptedMaster(
  script: (n: number, res: ServerResponse, port: number) => void,
): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => script(n++, res, (server.address() as AddressInfo).port));
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const streamHead = (res: ServerResponse) => res.writeHead(200, { "Content-Type": "application/json" });

async function take(iterator: AsyncGenerator<OperatorEvent>, count: number): Promise<OperatorEvent[]> {
  const out: OperatorEvent[] = [];
  for await (const e of iterator) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

it("resubscribes when the master closes the stream, and says why", async () => {
  const url = await scriptedMaster((n, res) => {
    streamHead(res);
    res.write(record(subscribed()));
    if (n === 0) res.end(record({ type: master.Event_Type.HEARTBEAT }));
  });
  const lost: MesosClientError[] = [];
  const published: string[] = [];
  const onSubscribed = (m: unknown) => published.push(`subscribed ${(m as { master: string }).master}`);
  const onDisconnected = (m: unknown) => published.push(`disconnected ${(m as { code: string }).code}`);
  watchChannel("mesos-ts:operator:subscribed", onSubscribed);
  watchChannel("mesos-ts:operator:disconnected", onDisconnected);
  const client = new MasterClient({ master: url, contentType: "json" });
  const events = await take(client.subscribe({ minBackoffMs: 1, onDisconnect: (e) => lost.push(e) }), 3);
  unwatchChannel("mesos-ts:operator:subscribed", onSubscribed);
  unwatchChannel("mesos-ts:operator:disconnected", onDisconnected);
  expect(events.map((e) => e.type)).toEqual(["SUBSCRIBED", "HEARTBEAT", "SUBSCRIBED"]);
  expect(published).toEqual([
    `subscribed ${url}`,
    "disconnected MESOS_TRANSPORT_PROTOCOL",
    `subscribed ${url}`,
  ]);
  expect(lost.map((e) => e.code)).toEqual(["MESOS_TRANSPORT_PROTOCOL"]);
  await client.close();
});

it("a stream silent for longer than its heartbeats allow is dropped and renewed", async () => {
  const url = await scriptedMaster((_n, res) => {
    streamHead(res);
    res.write(record(subscribed(0.05))); // then silence
  });
  const lost: MesosClientError[] = [];
  const client = new MasterClient({ master: url, contentType: "json" });
  const events = await take(client.subscribe({ minBackoffMs: 1, onDisconnect: (e) => lost.push(e) }), 2);
  expect(events.map((e) => e.type)).toEqual(["SUBSCRIBED", "SUBSCRIBED"]);
  expect(lost[0]?.code).toBe("MESOS_TRANSPORT_HEARTBEAT_TIMEOUT");
  await client.close();
});

it("a SUBSCRIBED larger than maxRecordBytes fails, and passes once the limit is raised", async () => {
  const big: master.Event = {
    type: master.Event_Type.SUBSCRIBED,
    subscribed: {
      get_state: {
        get_agents: { agents: [{ agent_info: { hostname: "x".repeat(200_000), port: 5051 }, active: true }] },
      },
      heartbeat_interval_seconds: 15,
    },
  };
  const url = await scriptedMaster((_n, res) => {
    streamHead(res);
    res.write(record(big));
  });
  const client = new MasterClient({ master: url, contentType: "json" });
  const error = await take(client.subscribe({ resubscribe: false, maxRecordBytes: 100_000 }), 1).catch(
    (e: unknown) => e,
  );
  expect((error as MesosClientError).code).toBe("MESOS_TRANSPORT_PROTOCOL");
  expect(((error as Error).cause as { code?: string }).code).toBe("MESOS_RECORDIO_RECORD_TOO_LARGE");
  const [first] = await take(client.subscribe({ resubscribe: false, maxRecordBytes: 1_000_000 }), 1);
  expect(first?.type).toBe("SUBSCRIBED");
  await client.close();
});

it("follows a 307 on SUBSCRIBE to the leader", async () => {
  const leader = await scriptedMaster((_n, res) => {
    streamHead(res);
    res.write(record(subscribed()));
  });
  const follower = await scriptedMaster((_n, res) => {
    res.writeHead(307, { Location: `//${leader.slice(7)}/master/api/v1` });
    res.end();
  });
  const client = new MasterClient({ master: follower, contentType: "json" });
  const [first] = await take(client.subscribe({ resubscribe: false }), 1);
  expect(first?.type).toBe("SUBSCRIBED");
  expect(await client.leaderUrl()).toBe(leader);
  await client.close();
});

it("an event type this schema does not know arrives as unknown; the stream goes on", async () => {
  const url = await scriptedMaster((_n, res) => {
    streamHead(res);
    res.write(record(subscribed()));
    res.write(record('{"type":"OPERATION_ADDED","operation_added":{}}'));
    res.write(record({ type: master.Event_Type.HEARTBEAT }));
  });
  const client = new MasterClient({ master: url, contentType: "json" });
  const events = await take(client.subscribe({ resubscribe: false }), 3);
  expect(events.map((e) => e.type)).toEqual(["SUBSCRIBED", "unknown", "HEARTBEAT"]);
  await client.close();
});

it("a 401 is not retried: the iterator throws the typed error", async () => {
  const url = await scriptedMaster((_n, res) => {
    res.writeHead(401, {
      "Content-Type": "text/plain; charset=utf-8",
      "WWW-Authenticate": 'Basic realm="mesos-master-readonly"',
    });
    res.end("Unauthorized");
  });
  const client = new MasterClient({
    master: url,
    contentType: "json",
    credentials: { principal: "p", secret: "hunter2" },
  });
  const error = await take(client.subscribe({ minBackoffMs: 1 }), 1).catch((e: unknown) => e);
  expect((error as MesosClientError).code).toBe("MESOS_TRANSPORT_HTTP_STATUS");
  expect(String(error)).not.toContain("hunter2");
  await client.close();
});

it("abort ends the iteration quietly", async () => {
  const url = await scriptedMaster((_n, res) => {
    streamHead(res);
    res.write(record(subscribed()));
  });
  const client = new MasterClient({ master: url, contentType: "json" });
  const stop = new AbortController();
  const seen: string[] = [];
  for await (const e of client.subscribe({ signal: stop.signal })) {
    seen.push(e.type);
    stop.abort();
  }
  expect(seen).toEqual(["SUBSCRIBED"]);
  await client.close();
});
