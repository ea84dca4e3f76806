import type { MediaType } from "../http/accept.js";
import type { RecordStream } from "./record-stream.js";

/**
 * An event stream with its heartbeat: the timer belongs to the subscription, starts with
 * `heartbeats()` and stops by itself however the stream ends (end, drop, client gone).
 */
export class HeartbeatStream {
  readonly stream: RecordStream;
  readonly media: MediaType;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: RecordStream, media: MediaType) {
    this.stream = stream;
    this.media = media;
    stream.onClose(() => this.#stop());
  }

  /** Sends a heartbeat now and every `intervalMs` (skipped while the stream is stalled). */
  heartbeats(intervalMs: number, beat: () => void): void {
    this.#stop();
    const tick = () => {
      if (!this.stream.stalled && !this.stream.closed) beat();
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
  }

  /** Ends the stream cleanly (last chunk written). */
  end(): void {
    this.#stop();
    this.stream.end();
  }

  /** Cuts the connection (a crash). */
  drop(): void {
    this.#stop();
    this.stream.drop();
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** A live scheduler subscription: its stream, id, encoding and the master that holds it. */
export class Subscription extends HeartbeatStream {
  readonly streamId: string;
  /** Index of the master that holds the stream. */
  readonly master: number;

  constructor(init: { stream: RecordStream; media: MediaType; streamId: string; master: number }) {
    super(init.stream, init.media);
    this.streamId = init.streamId;
    this.master = init.master;
  }
}
