// Doubles the way Mesos writes them (rapidjson's Grisu2 via stout's jsonify): the shortest
// round-trip digits, integral values with ".0", an exponent without "+" beyond 1e21 or below
// 1e-6, -0 kept, infinities as the strings "Infinity"/"-Infinity". JavaScript's Number#toString
// already picks the same digits and the same fixed/exponent thresholds; only the spelling differs.
import { Fail } from "./scalars.js";

export function formatDouble(value: number): string {
  if (Number.isFinite(value)) {
    if (Object.is(value, -0)) return "-0.0";
    const text = String(value);
    if (Number.isInteger(value) && value < 1e21 && value > -1e21) return `${text}.0`;
    return text.includes("e+") ? text.replace("e+", "e") : text;
  }
  if (value === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (value === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  throw new Fail("MESOS_JSON_NOT_FINITE", "NaN has no Mesos JSON form");
}
