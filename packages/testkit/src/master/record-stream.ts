import type { ServerResponse } from "node:http";
import { encode as encodeRecord } from "@mesos-ts/recordio";

/**
 * A RecordIO response stream (scheduler or operator SUBSCRIBE): `200`, chunked, and **one
 * `write()` (so one HTTP chunk) per record**, as Mesos does. Writes go through a queue so that
 * faults (stall, trickle, drop in the middle of a record) can act between or inside records.
 */
export class RecordStream {
  readonly #res: ServerResponse;
  readonly #queue: Uint8Array[] = [];
  readonly #closeHandlers: Array<() => void> = [];
  #pumping = false;
  #stalled = false;
  #trickleMs: number | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(res: ServerResponse, contentType: string, extraHeaders: Record<string, string> = {}) {
    this.#res = res;
    res.writeHead(200, { "Content-Type": contentType, ...extraHeaders });
    // Headers go out now: Mesos answers 200 before validating a SUBSCRIBE (`src/master/master.cpp`).
    res.flushHeaders();
    const onGone = () => this.#markClosed();
    res.on("close", onGone);
    res.socket?.on("close", onGone);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  onClose(handler: () => void): void {
    if (this.#closed) queueMicrotask(handler);
    else this.#closeHandlers.push(handler);
  }

  /** Frames one payload as a record and queues it. */
  send(payload: Uint8Array): void {
    this.writeRaw(encodeRecord(payload));
  }

  /** Queues raw bytes (faults: malformed framing). */
  writeRaw(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#queue.push(bytes);
    this.#pump();
  }

  /** No bytes at all until `resume()`; queued records wait. */
  stall(): void {
    this.#stalled = true;
  }

  resume(): void {
    this.#stalled = false;
    this.#trickleMs = undefined;
    this.#pump();
  }

  /** Every later byte in its own write, `delayMs` apart. */
  trickle(delayMs: number): void {
    this.#trickleMs = delayMs;
  }

  /**
   * Cuts the connection (socket destroyed, no terminating chunk). With `midRecord`, first
   * writes the first half of `partial` (or of the next queued record).
   */
  drop(options: { midRecord?: boolean; partial?: Uint8Array } = {}): void {
    if (this.#closed) return;
    const record = options.midRecord ? (this.#queue.shift() ?? options.partial) : undefined;
    this.#queue.length = 0;
    const cut = () => {
      this.#res.socket?.destroy();
      this.#res.destroy();
      this.#markClosed();
    };
    if (record && record.length > 1) {
      this.#stalled = true; // nothing else goes out before the cut
      this.#res.write(record.subarray(0, Math.ceil(record.length / 2)), () => setTimeout(cut, 20));
    } else {
      cut();
    }
  }

  /** Ends the response cleanly (terminating chunk) after what is queued. */
  end(): void {
    if (this.#closed) return;
    this.#queue.push(new Uint8Array(0));
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    try {
      while (!this.#stalled && this.#queue.length > 0 && !this.#closed) {
        const next = this.#queue[0] as Uint8Array;
        if (next.length === 0) {
          this.#queue.shift();
          this.#res.end();
          this.#markClosed();
          return;
        }
        if (this.#trickleMs !== undefined) {
          this.#res.write(next.subarray(0, 1));
          if (next.length > 1) this.#queue[0] = next.subarray(1);
          else this.#queue.shift();
          this.#timer = setTimeout(() => {
            this.#timer = undefined;
            this.#pumping = false;
            this.#pump();
          }, this.#trickleMs);
          return;
        }
        this.#queue.shift();
        this.#res.write(next);
      }
    } finally {
      if (this.#timer === undefined) this.#pumping = false;
    }
  }

  #markClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    if (!this.#res.writableEnded) this.#res.destroy();
    for (const h of this.#closeHandlers.splice(0)) h();
  }
}
