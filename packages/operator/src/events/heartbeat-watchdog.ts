/**
 * Fires once when nothing arrived for `allowanceMs` (the master's heartbeat interval times a
 * factor). `feed()` on every record; one timer at a time, cleared by `stop()`.
 */
export class HeartbeatWatchdog {
  #timer: NodeJS.Timeout | undefined;
  #allowanceMs: number;
  #last = Date.now();

  constructor(
    allowanceMs: number,
    private readonly onSilence: (silentMs: number) => void,
  ) {
    this.#allowanceMs = allowanceMs;
    this.#arm();
  }

  set allowanceMs(ms: number) {
    this.#allowanceMs = ms;
    this.#arm();
  }

  feed(): void {
    this.#last = Date.now();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    clearTimeout(this.#timer);
    // Checks at the allowance rather than re-arming per record: feed() stays a clock read.
    this.#timer = setTimeout(
      () => {
        const silent = Date.now() - this.#last;
        if (silent >= this.#allowanceMs) this.onSilence(silent);
        else this.#arm();
      },
      Math.max(1, this.#allowanceMs - (Date.now() - this.#last)),
    );
    this.#timer.unref?.();
  }
}
