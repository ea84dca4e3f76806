import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { EnvironmentError, parseMesosDuration, readExecutorEnvironment } from "../src/index.js";

// The environment a real 1.12 agent gave a checkpointing custom executor (values normalised).
const REAL = {
  LIBPROCESS_IP: "127.0.0.1",
  LIBPROCESS_PORT: "0",
  MESOS_AGENT_ENDPOINT: "127.0.0.1:5251",
  MESOS_CHECKPOINT: "1",
  MESOS_DIRECTORY: "/var/lib/mesos/agent/slaves/A/frameworks/F/executors/E/runs/C",
  MESOS_EXECUTOR_ID: "api-exec",
  MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5secs",
  MESOS_FRAMEWORK_ID: "F",
  MESOS_HTTP_COMMAND_EXECUTOR: "0",
  MESOS_RECOVERY_TIMEOUT: "15mins",
  MESOS_SANDBOX: "/var/lib/mesos/agent/slaves/A/frameworks/F/executors/E/runs/C",
  MESOS_SLAVE_ID: "A",
  MESOS_SLAVE_PID: "slave(1)@127.0.0.1:5251",
  MESOS_SUBSCRIPTION_BACKOFF_MAX: "2secs",
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
};

describe("parseMesosDuration", () => {
  it.each([
    ["15mins", 900_000],
    ["2secs", 2_000],
    ["2500ms", 2_500],
    ["5secs", 5_000],
    ["1.5hrs", 5_400_000],
    ["2days", 172_800_000],
    ["1weeks", 604_800_000],
    ["3us", 0.003],
    ["100ns", 0.0001],
  ])("%s is %d ms (longest unit suffix first)", (text, ms) => {
    expect(parseMesosDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each(["15", "mins", "1.2.3secs", "-5secs", "5 secs", "5s", ""])("%j is malformed", (text) => {
    expect(parseMesosDuration(text)).toBeUndefined();
  });
});

describe("readExecutorEnvironment", () => {
  it("reads what a real agent sets", () => {
    const env = readExecutorEnvironment(REAL);
    expect(env.agentUrl.href).toBe("http://127.0.0.1:5251/");
    expect(env).toMatchObject({
      frameworkId: "F",
      executorId: "api-exec",
      agentId: "A",
      directory: REAL.MESOS_DIRECTORY,
      sandbox: REAL.MESOS_SANDBOX,
      checkpoint: true,
      recoveryTimeoutMs: 900_000,
      subscriptionBackoffMaxMs: 2_000,
      shutdownGracePeriodMs: 5_000,
      authToken: undefined,
    });
  });

  it("without checkpointing the recovery variables are not needed", () => {
    const { MESOS_RECOVERY_TIMEOUT: _r, MESOS_SUBSCRIPTION_BACKOFF_MAX: _b, ...rest } = REAL;
    const env = readExecutorEnvironment({ ...rest, MESOS_CHECKPOINT: "0" });
    expect(env.checkpoint).toBe(false);
    expect(env.recoveryTimeoutMs).toBeUndefined();
  });

  it("names every missing or malformed variable in one typed error", () => {
    const { MESOS_FRAMEWORK_ID: _f, MESOS_RECOVERY_TIMEOUT: _r, ...rest } = REAL;
    let error: unknown;
    try {
      readExecutorEnvironment({
        ...rest,
        MESOS_AGENT_ENDPOINT: "http://127.0.0.1:5251/api",
        MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5s",
        MESOS_CHECKPOINT: "1",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("MESOS_EXECUTOR_ENVIRONMENT");
    expect((error as EnvironmentError).problems.map((p) => `${p.variable}:${p.problem}`)).toEqual([
      "MESOS_AGENT_ENDPOINT:malformed",
      "MESOS_FRAMEWORK_ID:missing",
      "MESOS_RECOVERY_TIMEOUT:missing",
      "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD:malformed",
    ]);
    expect((error as Error).message).toContain("MESOS_FRAMEWORK_ID missing");
  });

  it("an empty environment (not started by an agent) lists the essentials", () => {
    expect(() => readExecutorEnvironment({})).toThrow(
      /MESOS_AGENT_ENDPOINT missing.*MESOS_FRAMEWORK_ID missing.*MESOS_EXECUTOR_ID missing.*MESOS_DIRECTORY missing/,
    );
  });

  it("keeps the authentication token out of JSON, inspect and errors", () => {
    const env = readExecutorEnvironment({ ...REAL, MESOS_EXECUTOR_AUTHENTICATION_TOKEN: "tok-123" });
    expect(env.authToken).toBe("tok-123");
    expect(JSON.stringify(env)).not.toContain("tok-123");
    expect(inspect(env)).not.toContain("tok-123");
    expect(() => readExecutorEnvironment({ MESOS_EXECUTOR_AUTHENTICATION_TOKEN: "tok-123" })).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining("tok-123") }),
    );
  });
});
