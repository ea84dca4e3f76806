// The agent operator API's media-type rules, as a real 1.12 agent answers them
// (`src/slave/http.cpp` Http::api; texts as a real agent answered them).
import type { IncomingHttpHeaders } from "node:http";
import { acceptsMediaType, JSON_MEDIA, type MediaType, PROTOBUF_MEDIA } from "../../http/accept.js";

export const RECORDIO_MEDIA = "application/recordio";

export interface Rejection {
  readonly status: number;
  readonly text: string;
}

export interface RequestMedia {
  /** Encoding of the body (or, for RecordIO bodies, of each record). */
  readonly message: MediaType;
  readonly streamingRequest: boolean;
}

/** Content-Type checks done before the body is parsed. */
export function requestMedia(headers: IncomingHttpHeaders): RequestMedia | Rejection {
  const contentType = headers["content-type"];
  const mct = headers["message-content-type"];
  const messageContentType = Array.isArray(mct) ? mct[0] : mct;
  if (contentType === undefined) return { status: 400, text: "Expecting 'Content-Type' to be present" };
  if (contentType === RECORDIO_MEDIA) {
    if (messageContentType === undefined)
      return { status: 400, text: "Expecting 'Message-Content-Type' to be set for streaming requests" };
    if (messageContentType !== JSON_MEDIA && messageContentType !== PROTOBUF_MEDIA)
      return { status: 415, text: `Expecting 'Message-Content-Type' of ${JSON_MEDIA} or ${PROTOBUF_MEDIA}` };
    return { message: messageContentType, streamingRequest: true };
  }
  if (contentType !== JSON_MEDIA && contentType !== PROTOBUF_MEDIA)
    return {
      status: 415,
      text: `Expecting 'Content-Type' of ${JSON_MEDIA} or ${PROTOBUF_MEDIA} or ${RECORDIO_MEDIA}`,
    };
  if (messageContentType !== undefined)
    return { status: 415, text: "Expecting 'Message-Content-Type' to be not set for non-streaming requests" };
  return { message: contentType, streamingRequest: false };
}

export interface ResponseMedia {
  /** Content-Type of the response. */
  readonly contentType: string;
  /** Encoding of the body or, when streaming, of each record. */
  readonly message: MediaType;
}

/** Accept checks for a call, once its type is known. */
export function responseMedia(
  headers: IncomingHttpHeaders,
  callType: string,
  streaming: boolean,
): ResponseMedia | Rejection {
  const accept = headers.accept;
  const header = headers["message-accept"];
  const messageAccept = Array.isArray(header) ? header.join(",") : header;
  const json = acceptsMediaType(accept, JSON_MEDIA);
  const protobuf = acceptsMediaType(accept, PROTOBUF_MEDIA);
  const recordio = acceptsMediaType(accept, RECORDIO_MEDIA);
  if (!json && !protobuf && !recordio)
    return {
      status: 406,
      text: `Expecting 'Accept' to allow ${JSON_MEDIA} or ${PROTOBUF_MEDIA} or ${RECORDIO_MEDIA}`,
    };
  if (!streaming) {
    if (!json && !protobuf)
      return { status: 406, text: `Streaming response is not supported for ${callType} call` };
    if (messageAccept !== undefined)
      return { status: 406, text: "Expecting 'Message-Accept' to be not set for non-streaming responses" };
    const media = json ? JSON_MEDIA : PROTOBUF_MEDIA;
    return { contentType: media, message: media };
  }
  // Observed: `Accept: application/json` on a session still gets RecordIO-framed records, with
  // `Content-Type: application/json` and no Message-Content-Type.
  if (!recordio) {
    const media = json ? JSON_MEDIA : PROTOBUF_MEDIA;
    return { contentType: media, message: media };
  }
  const message =
    messageAccept === undefined || acceptsMediaType(messageAccept, JSON_MEDIA)
      ? JSON_MEDIA
      : acceptsMediaType(messageAccept, PROTOBUF_MEDIA)
        ? PROTOBUF_MEDIA
        : undefined;
  if (!message)
    return { status: 406, text: `Expecting 'Message-Accept' to allow ${JSON_MEDIA} or ${PROTOBUF_MEDIA}` };
  return { contentType: RECORDIO_MEDIA, message };
}

export const isRejection = (x: object): x is Rejection => "status" in x && "text" in x;
