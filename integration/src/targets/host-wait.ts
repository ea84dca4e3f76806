/**
 * Readiness checks that work in host networking, where testcontainers' port-based strategies
 * have no mapped port to probe: the test process probes the Docker host directly.
 */
import { connect } from "node:net";
import type { WaitStrategy } from "testcontainers";

type Probe = () => Promise<boolean>;

/** Polls `probe` every 250 ms until it answers true or the startup timeout passes. */
export class PollingWaitStrategy implements WaitStrategy {
  #timeout = 60_000;
  #timeoutSet = false;

  constructor(
    readonly description: string,
    readonly probe: Probe,
  ) {}

  async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + this.#timeout;
    for (;;) {
      if (await this.probe().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`not ready after ${this.#timeout} ms: ${this.description}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  withStartupTimeout(ms: number): this {
    this.#timeout = ms;
    this.#timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.#timeoutSet;
  }

  getStartupTimeout(): number {
    return this.#timeout;
  }
}

/** ZooKeeper's `ruok` four-letter word answered with `imok`. */
export function ruokProbe(host: string, port: number, timeoutMs = 2_000): Probe {
  return () =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      let answer = "";
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.on("connect", () => socket.write("ruok"));
      socket.on("data", (d) => {
        answer += d.toString("latin1");
      });
      socket.on("end", () => done(answer === "imok"));
      socket.on("error", () => done(false));
    });
}

/** An HTTP GET answered 200. */
export function http200Probe(url: string, timeoutMs = 2_000): Probe {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.body?.cancel();
    return res.status === 200;
  };
}
