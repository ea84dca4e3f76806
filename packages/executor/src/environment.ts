import { parseMesosDuration } from "./duration.js";
import { EnvironmentError, type EnvironmentProblem } from "./errors.js";

/**
 * What a Mesos agent tells an executor through its environment (`src/slave/slave.cpp`,
 * `executorEnvironment()`, `docs/executor-http-api.md`; observed on a Mesos 1.12 agent).
 */
export interface ExecutorEnvironment {
  /** `http://MESOS_AGENT_ENDPOINT` (an `ip:port`). */
  readonly agentUrl: URL;
  readonly frameworkId: string;
  readonly executorId: string;
  /** MESOS_SLAVE_ID when set (there is no MESOS_AGENT_ID). */
  readonly agentId: string | undefined;
  /** MESOS_DIRECTORY: the sandbox on the agent's host. */
  readonly directory: string;
  /** MESOS_SANDBOX (equal to `directory` unless the container has its own image). */
  readonly sandbox: string;
  /** MESOS_CHECKPOINT=1: the agent can restart under us and we reconnect. */
  readonly checkpoint: boolean;
  /** MESOS_RECOVERY_TIMEOUT (checkpoint only): how long to try to reconnect. */
  readonly recoveryTimeoutMs: number | undefined;
  /** MESOS_SUBSCRIPTION_BACKOFF_MAX (checkpoint only): cap of the reconnect backoff. */
  readonly subscriptionBackoffMaxMs: number | undefined;
  /** MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: the agent SIGKILLs us this long after SHUTDOWN. */
  readonly shutdownGracePeriodMs: number;
  /** MESOS_EXECUTOR_AUTHENTICATION_TOKEN, sent as `Authorization: Bearer`; never printed. */
  readonly authToken: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the contract; every missing or malformed variable is named in one EnvironmentError. */
export function readExecutorEnvironment(env: Env = process.env): ExecutorEnvironment {
  const problems: EnvironmentProblem[] = [];
  const required = (variable: string, expected: string): string => {
    const value = env[variable];
    if (value === undefined || value === "") problems.push({ variable, problem: "missing", expected });
    return value ?? "";
  };
  const duration = (variable: string, need: boolean): number | undefined => {
    const value = env[variable];
    if (value === undefined || value === "") {
      if (need) problems.push({ variable, problem: "missing", expected: "a Mesos duration such as 15mins" });
      return undefined;
    }
    const ms = parseMesosDuration(value);
    if (ms === undefined)
      problems.push({ variable, problem: "malformed", expected: "a Mesos duration such as 15mins" });
    return ms;
  };

  const endpoint = required("MESOS_AGENT_ENDPOINT", "ip:port");
  let agentUrl = new URL("http://127.0.0.1");
  if (endpoint !== "") {
    const parsed = URL.canParse(`http://${endpoint}`) ? new URL(`http://${endpoint}`) : undefined;
    if (!parsed || parsed.port === "" || parsed.pathname !== "/" || endpoint.includes("/")) {
      problems.push({ variable: "MESOS_AGENT_ENDPOINT", problem: "malformed", expected: "ip:port" });
    } else {
      agentUrl = parsed;
    }
  }
  const frameworkId = required("MESOS_FRAMEWORK_ID", "a framework id");
  const executorId = required("MESOS_EXECUTOR_ID", "an executor id");
  const directory = required("MESOS_DIRECTORY", "the sandbox path");
  const checkpointText = env.MESOS_CHECKPOINT;
  if (checkpointText !== undefined && checkpointText !== "0" && checkpointText !== "1") {
    problems.push({ variable: "MESOS_CHECKPOINT", problem: "malformed", expected: "1 or 0" });
  }
  const checkpoint = checkpointText === "1";
  const recoveryTimeoutMs = duration("MESOS_RECOVERY_TIMEOUT", checkpoint);
  const subscriptionBackoffMaxMs = duration("MESOS_SUBSCRIPTION_BACKOFF_MAX", checkpoint);
  const shutdownGracePeriodMs = duration("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", false) ?? 5_000;
  if (problems.length > 0) throw new EnvironmentError(problems);
  const token = env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN;
  const result: ExecutorEnvironment = {
    agentUrl,
    frameworkId,
    executorId,
    agentId: env.MESOS_SLAVE_ID || undefined,
    directory,
    sandbox: env.MESOS_SANDBOX || directory,
    checkpoint,
    recoveryTimeoutMs,
    subscriptionBackoffMaxMs,
    shutdownGracePeriodMs,
    authToken: undefined,
  };
  // The token is kept out of JSON.stringify, util.inspect and console.log (not enumerable).
  Object.defineProperty(result, "authToken", { value: token || undefined, enumerable: false });
  return Object.freeze(result);
}
