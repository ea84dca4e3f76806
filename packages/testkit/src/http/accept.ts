export const JSON_MEDIA = "application/json";
export const PROTOBUF_MEDIA = "application/x-protobuf";
export type MediaType = typeof JSON_MEDIA | typeof PROTOBUF_MEDIA;

/**
 * libprocess `Request::acceptsMediaType` (`3rdparty/libprocess/src/http.cpp`): no Accept ⇒ anything; whitespace stripped;
 * match exact `type/subtype`, then `type/*`, then `*\/*`; q=0 (or an unparsable/non-positive q)
 * excludes; otherwise weights are ignored.
 */
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  if (accept === undefined) return true;
  const [type, subtype] = mediaType.split("/");
  const candidates = [`${type}/${subtype}`, `${type}/*`, "*/*"];
  const entries = new Map<string, number>();
  for (const raw of accept.replace(/[ \t\r\n]/g, "").split(",")) {
    const [range, ...params] = raw.split(";");
    if (!range) continue;
    let q = 1;
    for (const p of params) {
      if (p.startsWith("q=")) {
        const v = Number(p.slice(2));
        q = Number.isFinite(v) ? v : 0;
      }
    }
    entries.set(range.toLowerCase(), q);
  }
  for (const c of candidates) {
    const q = entries.get(c);
    if (q !== undefined) return q > 0;
  }
  return false;
}

/** The response media type the master picks: JSON if acceptable, else protobuf, else none. */
export function negotiate(accept: string | undefined): MediaType | undefined {
  if (acceptsMediaType(accept, JSON_MEDIA)) return JSON_MEDIA;
  if (acceptsMediaType(accept, PROTOBUF_MEDIA)) return PROTOBUF_MEDIA;
  return undefined;
}
