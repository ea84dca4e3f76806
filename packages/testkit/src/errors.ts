/** Stable codes for every error the testkit raises; match on `code`, never on the message. */
export type TestkitErrorCode =
  | "MESOS_TESTKIT_TIMEOUT"
  | "MESOS_TESTKIT_CLOSED"
  | "MESOS_TESTKIT_INVALID_OPTIONS"
  | "MESOS_TESTKIT_NOT_FOUND"
  | "MESOS_TESTKIT_ZOOKEEPER";

/** Base class of every error thrown by @mesos-ts/testkit. */
export class TestkitError extends Error {
  readonly code: TestkitErrorCode;
  constructor(code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TestkitError";
    this.code = code;
  }
}

/** A `waitFor*` helper did not see a match in time. */
export class WaitTimeoutError extends TestkitError {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super("MESOS_TESTKIT_TIMEOUT", `Timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = "WaitTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** The cluster (or the part of it asked) is closed. */
export class ClusterClosedError extends TestkitError {
  constructor(what = "cluster") {
    super("MESOS_TESTKIT_CLOSED", `The simulated ${what} is closed`);
    this.name = "ClusterClosedError";
  }
}

/** Options that cannot describe a cluster. */
export class InvalidOptionsError extends TestkitError {
  constructor(message: string) {
    super("MESOS_TESTKIT_INVALID_OPTIONS", message);
    this.name = "InvalidOptionsError";
  }
}

/** A handle names something the cluster does not have (agent, framework, task). */
export class NotFoundError extends TestkitError {
  constructor(message: string) {
    super("MESOS_TESTKIT_NOT_FOUND", message);
    this.name = "NotFoundError";
  }
}

/** ZooKeeper could not be used for contention. */
export class ZooKeeperContenderError extends TestkitError {
  constructor(message: string, cause?: unknown) {
    super("MESOS_TESTKIT_ZOOKEEPER", message, { cause });
    this.name = "ZooKeeperContenderError";
  }
}
