import { ChangeHub } from "./change-hub.js";
import { type ContenderNode, parseContenderNode } from "./contender-node.js";
import type {
  Contender,
  DetectorOptions,
  LeaderChange,
  LeaderDetector,
  WaitForLeaderOptions,
} from "./detector.js";
import { leaderChannel, sessionChannel } from "./diagnostics.js";
import {
  type DiscoveryError,
  MasterInfoDecodeError,
  ZooKeeperAuthError,
  ZooKeeperSessionLostError,
  ZooKeeperUnreachableError,
} from "./errors.js";
import { decodeMasterInfo, type MasterInfo } from "./master-info.js";
import type { ZooKeeperMasterUrl } from "./master-url.js";
import {
  addDigestAuth,
  closeZkClient,
  createZkClient,
  loadZooKeeper,
  SESSION_EVENT,
  ZAUTHFAILED,
  type ZkClient,
  ZNONODE,
  zkCode,
  zooKeeperLoaded,
} from "./zk-client.js";

export interface ZooKeeperDetectorOptions extends DetectorOptions {
  /** Requested ZooKeeper session timeout in ms (default 10 000, like Mesos); the server may clamp it. */
  readonly sessionTimeout?: number;
  /** Re-read the children this often even without a watch event, MESOS-9426 (default 10 000 ms; 0 = never). */
  readonly rereadInterval?: number;
}

/**
 * One ZooKeeper handle (one generation). Every callback, watcher and scan names the session it
 * belongs to and does nothing once that session is no longer the detector's current one.
 */
interface Session {
  readonly id: number;
  readonly zk: ZkClient;
  connected: boolean;
  everConnected: boolean;
  watchArmed: boolean;
  authFailed: boolean;
  /** The binding has emitted `close` or we called `close()`: never close it again. */
  closed: boolean;
  lossTimer: NodeJS.Timeout | undefined;
  /** Scans are serialized per session, so a scan stuck on a dead handle cannot block its successor. */
  scanning: boolean;
  dirty: boolean;
}

/** Backoff between handles that closed without ever connecting (binding trouble), 250 ms doubling. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 4000;

class Relist extends Error {}

const sessions = new WeakMap<ZooKeeperDetector, () => ZkClient | undefined>();

/**
 * Internal (not exported from the package): the current client handle of a detector, so tests can
 * expire its session from the server side. Never log what it returns.
 */
export function currentZkClient(detector: ZooKeeperDetector): ZkClient | undefined {
  return sessions.get(detector)?.();
}

/**
 * Watches the Mesos group znode and reports the leading master (PROTOCOL.md §6): the contender
 * with the lowest sequence number. Survives disconnects (keeps the last leader until the session
 * timeout, then reports none), session expiry (new session, re-detects) and a path that appears late.
 */
export class ZooKeeperDetector implements LeaderDetector {
  readonly #url: ZooKeeperMasterUrl;
  readonly #sessionTimeout: number;
  readonly #contenders: boolean;
  readonly #hub: ChangeHub;
  #session: Session | undefined;
  #sessions = 0;
  /** Consecutive handles that closed before connecting; drives the retry backoff. */
  #failedHandles = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #reread: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => void this.close();

  constructor(url: ZooKeeperMasterUrl, options: ZooKeeperDetectorOptions = {}) {
    this.#url = url;
    this.#sessionTimeout = options.sessionTimeout ?? 10_000;
    this.#contenders = options.contenders ?? false;
    this.#hub = new ChangeHub((change) => {
      if (leaderChannel.hasSubscribers) leaderChannel.publish({ detector: "zookeeper", change });
    });
    this.#signal = options.signal;
    sessions.set(this, () => this.#session?.zk);
    if (this.#signal?.aborted) {
      this.#closed = true;
      this.#hub.end();
      return;
    }
    this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
    const interval = options.rereadInterval ?? 10_000;
    if (interval > 0) this.#reread = setInterval(() => this.refresh(), interval);
    // The binding is loaded on first use (it is an optional dependency): without it the
    // detector ends every iterator with ZooKeeperBindingMissingError.
    if (zooKeeperLoaded()) {
      this.#openSession();
      return;
    }
    loadZooKeeper().then(
      () => {
        if (!this.#closed && this.#session === undefined) this.#openSession();
      },
      (error: unknown) => {
        if (this.#closed) return;
        clearInterval(this.#reread);
        this.#hub.end(error as Error);
      },
    );
  }

  /** The ZooKeeper servers and group path (no credentials). */
  get target(): string {
    return `${this.#url.servers}${this.#url.path}`;
  }

  current(): LeaderChange | undefined {
    return this.#hub.current();
  }

  changes(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<LeaderChange> {
    return this.#hub.subscribe(options.signal);
  }

  [Symbol.asyncIterator](): AsyncIterator<LeaderChange> {
    return this.#hub.subscribe();
  }

  leader(options?: WaitForLeaderOptions): Promise<MasterInfo> {
    return this.#hub.waitForLeader(options);
  }

  refresh(): void {
    const s = this.#session;
    if (s?.connected) void this.#scan(s);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    clearInterval(this.#reread);
    clearTimeout(this.#retryTimer);
    this.#hub.end();
    const s = this.#session;
    this.#session = undefined;
    if (s) await this.#dropSession(s);
  }

  #event(event: string): void {
    if (sessionChannel.hasSubscribers)
      sessionChannel.publish({ event, servers: this.#url.servers, path: this.#url.path });
  }

  /** A fresh handle: never with an old session id, so the server always starts a new session. */
  #openSession(): void {
    const zk = createZkClient(this.#url.servers, this.#sessionTimeout);
    const s: Session = {
      id: ++this.#sessions,
      zk,
      connected: false,
      everConnected: false,
      watchArmed: false,
      authFailed: false,
      closed: false,
      lossTimer: undefined,
      scanning: false,
      dirty: false,
    };
    this.#session = s;
    zk.on("connect", () => void this.#onConnect(s));
    zk.on("connecting", () => this.#onDisconnect(s));
    zk.on("close", () => this.#onClose(s));
    this.#startLossTimer(s);
  }

  /**
   * Closes a handle exactly once. A handle the binding already closed (expiry) is not closed
   * again: `close()` would be a no-op that never emits `close`, i.e. a useless wait.
   */
  async #dropSession(s: Session): Promise<void> {
    clearTimeout(s.lossTimer);
    s.lossTimer = undefined;
    s.zk.removeAllListeners("connect");
    s.zk.removeAllListeners("connecting");
    s.zk.removeAllListeners("close");
    if (s.closed) return;
    s.closed = true;
    await closeZkClient(s.zk);
  }

  #live(s: Session): boolean {
    return !this.#closed && this.#session === s;
  }

  /**
   * Not connected within the session timeout: report no leader (as Mesos does), but keep the
   * handle. Its C client goes on reconnecting with the same session: if the server kept the
   * session (a restarted server restores them) we re-scan on `connect`; if not, the binding
   * emits `close` (expired) once it reaches the server, and only then is a fresh handle made.
   * Closing and re-creating handles while the server is unreachable is what broke recovery:
   * the binding's poll watchers get confused when sockets and their fd numbers churn, and every
   * handle in the process then fails with spurious "expired" closes (see README, known issues).
   */
  #startLossTimer(s: Session): void {
    if (s.lossTimer) return;
    s.lossTimer = setTimeout(() => {
      s.lossTimer = undefined;
      if (!this.#live(s) || s.connected) return;
      if (s.everConnected) {
        this.#event("timed-out");
        this.#publish(
          null,
          undefined,
          new ZooKeeperSessionLostError(`ZooKeeper session to ${this.target} timed out`),
        );
        // Mesos recreates the handle once it has declared the session expired itself (§6.5).
        // We first give the kept handle one more session timeout to come back (a restarted
        // server that kept its sessions takes it back; one that lost them answers "expired").
        // A server that lost its data refuses clients that have seen later transactions
        // without ever saying "expired", and the handle would retry forever: so, once, a fresh
        // handle. Only one per lost session, so nothing churns while the server is down.
        s.lossTimer = setTimeout(() => {
          s.lossTimer = undefined;
          if (!this.#live(s) || s.connected) return;
          this.#event("recreated");
          void this.#replaceSession(s);
        }, this.#sessionTimeout);
      } else {
        this.#event("unreachable");
        this.#publish(
          null,
          undefined,
          new ZooKeeperUnreachableError(
            `cannot reach ZooKeeper at ${this.#url.servers} within ${this.#sessionTimeout} ms`,
          ),
        );
        this.#startLossTimer(s);
      }
    }, this.#sessionTimeout);
  }

  /**
   * Replaces a closed session by a fresh handle: at once after a real expiry (the server answered,
   * so it is reachable), after a bounded, growing delay when handles keep closing before they ever
   * connect, so that a misbehaving binding is not fed a new handle in a tight loop.
   */
  async #replaceSession(s: Session): Promise<void> {
    if (!this.#live(s)) return;
    this.#session = undefined;
    await this.#dropSession(s);
    if (this.#closed) return;
    this.#failedHandles = s.everConnected ? 0 : this.#failedHandles + 1;
    const delay =
      this.#failedHandles === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.#failedHandles - 1));
    if (delay === 0) {
      this.#openSession();
      return;
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#closed && this.#session === undefined) this.#openSession();
    }, delay);
  }

  async #onConnect(s: Session): Promise<void> {
    if (!this.#live(s)) return;
    clearTimeout(s.lossTimer);
    s.lossTimer = undefined;
    const first = !s.everConnected;
    s.connected = true;
    s.everConnected = true;
    this.#failedHandles = 0;
    this.#event("connected");
    if (first && this.#url.digest !== undefined) {
      const rc = await addDigestAuth(s.zk, this.#url.digest);
      if (rc !== 0) {
        s.authFailed = true;
        this.#fail(
          new ZooKeeperAuthError(`ZooKeeper rejected the digest credentials for ${this.target}`, rc),
        );
        return;
      }
    }
    await this.#scan(s);
  }

  #onDisconnect(s: Session): void {
    if (!this.#live(s)) return;
    s.connected = false;
    this.#event("disconnected");
    this.#startLossTimer(s);
  }

  #onClose(s: Session): void {
    s.closed = true; // the binding is done with this handle, whatever happens next
    if (!this.#live(s)) return;
    s.connected = false;
    if (s.authFailed) return;
    this.#event("expired");
    this.#publish(
      null,
      undefined,
      new ZooKeeperSessionLostError(`ZooKeeper session to ${this.target} expired`),
    );
    // `close` is emitted from inside the C client's zookeeper_process (and Node drains promise
    // jobs right there): never create the next handle re-entrantly, only from a fresh macrotask.
    setTimeout(() => void this.#replaceSession(s), 0);
  }

  #fail(error: DiscoveryError): void {
    this.#hub.end(error);
    void this.close();
  }

  #publish(
    leader: MasterInfo | null,
    contenders: readonly Contender[] | undefined,
    reason?: DiscoveryError,
  ): void {
    this.#hub.publish(leader, this.#contenders ? (contenders ?? []) : undefined, reason);
  }

  /** Serialized per session: a scan requested while one runs makes that one run again. */
  async #scan(s: Session): Promise<void> {
    if (s.scanning) {
      s.dirty = true;
      return;
    }
    s.scanning = true;
    try {
      do {
        s.dirty = false;
        if (!this.#live(s) || !s.connected) return;
        await this.#scanOnce(s);
      } while (s.dirty);
    } finally {
      s.scanning = false;
    }
  }

  #watcher(s: Session): (type: number) => void {
    return (type: number) => {
      if (type === SESSION_EVENT) return;
      s.watchArmed = false;
      if (this.#live(s)) void this.#scan(s);
    };
  }

  async #scanOnce(s: Session): Promise<void> {
    const path = this.#url.path;
    let children: string[];
    try {
      if (s.watchArmed) {
        children = await s.zk.get_children(path, false);
      } else {
        children = await s.zk.w_get_children(path, this.#watcher(s));
        s.watchArmed = true;
      }
    } catch (e) {
      if (!this.#live(s)) return;
      if (zkCode(e) === ZNONODE) {
        // No group yet: no leader until the path appears (watch its creation).
        try {
          const stat = await s.zk.w_exists(path, this.#watcher(s));
          if (stat) s.dirty = true;
        } catch {
          // connection trouble: the reconnect (or the periodic re-read) scans again
        }
        if (this.#live(s)) this.#publish(null, undefined);
        return;
      }
      if (zkCode(e) === ZAUTHFAILED) this.#fail(new ZooKeeperAuthError(`not allowed to read ${this.target}`));
      return; // connection loss etc.: retried on reconnect or by the periodic re-read
    }
    const parsed = children.map(parseContenderNode).filter((c) => c !== undefined);
    parsed.sort(
      (a, b) =>
        ("sequence" in a ? a.sequence : seqOf(a.name)) - ("sequence" in b ? b.sequence : seqOf(b.name)),
    );
    const leaderNode = parsed[0];
    if (!leaderNode) {
      if (this.#live(s)) this.#publish(null, undefined);
      return;
    }
    if (!("label" in leaderNode)) {
      this.#fail(
        new MasterInfoDecodeError(
          `leading znode ${leaderNode.name} has unknown label "${leaderNode.unknownLabel}"`,
          leaderNode.name,
        ),
      );
      return;
    }
    const nodes = parsed.filter((c): c is ContenderNode => "label" in c);
    const toRead = this.#contenders ? nodes : [leaderNode];
    try {
      const read = await Promise.all(toRead.map((n) => this.#read(s, n)));
      if (!this.#live(s)) return;
      const contenders = read.filter((c) => c !== undefined);
      const leader = contenders[0];
      if (!leader || leader.node !== leaderNode.name) throw new Relist();
      this.#publish(leader.info, contenders);
    } catch (e) {
      if (e instanceof Relist) {
        s.dirty = true; // a node vanished between listing and reading
      } else if (e instanceof MasterInfoDecodeError) {
        this.#fail(e);
      }
      // other errors: connection trouble, handled by the session logic
    }
  }

  /** Reads a contender's MasterInfo; undefined (non-leader) or Relist (leader) when it vanished. */
  async #read(s: Session, node: ContenderNode): Promise<Contender | undefined> {
    try {
      const [, data] = (await s.zk.get(`${this.#url.path}/${node.name}`, false)) as [unknown, Buffer | null];
      const info = decodeMasterInfo(node.label, data ?? new Uint8Array(), `${this.#url.path}/${node.name}`);
      return { node: node.name, label: node.label, sequence: node.sequence, info };
    } catch (e) {
      if (zkCode(e) === ZNONODE) return undefined;
      throw e;
    }
  }
}

function seqOf(name: string): number {
  return Number(name.slice(name.lastIndexOf("_") + 1));
}
