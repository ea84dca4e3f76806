// TO BE REPLACED by @mesos-ts/transport's call channel once its API is ready: a minimal POST
// over Node's fetch with manual redirects, kept internal so that the swap changes no public API.
import { AbortedError, NetworkError } from "../errors.js";

export interface PostRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whole body, or a stream (sent chunked: Mesos accepts chunked request bodies). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly signal?: AbortSignal | undefined;
}

/** POST without following redirects; network failures become NetworkError, aborts AbortedError. */
export async function post(request: PostRequest): Promise<Response> {
  if (request.signal?.aborted) throw new AbortedError(request.signal.reason);
  const streaming = !(request.body instanceof Uint8Array);
  try {
    return await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: streaming ? toReadable(request.body as AsyncIterable<Uint8Array>) : (request.body as Uint8Array),
      redirect: "manual",
      signal: request.signal ?? null,
      ...(streaming ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    if (request.signal?.aborted) throw new AbortedError(request.signal.reason);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new NetworkError(
      `${cause?.code ?? "network error"} reaching ${originOf(request.url)}`,
      originOf(request.url),
      {
        cause: error,
      },
    );
  }
}

function toReadable(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** scheme://host:port only: never a path, query or credentials in an error. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "<bad url>";
  }
}

/** Reads a whole body, refusing more than `maxBytes`. */
export async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw new RangeError(`response body larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** The plain-text error body, at most 4 KiB of it. */
export async function readErrorText(response: Response): Promise<string> {
  try {
    const text = new TextDecoder().decode(await readBody(response, 1 << 20));
    return text.length > 4096 ? `${text.slice(0, 4096)}…` : text.trim();
  } catch {
    return "";
  }
}
