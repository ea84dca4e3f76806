import { MesosJson, scheduler } from "@mesos-ts/proto";
import { MalformedEventError } from "./errors.js";

/** Wire encoding of calls and events. Protobuf by default. */
export type ContentType = "protobuf" | "json";

export const MEDIA_TYPES: Readonly<Record<ContentType, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

export interface Codec {
  readonly contentType: ContentType;
  /** The exact media type (PROTOCOL.md §1: no charset). */
  readonly mediaType: string;
  encodeCall(call: scheduler.Call): Uint8Array;
  /** Decodes one RecordIO record; throws MalformedEventError. */
  decodeEvent(record: Uint8Array): scheduler.Event;
}

const protobufCodec: Codec = {
  contentType: "protobuf",
  mediaType: MEDIA_TYPES.protobuf,
  encodeCall: (call) => scheduler.Call.encode(call).finish(),
  decodeEvent(record) {
    try {
      return scheduler.Event.decode(record);
    } catch (error) {
      throw new MalformedEventError(record.byteLength, { cause: error });
    }
  },
};

const encoder = new TextEncoder();

const jsonCodec: Codec = {
  contentType: "json",
  mediaType: MEDIA_TYPES.json,
  encodeCall: (call) => encoder.encode(MesosJson.stringify(scheduler.Call, call)),
  decodeEvent(record) {
    try {
      // Lenient: a newer master may send shapes this schema does not require.
      return MesosJson.parse(scheduler.Event, record, { allowPartial: true });
    } catch (error) {
      throw new MalformedEventError(record.byteLength, { cause: error });
    }
  },
};

export function codecFor(contentType: ContentType): Codec {
  return contentType === "json" ? jsonCodec : protobufCodec;
}

/** The codec for a response's Content-Type (the master names the payload type there), if any. */
export function codecForMediaType(value: string | string[] | undefined): Codec | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.split(";")[0]?.trim().toLowerCase();
  if (v === MEDIA_TYPES.protobuf) return protobufCodec;
  if (v === MEDIA_TYPES.json) return jsonCodec;
  return undefined;
}
