import type { ServerResponse } from "node:http";

/** A non-streaming answer as libprocess writes it: plain-text body (never JSON) or empty. */
export function respondText(
  res: ServerResponse,
  status: number,
  body = "",
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    ...(bytes.length > 0 || status >= 400 ? { "Content-Type": "text/plain; charset=utf-8" } : {}),
    "Content-Length": String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

export function respondBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Uint8Array,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(body.length) });
  res.end(body);
}
