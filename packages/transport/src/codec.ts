import { MesosJson, type MessageType } from "@mesos-ts/proto";
import { encode as encodeRecord } from "@mesos-ts/recordio";
import { MalformedMessageError } from "./errors.js";

/** Wire encoding of messages. Protobuf by default. */
export type ContentType = "protobuf" | "json";

export const MEDIA_TYPES: Readonly<Record<ContentType, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/** Streaming bodies: RecordIO frames whose records are in `Message-Content-Type` / `Message-Accept`. */
export const RECORDIO_MEDIA_TYPE = "application/recordio";

/** Encodes and decodes one message type in one content type. */
export interface MessageCodec<T> {
  readonly contentType: ContentType;
  /** The exact media type (`include/mesos/http.hpp`: no charset). */
  readonly mediaType: string;
  encode(message: T): Uint8Array;
  /** Decodes one message (a body or a RecordIO record); throws MalformedMessageError. */
  decode(bytes: Uint8Array): T;
}

const encoder = new TextEncoder();

/**
 * The codec of `type` in `contentType`. Mesos JSON (`3rdparty/stout/include/stout/protobuf.hpp`) is
 * read leniently: a newer master may send shapes this schema does not require.
 */
export function messageCodec<T>(type: MessageType<T>, contentType: ContentType): MessageCodec<T> {
  if (contentType === "json") {
    return {
      contentType,
      mediaType: MEDIA_TYPES.json,
      encode: (message) => encoder.encode(MesosJson.stringify(type, message)),
      decode(bytes) {
        try {
          return MesosJson.parse(type, bytes, { allowPartial: true });
        } catch (error) {
          throw new MalformedMessageError(bytes.byteLength, { cause: error });
        }
      },
    };
  }
  return {
    contentType,
    mediaType: MEDIA_TYPES.protobuf,
    encode: (message) => type.encode(message).finish(),
    decode(bytes) {
      try {
        return type.decode(bytes);
      } catch (error) {
        throw new MalformedMessageError(bytes.byteLength, { cause: error });
      }
    },
  };
}

/**
 * The codecs of one API in one content type: its Call going out and its Event / Response coming
 * back (e.g. scheduler.Call and scheduler.Event).
 */
export interface ApiCodec<Call, Event> {
  readonly contentType: ContentType;
  readonly mediaType: string;
  readonly call: MessageCodec<Call>;
  readonly event: MessageCodec<Event>;
}

export function apiCodec<Call, Event>(
  callType: MessageType<Call>,
  eventType: MessageType<Event>,
  contentType: ContentType,
): ApiCodec<Call, Event> {
  return {
    contentType,
    mediaType: MEDIA_TYPES[contentType],
    call: messageCodec(callType, contentType),
    event: messageCodec(eventType, contentType),
  };
}

/** The content type of a media type (`application/json; charset=utf-8` → "json"), if it is one of ours. */
export function contentTypeOf(value: string | string[] | undefined): ContentType | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.split(";")[0]?.trim().toLowerCase();
  if (v === MEDIA_TYPES.protobuf) return "protobuf";
  if (v === MEDIA_TYPES.json) return "json";
  return undefined;
}

export interface HeadersFor {
  /** The request body is a RecordIO stream of messages (agent ATTACH_CONTAINER_INPUT). */
  readonly recordsIn?: boolean;
  /** Ask for a RecordIO answer explicitly (agent ATTACH_CONTAINER_OUTPUT, LAUNCH_NESTED_CONTAINER_SESSION). */
  readonly recordsOut?: boolean;
}

/**
 * Request headers for a call in `contentType` (`src/slave/http.cpp`): plain
 * `Content-Type`/`Accept`, or `application/recordio` with the message type in
 * `Message-Content-Type`/`Message-Accept`. The master's scheduler and operator event streams frame
 * their answer in RecordIO on a plain `Accept`; the agent's streaming calls need the explicit form,
 * in either direction.
 */
export function headersFor(contentType: ContentType, shape: HeadersFor = {}): Record<string, string> {
  const media = MEDIA_TYPES[contentType];
  const headers: Record<string, string> = shape.recordsIn
    ? { "content-type": RECORDIO_MEDIA_TYPE, "message-content-type": media }
    : { "content-type": media };
  if (shape.recordsOut) {
    headers.accept = RECORDIO_MEDIA_TYPE;
    headers["message-accept"] = media;
  } else {
    headers.accept = media;
  }
  return headers;
}

/**
 * The content type of the records of a streamed answer: `Message-Content-Type` when the body is
 * `application/recordio`, else the `Content-Type` itself (the scheduler API names the record
 * type there).
 */
export function recordContentType(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): ContentType | undefined {
  const outer = headers["content-type"];
  const v = (Array.isArray(outer) ? outer[0] : outer)?.split(";")[0]?.trim().toLowerCase();
  if (v === RECORDIO_MEDIA_TYPE) return contentTypeOf(headers["message-content-type"]);
  return contentTypeOf(outer);
}

/**
 * A streaming request body: each message of `messages` encoded and framed as one RecordIO record,
 * pulled only when the previous one was written (pass it as the body of a `recordsIn` call).
 */
export async function* recordStream<T>(
  messages: AsyncIterable<T> | Iterable<T>,
  codec: MessageCodec<T>,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const message of messages) yield encodeRecord(codec.encode(message));
}
