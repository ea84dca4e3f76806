/**
 * Which target the suite runs on, and why. Pure: the caller passes the environment and the
 * result of probing for a container engine, so every rule is unit-tested without Docker.
 *
 * Rules, first match wins:
 * 1. `MESOS_TS_TARGET=containers|local|external` forces a target (errors if it cannot work).
 * 2. `MESOS_MASTER` set ⇒ `external` (the user named a cluster).
 * 3. A container engine answers ⇒ `containers`.
 * 4. Otherwise ⇒ `local` (a real ZooKeeper plus the testkit's simulated masters and agents).
 */
export type TargetKind = "containers" | "local" | "external";

export const TARGET_KINDS: readonly TargetKind[] = ["containers", "local", "external"];

export interface TargetChoice {
  readonly kind: TargetKind;
  /** One sentence for the console and the report: why this target. */
  readonly reason: string;
}

export interface SelectionInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `undefined` when a container engine answers, else why not (first line of the error). */
  readonly containerProblem: string | undefined;
}

export class TargetSelectionError extends Error {
  override name = "TargetSelectionError";
  readonly code = "MESOS_TS_TARGET_UNAVAILABLE";
}

export function chooseTarget({ env, containerProblem }: SelectionInput): TargetChoice {
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
    return { kind: forced, reason: `MESOS_TS_TARGET=${forced}` };
  }
  if (master) return { kind: "external", reason: `MESOS_MASTER=${redact(master)} names a cluster` };
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
