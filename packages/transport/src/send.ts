import { type Dispatcher, request, errors as undiciErrors } from "undici";
import { AbortError, MesosClientError, NetworkError } from "./errors.js";

/** One request to a master or agent. Headers are ours; the body is an encoded message or a stream of records. */
export interface OutgoingRequest {
  readonly url: URL;
  /** "POST" unless said otherwise (probes use GET). */
  readonly method?: "POST" | "GET";
  /** An encoded message, or (agent streaming calls) a RecordIO byte stream. */
  readonly body?: Uint8Array | AsyncIterable<Uint8Array> | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** Streaming response (SUBSCRIBE, event streams): no body timeout. */
  readonly stream?: boolean;
  /** The call type name, for errors and diagnostics. */
  readonly callType: string;
}

export type ResponseBody = Dispatcher.ResponseData["body"];

export interface IncomingResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: ResponseBody;
  /** The URL that answered (after redirects). */
  readonly url: URL;
}

/** A step of the request pipeline; behaviours wrap one `Send` into another (like undici interceptors). */
export type Send = (req: OutgoingRequest) => Promise<IncomingResponse>;

export interface TransportTimeouts {
  /** Connection establishment, ms (default 10 000). */
  connectMs?: number;
  /** Time to response headers, ms (default 15 000). */
  headersMs?: number;
  /** Gap between body chunks of a call's answer, ms (default 15 000). Streams have none. */
  bodyMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<TransportTimeouts> = {
  connectMs: 10_000,
  headersMs: 15_000,
  bodyMs: 15_000,
};

/** The innermost step: one undici request on `dispatcher`. Maps failures to typed errors. */
export function undiciSend(dispatcher: Dispatcher, timeouts: TransportTimeouts = {}): Send {
  const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return async (req) => {
    try {
      const res = await request(req.url, {
        method: req.method ?? "POST",
        dispatcher,
        headers: req.headers as Record<string, string>,
        body: req.body as Dispatcher.DispatchOptions["body"],
        signal: req.signal,
        headersTimeout: t.headersMs,
        bodyTimeout: req.stream ? 0 : t.bodyMs,
      });
      return { status: res.statusCode, headers: res.headers, body: res.body, url: req.url };
    } catch (error) {
      throw toTransportError(error, req.signal, req.url);
    }
  };
}

/** The socket-level code of a failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...), looking through causes. */
export function errnoOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && !code.startsWith("MESOS_")) return code;
    // AggregateError (happy eyeballs: every address refused) carries its reasons in `errors`.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) e = inner[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps an undici / socket failure to NetworkError, or AbortError when our signal fired. */
export function toTransportError(error: unknown, signal: AbortSignal | undefined, url?: URL): Error {
  if (signal?.aborted) return error instanceof AbortError ? error : new AbortError(signal.reason);
  if (error instanceof MesosClientError) return error;
  const where = url ? ` (${url.origin})` : "";
  const errno = errnoOf(error);
  if (error instanceof undiciErrors.UndiciError) {
    return new NetworkError(`${error.code}: ${error.message}${where}`, {
      cause: error,
      ...(errno !== undefined ? { errno } : {}),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError(`${errno !== undefined ? `${errno}: ` : ""}${message}${where}`, {
    cause: error,
    ...(errno !== undefined ? { errno } : {}),
  });
}

/** Reads at most `limit` bytes of a (small, error) body as text and discards the rest. */
export async function readText(body: ResponseBody, limit = 4096): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      if (size < limit) chunks.push(buf.subarray(0, limit - size));
      size += buf.byteLength;
    }
  } catch {
    // A truncated error body still tells what it can.
  }
  return Buffer.concat(chunks).toString("utf8").trim();
}

/** Discards a body we do not need, releasing the connection. */
export async function discard(body: ResponseBody): Promise<void> {
  try {
    await body.dump();
  } catch {
    // nothing to do: the connection is closed by undici
  }
}
