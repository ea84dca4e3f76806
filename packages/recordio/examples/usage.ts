import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { decode, encode, RecordIODecoder, RecordIOError } from "@mesos-ts/recordio";

// A stand-in for a Mesos master: two events as RecordIO, sent in pieces that cut a record.
const events = [{ type: "SUBSCRIBED" }, { type: "HEARTBEAT" }];
const stream = Buffer.concat(events.map((event) => encode(Buffer.from(JSON.stringify(event)))));
const server = createServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "application/json" });
  response.write(stream.subarray(0, 7));
  response.end(stream.subarray(7));
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;

// Pull-based decoding of a response body, bounded and cancellable.
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/scheduler`, { method: "POST" });
  if (response.body === null) throw new Error("no body");
  const records = decode(response.body, {
    maxRecordBytes: 16 * 1024 * 1024,
    signal: AbortSignal.timeout(5000),
  });
  for await (const record of records) {
    const event = JSON.parse(new TextDecoder().decode(record)) as { type: string };
    console.log("event", event.type);
  }
} catch (error) {
  if (!(error instanceof RecordIOError)) throw error;
  console.error("broken stream:", error.code, error.message);
} finally {
  server.close();
}

// Push-style, for callers that own the read loop.
const decoder = new RecordIODecoder();
const records = [...decoder.push(stream.subarray(0, 3)), ...decoder.push(stream.subarray(3))];
decoder.end(); // throws TruncatedRecordError if the stream stopped inside a record
console.log("push", records.length);
