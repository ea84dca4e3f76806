import type { ContentType } from "./codec.js";
import { InvalidArgumentError } from "./errors.js";
import type { ChannelOptions } from "./http/unary.js";

/** HTTP basic credentials (`--authenticate_http_readonly/readwrite`). Never logged. */
export interface Credentials {
  readonly principal: string;
  readonly secret: string;
}

export interface ClientOptions {
  /** Wire encoding of calls and answers (default "protobuf"). */
  readonly contentType?: ContentType;
  readonly credentials?: Credentials;
  /** 307s followed per call (default 5). */
  readonly maxRedirects?: number;
  /** Largest response body accepted (default 256 MiB). */
  readonly maxResponseBytes?: number;
}

export function channelOptions(options: ClientOptions): ChannelOptions {
  const contentType = options.contentType ?? "protobuf";
  if (contentType !== "json" && contentType !== "protobuf")
    throw new InvalidArgumentError(`contentType must be "json" or "protobuf"`);
  const headers: Record<string, string> = {};
  if (options.credentials) {
    const { principal, secret } = options.credentials;
    headers.Authorization = `Basic ${Buffer.from(`${principal}:${secret}`).toString("base64")}`;
  }
  return {
    contentType,
    headers,
    maxRedirects: options.maxRedirects ?? 5,
    maxResponseBytes: options.maxResponseBytes ?? 256 * 1024 * 1024,
  };
}
