// The loopback master of acks.bench.ts, in its own process so that the client's RSS is its own.
// SUBSCRIBE: 200, SUBSCRIBED and COUNT UPDATEs carrying a uuid. ACKNOWLEDGE: 202, counted; when
// all COUNT arrived it reports `{ done, connections }` to the parent (connections opened to it
// during the round). Messages from the parent: `{ reset: wire }` starts a round.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MesosJson, scheduler, v1 } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";
import { writeInChunks } from "./write-chunks.js";

type Wire = "protobuf" | "json";
const COUNT = Number(process.env.BENCH_ACKS ?? 20_000);
const TEXT = new TextEncoder();

const encodeEvent = (e: scheduler.Event, wire: Wire) =>
  wire === "json" ? TEXT.encode(MesosJson.stringify(scheduler.Event, e)) : scheduler.Event.encode(e).finish();

function stream(wire: Wire): Buffer {
  const parts = [
    encode(
      encodeEvent(
        {
          type: scheduler.Event_Type.SUBSCRIBED,
          subscribed: { framework_id: { value: "bench-acks-0000" }, heartbeat_interval_seconds: 15 },
        },
        wire,
      ),
    ),
  ];
  for (let i = 0; i < COUNT; i++) {
    const uuid = Buffer.alloc(16);
    uuid.writeUInt32BE(i + 1, 12);
    uuid[6] = 0x40;
    parts.push(
      encode(
        encodeEvent(
          {
            type: scheduler.Event_Type.UPDATE,
            update: {
              status: {
                task_id: { value: `task-${i}` },
                state: v1.TaskState.TASK_RUNNING,
                source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
                agent_id: { value: "0d1f6c1e-8a0b-4c51-9a55-3c8f0e2b7d44-S0" },
                timestamp: 1605541437.123456,
                uuid,
              },
            },
          },
          wire,
        ),
      ),
    );
  }
  return Buffer.concat(parts);
}

const streams: Record<Wire, Buffer> = { protobuf: stream("protobuf"), json: stream("json") };
let wire: Wire = "protobuf";
let acks = 0;
let connections = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const call =
      req.headers["content-type"] === "application/json"
        ? MesosJson.parse(scheduler.Call, body, { allowPartial: true })
        : scheduler.Call.decode(body);
    if (call.type === scheduler.Call_Type.SUBSCRIBE) {
      res.writeHead(200, {
        "content-type": wire === "json" ? "application/json" : "application/x-protobuf",
        "mesos-stream-id": randomUUID(),
      });
      writeInChunks(res, streams[wire]);
      return;
    }
    res.writeHead(202).end();
    if (call.type === scheduler.Call_Type.ACKNOWLEDGE && ++acks === COUNT) {
      process.send?.({ done: acks, connections });
    }
  });
});
server.on("connection", () => connections++);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port, count: COUNT });
});
process.on("message", (m: { reset?: Wire }) => {
  if (m.reset) {
    wire = m.reset;
    acks = 0;
    connections = 0;
    server.closeAllConnections();
    process.send?.({ ready: true });
  }
});
process.on("disconnect", () => process.exit(0));
