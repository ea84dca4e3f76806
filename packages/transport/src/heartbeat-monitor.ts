import type { Channel } from "node:diagnostics_channel";
import { type HeartbeatMissedMessage, heartbeatMissedChannel } from "./diagnostics.js";
import { HeartbeatTimeoutError } from "./errors.js";

export interface HeartbeatMonitorOptions {
  /** Heartbeat interval in ms (from SUBSCRIBED.heartbeat_interval_seconds). */
  intervalMs: number;
  /** Missed intervals after which the stream is dead (default 5). */
  missedLimit: number;
  /** Called once, with the reason, when the stream is declared dead. */
  onDead: (error: HeartbeatTimeoutError) => void;
  /** For diagnostics. */
  generation: number;
  /** Where missed intervals are published (default `mesos-ts:transport:heartbeat-missed`). */
  channel?: Channel;
}

export const DEFAULT_MISSED_HEARTBEATS = 5;
export const DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 15;

/**
 * Watches a stream for liveness: any record counts as a beat. One timer per interval; after
 * `missedLimit` intervals without a record, `onDead` fires once and the monitor stops. While
 * paused (the consumer is applying backpressure, so we are not reading) nothing counts as missed.
 */
export class HeartbeatMonitor {
  private last = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private stopped = false;
  private reported = 0;

  constructor(private options: HeartbeatMonitorOptions) {}

  /** (Re)starts with a new interval, counting from now. */
  start(intervalMs: number = this.options.intervalMs): void {
    this.options = { ...this.options, intervalMs };
    this.last = performance.now();
    this.reported = 0;
    this.stopped = false;
    this.arm();
  }

  /** A record arrived. */
  beat(): void {
    this.last = performance.now();
    this.reported = 0;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.beat();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), this.options.intervalMs);
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const { intervalMs, missedLimit, generation } = this.options;
    if (!this.paused) {
      const missed = Math.floor((performance.now() - this.last) / intervalMs);
      if (missed > this.reported) {
        this.reported = missed;
        const diagnostics = this.options.channel ?? heartbeatMissedChannel;
        if (diagnostics.hasSubscribers) {
          const message: HeartbeatMissedMessage = { generation, missed, limit: missedLimit, intervalMs };
          diagnostics.publish(message);
        }
        if (missed >= missedLimit) {
          this.stop();
          this.options.onDead(new HeartbeatTimeoutError(missed, intervalMs));
          return;
        }
      }
    }
    this.arm();
  }
}
