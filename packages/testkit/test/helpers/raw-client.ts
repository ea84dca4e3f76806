// A deliberately plain HTTP client (node:http), not @mesos-ts/scheduler: the simulator is tested
// with requests built by hand.
import { type IncomingMessage, request } from "node:http";
import { MesosJson, scheduler, v1 } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";

export type Media = "application/json" | "application/x-protobuf";

export interface RawResponse {
  status: number;
  headers: IncomingMessage["headers"];
  text: string;
}

/** One POST; resolves with status, headers and body text. */
export function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  method = "POST",
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export function encodeCall(call: scheduler.Call, media: Media): Uint8Array | string {
  return media === "application/json"
    ? MesosJson.stringify(scheduler.Call, call)
    : scheduler.Call.encode(call).finish();
}

/** A scheduler subscription read record by record. */
export class RawSubscription {
  readonly events: scheduler.Event[] = [];
  readonly chunks: Buffer[] = [];
  /** RecordIO framing or payload errors met while reading. */
  readonly errors: Error[] = [];
  status = 0;
  streamId: string | undefined;
  contentType: string | undefined;
  ended = false;
  frameworkId: string | undefined;
  #waiters: Array<() => void> = [];
  #req: ReturnType<typeof request> | undefined;
  readonly baseUrl: string;
  readonly media: Media;

  constructor(baseUrl: string, media: Media) {
    this.baseUrl = baseUrl;
    this.media = media;
  }

  /** Sends SUBSCRIBE; resolves when response headers arrived. */
  open(call: scheduler.Call, extraHeaders: Record<string, string> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const decoder = new RecordIODecoder();
      const req = request(
        `${this.baseUrl}/api/v1/scheduler`,
        {
          method: "POST",
          headers: { "Content-Type": this.media, Accept: this.media, ...extraHeaders },
          agent: false,
        },
        (res) => {
          this.status = res.statusCode ?? 0;
          this.streamId = res.headers["mesos-stream-id"] as string | undefined;
          this.contentType = res.headers["content-type"];
          res.on("data", (c: Buffer) => {
            this.chunks.push(c);
            if (this.status !== 200) return;
            let records: Uint8Array[];
            try {
              records = decoder.push(c);
            } catch (e) {
              this.errors.push(e as Error);
              return;
            }
            for (const record of records) {
              let event: scheduler.Event;
              try {
                event =
                  this.media === "application/json"
                    ? MesosJson.parse(scheduler.Event, record)
                    : scheduler.Event.decode(record);
              } catch (e) {
                this.errors.push(e as Error);
                continue;
              }
              if (event.type === scheduler.Event_Type.SUBSCRIBED) {
                this.frameworkId = event.subscribed?.framework_id?.value;
              }
              this.events.push(event);
            }
            this.#notify();
          });
          const done = () => {
            this.ended = true;
            this.#notify();
          };
          res.on("end", done);
          res.on("close", done);
          res.on("error", done);
          resolve();
        },
      );
      req.on("error", (e) => {
        this.ended = true;
        this.#notify();
        reject(e);
      });
      this.#req = req;
      req.end(encodeCall(call, this.media));
    });
  }

  #notify(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Waits for an event (already received ones count) matching `predicate`. */
  async next(
    predicate: (e: scheduler.Event) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<scheduler.Event> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(predicate);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; events: ${this.events.map((e) => e.type).join(",")}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout; events: ${this.events.map((e) => e.type).join(",")}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async waitEnded(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error("stream did not end");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** A non-SUBSCRIBE call with this stream's id. */
  call(call: scheduler.Call, headers: Record<string, string> = {}): Promise<RawResponse> {
    return post(`${this.baseUrl}/api/v1/scheduler`, encodeCall(call, this.media), {
      "Content-Type": this.media,
      ...(this.streamId ? { "Mesos-Stream-Id": this.streamId } : {}),
      ...headers,
    });
  }

  close(): void {
    this.#req?.destroy();
  }
}

export const subscribeCall = (
  info: Partial<NonNullable<scheduler.Call_Subscribe["framework_info"]>> = {},
  frameworkId?: string,
): scheduler.Call => ({
  type: scheduler.Call_Type.SUBSCRIBE,
  ...(frameworkId ? { framework_id: { value: frameworkId } } : {}),
  subscribe: {
    framework_info: {
      user: "tester",
      name: "raw-test",
      ...(frameworkId ? { id: { value: frameworkId } } : {}),
      ...info,
    },
  },
});

/** ACCEPT launching `tasks` on `offer` (the call a framework sends to start tasks). */
export const launchCall = (frameworkId: string, offer: v1.Offer, tasks: v1.TaskInfo[]): scheduler.Call => ({
  framework_id: { value: frameworkId },
  type: scheduler.Call_Type.ACCEPT,
  accept: {
    offer_ids: [offer.id as v1.OfferID],
    operations: [{ type: v1.Offer_Operation_Type.LAUNCH, launch: { task_infos: tasks } }],
  },
});

/** ACCEPT of `offer` launching one command task (0.1 cpus). */
export function launchCommandCall(
  frameworkId: string,
  offer: v1.Offer,
  taskId: string,
  command: string,
): scheduler.Call {
  return {
    type: scheduler.Call_Type.ACCEPT,
    framework_id: { value: frameworkId },
    accept: {
      offer_ids: [offer.id as v1.OfferID],
      operations: [
        {
          type: v1.Offer_Operation_Type.LAUNCH,
          launch: {
            task_infos: [
              {
                name: taskId,
                task_id: { value: taskId },
                agent_id: offer.agent_id,
                resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.1 } }],
                command: { value: command },
              },
            ],
          },
        },
      ],
    },
  };
}
