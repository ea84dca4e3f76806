import type ZooKeeperModule from "zookeeper";
import { ZooKeeperBindingMissingError } from "./errors.js";

/** The `zookeeper` binding's Promise class (C client). */
export type ZkClient = InstanceType<typeof ZooKeeperModule>;
type ZooKeeperClass = typeof ZooKeeperModule;

let loading: Promise<ZooKeeperClass> | undefined;
let loaded: ZooKeeperClass | undefined;

/**
 * Loads the optional `zookeeper` binding (a native C client) the first time a `zk://` URL is
 * used: nobody else pays for it, at install (no compiler needed) or at import. Rejects with
 * ZooKeeperBindingMissingError, saying how to install it, when it is not installed or does not load.
 */
/** True once the binding is loaded (a detector then opens its session synchronously). */
export function zooKeeperLoaded(): boolean {
  return loaded !== undefined;
}

export function loadZooKeeper(): Promise<ZooKeeperClass> {
  loading ??= import("zookeeper").then(
    (m) => {
      const ctor = ((m as { default?: ZooKeeperClass }).default ?? m) as ZooKeeperClass;
      loaded = ctor;
      return ctor;
    },
    (error: unknown) => {
      loading = undefined;
      throw new ZooKeeperBindingMissingError({ cause: error });
    },
  );
  return loading;
}

export const ZNONODE = -101;
export const ZAUTHFAILED = -115;
/** ZOO_SESSION_EVENT: a watcher told about the connection state rather than a znode. */
export const SESSION_EVENT = -1;

/** The return code in the binding's `Error("<rc> <text>")` rejections. */
export function zkCode(error: unknown): number | undefined {
  const m = /^(-?\d+)\b/.exec(error instanceof Error ? error.message : "");
  return m ? Number(m[1]) : undefined;
}

/** A new client handle; the C client connects (and keeps reconnecting) in the background. */
export function createZkClient(servers: string, sessionTimeout: number): ZkClient {
  // loadZooKeeper() resolved before any detector opens a session.
  const ZooKeeper = loaded;
  if (ZooKeeper === undefined) throw new ZooKeeperBindingMissingError();
  const zk = new ZooKeeper({
    connect: servers,
    timeout: sessionTimeout,
    debug_level: 0,
    host_order_deterministic: false,
    data_as_buffer: true,
    // The binding closes a handle as "expired" (-112) after 10 wake-ups in a row that read nothing
    // (its noResponseCounter). After a server restart that fires on healthy, even brand-new
    // handles, every new handle then dies the same way and recovery never happens. Real
    // expiry still comes from the server through the C client; this guard is never needed.
    response_counter_limit: 1_000_000,
  });
  zk.init({});
  return zk;
}

/** Digest auth on a connected handle; resolves with the return code (0 when accepted). */
export function addDigestAuth(zk: ZkClient, digest: string): Promise<number> {
  return new Promise((resolve) => {
    const rc = zk.add_auth("digest", digest, (code: number) => resolve(code)) as unknown;
    if (typeof rc === "number" && rc < 0) resolve(rc);
  });
}

/** Closes a handle and waits (at most `ms`) for the binding's `close` event. */
export function closeZkClient(zk: ZkClient, ms = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    zk.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      zk.close();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
