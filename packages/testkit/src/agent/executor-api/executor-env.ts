import type { v1 } from "@mesos-ts/proto";
import { durationText, msToNanos } from "./duration-text.js";

/** The agent flags that end up in an executor's environment. */
export interface ExecutorEnvFlags {
  /** `--recovery_timeout` (Mesos default 15 mins). */
  readonly recoveryTimeoutMs: number;
  /** `--executor_reregistration_timeout` (Mesos default 2 secs): MESOS_SUBSCRIPTION_BACKOFF_MAX. */
  readonly reregistrationTimeoutMs: number;
}

export interface ExecutorEnvInput {
  readonly agentId: string;
  readonly agentPort: number;
  readonly frameworkId: string;
  readonly executor: v1.ExecutorInfo;
  readonly sandbox: string;
  readonly checkpoint: boolean;
  readonly shutdownGraceNanos: bigint;
  readonly flags: ExecutorEnvFlags;
}

/** PATH a real agent applies when the command sets none (`src/slave/containerizer/mesos/launch.cpp`). */
export const DEFAULT_EXECUTOR_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The environment a real agent gives a custom executor (`executorEnvironment()` in
 * `src/slave/slave.cpp`, as observed): it starts empty — no HOME, USER or inherited variables —
 * and the recovery variables exist only for checkpointing frameworks.
 * Departure: `MESOS_NATIVE_LIBRARY`/`MESOS_NATIVE_JAVA_LIBRARY` are not set (there is no libmesos).
 */
export function executorEnvironment(input: ExecutorEnvInput): Record<string, string> {
  const endpoint = `127.0.0.1:${input.agentPort}`;
  const env: Record<string, string> = {
    MESOS_FRAMEWORK_ID: input.frameworkId,
    MESOS_EXECUTOR_ID: input.executor.executor_id?.value ?? "",
    MESOS_AGENT_ENDPOINT: endpoint,
    MESOS_SLAVE_PID: `slave(1)@${endpoint}`,
    MESOS_SLAVE_ID: input.agentId,
    MESOS_DIRECTORY: input.sandbox,
    MESOS_SANDBOX: input.sandbox,
    MESOS_CHECKPOINT: input.checkpoint ? "1" : "0",
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: durationText(input.shutdownGraceNanos),
    MESOS_HTTP_COMMAND_EXECUTOR: "0",
    LIBPROCESS_IP: "127.0.0.1",
    LIBPROCESS_PORT: "0",
  };
  if (input.checkpoint) {
    env.MESOS_RECOVERY_TIMEOUT = durationText(msToNanos(input.flags.recoveryTimeoutMs));
    env.MESOS_SUBSCRIPTION_BACKOFF_MAX = durationText(msToNanos(input.flags.reregistrationTimeoutMs));
  }
  for (const variable of input.executor.command?.environment?.variables ?? []) {
    if (variable.name !== undefined) env[variable.name] = variable.value ?? "";
  }
  env.PATH ??= DEFAULT_EXECUTOR_PATH;
  return env;
}
