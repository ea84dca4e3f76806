// Request/response calls shared by the master and agent clients: encode, send, check the
// response type BY NAME, and hand back the payload (or {status} for calls without a body).
import type { MessageType } from "@mesos-ts/proto";
import { type ContentType, contentTypeOf, decode, encode, MEDIA_TYPES } from "../codec.js";
import { MalformedResponseError } from "../errors.js";
import type { Locator } from "./locator.js";
import { readBody } from "./post.js";
import { sendCall } from "./send-call.js";

export interface ChannelOptions {
  readonly contentType: ContentType;
  /** Extra headers on every request (Authorization). Never logged, never in errors. */
  readonly headers: Readonly<Record<string, string>>;
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
}

interface TypedCall {
  type?: number | undefined;
}

export interface UnaryCall<C extends TypedCall, R extends TypedCall> {
  readonly locator: Locator;
  readonly channel: ChannelOptions;
  readonly callCodec: MessageType<C>;
  readonly responseCodec: MessageType<R>;
  /** `response_TypeToJSON` of the response enum: the answer's type is checked by name. */
  readonly responseTypeName: (type: number) => string;
  readonly name: string;
  readonly call: C;
  readonly signal?: AbortSignal | undefined;
}

export async function unaryCall<C extends TypedCall, R extends TypedCall>(
  spec: UnaryCall<C, R>,
): Promise<unknown> {
  const { channel } = spec;
  const response = await sendCall({
    locator: spec.locator,
    callType: spec.name,
    headers: {
      ...channel.headers,
      "Content-Type": MEDIA_TYPES[channel.contentType],
      Accept: MEDIA_TYPES[channel.contentType],
    },
    body: encode(spec.callCodec, channel.contentType, spec.call),
    maxRedirects: channel.maxRedirects,
    signal: spec.signal,
  });
  let bytes: Uint8Array;
  try {
    bytes = await readBody(response, channel.maxResponseBytes);
  } catch (error) {
    throw new MalformedResponseError(`${spec.name}: ${(error as Error).message}`, { cause: error });
  }
  if (bytes.byteLength === 0) return { status: response.status as 200 | 202 };
  const contentType = contentTypeOf(response.headers.get("content-type")) ?? channel.contentType;
  const message = decode(spec.responseCodec, contentType, bytes);
  const got = message.type === undefined ? "UNKNOWN" : spec.responseTypeName(message.type);
  // GET_WEIGHTS with no weights set is {"type":"GET_WEIGHTS"} without payload (observed, 1.12).
  if (got !== spec.name) throw new MalformedResponseError(`${spec.name}: the answer is a ${got} response`);
  const payload = (message as Record<string, unknown>)[spec.name.toLowerCase()];
  return payload ?? {};
}
