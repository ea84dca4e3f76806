// The fast paths of MesosJson.parse against their references: the string-blind quoting of
// long integers (long-integers.ts) against the string-aware pass, and the generated readers
// (compiled-read.ts) against the interpreting walk (read.ts), on the golden corpus and on
// error cases, where results, error codes and paths must be the same.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { MesosJson, MesosJsonError, type MessageType, master, scheduler, v1 } from "../src/index.js";
import { useCodegen } from "../src/json/codegen.js";
import { protectLongIntegers, quoteLongIntegers } from "../src/json/long-integers.js";
import { fixturesDir } from "./helpers/paths.js";

const typeOf = (file: string): MessageType<object> =>
  file.startsWith("scheduler-call-")
    ? scheduler.Call
    : file.startsWith("scheduler-event-")
      ? scheduler.Event
      : file.startsWith("master-response-")
        ? master.Response
        : master.Event;

const corpus = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".json"))
  .map((file) => ({ file, type: typeOf(file), text: readFileSync(join(fixturesDir, file), "utf8") }));

/** The result, or the error's code and path. */
function outcome(type: MessageType<object>, text: string, allowPartial = false): unknown {
  try {
    return MesosJson.parse(type, text, { allowPartial });
  } catch (e) {
    if (!(e instanceof MesosJsonError)) throw e;
    return { code: e.code, path: e.path, message: e.message };
  }
}

const ERROR_CASES: [MessageType<object>, string][] = [
  [v1.TaskStatus, '{"task_id":{"value":"t"}}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":"NO_SUCH_STATE"}'],
  [v1.TaskStatus, '{"task_id":{"value":7},"state":"TASK_RUNNING"}'],
  [v1.TaskStatus, '{"task_id":[{"value":"t"}],"state":"TASK_RUNNING"}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":1}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"a-b_"}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":"TASK_RUNNING","data":"aGk= \\n"}'],
  [
    v1.TaskStatus,
    '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1.5e30}}',
  ],
  [v1.Value_Ranges, '{"range":[{"begin":1,"end":2},{"begin":"x","end":3}]}'],
  [v1.Value_Ranges, '{"range":{"begin":1}}'],
  [v1.Resource, '{"name":"cpus","type":"SCALAR","scalar":{"value":"Infinity"},"x":{"y":[1,{"z":null}]}}'],
  [v1.Labels, '{"labels":[{"key":"k","value":12345678901234567890}]}'],
  [v1.ResourceStatistics, '{"timestamp":1,"mem_total_bytes":-1}'],
  [v1.ResourceStatistics, '{"timestamp":1,"mem_total_bytes":18446744073709551616}'],
  [master.Response, '{"type":"GET_FLAGS","get_flags":{"flags":[{"name":"n","value":"v"}]}}'],
  [v1.CSIPluginContainerInfo, '{"services":["NODE_SERVICE","NOPE"],"resources":[]}'],
  [scheduler.Event, '{"type":"OFFERS","offers":{"offers":[{"id":{"value":"o"}}]}}'],
];

describe("generated readers agree with the interpreting walk", () => {
  afterEach(() => useCodegen(true));

  it("on every corpus file and on error cases, with and without allowPartial", () => {
    const cases = [...corpus.map((c) => [c.type, c.text] as const), ...ERROR_CASES];
    const run = () => cases.flatMap(([type, text]) => [outcome(type, text), outcome(type, text, true)]);
    useCodegen(true);
    const compiled = run();
    useCodegen(false);
    const interpreted = run();
    expect(compiled).toEqual(interpreted);
    // The comparison is not vacuous: both successes and failures are in it.
    expect(compiled.some((r) => (r as { code?: string }).code === undefined)).toBe(true);
    expect(compiled.filter((r) => (r as { code?: string }).code !== undefined).length).toBeGreaterThan(10);
  });

  test.prop([fc.jsonValue({ maxDepth: 4 })], { numRuns: 300 })(
    "on arbitrary JSON under known keys",
    (value) => {
      const text = JSON.stringify({ task_id: value, state: value, labels: value, data: value, uuid: value });
      useCodegen(true);
      const compiled = outcome(v1.TaskStatus, text);
      useCodegen(false);
      expect(compiled).toEqual(outcome(v1.TaskStatus, text));
    },
  );
});

// The generated readers decode in place on the JSON.parse result and switch to a copy when a
// key has to be left out; the result must still hold exactly the fields the walk sets.
const IN_PLACE_CASES: [MessageType<object>, string][] = [
  [v1.TaskStatus, '{"task_id":{"value":"t"},"extra":{"a":[1]},"state":"TASK_RUNNING","message":"m"}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"message":null,"state":"TASK_RUNNING","source":"SOURCE_AGENT"}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":"TASK_RUNNING","source":"NO_SUCH_SOURCE","message":"m"}'],
  [v1.TaskStatus, '{"task_id":{"value":"t"},"state":"NO_SUCH_STATE","message":"m"}'],
  [v1.CSIPluginContainerInfo, '{"services":["NODE_SERVICE","NOPE","CONTROLLER_SERVICE"],"resources":[]}'],
  [v1.CSIPluginContainerInfo, '{"services":"NODE_SERVICE"}'],
  [
    v1.Volume_Source_CSIVolume_VolumeCapability,
    '{"access_mode":{"mode":"SINGLE_NODE_WRITER"},"mount":{"fs_type":"ext4"},"x":1}',
  ],
  [v1.Labels, '{"__proto__":{"x":1},"labels":[{"key":"k","value":"v","constructor":2}]}'],
];

const INT64_EDGES = [
  "0",
  "-1",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "-9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
  '"9223372036854775807"',
];

/** A large nested document: many tasks, each with int64 edges, enums, bytes and unknown keys. */
function bigSnapshot(tasks: number): string {
  const list = Array.from({ length: tasks }, (_, i) => {
    const nanos = INT64_EDGES[i % INT64_EDGES.length];
    const extra = i % 7 === 0 ? `,"unknown_${i}":{"deep":[${i}]}` : "";
    const source = i % 5 === 0 ? "NO_SUCH_SOURCE" : "SOURCE_EXECUTOR";
    return `{"name":"t${i}","task_id":{"value":"t${i}"},"framework_id":{"value":"f"},"agent_id":{"value":"a"},"state":"TASK_RUNNING"${extra},"resources":[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":${i},"end":18446744073709551615}]}}],"statuses":[{"task_id":{"value":"t${i}"},"state":"TASK_RUNNING","source":"${source}","uuid":"aGk=","unreachable_time":{"nanoseconds":${nanos}}}]}`;
  });
  return `{"type":"GET_TASKS","get_tasks":{"tasks":[${list.join(",")}],"completed_tasks":null}}`;
}

describe("in-place decoding", () => {
  afterEach(() => useCodegen(true));

  it("leaves out unknown keys, nulls, dropped enum names and splits oneofs as the walk does", () => {
    const run = () =>
      IN_PLACE_CASES.flatMap(([type, text]) => [outcome(type, text), outcome(type, text, true)]);
    useCodegen(true);
    const compiled = run();
    useCodegen(false);
    const interpreted = run();
    expect(compiled).toStrictEqual(interpreted);
    const status = MesosJson.parse(v1.TaskStatus, IN_PLACE_CASES[0]![1]) as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual(["message", "state", "task_id"]);
    const partial = MesosJson.parse(v1.TaskStatus, IN_PLACE_CASES[2]![1]) as Record<string, unknown>;
    expect("source" in partial).toBe(false);
    const cap = MesosJson.parse(v1.Volume_Source_CSIVolume_VolumeCapability, IN_PLACE_CASES[6]![1]);
    expect(cap).toStrictEqual({
      access_mode: { mode: v1.Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode.SINGLE_NODE_WRITER },
      access_type: { $case: "mount", mount: { fs_type: "ext4" } },
    });
  });

  it("reads a large nested document with int64 edges exactly, as the walk does", () => {
    const text = bigSnapshot(3000);
    useCodegen(true);
    const compiled = MesosJson.parse(master.Response, text) as master.Response;
    useCodegen(false);
    expect(compiled).toStrictEqual(MesosJson.parse(master.Response, text));
    const tasks = compiled.get_tasks?.tasks ?? [];
    expect(tasks).toHaveLength(3000);
    const nanos = tasks
      .slice(0, INT64_EDGES.length)
      .map((t) => t.statuses?.[0]?.unreachable_time?.nanoseconds);
    expect(nanos).toEqual(INT64_EDGES.map((e) => BigInt(e.replaceAll('"', ""))));
    expect(tasks[1]?.resources?.[0]?.ranges?.range?.[0]?.end).toBe(2n ** 64n - 1n);
    expect(tasks[0]?.statuses?.[0]?.source).toBeUndefined();
    expect(tasks[1]?.statuses?.[0]?.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    expect(Buffer.from(tasks[1]?.statuses?.[0]?.uuid ?? []).toString()).toBe("hi");
    expect(Object.keys(tasks[0] ?? {})).not.toContain("unknown_0");
  });

  it("keeps the depth limit on an in-place object whose unknown key nests too deep", () => {
    const deep = `${"[".repeat(250)}${"]".repeat(250)}`;
    const text = `{"task_id":{"value":"t"},"state":"TASK_RUNNING","x":${deep}}`;
    expect(outcome(v1.TaskStatus, text)).toMatchObject({ code: "MESOS_JSON_DEPTH", path: "x" });
  });
});

/** The text, or the error's code and path. */
function written(type: MessageType<object>, message: object, emitDefaults: boolean): unknown {
  try {
    return MesosJson.stringify(type, message, { emitDefaults });
  } catch (e) {
    if (!(e instanceof MesosJsonError)) throw e;
    return { code: e.code, path: e.path, message: e.message };
  }
}

const BAD_MESSAGES: [MessageType<object>, object][] = [
  [v1.TaskStatus, { task_id: { value: 7 }, state: 1 }],
  [v1.TaskStatus, { task_id: { value: "t" }, state: "TASK_RUNNING" }],
  [v1.TaskStatus, { task_id: { value: "t" }, state: 999, timestamp: Number.NaN }],
  [v1.TaskStatus, { task_id: { value: "t" }, state: 1, unreachable_time: { nanoseconds: 2n ** 63n } }],
  [v1.TaskStatus, { task_id: { value: "t" }, state: 1, uuid: "not bytes" }],
  [
    v1.Value_Ranges,
    {
      range: [
        { begin: 1n, end: 2n },
        { begin: 1.5, end: 3n },
      ],
    },
  ],
  [v1.Value_Ranges, { range: { begin: 1n } }],
  [v1.FrameworkInfo, { user: "u", name: "n", capabilities: [{ type: 6 }, { type: 12345 }], roles: [] }],
  [v1.Labels, { labels: [{ key: "k" }, null] }],
];

describe("generated writers agree with the interpreting walk", () => {
  afterEach(() => useCodegen(true));

  it("on every corpus message and on bad messages, with and without defaults", () => {
    const messages = [
      ...corpus.map((c) => [c.type, MesosJson.parse(c.type, c.text)] as const),
      ...BAD_MESSAGES,
    ];
    const run = () => messages.flatMap(([type, m]) => [written(type, m, true), written(type, m, false)]);
    useCodegen(true);
    const compiled = run();
    useCodegen(false);
    const interpreted = run();
    expect(compiled).toEqual(interpreted);
    expect(compiled.filter((r) => typeof r === "string").length).toBeGreaterThan(60);
    expect(compiled.filter((r) => typeof r !== "string").length).toBeGreaterThan(8);
  });
});

describe("string-blind quoting of long integers", () => {
  it("quotes whole integer literals only, with a one-byte mark", () => {
    const text = '{"a":12345678901234567890,"b":[-12345678901234567890],"c":1.2345678901234567890}';
    const { text: quoted, mark } = quoteLongIntegers(text);
    expect(mark).toBe(0x7f);
    expect(quoted).toBe(
      '{"a":"\x7f12345678901234567890","b":["\x7f-12345678901234567890"],"c":1.2345678901234567890}',
    );
    for (const left of [
      '{"e":1e12345678901234567890}',
      '{"z":012345678901234567890}',
      "{12345678901234567890:1}",
    ]) {
      expect(quoteLongIntegers(left)).toEqual({ text: left, mark: -1 });
    }
    expect(quoteLongIntegers('{"x":1234567890123456}').text).toBe('{"x":"\x7f1234567890123456"}');
    expect(quoteLongIntegers('{"x":123456789012345}').mark).toBe(-1);
  });

  it("turns a long run inside a string into a syntax error, so parse falls back", () => {
    const text = '{"key":"id 12345678901234567890","value":"v"}';
    expect(() => JSON.parse(quoteLongIntegers(text).text)).toThrow(SyntaxError);
    expect(protectLongIntegers(text).text).toBe(text);
    expect(MesosJson.parse(v1.Label, text)).toEqual({ key: "id 12345678901234567890", value: "v" });
    const mixed = `{"labels":[{"key":"a:12345678901234567890,"}],"nanoseconds":1732261234567891234}`;
    expect(MesosJson.parse(v1.Labels, mixed).labels?.[0]?.key).toBe("a:12345678901234567890,");
    expect(MesosJson.parse(v1.TimeInfo, mixed).nanoseconds).toBe(1732261234567891234n);
  });

  it("picks another mark when the first one occurs in the text, raw or escaped", () => {
    for (const lead of ["\x7f", "\\u007f", "\\u007F", "\\u007f\\u0080\x81"]) {
      const text = `{"task_id":{"value":"${lead}1"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1732261234567891234}}`;
      expect(quoteLongIntegers(text).mark).not.toBe(0x7f);
      const status = MesosJson.parse(v1.TaskStatus, text);
      expect(status.task_id?.value).toBe(JSON.parse(`"${lead}1"`));
      expect(status.unreachable_time?.nanoseconds).toBe(1732261234567891234n);
    }
  });

  test.prop([fc.string({ unit: "binary" }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })], {
    numRuns: 300,
  })("agrees with JSON.parse on validity, and with the string-aware pass when valid", (s, n) => {
    const text = `{"s":${JSON.stringify(s)},"n":${n},"t":"${s.replace(/["\\]/g, "")}${n}${n}"}`;
    const fast = quoteLongIntegers(text);
    let fastOk = true;
    try {
      JSON.parse(fast.text);
    } catch {
      fastOk = false;
    }
    let plainOk = true;
    try {
      JSON.parse(text);
    } catch {
      plainOk = false;
    }
    if (!plainOk) expect(fastOk).toBe(false); // never makes invalid JSON valid
    if (fastOk) {
      // Same tree as the string-aware pass, up to the choice of mark.
      const careful = protectLongIntegers(text);
      const unmark = (t: string, mark: number) =>
        mark < 0 ? t : t.replaceAll(String.fromCharCode(mark), "#");
      expect(JSON.parse(unmark(fast.text, fast.mark))).toEqual(
        JSON.parse(unmark(careful.text, careful.mark)),
      );
    }
  });
});
