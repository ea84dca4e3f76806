/**
 * A duration as Mesos writes it into an executor's environment (stout `Duration` output):
 * the largest unit that represents it exactly, e.g. `5secs`, `2500ms`, `15mins`
 * (`MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD`, `MESOS_RECOVERY_TIMEOUT`, observed on a real agent).
 */
const UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [604_800_000_000_000n, "weeks"],
  [86_400_000_000_000n, "days"],
  [3_600_000_000_000n, "hrs"],
  [60_000_000_000n, "mins"],
  [1_000_000_000n, "secs"],
  [1_000_000n, "ms"],
  [1_000n, "us"],
];

export function durationText(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return "0ns";
  for (const [size, unit] of UNITS) {
    if (nanoseconds % size === 0n) return `${nanoseconds / size}${unit}`;
  }
  return `${nanoseconds}ns`;
}

export const msToNanos = (ms: number): bigint => BigInt(Math.round(ms * 1_000_000));
