import {
  BadRedirectError,
  InsecureRedirectError,
  RedirectLoopError,
  TooManyRedirectsError,
} from "./errors.js";

/** Default hop limit of one request's 307 chain. */
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * Resolves a 307 `Location` (Mesos sends protocol-relative `//host:port/master/api/v1/scheduler`,
 * `src/master/http.cpp`) against the URL that was asked. The scheme is kept; an explicit https →
 * http downgrade is refused; only http(s) targets are followed.
 */
export function resolveRedirect(from: URL, location: string | undefined): URL {
  if (location === undefined || location.trim() === "") throw new BadRedirectError(from.href, location);
  let target: URL;
  try {
    target = new URL(location.trim(), from);
  } catch (error) {
    throw new BadRedirectError(from.href, location, { cause: error });
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new BadRedirectError(from.href, location);
  if (from.protocol === "https:" && target.protocol !== "https:")
    throw new InsecureRedirectError(from.href, target.href);
  target.hash = "";
  return target;
}

/**
 * One request's walk through 307s: counts hops and detects a return to a master already visited
 * (masters are compared by origin, since the leader answers under `/master/...` aliases).
 */
export class RedirectChain {
  private readonly visited: string[];

  constructor(
    start: URL,
    private readonly maxRedirects: number = DEFAULT_MAX_REDIRECTS,
  ) {
    this.visited = [start.href];
  }

  /** URLs visited so far, first one first. */
  get chain(): readonly string[] {
    return this.visited;
  }

  get hops(): number {
    return this.visited.length - 1;
  }

  /** The URL to ask next after a 307 from `from` carrying `location`. */
  follow(from: URL, location: string | undefined): URL {
    const target = resolveRedirect(from, location);
    const origins = this.visited.map((href) => new URL(href).origin);
    this.visited.push(target.href);
    if (origins.includes(target.origin)) throw new RedirectLoopError([...this.visited]);
    if (this.hops > this.maxRedirects) throw new TooManyRedirectsError([...this.visited]);
    return target;
  }
}
