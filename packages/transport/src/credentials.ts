/** HTTP basic credentials of a principal (`3rdparty/libprocess/src/authenticator.cpp`). */
export interface BasicCredentials {
  readonly principal: string;
  readonly secret: string;
}

/** A bearer token (e.g. a DC/OS or IAM token), sent as `Authorization: Bearer <token>`. */
export interface BearerCredentials {
  readonly token: string;
}

/** Produces the `Authorization` header value (tokens from a vault, refreshed tokens, ...). */
export type CredentialProvider = () => string | undefined | Promise<string | undefined>;

export type Credentials = BasicCredentials | BearerCredentials | CredentialProvider;

/**
 * The header provider for `credentials`. Only the header value is kept (in a closure): the
 * options object, and the secret in its own field, are not retained anywhere a log could reach.
 */
export function toCredentialProvider(credentials: Credentials | undefined): CredentialProvider | undefined {
  if (credentials === undefined) return undefined;
  if (typeof credentials === "function") return credentials;
  const header =
    "token" in credentials
      ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.principal}:${credentials.secret}`, "utf8").toString("base64")}`;
  return () => header;
}
