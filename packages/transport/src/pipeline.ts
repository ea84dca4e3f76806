import type { Channel } from "node:diagnostics_channel";
import { sleep } from "./abort.js";
import type { Backoff } from "./backoff.js";
import type { CredentialProvider } from "./credentials.js";
import { type RedirectMessage, redirectChannel } from "./diagnostics.js";
import { HttpStatusError, MesosClientError } from "./errors.js";
import { DEFAULT_MAX_REDIRECTS, RedirectChain } from "./redirect.js";
import { discard, readText, type Send } from "./send.js";
import { statusOutcome } from "./status-table.js";

/**
 * Adds `Authorization` only for trusted hosts (the configured cluster): a redirect to any other
 * host is sent without credentials.
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
  /** Where hops are published (default `mesos-ts:transport:redirect`). */
  channel?: Channel;
}

/** Follows 307s manually: same method and body, scheme kept, hop limit, loop detection. */
export function followRedirects(send: Send, options: RedirectOptions = {}): Send {
  const max = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const diagnostics = options.channel ?? redirectChannel;
  return async (req) => {
    const chain = new RedirectChain(req.url, max);
    let current = req;
    for (;;) {
      const res = await send(current);
      if (res.status !== 307) return res;
      const location = res.headers.location;
      await discard(res.body);
      const to = chain.follow(current.url, Array.isArray(location) ? location[0] : location);
      if (diagnostics.hasSubscribers) {
        const message: RedirectMessage = {
          from: current.url.href,
          to: to.href,
          hop: chain.hops,
          callType: req.callType,
        };
        diagnostics.publish(message);
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

/** Whether an error is worth another attempt: typed, temporary, not an abort. */
export function isTemporary(error: unknown): boolean {
  return error instanceof MesosClientError && error.temporary && error.code !== "MESOS_TRANSPORT_ABORTED";
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
        if (!isTemporary(error) || attempt >= max || options.shouldStop?.() || req.signal?.aborted)
          throw error;
        await sleep(backoff.next(), req.signal);
      }
    }
  };
}
