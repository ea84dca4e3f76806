// Request/response calls shared by the master and agent clients: encode, send, check the
// response type BY NAME, and hand back the payload (or {status} for calls without a body).
import type { MessageType } from "@mesos-ts/proto";
import {
  contentTypeOf,
  headersFor,
  InvalidArgumentError,
  MalformedMessageError,
  messageCodec,
} from "@mesos-ts/transport";
import type { Channel } from "../options.js";
import type { Locator } from "./locator.js";
import { header, readBody, sendCall } from "./send-call.js";

interface TypedCall {
  type?: number | undefined;
}

export interface UnaryCall<C extends TypedCall, R extends TypedCall> {
  readonly locator: Locator;
  readonly channel: Channel;
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
    send: channel.send,
    locator: spec.locator,
    callType: spec.name,
    headers: headersFor(channel.contentType),
    body: messageCodec(spec.callCodec, channel.contentType).encode(spec.call),
    maxRedirects: channel.maxRedirects,
    signal: spec.signal,
  });
  let bytes: Uint8Array;
  try {
    bytes = await readBody(response.body, channel.maxResponseBytes);
  } catch (error) {
    throw new MalformedMessageError(channel.maxResponseBytes, { cause: error });
  }
  if (bytes.byteLength === 0) return { status: response.status as 200 | 202 };
  const contentType = contentTypeOf(header(response, "content-type")) ?? channel.contentType;
  const message = messageCodec(spec.responseCodec, contentType).decode(bytes);
  const got = message.type === undefined ? "UNKNOWN" : spec.responseTypeName(message.type);
  // GET_WEIGHTS with no weights set is {"type":"GET_WEIGHTS"} without payload (observed, 1.12).
  if (got !== spec.name)
    throw new MalformedMessageError(bytes.byteLength, {
      cause: new Error(`${spec.name}: the answer is a ${got} response`),
    });
  const payload = (message as Record<string, unknown>)[spec.name.toLowerCase()];
  return payload ?? {};
}

/** An API's Call/Response pair, for `callByName`. */
export interface ApiSchema<C extends TypedCall, R extends TypedCall> {
  readonly callCodec: MessageType<C>;
  readonly responseCodec: MessageType<R>;
  /** Call type names → numbers (the generated enum). */
  readonly callTypes: Readonly<Record<string, string | number>>;
  readonly responseTypeName: (type: number) => string;
}

/** A call built from its type NAME and payload (`Call.<name lower-cased>`), sent and answered. */
export function callByName<C extends TypedCall, R extends TypedCall>(
  api: ApiSchema<C, R>,
  target: { readonly locator: Locator; readonly channel: Channel },
  name: string,
  payload: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const type = api.callTypes[name];
  if (typeof type !== "number" || type <= 0)
    throw new InvalidArgumentError(`not a call of ${api.callCodec.$type}: ${name}`);
  const call = { type } as C;
  if (payload !== undefined) (call as Record<string, unknown>)[name.toLowerCase()] = payload;
  return unaryCall({ ...api, ...target, name, call, signal });
}
