/**
 * A small reader for the master's operator API (`POST /api/v1`, `src/master/http.cpp`), in JSON or
 * protobuf. The suite uses it to check the cluster's own view of what our client claims, so it
 * shares no code with @mesos-ts/scheduler beyond the generated messages and RecordIO.
 */
import { MesosJson, master, type v1 } from "@mesos-ts/proto";
import { decode } from "@mesos-ts/recordio";
import type { ContentType } from "../report/row.js";

const MEDIA: Record<ContentType, string> = { json: "application/json", protobuf: "application/x-protobuf" };

export class OperatorHttpError extends Error {
  override name = "OperatorHttpError";
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`operator API ${url} answered ${status}: ${body.slice(0, 200)}`);
  }
}

export interface OperatorResponse<T> {
  readonly value: T;
  /** Response media type as sent by the master. */
  readonly contentType: string;
  /** The URL that finally answered (after 307s). */
  readonly url: string;
}

export class OperatorClient {
  constructor(
    /** `http://host:port` of any master: 307s to the leader are followed. */
    readonly baseUrl: string,
    readonly contentType: ContentType,
  ) {}

  encode(call: master.Call): Uint8Array | string {
    return this.contentType === "json"
      ? MesosJson.stringify(master.Call, call)
      : master.Call.encode(call).finish();
  }

  decodeResponse(bytes: Uint8Array): master.Response {
    return this.contentType === "json"
      ? MesosJson.parse(master.Response, bytes)
      : master.Response.decode(bytes);
  }

  decodeEvent(bytes: Uint8Array): master.Event {
    return this.contentType === "json" ? MesosJson.parse(master.Event, bytes) : master.Event.decode(bytes);
  }

  /** One non-streaming call; follows up to 3 redirects; throws OperatorHttpError on non-2xx. */
  async call(
    call: master.Call,
    signal?: AbortSignal,
  ): Promise<OperatorResponse<master.Response | undefined>> {
    const res = await this.#post(call, signal);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const contentType = res.headers.get("content-type") ?? "";
    if (bytes.length === 0) return { value: undefined, contentType, url: res.url };
    return { value: this.decodeResponse(bytes), contentType, url: res.url };
  }

  async get(type: master.Call_Type, signal?: AbortSignal): Promise<master.Response> {
    const { value } = await this.call({ type }, signal);
    if (!value) throw new Error(`operator ${master.call_TypeToJSON(type)}: empty body`);
    return value;
  }

  async tasks(signal?: AbortSignal): Promise<master.Response_GetTasks> {
    return (await this.get(master.Call_Type.GET_TASKS, signal)).get_tasks ?? {};
  }

  async frameworks(signal?: AbortSignal): Promise<master.Response_GetFrameworks> {
    return (await this.get(master.Call_Type.GET_FRAMEWORKS, signal)).get_frameworks ?? {};
  }

  async agents(signal?: AbortSignal): Promise<master.Response_GetAgents> {
    return (await this.get(master.Call_Type.GET_AGENTS, signal)).get_agents ?? {};
  }

  async masterInfo(signal?: AbortSignal): Promise<v1.MasterInfo> {
    const info = (await this.get(master.Call_Type.GET_MASTER, signal)).get_master?.master_info;
    if (!info) throw new Error("GET_MASTER without master_info");
    return info;
  }

  /** The operator event stream (SUBSCRIBE): SUBSCRIBED first, then events, until `signal` aborts. */
  async *subscribe(signal: AbortSignal): AsyncGenerator<master.Event> {
    const res = await this.#post({ type: master.Call_Type.SUBSCRIBE }, signal);
    if (!res.body) throw new Error("operator SUBSCRIBE: no body");
    for await (const record of decode(res.body, { signal })) yield this.decodeEvent(record);
  }

  async #post(call: master.Call, signal: AbortSignal | undefined): Promise<Response> {
    let url = new URL("/api/v1", this.baseUrl).href;
    const body = this.encode(call);
    for (let hop = 0; hop < 4; hop++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": MEDIA[this.contentType], accept: MEDIA[this.contentType] },
        body,
        redirect: "manual",
        ...(signal ? { signal } : {}),
      });
      if (res.status === 307) {
        const location = res.headers.get("location");
        await res.body?.cancel();
        if (!location) throw new OperatorHttpError(307, "redirect without Location", url);
        url = new URL(location, url).href;
        continue;
      }
      if (res.status < 200 || res.status > 299) {
        throw new OperatorHttpError(res.status, await res.text(), url);
      }
      Object.defineProperty(res, "url", { value: url });
      return res;
    }
    throw new OperatorHttpError(307, "too many redirects", url);
  }
}

export function mediaType(contentType: ContentType): string {
  return MEDIA[contentType];
}
