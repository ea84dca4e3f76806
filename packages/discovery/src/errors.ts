/** Base class of every error thrown by @mesos-ts/discovery; match on `code`. */
export class DiscoveryError extends Error {
  override name = "DiscoveryError";
  readonly code: string = "MESOS_DISCOVERY_ERROR";
}

/** A master URL that cannot be parsed. The message names the problem, never a password. */
export class BadMasterUrlError extends DiscoveryError {
  override name = "BadMasterUrlError";
  override readonly code = "MESOS_DISCOVERY_BAD_URL";
  constructor(
    message: string,
    /** The input with any password replaced by `***`. */
    readonly url: string,
  ) {
    super(message);
  }
}

/** A candidate znode whose data cannot be decoded as its label says (Mesos fails permanently). */
export class MasterInfoDecodeError extends DiscoveryError {
  override name = "MasterInfoDecodeError";
  override readonly code = "MESOS_DISCOVERY_BAD_MASTER_INFO";
  constructor(
    message: string,
    readonly node: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** ZooKeeper could not be reached, rejected the credentials, or failed an operation. */
export class ZooKeeperError extends DiscoveryError {
  override name = "ZooKeeperError";
  override readonly code: string = "MESOS_DISCOVERY_ZOOKEEPER";
  /** ZooKeeper's return code (e.g. -4 connection loss) when known. */
  readonly rc: number | undefined;
  constructor(message: string, rc?: number, options?: ErrorOptions) {
    super(message, options);
    this.rc = rc;
  }
}

/** No session could be established within the session timeout. */
export class ZooKeeperUnreachableError extends ZooKeeperError {
  override name = "ZooKeeperUnreachableError";
  override readonly code = "MESOS_DISCOVERY_ZOOKEEPER_UNREACHABLE";
}

/** ZooKeeper refused the digest credentials (the session is closed for good). */
export class ZooKeeperAuthError extends ZooKeeperError {
  override name = "ZooKeeperAuthError";
  override readonly code = "MESOS_DISCOVERY_ZOOKEEPER_AUTH";
}

/** Waiting for a leader took longer than asked. */
export class NoLeaderError extends DiscoveryError {
  override name = "NoLeaderError";
  override readonly code = "MESOS_DISCOVERY_NO_LEADER";
}

/** The detector was closed (or its signal aborted) while waiting. */
export class DetectorClosedError extends DiscoveryError {
  override name = "DetectorClosedError";
  override readonly code = "MESOS_DISCOVERY_CLOSED";
}

/** The ZooKeeper session expired, or stayed disconnected longer than the session timeout. */
export class ZooKeeperSessionLostError extends ZooKeeperError {
  override name = "ZooKeeperSessionLostError";
  override readonly code = "MESOS_DISCOVERY_ZOOKEEPER_SESSION_LOST";
}

/** A static master answered something other than 307/503 or could not be reached. */
export class MasterProbeError extends DiscoveryError {
  override name = "MasterProbeError";
  override readonly code = "MESOS_DISCOVERY_PROBE_FAILED";
  /** Every master refused the connection (nothing listens at any of them). */
  readonly allRefused: boolean;
  constructor(message: string, options?: ErrorOptions & { allRefused?: boolean }) {
    super(message, options);
    this.allRefused = options?.allRefused ?? false;
  }
}

/**
 * A `zk://` master URL was used but the optional `zookeeper` package (a native binding) is not
 * installed or does not load. Permanent: retrying cannot help.
 */
export class ZooKeeperBindingMissingError extends DiscoveryError {
  override name = "ZooKeeperBindingMissingError";
  override readonly code = "MESOS_DISCOVERY_ZOOKEEPER_BINDING_MISSING";
  /** Retrying cannot fix it (clients stop instead of retrying). */
  readonly permanent = true;
  constructor(options?: ErrorOptions) {
    super(
      "zk:// master URLs need the optional `zookeeper` package, which is not installed or did not load: run `npm install zookeeper@7.3.0` (it builds a C client with node-gyp: a compiler and Node's headers are needed)",
      options,
    );
  }
}
