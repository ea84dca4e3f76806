import type { scheduler, v1 } from "@mesos-ts/proto";
import * as calls from "./calls/index.js";
import { TerminalError } from "./errors.js";
import { SuppressedRoles } from "./suppression.js";

/**
 * What the client knows about its subscription: the framework as the next SUBSCRIBE sends it
 * (with its id once known, the suppressed roles and offer constraints in force), and the facts
 * of the current stream (generation, stream id, leader) — plus the failover-timeout check.
 */
export class SubscriptionState {
  /** 1 for the first SUBSCRIBE that got its 200, +1 per resubscription. */
  generation = 0;
  streamId: string | undefined;
  /** The scheduler endpoint of the master the stream is on (the leader). */
  leaderUrl: URL | undefined;
  frameworkId: string | undefined;
  masterInfo: v1.MasterInfo | undefined;
  framework: v1.FrameworkInfo;
  readonly suppressed: SuppressedRoles;
  #offerConstraints: scheduler.OfferConstraints | undefined;
  /** When the last subscribed stream was lost (for failover_timeout). */
  #disconnectedAt: number | undefined;

  constructor(options: {
    framework: v1.FrameworkInfo;
    suppressedRoles?: string[] | undefined;
    offerConstraints?: scheduler.OfferConstraints | undefined;
  }) {
    this.framework = { ...options.framework };
    this.suppressed = new SuppressedRoles(options.suppressedRoles);
    this.#offerConstraints = options.offerConstraints;
    if (this.framework.id?.value) this.frameworkId = this.framework.id.value;
  }

  /** The SUBSCRIBE to send now. Throws TerminalError once failover_timeout has passed. */
  subscribeCall(): scheduler.Call {
    this.#checkFailoverTimeout();
    const suppressedRoles = this.suppressed.roles;
    return calls.subscribeCall(this.framework, {
      ...(suppressedRoles ? { suppressedRoles } : {}),
      ...(this.#offerConstraints ? { offerConstraints: this.#offerConstraints } : {}),
    });
  }

  /** A stream answered 200: generation `generation` on `url`. */
  opened(generation: number, streamId: string | undefined, url: URL): void {
    this.generation = generation;
    this.streamId = streamId;
    this.leaderUrl = url;
  }

  /** SUBSCRIBED arrived. */
  subscribed(frameworkId: string, masterInfo: v1.MasterInfo | undefined): void {
    this.frameworkId = frameworkId;
    this.framework = { ...this.framework, id: { value: frameworkId } };
    this.masterInfo = masterInfo;
    this.#disconnectedAt = undefined;
  }

  /** The stream ended; `wasSubscribed`: the failover timeout starts now. */
  lost(wasSubscribed: boolean): void {
    if (wasSubscribed) this.#disconnectedAt = performance.now();
  }

  /**
   * UPDATE_FRAMEWORK was accepted. A re-SUBSCRIBE updates the framework exactly like
   * UPDATE_FRAMEWORK (`Master::subscribe`, `src/master/master.cpp`), so it must carry the applied
   * suppressed roles and constraints, not the initial options: those may name roles the framework
   * no longer has, which the master refuses with an ERROR event.
   */
  updated(params: calls.UpdateFrameworkParams & { frameworkInfo: v1.FrameworkInfo }): void {
    this.framework = params.frameworkInfo;
    this.suppressed.reset(params.suppressedRoles);
    this.#offerConstraints = params.offerConstraints;
  }

  #checkFailoverTimeout(): void {
    const timeout = this.framework.failover_timeout ?? 0;
    if (this.#disconnectedAt === undefined || this.frameworkId === undefined || !(timeout > 0)) return;
    const elapsed = (performance.now() - this.#disconnectedAt) / 1000;
    if (elapsed > timeout) {
      throw new TerminalError(
        "failover-timeout-expired",
        `disconnected for ${elapsed.toFixed(1)} s, longer than failover_timeout ${timeout} s: the master has removed the framework`,
      );
    }
  }
}
