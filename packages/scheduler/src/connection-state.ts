/**
 * The connection state machine, visible to callers:
 *
 *   disconnected → connecting → subscribing → subscribed → disconnected → connecting → …
 *
 * `connecting`: detecting the leader and opening the SUBSCRIBE request (redirects, backoff).
 * `subscribing`: the 200 and its Mesos-Stream-Id arrived, SUBSCRIBED not yet.
 * `subscribed`: SUBSCRIBED received; calls are accepted.
 * `closed`: final, after close(), an abort of `options.signal`, or a terminal error.
 */
export type ConnectionState = "disconnected" | "connecting" | "subscribing" | "subscribed" | "closed";

export interface StateChange {
  readonly state: ConnectionState;
  readonly previous: ConnectionState;
  /** The subscription generation at the time of the change (0 before the first one). */
  readonly generation: number;
  /** Why the client left `subscribed`/`connecting` (disconnects, failed attempts, terminal errors). */
  readonly error?: Error | undefined;
  /** `performance.now()` at the change. */
  readonly at: number;
}

const allowed: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  disconnected: ["connecting", "closed"],
  connecting: ["subscribing", "disconnected", "closed"],
  subscribing: ["subscribed", "disconnected", "closed"],
  subscribed: ["disconnected", "closed"],
  closed: [],
};

/** Whether `from → to` is a transition of the machine above. */
export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return allowed[from].includes(to);
}
