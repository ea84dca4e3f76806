import { sleep } from "../abort.js";
import type { Backoff } from "../backoff.js";
import { redirectChannel } from "../diagnostics.js";
import { HttpStatusError, SchedulerError } from "../errors.js";
import { DEFAULT_MAX_REDIRECTS, RedirectChain } from "./redirect.js";
import { statusOutcome } from "./status-table.js";
import { discard, readText, type Send } from "./transport.js";

/**
 * Composable HTTP behaviours (like undici interceptors): each wraps a `Send`. The client builds
 * `mapStatus(followRedirects(authorize(undiciSend(...))))`, plus `retry` for calls.
 */

/** Produces the `Authorization` header value (basic auth, tokens from a vault, ...). */
export type CredentialProvider = () => string | undefined | Promise<string | undefined>;

/**
 * Adds `Authorization` only for trusted masters (the configured cluster): a redirect to any
 * other host is sent without credentials.
 */
export function authorize(
  send: Send,
  credentials: CredentialProvider | undefined,
  isTrusted: (url: URL) => boolean,
): Send {
  if (credentials === undefined) return send;
  return async (req) => {
    if (!isTrusted(req.url)) return send(req);
    const value = await credentials();
    return send(value === undefined ? req : { ...req, headers: { ...req.headers, authorization: value } });
  };
}

export interface RedirectOptions {
  maxRedirects?: number;
  /** Told of each hop (the client remembers the leader). */
  onRedirect?: (from: URL, to: URL) => void;
}

/** Follows 307s manually: same method and body, scheme kept, hop limit, loop detection. */
export function followRedirects(send: Send, options: RedirectOptions = {}): Send {
  const max = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  return async (req) => {
    const chain = new RedirectChain(req.url, max);
    let current = req;
    for (;;) {
      const res = await send(current);
      if (res.status !== 307) return res;
      const location = res.headers.location;
      await discard(res.body);
      const to = chain.follow(current.url, Array.isArray(location) ? location[0] : location);
      if (redirectChannel.hasSubscribers) {
        redirectChannel.publish({
          from: current.url.href,
          to: to.href,
          hop: chain.hops,
          callType: req.callType,
        });
      }
      options.onRedirect?.(current.url, to);
      current = { ...current, url: to };
    }
  };
}

/** Turns any status the table does not call success into an HttpStatusError (body text kept). */
export function mapStatus(send: Send): Send {
  return async (req) => {
    const res = await send(req);
    const outcome = statusOutcome(res.status, req.callType);
    if (outcome.ok) return res;
    const text = await readText(res.body);
    throw new HttpStatusError(
      res.status,
      text,
      outcome.meaning,
      outcome.subscriptionLost,
      outcome.temporary,
      req.callType,
    );
  };
}

export interface RetryOptions {
  /** Attempts in all, first one included (default 3). */
  maxAttempts?: number;
  /** A fresh Backoff per request. */
  backoff: () => Backoff;
  /** Extra stop condition (e.g. the subscription generation changed). */
  shouldStop?: () => boolean;
}

/** Retries temporary failures (503, 404, 429, network) with jittered exponential backoff. */
export function retry(send: Send, options: RetryOptions): Send {
  const max = options.maxAttempts ?? 3;
  return async (req) => {
    const backoff = options.backoff();
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(req);
      } catch (error) {
        const temporary =
          error instanceof SchedulerError && error.temporary && error.code !== "MESOS_SCHEDULER_ABORTED";
        if (!temporary || attempt >= max || options.shouldStop?.() || req.signal?.aborted) throw error;
        await sleep(backoff.next(), req.signal);
      }
    }
  };
}
