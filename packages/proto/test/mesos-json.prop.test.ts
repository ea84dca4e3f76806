// Properties: any value of each kind survives stringify -> parse exactly.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { MesosJson, v1 } from "../src/index.js";

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

describe("Mesos JSON round trips", () => {
  test.prop([fc.bigInt(INT64)], { numRuns: 500 })("int64 (TimeInfo.nanoseconds)", (n) => {
    const text = MesosJson.stringify(v1.TimeInfo, { nanoseconds: n });
    expect(text).toBe(`{"nanoseconds":${n}}`);
    expect(MesosJson.parse(v1.TimeInfo, text).nanoseconds).toBe(n);
  });

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.double({ noNaN: true })], { numRuns: 500 })(
    "uint64 and doubles, including -0 and ±Infinity",
    (bytes, timestamp) => {
      const text = MesosJson.stringify(v1.ResourceStatistics, { timestamp, mem_total_bytes: bytes });
      const back = MesosJson.parse(v1.ResourceStatistics, text);
      expect(back.mem_total_bytes).toBe(bytes);
      expect(Object.is(back.timestamp, timestamp)).toBe(true);
    },
  );

  test.prop([fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 64 })], { numRuns: 300 })(
    "unicode strings and bytes",
    (message, data) => {
      const status = {
        task_id: { value: message },
        state: v1.TaskState.TASK_RUNNING,
        data: Buffer.from(data),
      };
      const back = MesosJson.parse(v1.TaskStatus, MesosJson.stringify(v1.TaskStatus, status));
      expect(back.task_id?.value).toBe(message);
      expect([...(back.data ?? [])]).toEqual([...data]);
    },
  );

  test.prop([fc.string(), fc.bigInt(INT64)], { numRuns: 200 })(
    "digit runs inside strings never change, next to exact int64 numbers",
    (digits, n) => {
      const value = `${digits}${n}${n}`;
      const text = MesosJson.stringify(v1.Labels, { labels: [{ key: value, value: String(n) }] });
      expect(MesosJson.parse(v1.Labels, text).labels?.[0]?.key).toBe(value);
      const range = MesosJson.parse(
        v1.Value_Range,
        `{"begin":${n < 0n ? -n : n},"end":"${n < 0n ? -n : n}"}`,
      );
      expect(range.begin).toBe(n < 0n ? -n : n);
      expect(range.end).toBe(range.begin);
    },
  );
});
