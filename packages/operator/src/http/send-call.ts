// One operator call over @mesos-ts/transport's request pipeline (undici, manual 307s, typed
// errors), plus what the operator API adds: its own status meanings (404 is "no such file",
// not "master starting") and following the leader across masters.
import {
  authorize,
  type CredentialProvider,
  discard,
  followRedirects,
  HttpStatusError,
  type IncomingResponse,
  type ResponseBody,
  readText,
  type Send,
} from "@mesos-ts/transport";
import { redirectChannel } from "../diagnostics.js";
import type { Locator } from "./locator.js";
import { statusMeaning } from "./status-table.js";

export interface SendCallOptions {
  readonly send: Send;
  readonly locator: Locator;
  /** The call's type name, for errors. */
  readonly callType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A buffer can be re-sent after a redirect or failure; a stream is sent once. */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly maxRedirects: number;
  readonly signal?: AbortSignal | undefined;
  /** A streaming answer (no body timeout). */
  readonly stream?: boolean;
}

/** The innermost sends wrapped with credentials (the cluster's hosts) and redirects. */
export function operatorSend(base: Send, credentials: CredentialProvider | undefined): Send {
  // The operator's credentials are for the cluster: masters and the agents the master named.
  return authorize(base, credentials, () => true);
}

/** Resolves with a 2xx answer; throws transport's typed errors for the rest. */
export async function sendCall(options: SendCallOptions): Promise<IncomingResponse> {
  const { locator } = options;
  const replayable = options.body instanceof Uint8Array;
  const send = followRedirects(options.send, {
    maxRedirects: replayable ? options.maxRedirects : 0,
    channel: redirectChannel,
    onRedirect: (from, to) => {
      locator.redirected(from.origin, to.href);
    },
  });
  let failures = 0; // bounded: a locator may offer alternatives, but not forever
  for (;;) {
    const base = await locator.current(options.signal);
    let response: IncomingResponse;
    try {
      response = await send({
        url: new URL(`${base}/api/v1`),
        body: options.body,
        headers: options.headers,
        signal: options.signal,
        callType: options.callType,
        ...(options.stream ? { stream: true } : {}),
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const retry = code === "MESOS_TRANSPORT_NETWORK" && replayable && ++failures <= options.maxRedirects;
      if (retry && locator.failed(base)) continue;
      throw error;
    }
    if (response.status >= 200 && response.status < 300) return response;
    const text = await readText(response.body);
    const meaning = statusMeaning(response.status);
    const another = response.status === 503 && replayable && ++failures <= options.maxRedirects;
    if (another && locator.failed(base)) continue;
    throw new HttpStatusError(
      response.status,
      text,
      meaning.meaning,
      false,
      meaning.temporary,
      options.callType,
    );
  }
}

/** Reads a whole body, refusing more than `maxBytes`. */
export async function readBody(body: ResponseBody, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await discard(body);
      throw new RangeError(`response body larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

export const header = (response: IncomingResponse, name: string): string | undefined => {
  const v = response.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
