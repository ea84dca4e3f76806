// A small scriptable Mesos master on real node:http over loopback, speaking real RecordIO:
// just enough of /api/v1/scheduler to test the client's HTTP behaviours.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MesosJson, scheduler } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";

export type Wire = "protobuf" | "json";

export interface RecordedCall {
  readonly call: scheduler.Call;
  readonly headers: IncomingMessage["headers"];
  readonly at: number;
}

export interface SubscribeContext {
  readonly call: scheduler.Call;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** 0-based index of this SUBSCRIBE among all received. */
  readonly attempt: number;
}

export interface FakeMasterOptions {
  /** Heartbeat interval announced in SUBSCRIBED and used (seconds; default 15). */
  heartbeatSeconds?: number;
  /** Framework id handed to new frameworks. */
  frameworkId?: string;
  /**
   * Intercepts SUBSCRIBE: return true when it answered the request itself (307, 503, ERROR...).
   */
  onSubscribe?: (ctx: SubscribeContext) => boolean | Promise<boolean>;
  /** Intercepts other calls: return a status to answer with, or undefined for the default 202. */
  onCall?: (call: scheduler.Call, req: IncomingMessage) => number | undefined | Promise<number | undefined>;
}

export interface Stream {
  readonly streamId: string;
  readonly wire: Wire;
  readonly res: ServerResponse;
  readonly frameworkId: string;
  heartbeats: NodeJS.Timeout | undefined;
  closed: boolean;
}

const TEXT = new TextEncoder();

export function encodeEvent(event: scheduler.Event, wire: Wire): Uint8Array {
  return wire === "json"
    ? TEXT.encode(MesosJson.stringify(scheduler.Event, event))
    : scheduler.Event.encode(event).finish();
}

export function wireOf(mediaType: string | undefined): Wire {
  return mediaType === "application/json" ? "json" : "protobuf";
}

export class FakeMaster {
  readonly server: Server;
  readonly calls: RecordedCall[] = [];
  readonly subscribes: RecordedCall[] = [];
  readonly streams: Stream[] = [];
  url = "";
  #waiters: Array<() => void> = [];

  constructor(readonly options: FakeMasterOptions = {}) {
    this.server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: FakeMasterOptions = {}): Promise<FakeMaster> {
    const m = new FakeMaster(options);
    await new Promise<void>((resolve) => m.server.listen(0, "127.0.0.1", resolve));
    m.url = `http://127.0.0.1:${(m.server.address() as AddressInfo).port}`;
    return m;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The newest open stream. */
  get stream(): Stream | undefined {
    return this.streams.filter((s) => !s.closed).at(-1);
  }

  callsOf(type: scheduler.Call_Type): RecordedCall[] {
    return this.calls.filter((c) => c.call.type === type);
  }

  /** Resolves when `predicate` holds (checked after every request and stream change). */
  async until(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 20);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends one event on the newest (or given) stream. */
  send(event: scheduler.Event, stream = this.stream): void {
    if (!stream || stream.closed) throw new Error("no open stream");
    stream.res.write(encode(encodeEvent(event, stream.wire)));
  }

  /** Writes raw bytes on the stream (broken records, partial records). */
  writeRaw(bytes: Uint8Array | string, stream = this.stream): void {
    if (!stream || stream.closed) throw new Error("no open stream");
    stream.res.write(bytes);
  }

  /** Stops heartbeats (and everything else) without closing: a stalled stream. */
  stall(stream = this.stream): void {
    if (stream?.heartbeats) clearInterval(stream.heartbeats);
    if (stream) stream.heartbeats = undefined;
  }

  /** Kills the connection of a stream abruptly. */
  cut(stream = this.stream): void {
    if (!stream) return;
    this.stall(stream);
    stream.closed = true;
    stream.res.socket?.destroy();
    this.#notify();
  }

  async close(): Promise<void> {
    for (const s of this.streams) this.cut(s);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #notify(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const ct = req.headers["content-type"];
    if (ct !== "application/json" && ct !== "application/x-protobuf") {
      res.writeHead(415).end();
      return;
    }
    const call =
      ct === "application/json"
        ? MesosJson.parse(scheduler.Call, body, { allowPartial: true })
        : scheduler.Call.decode(body);
    const recorded = { call, headers: req.headers, at: performance.now() };
    try {
      if (call.type === scheduler.Call_Type.SUBSCRIBE) {
        this.subscribes.push(recorded);
        const ctx = { call, req, res, attempt: this.subscribes.length - 1 };
        if (this.options.onSubscribe && (await this.options.onSubscribe(ctx))) return;
        this.openStream(ctx);
        return;
      }
      this.calls.push(recorded);
      const streamId = req.headers["mesos-stream-id"];
      const override = await this.options.onCall?.(call, req);
      if (override !== undefined) {
        res
          .writeHead(override, { "content-type": "text/plain; charset=utf-8" })
          .end(override >= 300 ? "nope" : "");
        return;
      }
      if (!this.streams.some((s) => s.streamId === streamId && !s.closed)) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("The stream ID is not valid");
        return;
      }
      res.writeHead(call.type === scheduler.Call_Type.UPDATE_FRAMEWORK ? 200 : 202).end();
    } finally {
      this.#notify();
    }
  }

  /** Answers a SUBSCRIBE the way a leading master does: 200, stream id, SUBSCRIBED, HEARTBEAT. */
  openStream(ctx: SubscribeContext, options: { sendSubscribed?: boolean } = {}): Stream {
    const wire = wireOf(ctx.req.headers.accept);
    const streamId = randomUUID();
    const frameworkId =
      ctx.call.subscribe?.framework_info?.id?.value ?? this.options.frameworkId ?? `${randomUUID()}-0000`;
    ctx.res.writeHead(200, {
      "content-type": wire === "json" ? "application/json" : "application/x-protobuf",
      "mesos-stream-id": streamId,
    });
    ctx.res.flushHeaders();
    const stream: Stream = {
      streamId,
      wire,
      res: ctx.res,
      frameworkId,
      heartbeats: undefined,
      closed: false,
    };
    this.streams.push(stream);
    ctx.res.on("close", () => {
      stream.closed = true;
      if (stream.heartbeats) clearInterval(stream.heartbeats);
      this.#notify();
    });
    if (options.sendSubscribed !== false) {
      const hb = this.options.heartbeatSeconds ?? 15;
      this.send(
        {
          type: scheduler.Event_Type.SUBSCRIBED,
          subscribed: {
            framework_id: { value: frameworkId },
            heartbeat_interval_seconds: hb,
            master_info: { id: "fake", ip: 16777343, port: this.port, hostname: "127.0.0.1" },
          },
        },
        stream,
      );
      this.send({ type: scheduler.Event_Type.HEARTBEAT }, stream);
      stream.heartbeats = setInterval(() => {
        if (!stream.closed) this.send({ type: scheduler.Event_Type.HEARTBEAT }, stream);
      }, hb * 1000);
    }
    this.#notify();
    return stream;
  }
}

/** Answers with a 307 to `location` (protocol-relative, like Mesos). */
export function redirect(res: ServerResponse, location: string): true {
  res.writeHead(307, { location }).end();
  return true;
}

export function status(res: ServerResponse, code: number, text = ""): true {
  res.writeHead(code, { "content-type": "text/plain; charset=utf-8" }).end(text);
  return true;
}
