import { encodeBody } from "../../codec.js";
import { JSON_MEDIA, type MediaType } from "../../http/accept.js";
import { withFields } from "../../json/added-fields.js";
import { OPERATOR_AGENT_INFO_PATHS, OPERATOR_LIST_PATHS } from "./views.js";

const ADDED: ReadonlyArray<readonly [string, string]> = [
  ...OPERATOR_LIST_PATHS.map((p) => [p, "[]"] as const),
  ...OPERATOR_AGENT_INFO_PATHS.map((p) => [p, "true"] as const),
];

/** Operator API bodies: as MesosJson, plus the empty lists and fields Mesos writes anyway. */
export function encodeOperator<T>(
  type: Parameters<typeof encodeBody<T>>[0],
  media: MediaType,
  message: T,
): Uint8Array {
  const bytes = encodeBody(type, media, message);
  if (media !== JSON_MEDIA) return bytes;
  return Buffer.from(withFields(Buffer.from(bytes).toString("utf8"), ADDED), "utf8");
}
