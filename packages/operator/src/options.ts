import {
  type ContentType,
  type Credentials,
  InvalidArgumentError,
  type Send,
  type TransportTimeouts,
  toCredentialProvider,
  undiciSend,
} from "@mesos-ts/transport";
import { Agent, type Dispatcher } from "undici";
import { operatorSend } from "./http/send-call.js";

export type { Credentials } from "@mesos-ts/transport";

export interface ClientOptions {
  /** Wire encoding of calls and answers (default "protobuf"). */
  readonly contentType?: ContentType;
  /** HTTP Basic `{principal, secret}` (or a Bearer token) for `--authenticate_http_*`. Never logged. */
  readonly credentials?: Credentials;
  /** 307s followed per call (default 5). */
  readonly maxRedirects?: number;
  /** Largest response body accepted (default 256 MiB). */
  readonly maxResponseBytes?: number;
  /** A caller's undici Dispatcher (TLS, proxy); used as is and never closed. Default: a pool per client. */
  readonly dispatcher?: Dispatcher;
  readonly timeouts?: TransportTimeouts;
}

/** How a client talks: its content type, the transport pipeline, and limits. */
export interface Channel {
  readonly contentType: ContentType;
  readonly send: Send;
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
  close(): Promise<void>;
}

export function openChannel(options: ClientOptions): Channel {
  const contentType = options.contentType ?? "protobuf";
  if (contentType !== "json" && contentType !== "protobuf")
    throw new InvalidArgumentError(`contentType must be "json" or "protobuf"`);
  // Several connections per host: the event stream and session streams hold one each for their
  // lifetime, calls go on others (libprocess answers one connection strictly in order).
  const owned = options.dispatcher ? undefined : new Agent({ connections: 8, pipelining: 1 });
  const dispatcher = options.dispatcher ?? (owned as Agent);
  const credentials = options.credentials ? toCredentialProvider(options.credentials) : undefined;
  return {
    contentType,
    send: operatorSend(undiciSend(dispatcher, options.timeouts), credentials),
    maxRedirects: options.maxRedirects ?? 5,
    maxResponseBytes: options.maxResponseBytes ?? 256 * 1024 * 1024,
    close: async () => {
      await owned?.close();
    },
  };
}
