/**
 * Mesos Duration text as agents write it into the environment (`15mins`, `2secs`, `2500ms`,
 * `1.5hrs`), to milliseconds. The longest unit suffix is tried first: `15mins` also ends in
 * `ns` (a real executor once crashed on exactly that). Returns undefined when malformed.
 */
const UNIT_MS: ReadonlyArray<readonly [string, number]> = [
  // longest first
  ["weeks", 604_800_000],
  ["days", 86_400_000],
  ["mins", 60_000],
  ["secs", 1_000],
  ["hrs", 3_600_000],
  ["ms", 1],
  ["us", 0.001],
  ["ns", 0.000_001],
];

export function parseMesosDuration(text: string): number | undefined {
  for (const [unit, ms] of UNIT_MS) {
    if (!text.endsWith(unit)) continue;
    const number = text.slice(0, -unit.length);
    if (!/^\d+(\.\d+)?$/.test(number)) return undefined;
    return Number(number) * ms;
  }
  return undefined;
}
