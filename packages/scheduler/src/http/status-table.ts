/**
 * What every status of POST /api/v1/scheduler means (PROTOCOL.md §3.1). Retry and
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

const table: ReadonlyMap<number, StatusOutcome> = new Map<number, StatusOutcome>([
  [200, { meaning: "OK", ok: true, temporary: false, subscriptionLost: false }],
  [202, { meaning: "Accepted", ok: true, temporary: false, subscriptionLost: false }],
  [307, { meaning: "redirect to the leading master", ok: false, temporary: true, subscriptionLost: false }],
  [400, { meaning: "bad request", ok: false, temporary: false, subscriptionLost: false }],
  [401, { meaning: "authentication required", ok: false, temporary: false, subscriptionLost: false }],
  [
    403,
    { meaning: "forbidden or framework not subscribed", ok: false, temporary: false, subscriptionLost: true },
  ],
  [
    404,
    { meaning: "endpoint not ready (master starting)", ok: false, temporary: true, subscriptionLost: false },
  ],
  [405, { meaning: "method not allowed", ok: false, temporary: false, subscriptionLost: false }],
  [406, { meaning: "not acceptable", ok: false, temporary: false, subscriptionLost: false }],
  [409, { meaning: "conflict", ok: false, temporary: false, subscriptionLost: false }],
  [415, { meaning: "unsupported media type", ok: false, temporary: false, subscriptionLost: false }],
  [429, { meaning: "too many requests", ok: false, temporary: true, subscriptionLost: false }],
  [500, { meaning: "internal server error", ok: false, temporary: false, subscriptionLost: false }],
  [501, { meaning: "call type not implemented", ok: false, temporary: false, subscriptionLost: false }],
  [
    503,
    {
      meaning: "no leader elected or master recovering",
      ok: false,
      temporary: true,
      subscriptionLost: false,
    },
  ],
]);

const unknownOutcome = (status: number): StatusOutcome => ({
  meaning: `unexpected status ${status}`,
  ok: status >= 200 && status < 300,
  temporary: false,
  subscriptionLost: false,
});

/**
 * UPDATE_FRAMEWORK's own 403 means the authorizer denied the new FrameworkInfo (PROTOCOL.md
 * §3.11): resubscribing would not help. (Its "not subscribed" 403 goes with a stream the master
 * closed, which the client sees on the stream itself.)
 */
const updateFrameworkForbidden: StatusOutcome = {
  meaning: "forbidden (new FrameworkInfo not authorized, or framework not subscribed)",
  ok: false,
  temporary: false,
  subscriptionLost: false,
};

/** The outcome of a status (of `callType`, when given); unknown statuses are errors that retrying will not fix. */
export function statusOutcome(status: number, callType?: string): StatusOutcome {
  if (status === 403 && callType === "UPDATE_FRAMEWORK") return updateFrameworkForbidden;
  return table.get(status) ?? unknownOutcome(status);
}
