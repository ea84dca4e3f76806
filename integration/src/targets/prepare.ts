/** Detects, chooses and prepares the target; the text it returns is what the suite prints first. */
import type { TargetHandle } from "../cluster/cluster.js";
import { FEATURES } from "./features.js";
import { probeContainerRuntime } from "./probe-containers.js";
import { chooseTarget, type TargetChoice } from "./select.js";

export interface PreparedTarget {
  readonly choice: TargetChoice;
  readonly handle: TargetHandle;
  /** "target: local (because …)" and what it cannot run, one line each. */
  readonly explanation: readonly string[];
}

export async function prepareTarget(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<PreparedTarget> {
  const needsProbe = !env.MESOS_MASTER?.trim() || env.MESOS_TS_TARGET?.trim() === "containers";
  const containerProblem = needsProbe ? await probeContainerRuntime() : "not probed (MESOS_MASTER set)";
  const nativeProblem = (await import("./native.js")).nativeProblem(env);
  const choice = chooseTarget({ env, containerProblem, nativeProblem });
  const handle = await createHandle(choice, env);
  return { choice, handle, explanation: explain(choice, handle) };
}

async function createHandle(choice: TargetChoice, env: Readonly<Record<string, string | undefined>>) {
  switch (choice.kind) {
    case "containers":
      return (await import("./containers.js")).containersTarget(env);
    case "local":
      return (await import("./local.js")).localTarget(env);
    case "external":
      return (await import("./external.js")).externalTarget(env);
    case "native":
      return (await import("./native.js")).nativeTarget(env);
  }
}

export function explain(choice: TargetChoice, handle: TargetHandle): string[] {
  const lines = [
    `target: ${choice.kind}, Mesos ${handle.mesosVersion} (${choice.reason}; override with MESOS_TS_TARGET=containers|local|external|native)`,
    ...handle.notes.map((n) => `  ${n}`),
  ];
  for (const f of FEATURES) {
    const support = handle.features[f];
    if (support !== true) lines.push(`  cannot run here: ${f}: ${support}`);
  }
  return lines;
}
