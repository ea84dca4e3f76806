import { describe, expect, it } from "vitest";
import {
  addResources,
  containsResources,
  isTerminalTaskState,
  reservationRole,
  resourceKey,
  subtractResources,
  v1,
} from "../src/index.js";

const { SCALAR, RANGES, SET } = v1.Value_Type;
const cpus = (value: number, extra: Partial<v1.Resource> = {}): v1.Resource => ({
  name: "cpus",
  type: SCALAR,
  scalar: { value },
  ...extra,
});
const ports = (ranges: Array<[number, number]>): v1.Resource => ({
  name: "ports",
  type: RANGES,
  ranges: { range: ranges.map(([b, e]) => ({ begin: BigInt(b), end: BigInt(e) })) },
});

describe("one home for Mesos domain logic", () => {
  it("terminal task states follow protobuf::isTerminalState (TASK_UNREACHABLE is not one)", () => {
    for (const s of [
      "TASK_FINISHED",
      "TASK_FAILED",
      "TASK_KILLED",
      "TASK_ERROR",
      "TASK_LOST",
      "TASK_DROPPED",
      "TASK_GONE",
      "TASK_GONE_BY_OPERATOR",
    ])
      expect(isTerminalTaskState(v1.taskStateFromJSON(s))).toBe(true);
    for (const s of [
      "TASK_STAGING",
      "TASK_STARTING",
      "TASK_RUNNING",
      "TASK_KILLING",
      "TASK_UNREACHABLE",
      "TASK_UNKNOWN",
    ])
      expect(isTerminalTaskState(v1.taskStateFromJSON(s))).toBe(false);
    expect(isTerminalTaskState(undefined)).toBe(false);
  });

  it("reservationRole: the innermost reservation, undefined when unreserved, legacy format read as refined", () => {
    expect(reservationRole(cpus(1))).toBeUndefined();
    expect(reservationRole(cpus(1, { role: "*" }))).toBeUndefined();
    expect(reservationRole(cpus(1, { role: "web" }))).toBe("web");
    expect(
      reservationRole(
        cpus(1, {
          reservations: [
            { type: v1.Resource_ReservationInfo_Type.STATIC, role: "a" },
            { type: v1.Resource_ReservationInfo_Type.DYNAMIC, role: "a/b" },
          ],
        }),
      ),
    ).toBe("a/b");
    // The same static reservation in both formats is the same kind.
    expect(resourceKey(cpus(1, { role: "web" }))).toBe(
      resourceKey(
        cpus(1, { reservations: [{ type: v1.Resource_ReservationInfo_Type.STATIC, role: "web" }] }),
      ),
    );
  });

  it("adds, subtracts and compares only resources of the same kind, 3-decimal scalars", () => {
    const sum = addResources(
      [cpus(0.1), cpus(0.2), cpus(1, { role: "web" })],
      [ports([[1, 5]]), ports([[6, 9]])],
    );
    expect(sum).toEqual([cpus(0.3), cpus(1, { role: "web" }), ports([[1, 9]])]);
    expect(containsResources(sum, [cpus(0.3)])).toBe(true);
    expect(containsResources(sum, [cpus(0.301)])).toBe(false);
    expect(containsResources(sum, [cpus(1.2, { role: "web" })])).toBe(false);
    expect(subtractResources(sum, [cpus(0.3), ports([[3, 4]])])).toEqual([
      cpus(1, { role: "web" }),
      ports([
        [1, 2],
        [5, 9],
      ]),
    ]);
    // Mesos' -=: what is not there is ignored.
    expect(subtractResources([cpus(1)], [{ name: "mem", type: SCALAR, scalar: { value: 5 } }])).toEqual([
      cpus(1),
    ]);
    const set = (item: string[]): v1.Resource => ({ name: "gpus-ids", type: SET, set: { item } });
    expect(addResources([set(["a"])], [set(["b", "a"])])).toEqual([set(["a", "b"])]);
  });

  it("allocation roles are distinct kinds unless ignoreAllocation (a simulator's agent pool)", () => {
    const a = cpus(1, { allocation_info: { role: "a" } });
    const b = cpus(1, { allocation_info: { role: "b" } });
    expect(addResources([a], [b])).toHaveLength(2);
    expect(addResources([a], [b], { ignoreAllocation: true })).toEqual([
      cpus(2, { allocation_info: { role: "a" } }),
    ]);
    expect(containsResources([cpus(2)], [a])).toBe(false);
    expect(containsResources([cpus(2)], [a], { ignoreAllocation: true })).toBe(true);
  });

  it("shared resources never merge", () => {
    const volume = { name: "disk", type: SCALAR, scalar: { value: 10 }, shared: {} } as v1.Resource;
    expect(addResources([volume], [volume])).toHaveLength(2);
  });
});
