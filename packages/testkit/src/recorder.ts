import { EventEmitter } from "node:events";
import type { master, scheduler } from "@mesos-ts/proto";
import { WaitTimeoutError } from "./errors.js";

/** One HTTP request a simulated master (or agent) received, exactly as it arrived. */
export interface RecordedRequest {
  readonly seq: number;
  /** `Date.now()` when the body was complete. */
  readonly at: number;
  /** Which master (index in `cluster.masters`), or -1 for an agent. */
  readonly master: number;
  readonly method: string;
  /** The path as sent (before aliasing) with query. */
  readonly url: string;
  /** Header names lowercased; repeated headers joined by ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body bytes (chunked bodies reassembled). */
  readonly body: Buffer;
  /** Decoded scheduler call, when the body parsed. */
  readonly call?: scheduler.Call;
  /** Decoded operator call, when the body parsed. */
  readonly operatorCall?: master.Call;
  /** Status answered (set once answered; 200 for streams). */
  status?: number;
  /** Plain-text error body answered, if any. */
  responseText?: string;
}

/** One event written (or attempted) on a scheduler subscription stream. */
export interface RecordedEvent {
  readonly seq: number;
  readonly at: number;
  readonly master: number;
  readonly frameworkId: string | undefined;
  readonly streamId: string;
  readonly event: scheduler.Event;
  /** The encoded payload (without RecordIO framing). */
  readonly payload: Uint8Array;
}

export interface WaitOptions {
  /** Default 5000 ms. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

/**
 * Everything the cluster received and sent, in order, with await-style helpers.
 * `waitForCall` also matches calls recorded *before* it was called, so there is no race
 * between triggering a call and waiting for it (use `since` to skip older ones).
 */
export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly events: RecordedEvent[] = [];
  readonly #emitter = new EventEmitter();
  #seq = 0;

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  /** The current sequence number: pass as `since` to only see what comes next. */
  get mark(): number {
    return this.#seq;
  }

  addRequest(r: Omit<RecordedRequest, "seq">): RecordedRequest {
    const rec: RecordedRequest = { ...r, seq: this.nextSeq() };
    this.requests.push(rec);
    this.#emitter.emit("request", rec);
    return rec;
  }

  /** Called when a request's answer is known. */
  answered(r: RecordedRequest, status: number, text?: string): void {
    r.status = status;
    if (text !== undefined) r.responseText = text;
    this.#emitter.emit("answered", r);
  }

  addEvent(e: Omit<RecordedEvent, "seq">): RecordedEvent {
    const rec: RecordedEvent = { ...e, seq: this.nextSeq() };
    this.events.push(rec);
    this.#emitter.emit("event", rec);
    return rec;
  }

  /** Scheduler calls that parsed, optionally of one type. */
  calls(type?: scheduler.Call_Type): scheduler.Call[] {
    return this.requests
      .filter((r) => r.call !== undefined && (type === undefined || r.call.type === type))
      .map((r) => r.call as scheduler.Call);
  }

  /** Waits for a recorded request whose decoded scheduler call matches. */
  waitForCall(
    predicate: (call: scheduler.Call, request: RecordedRequest) => boolean,
    options: WaitOptions & { since?: number } = {},
  ): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.call !== undefined && predicate(r.call, r), options);
  }

  /** Waits for a recorded request (any endpoint) that matches; resolves once it was answered. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    options: WaitOptions & { since?: number } = {},
  ): Promise<RecordedRequest> {
    const since = options.since ?? 0;
    const matches = (r: RecordedRequest) => r.seq > since && r.status !== undefined && predicate(r);
    return this.#wait("answered", () => this.requests.find(matches), matches, "a matching request", options);
  }

  /** Waits for an event written to a scheduler stream that matches. */
  waitForEvent(
    predicate: (event: scheduler.Event, record: RecordedEvent) => boolean,
    options: WaitOptions & { since?: number } = {},
  ): Promise<RecordedEvent> {
    const since = options.since ?? 0;
    const matches = (r: RecordedEvent) => r.seq > since && predicate(r.event, r);
    return this.#wait("event", () => this.events.find(matches), matches, "a matching event", options);
  }

  #wait<T>(
    name: string,
    existing: () => T | undefined,
    matches: (x: T) => boolean,
    what: string,
    options: WaitOptions,
  ): Promise<T> {
    const found = existing();
    if (found !== undefined) return Promise.resolve(found);
    const timeout = options.timeout ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const onItem = (x: T) => {
        if (!matches(x)) return;
        cleanup();
        resolve(x);
      };
      const onAbort = () => {
        cleanup();
        reject(options.signal?.reason);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new WaitTimeoutError(what, timeout));
      }, timeout);
      const cleanup = () => {
        clearTimeout(timer);
        this.#emitter.off(name, onItem);
        options.signal?.removeEventListener("abort", onAbort);
      };
      this.#emitter.on(name, onItem);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  clear(): void {
    this.requests.length = 0;
    this.events.length = 0;
  }
}
