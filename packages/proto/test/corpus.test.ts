// The golden corpus: hand-written Mesos JSON as a 1.11 master (or its C++ scheduler library)
// writes it, one file per scheduler Call and Event type plus operator responses/events. Each
// text must survive parse -> stringify unchanged, and parse -> binary -> decode -> stringify.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  encodeMessage,
  MesosJson,
  type MessageType,
  master,
  scheduler,
} from "../src/index.js";
import { canonical } from "./helpers/canonical.js";
import { fixturesDir } from "./helpers/paths.js";

const TYPES: [prefix: string, type: MessageType<object>][] = [
  ["scheduler-call-", scheduler.Call],
  ["scheduler-event-", scheduler.Event],
  ["master-response-", master.Response],
  ["master-event-", master.Event],
];

const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => {
    const entry = TYPES.find(([prefix]) => file.startsWith(prefix));
    if (!entry) throw new Error(`fixture ${file} has no known prefix`);
    return { file, type: entry[1], text: readFileSync(join(fixturesDir, file), "utf8") };
  });

describe("golden corpus", () => {
  it("covers every scheduler Call and Event type (except UNKNOWN)", () => {
    const seen = (type: MessageType<object>) =>
      new Set(fixtures.filter((f) => f.type === type).map((f) => JSON.parse(f.text).type as string));
    const callTypes = Object.keys(scheduler.Call_Type).filter(
      (k) => Number.isNaN(Number(k)) && k !== "UNKNOWN" && k !== "UNRECOGNIZED",
    );
    const eventTypes = Object.keys(scheduler.Event_Type).filter(
      (k) => Number.isNaN(Number(k)) && k !== "UNKNOWN" && k !== "UNRECOGNIZED",
    );
    expect([...seen(scheduler.Call)].sort()).toEqual(callTypes.sort());
    expect([...seen(scheduler.Event)].sort()).toEqual(eventTypes.sort());
  });

  it.each(fixtures)("$file: parse -> stringify gives the same text", ({ type, text }) => {
    expect(MesosJson.stringify(type, MesosJson.parse(type, text))).toBe(canonical(text));
  });

  it.each(fixtures)("$file: also round-trips through binary protobuf", ({ type, text }) => {
    const bytes = encodeMessage(type, MesosJson.parse(type, text));
    const again = encodeMessage(type, decodeMessage(type, bytes));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(MesosJson.stringify(type, decodeMessage(type, bytes))).toBe(canonical(text));
  });

  it("keeps the nanosecond timestamps above 2^53 exact", () => {
    const update = fixtures.find((f) => f.file === "scheduler-event-update.json")!;
    const event = MesosJson.parse(scheduler.Event, update.text);
    expect(event.update?.status?.unreachable_time?.nanoseconds).toBe(1732261234567891234n);
    expect(1732261234567891234n > 2n ** 53n).toBe(true);
    // What plain JSON.parse makes of it:
    expect(String(JSON.parse(update.text).update.status.unreachable_time.nanoseconds)).toBe(
      "1732261234567891200",
    );
  });

  it("uses a hand-written SUBSCRIBED event verbatim", () => {
    const subscribed = fixtures.find((f) => f.file === "scheduler-event-subscribed.json")!;
    expect(subscribed.text).toContain(
      '"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{}]',
    );
  });
});
