/** Base class of every error thrown by @mesos-ts/zookeeper-server; match on `code`. */
export class ZooKeeperServerError extends Error {
  override name = "ZooKeeperServerError";
  readonly code: string = "MESOS_ZKSERVER_ERROR";
}

/** No way to run a ZooKeeper server was found; `message` is a one-line instruction. */
export class ZooKeeperNotFoundError extends ZooKeeperServerError {
  override name = "ZooKeeperNotFoundError";
  override readonly code = "MESOS_ZKSERVER_NOT_FOUND";
}

/** The server process or container did not answer `ruok` with `imok` in time. */
export class ZooKeeperStartError extends ZooKeeperServerError {
  override name = "ZooKeeperStartError";
  override readonly code = "MESOS_ZKSERVER_START_FAILED";
  constructor(
    message: string,
    readonly output: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
