// The executor side of /api/v1/executor by hand (node:http), not @mesos-ts/executor: the
// simulator is tested with requests built by hand.
import { request } from "node:http";
import { executor, MesosJson } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { type Media, post, type RawResponse } from "./raw-client.js";

export function encodeExecutorCall(call: executor.Call, media: Media): Uint8Array | string {
  return media === "application/json"
    ? MesosJson.stringify(executor.Call, call)
    : executor.Call.encode(call).finish();
}

/** A SUBSCRIBE stream of an executor, read record by record. */
export class RawExecutorStream {
  readonly events: executor.Event[] = [];
  status = 0;
  headers: Record<string, string | string[] | undefined> = {};
  text = "";
  ended = false;
  #req: ReturnType<typeof request> | undefined;
  readonly #endpoint: string;
  readonly #media: Media;

  constructor(endpoint: string, media: Media) {
    this.#endpoint = endpoint;
    this.#media = media;
  }

  open(call: executor.Call, headers: Record<string, string> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const decoder = new RecordIODecoder();
      const req = request(
        `${this.#endpoint}/api/v1/executor`,
        {
          method: "POST",
          headers: { "Content-Type": this.#media, Accept: this.#media, ...headers },
          agent: false,
        },
        (res) => {
          this.status = res.statusCode ?? 0;
          this.headers = res.headers;
          res.on("data", (c: Buffer) => {
            if (this.status !== 200) {
              this.text += c.toString("utf8");
              return;
            }
            for (const record of decoder.push(c)) {
              this.events.push(
                this.#media === "application/json"
                  ? MesosJson.parse(executor.Event, record)
                  : executor.Event.decode(record),
              );
            }
          });
          const done = () => {
            this.ended = true;
          };
          res.on("end", done);
          res.on("close", done);
          resolve();
        },
      );
      req.on("error", (e) => {
        this.ended = true;
        reject(e);
      });
      this.#req = req;
      req.end(encodeExecutorCall(call, this.#media));
    });
  }

  async next(predicate: (e: executor.Event) => boolean, timeoutMs = 5000, from = 0): Promise<executor.Event> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(predicate);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; events: ${this.events.map((e) => e.type).join(",")}`);
      if (Date.now() > deadline)
        throw new Error(`timeout; events: ${this.events.map((e) => e.type).join(",")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitEnded(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error("stream did not end");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.#req?.destroy();
  }
}

/** One executor call (not SUBSCRIBE). */
export function executorCall(
  endpoint: string,
  call: executor.Call,
  media: Media = "application/json",
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return post(`${endpoint}/api/v1/executor`, encodeExecutorCall(call, media), {
    "Content-Type": media,
    ...headers,
  });
}
