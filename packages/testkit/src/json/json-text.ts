// JSON text as Mesos' own writers (stout's jsonify) spell it, for the documents the simulator
// builds by hand (`/master/state`, `/metrics/snapshot`…): a `Double` is written by the same
// formatDouble as MesosJson's doubles (`"activated_slaves":1.0`), a `RawJson` is spliced in as
// is (a protobuf already written by MesosJson), everything else as JSON.stringify would.
import { formatDouble } from "@mesos-ts/proto";

/** A number Mesos writes as a double. */
export class Double {
  constructor(readonly value: number) {}
}

/** Text that is already JSON (kept verbatim). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const double = (value: number): Double => new Double(value);

export function jsonText(value: unknown): string {
  if (value instanceof Double) return formatDouble(value.value);
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${jsonText(v)}`);
    return `{${parts.join(",")}}`;
  }
  if (typeof value === "bigint") return value.toString();
  return JSON.stringify(value) ?? "null";
}
