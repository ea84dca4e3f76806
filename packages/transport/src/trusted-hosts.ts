/**
 * The hosts that may receive credentials: the configured cluster, every leader a detector
 * reports, and hosts the user names. A redirect anywhere else is followed without them.
 */
export class TrustedHosts {
  readonly #hosts = new Set<string>();

  constructor(hosts: Iterable<string> = []) {
    for (const h of hosts) this.add(h);
  }

  add(host: string): void {
    this.#hosts.add(bare(host));
  }

  /** Adds the host of `url`. */
  addUrl(url: URL): void {
    this.add(url.hostname);
  }

  has(url: URL): boolean {
    return this.#hosts.has(bare(url.hostname));
  }

  get size(): number {
    return this.#hosts.size;
  }
}

/** IPv6 literals appear bracketed in URLs and bare elsewhere. */
function bare(host: string): string {
  return host.replace(/^\[|\]$/g, "").toLowerCase();
}
