// What the scheduler benches' loopback masters share: encoding events as RecordIO records in
// either content type, and writing a flood of them with backpressure.
import type { ServerResponse } from "node:http";
import { MesosJson, scheduler } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";

export type Wire = "protobuf" | "json";
const TEXT = new TextEncoder();

/** One event as a RecordIO record in `wire`. */
export function eventRecord(e: scheduler.Event, wire: Wire): Uint8Array {
  return encode(
    wire === "json"
      ? TEXT.encode(MesosJson.stringify(scheduler.Event, e))
      : scheduler.Event.encode(e).finish(),
  );
}

/** The SUBSCRIBED record that opens a stream. */
export function subscribedRecord(frameworkId: string, wire: Wire): Uint8Array {
  return eventRecord(
    {
      type: scheduler.Event_Type.SUBSCRIBED,
      subscribed: { framework_id: { value: frameworkId }, heartbeat_interval_seconds: 15 },
    },
    wire,
  );
}

/** Writes `bytes` in 64 KiB chunks, waiting for `drain` whenever the socket is full. */
export function writeInChunks(res: ServerResponse, bytes: Uint8Array, chunk = 65536): void {
  let off = 0;
  const pump = () => {
    while (off < bytes.length) {
      const end = Math.min(off + chunk, bytes.length);
      const ok = res.write(bytes.subarray(off, end));
      off = end;
      if (!ok) return void res.once("drain", pump);
    }
  };
  pump();
}
