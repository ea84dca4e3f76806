import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The stand-in host of one cluster (one ZooKeeper URL) listens here. */
export function standinSocketPath(zk: string): string {
  return join(
    tmpdir(),
    `mesos-ts-standin-${createHash("sha256").update(zk).digest("hex").slice(0, 16)}.sock`,
  );
}

/** Mesos duration flags (`10secs`, `500ms`, `1mins`) in ms; undefined when unreadable. */
export function parseDurationMs(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|secs|mins|hrs|days|weeks)$/.exec(text?.trim() ?? "");
  if (!m) return undefined;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    ms: 1,
    secs: 1000,
    mins: 60_000,
    hrs: 3_600_000,
    days: 86_400_000,
    weeks: 604_800_000,
  };
  return Number(m[1]) * (unit[m[2] as string] ?? 1);
}

/** `--name=value`, `--name` (true), `--no-name` (false), as Mesos' flags parser takes them. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (!arg.startsWith("--")) continue;
    const body = arg.slice(2);
    const eq = body.indexOf("=");
    if (eq >= 0) flags.set(body.slice(0, eq), body.slice(eq + 1));
    else if (body.startsWith("no-")) flags.set(body.slice(3), "false");
    else flags.set(body, "true");
  }
  return flags;
}
