/**
 * What every status of a Mesos v1 API POST means (`src/master/http.cpp`; the same handlers
 * answer the scheduler, executor and operator endpoints, with `src/slave/http.cpp`). Retry and
 * resubscribe decisions read this table, never message text.
 */
export interface StatusOutcome {
  /** Short meaning for errors and logs. */
  readonly meaning: string;
  /** The call succeeded. */
  readonly ok: boolean;
  /** Trying again later (after backoff) can succeed: no leader yet, recovering, starting up. */
  readonly temporary: boolean;
  /** The subscription this call relied on is gone: drop the stream and resubscribe. */
  readonly subscriptionLost: boolean;
}

const outcome = (
  meaning: string,
  ok: boolean,
  temporary = false,
  subscriptionLost = false,
): StatusOutcome => ({
  meaning,
  ok,
  temporary,
  subscriptionLost,
});

const table: ReadonlyMap<number, StatusOutcome> = new Map<number, StatusOutcome>([
  [200, outcome("OK", true)],
  [202, outcome("Accepted", true)],
  [204, outcome("No Content", true)],
  [307, outcome("redirect to the leading master", false, true)],
  [400, outcome("bad request", false)],
  [401, outcome("authentication required", false)],
  [403, outcome("forbidden or framework not subscribed", false, false, true)],
  [404, outcome("endpoint not ready (master starting)", false, true)],
  [405, outcome("method not allowed", false)],
  [406, outcome("not acceptable", false)],
  [409, outcome("conflict", false)],
  [415, outcome("unsupported media type", false)],
  [429, outcome("too many requests", false, true)],
  [500, outcome("internal server error", false)],
  [501, outcome("call type not implemented", false)],
  [503, outcome("no leader elected or master recovering", false, true)],
]);

const unknownOutcome = (status: number): StatusOutcome =>
  outcome(`unexpected status ${status}`, status >= 200 && status < 300);

/**
 * UPDATE_FRAMEWORK's own 403 means the authorizer denied the new FrameworkInfo
 * (`Master::updateFramework`, `src/master/master.cpp`): resubscribing would not help. (Its "not
 * subscribed" 403 goes with a stream the master closed, which the client sees on the stream
 * itself.)
 */
const updateFrameworkForbidden = outcome(
  "forbidden (new FrameworkInfo not authorized, or framework not subscribed)",
  false,
);

/** The outcome of a status (of `callType`, when given); unknown statuses are errors that retrying will not fix. */
export function statusOutcome(status: number, callType?: string): StatusOutcome {
  if (status === 403 && callType === "UPDATE_FRAMEWORK") return updateFrameworkForbidden;
  return table.get(status) ?? unknownOutcome(status);
}

/**
 * The master's 503 while it recovers its registry after an election (src/master/http.cpp:
 * "Master has not finished recovery"): it lasts tens of ms on a real cluster, so it is worth a
 * short retry rather than the full reconnect backoff.
 */
export function isRecovering(status: number, body: string): boolean {
  return status === 503 && /not finished recovery/i.test(body);
}
