/** Exponential backoff with jitter, capped (pymesos-style), and the C++ client's leader-change delay. */
export interface BackoffOptions {
  /** First delay in ms (default 250). */
  initialMs?: number;
  /** Cap of any single delay in ms (default 15 000). */
  maxMs?: number;
  /** Growth factor per attempt (default 2). */
  factor?: number;
  /** Random source in [0, 1) (tests may inject one). */
  random?: () => number;
}

export const DEFAULT_BACKOFF_INITIAL_MS = 250;
export const DEFAULT_BACKOFF_MAX_MS = 15_000;
/** `connection_delay_max` of the reference C++ client (src/scheduler/constants.hpp). */
export const DEFAULT_LEADER_CHANGE_DELAY_MAX_MS = 500;

/**
 * Delay for attempt `n` (0-based): an "equal jitter" exponential — a random value between half
 * and all of min(max, initial * factor^n), so retries of many schedulers spread out but never
 * collapse to zero.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
    this.maxMs = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.factor = options.factor ?? 2;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs >= 0) || !(this.maxMs >= this.initialMs) || !(this.factor >= 1)) {
      throw new RangeError("backoff: need 0 <= initialMs <= maxMs and factor >= 1");
    }
  }

  /** Attempts counted since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The next delay in ms; each call counts one attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * this.factor ** Math.min(this.attempt, 64));
    this.attempt++;
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Random delay in [0, maxMs] before connecting to a newly detected leader. */
export function leaderChangeDelay(
  maxMs: number = DEFAULT_LEADER_CHANGE_DELAY_MAX_MS,
  random = Math.random,
): number {
  return random() * maxMs;
}
