/**
 * Which target the suite runs on, and why. Pure: the caller passes the environment and the
 * result of probing for a container engine, so every rule is unit-tested without Docker.
 *
 * Rules, first match wins:
 * 1. `MESOS_TS_TARGET=containers|local|external|native` forces a target (errors if it cannot work).
 * 2. `MESOS_MASTER` set ⇒ `external` (the user named a cluster).
 * 3. `mesos-master` and `mesos-agent` on PATH or under MESOS_HOME ⇒ `native`.
 * 4. A container engine answers ⇒ `containers`.
 * 5. Otherwise ⇒ `local` (a real ZooKeeper plus the testkit's simulated masters and agents).
 */
export type TargetKind = "containers" | "local" | "external" | "native";

export const TARGET_KINDS: readonly TargetKind[] = ["containers", "local", "external", "native"];

export interface TargetChoice {
  readonly kind: TargetKind;
  /** One sentence for the console and the report: why this target. */
  readonly reason: string;
}

export interface SelectionInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `undefined` when a container engine answers, else why not (first line of the error). */
  readonly containerProblem: string | undefined;
  /** `undefined` when Mesos binaries are found, else why not (default: not looked for). */
  readonly nativeProblem?: string | undefined;
}

export class TargetSelectionError extends Error {
  override name = "TargetSelectionError";
  readonly code = "MESOS_TS_TARGET_UNAVAILABLE";
}

export function chooseTarget(input: SelectionInput): TargetChoice {
  const { env, containerProblem } = input;
  // Absent: not looked for; present and undefined: found.
  const nativeProblem = "nativeProblem" in input ? input.nativeProblem : "not looked for";
  const forced = env.MESOS_TS_TARGET?.trim();
  const master = env.MESOS_MASTER?.trim();
  if (forced) {
    if (!isTargetKind(forced)) {
      throw new TargetSelectionError(
        `MESOS_TS_TARGET=${forced} is not a target; use one of ${TARGET_KINDS.join(", ")}`,
      );
    }
    if (forced === "external" && !master) {
      throw new TargetSelectionError(
        "MESOS_TS_TARGET=external needs MESOS_MASTER (e.g. zk://host:2181/mesos)",
      );
    }
    if (forced === "containers" && containerProblem !== undefined) {
      throw new TargetSelectionError(
        `MESOS_TS_TARGET=containers but no container engine answers (${containerProblem})`,
      );
    }
    if (forced === "native" && nativeProblem !== undefined) {
      throw new TargetSelectionError(`MESOS_TS_TARGET=native but ${nativeProblem}`);
    }
    return { kind: forced, reason: `MESOS_TS_TARGET=${forced}` };
  }
  if (master) return { kind: "external", reason: `MESOS_MASTER=${redact(master)} names a cluster` };
  if (nativeProblem === undefined) {
    return { kind: "native", reason: "mesos-master and mesos-agent found (PATH or MESOS_HOME)" };
  }
  if (containerProblem === undefined) {
    return { kind: "containers", reason: "a container engine answers (testcontainers found a runtime)" };
  }
  return {
    kind: "local",
    reason: `no container engine (${containerProblem}) and no MESOS_MASTER: real ZooKeeper + simulated masters/agents`,
  };
}

export function isTargetKind(value: string): value is TargetKind {
  return (TARGET_KINDS as readonly string[]).includes(value);
}

/** Hides a password in `zk://user:secret@…` or `http://user:secret@…`. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@");
}

/** Launching on an external cluster only with explicit consent. */
export function launchAllowed(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.MESOS_TS_ALLOW_LAUNCH?.trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}
