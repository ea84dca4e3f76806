// One operator call over HTTP: POST /api/v1, follow the leader, map statuses to typed errors.
import { AbortedError, BadRedirectError, HttpStatusError, TooManyRedirectsError } from "../errors.js";
import type { Locator } from "./locator.js";
import { post, readErrorText } from "./post.js";
import { statusMeaning } from "./status-table.js";

export interface SendCallOptions {
  readonly locator: Locator;
  /** The call's type name, for errors. */
  readonly callType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A buffer can be re-sent after a redirect; a stream cannot (sent once, to the current base). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly maxRedirects: number;
  readonly signal?: AbortSignal | undefined;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for LIST_FILES). */
  readonly passStatuses?: readonly number[];
}

/** Resolves with a 2xx (or passed-through) response; throws typed errors for the rest. */
export async function sendCall(options: SendCallOptions): Promise<Response> {
  const { locator, signal } = options;
  let redirects = 0;
  let failures = 0; // bounded: a locator may offer alternatives, but not forever
  for (;;) {
    if (signal?.aborted) throw new AbortedError(signal.reason);
    const base = await locator.current(signal);
    let response: Response;
    try {
      response = await post({ url: `${base}/api/v1`, headers: options.headers, body: options.body, signal });
    } catch (error) {
      const retry =
        !(error instanceof AbortedError) &&
        options.body instanceof Uint8Array &&
        ++failures <= options.maxRedirects;
      if (retry && locator.failed(base)) continue;
      throw error;
    }
    if (response.status === 307) {
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get("location");
      if (!location) throw new BadRedirectError(location);
      let next: string | undefined;
      try {
        next = locator.redirected(base, location);
      } catch {
        throw new BadRedirectError(location);
      }
      if (next === undefined) throw new BadRedirectError(location);
      if (++redirects > options.maxRedirects) throw new TooManyRedirectsError(options.maxRedirects);
      if (!(options.body instanceof Uint8Array)) throw new BadRedirectError(location);
      continue;
    }
    if (
      (response.status >= 200 && response.status < 300) ||
      options.passStatuses?.includes(response.status)
    ) {
      return response;
    }
    const text = await readErrorText(response);
    const meaning = statusMeaning(response.status);
    const another =
      response.status === 503 && options.body instanceof Uint8Array && ++failures <= options.maxRedirects;
    if (another && locator.failed(base)) continue;
    throw new HttpStatusError(response.status, text, meaning.meaning, options.callType, meaning.temporary);
  }
}
