/** Where calls go: the leading master (follows 307s, tries the others) or one named agent. */
export interface Locator {
  /** Base URL (`http://host:port`) to send the next request to. */
  current(signal?: AbortSignal): Promise<string>;
  /** A 307 from `from` pointing at `location`; returns the new base or undefined if redirects are not followed. */
  redirected(from: string, location: string): string | undefined;
  /** `base` could not be used (network error, 503); true when another attempt is worth it. */
  failed(base: string): boolean;
  close(): Promise<void>;
}

/** An agent (or one master, pinned): no redirects, no alternatives. */
export class FixedLocator implements Locator {
  constructor(readonly base: string) {}
  async current(): Promise<string> {
    return this.base;
  }
  redirected(): string | undefined {
    return undefined;
  }
  failed(): boolean {
    return false;
  }
  async close(): Promise<void> {}
}
