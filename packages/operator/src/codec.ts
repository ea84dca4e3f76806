// Calls out, responses and events in: Mesos JSON or protobuf, chosen per client.
import { agent, decodeMessage, MesosJson, type MessageType, master } from "@mesos-ts/proto";
import { MalformedResponseError } from "./errors.js";

export type ContentType = "json" | "protobuf";

export const MEDIA_TYPES: Readonly<Record<ContentType, string>> = {
  json: "application/json",
  protobuf: "application/x-protobuf",
};

const encoder = new TextEncoder();

export function encode<T>(type: MessageType<T>, contentType: ContentType, message: T): Uint8Array {
  return contentType === "json"
    ? encoder.encode(MesosJson.stringify(type, message))
    : type.encode(message).finish();
}

/** Decodes a body or record; lenient on required fields (a newer Mesos may omit what we require). */
export function decode<T>(type: MessageType<T>, contentType: ContentType, bytes: Uint8Array): T {
  try {
    return contentType === "json"
      ? MesosJson.parse(type, bytes, { allowPartial: true })
      : decodeMessage(type, bytes, { allowPartial: true });
  } catch (error) {
    throw new MalformedResponseError(
      `cannot decode ${type.$type} (${bytes.byteLength} bytes, ${contentType})`,
      {
        cause: error,
      },
    );
  }
}

/** The content type named by a Content-Type / Message-Content-Type header. */
export function contentTypeOf(header: string | null): ContentType | undefined {
  const v = header?.split(";")[0]?.trim().toLowerCase();
  if (v === MEDIA_TYPES.json) return "json";
  if (v === MEDIA_TYPES.protobuf) return "protobuf";
  return undefined;
}

export const codecs = {
  masterCall: master.Call,
  masterResponse: master.Response,
  masterEvent: master.Event,
  agentCall: agent.Call,
  agentResponse: agent.Response,
  processIO: agent.ProcessIO,
} as const;
