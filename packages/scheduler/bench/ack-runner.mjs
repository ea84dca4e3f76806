// One side of acks.bench.ts in a process of its own (so its peak RSS is its own): waits for
// `{ go }`, runs the raw loop or the scheduler client until the master counted every ACK (the
// parent then sends `{ stop }`), and reports its peak RSS. Plain JavaScript on the built packages
// (tsx alone would add ~110 MiB to the RSS being measured): `nx run-many -t build` first.
import { MesosJson, scheduler } from "@mesos-ts/proto";
import { decode } from "@mesos-ts/recordio";
import { createScheduler } from "@mesos-ts/scheduler";
import { Client, request } from "undici";

const [url = "", who = "", wire = "protobuf", count = "20000"] = process.argv.slice(2);
const COUNT = Number(count);
const TEXT = new TextEncoder();
const warnings = [];
process.on("warning", (w) => warnings.push(`${w.name}: ${w.message}`));
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 5);
let stop = () => {};
const stopped = new Promise((resolve) => {
  stop = resolve;
});

/** @param {import("@mesos-ts/proto").scheduler.Call} c @param {string} wire */
const encodeCall = (c, wire) =>
  wire === "json" ? TEXT.encode(MesosJson.stringify(scheduler.Call, c)) : scheduler.Call.encode(c).finish();

/** @param {string} wire @param {Promise<void>} done */
async function rawLoop(wire, done) {
  const media = wire === "json" ? "application/json" : "application/x-protobuf";
  const calls = new Client(url, { pipelining: 16 });
  const ac = new AbortController();
  const subscribe = {
    type: scheduler.Call_Type.SUBSCRIBE,
    subscribe: { framework_info: { user: "b", name: "raw" } },
  };
  const res = await request(`${url}/api/v1/scheduler`, {
    method: "POST",
    body: encodeCall(subscribe, wire),
    headers: { "content-type": media, accept: media },
    signal: ac.signal,
  });
  const streamId = String(res.headers["mesos-stream-id"]);
  const pending = [];
  let updates = 0;
  for await (const record of decode(res.body)) {
    const e =
      wire === "json"
        ? MesosJson.parse(scheduler.Event, record, { allowPartial: true })
        : scheduler.Event.decode(record);
    if (e.type !== scheduler.Event_Type.UPDATE) continue;
    const status = e.update?.status;
    const ack = {
      type: scheduler.Call_Type.ACKNOWLEDGE,
      framework_id: { value: "bench-acks-0000" },
      acknowledge: {
        agent_id: status?.agent_id ?? { value: "" },
        task_id: status?.task_id ?? { value: "" },
        uuid: status?.uuid ?? new Uint8Array(),
      },
    };
    pending.push(
      calls
        .request({
          path: "/api/v1/scheduler",
          method: "POST",
          body: encodeCall(ack, wire),
          headers: { "content-type": media, accept: media, "mesos-stream-id": streamId },
          idempotent: true,
        })
        .then((r) => r.body.dump()),
    );
    if (++updates === COUNT) break;
  }
  await Promise.all(pending);
  await done;
  ac.abort();
  await calls.close();
}

/** @param {"protobuf" | "json"} wire @param {Promise<void>} done */
async function schedulerClient(wire, done) {
  const client = createScheduler({
    master: url,
    framework: { user: "b", name: "bench-acks" },
    contentType: wire,
  });
  let updates = 0;
  for await (const event of client.events()) {
    if (event.type === "UPDATE" && ++updates === COUNT) break;
  }
  await done;
  await client.close();
}

process.on("message", async (m) => {
  if (m.stop) return stop();
  if (!m.go) return;
  await (who === "raw"
    ? rawLoop(wire, stopped)
    : schedulerClient(/** @type {"protobuf" | "json"} */ (wire), stopped));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  process.send?.({ rss: peakRss, warnings }, () => process.exit(0));
});
process.send?.({ ready: true });
