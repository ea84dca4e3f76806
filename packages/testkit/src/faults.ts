import { createServer } from "node:net";
import { scheduler } from "@mesos-ts/proto";
import { encodeBody } from "./codec.js";
import { NotFoundError } from "./errors.js";
import { JSON_MEDIA } from "./http/accept.js";
import type { MasterCore } from "./master/core.js";
import type { SimMaster } from "./master/master.js";
import type { FrameworkRecord, Subscription } from "./master/registry.js";

/**
 * Faults on demand. Stream faults act on a framework's current subscription stream; master
 * faults on the next requests a master receives. Crash and step-down live on the cluster.
 */
export class Faults {
  readonly #core: MasterCore;
  readonly #masters: readonly SimMaster[];

  constructor(core: MasterCore, masters: readonly SimMaster[]) {
    this.#core = core;
    this.#masters = masters;
  }

  #subscription(frameworkId: string): { fw: FrameworkRecord; sub: Subscription } {
    const fw = this.#core.registry.frameworks.get(frameworkId);
    const sub = fw?.subscription;
    if (!fw || !sub) throw new NotFoundError(`framework ${frameworkId} has no subscription stream`);
    return { fw, sub };
  }

  #master(index: number): SimMaster {
    const m = this.#masters[index];
    if (!m) throw new NotFoundError(`no master ${index}`);
    return m;
  }

  /** Cuts the stream's connection; with `midRecord` after half of a record. */
  dropStream(frameworkId: string, options: { midRecord?: boolean } = {}): void {
    const { sub } = this.#subscription(frameworkId);
    const heartbeat = encodeBody(scheduler.Event, sub.media, { type: scheduler.Event_Type.HEARTBEAT });
    const record = Buffer.concat([Buffer.from(`${heartbeat.length}\n`), heartbeat]);
    sub.stream.drop({ ...(options.midRecord ? { midRecord: true } : {}), partial: record });
  }

  /** No bytes at all (no heartbeats either) until `resumeStream`. */
  stallStream(frameworkId: string): void {
    this.#subscription(frameworkId).sub.stream.stall();
  }

  resumeStream(frameworkId: string): void {
    this.#subscription(frameworkId).sub.stream.resume();
  }

  /** Every later byte of the stream in its own chunk, `delayMs` apart. */
  trickleStream(frameworkId: string, delayMs = 1): void {
    this.#subscription(frameworkId).sub.stream.trickle(delayMs);
  }

  /** Writes bytes that are not RecordIO (`bytes` default: a non-numeric length line). */
  malformedRecordIO(frameworkId: string, bytes: Uint8Array = Buffer.from("x1z\n{}")): void {
    this.#subscription(frameworkId).sub.stream.writeRaw(bytes);
  }

  /** A well-framed record whose payload is not a valid event in the stream's encoding. */
  invalidEvent(frameworkId: string): void {
    const { sub } = this.#subscription(frameworkId);
    sub.stream.send(sub.media === JSON_MEDIA ? Buffer.from('{"type":') : Buffer.from([0x08, 0xff, 0xff]));
  }

  /** An ERROR event nobody asked for; with `close`, the stream ends after it, as Mesos does. */
  unsolicitedError(
    frameworkId: string,
    message = "Simulated error",
    options: { close?: boolean } = {},
  ): void {
    const { fw, sub } = this.#subscription(frameworkId);
    this.#core.sendEvent(fw, { type: scheduler.Event_Type.ERROR, error: { message } });
    if (options.close) sub.stream.end();
  }

  /** The next `count` requests to master `index` get 503 (a storm). */
  serviceUnavailable(index: number, count: number, text = "Master has not finished recovery"): void {
    const m = this.#master(index);
    m.faults.unavailable = count;
    m.faults.unavailableText = text;
  }

  /** The next `count` requests to master `index` are redirected to that same master. */
  redirectLoop(index: number, count: number): void {
    const m = this.#master(index);
    m.faults.redirects = count;
    m.faults.redirectLocation = undefined;
  }

  /** The next `count` requests to master `index` are redirected to a port nobody listens on. */
  async redirectToDeadMaster(index: number, count: number): Promise<string> {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const m = this.#master(index);
    m.faults.redirects = count;
    m.faults.redirectLocation = `//127.0.0.1:${port}/master/api/v1/scheduler`;
    return `http://127.0.0.1:${port}`;
  }

  /** The next `count` SUBSCRIBEs on master `index` are answered without `Mesos-Stream-Id`. */
  omitStreamId(index: number, count = 1): void {
    this.#master(index).faults.omitStreamId = count;
  }

  /** Every UPDATE event is written twice while on. */
  duplicateUpdates(on = true): void {
    this.#core.faults.duplicateUpdates = on;
  }
}
