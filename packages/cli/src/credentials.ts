// Credentials for masters and agents started with --authenticate_http_*: from the environment
// (MESOS_PRINCIPAL + MESOS_SECRET) or a file (--credentials / MESOS_CREDENTIALS_FILE) holding
// `{"principal": …, "secret": …}` or `principal secret` on one line, as Mesos' own
// --credential files. The secret is never printed, not even in errors.
import { readFileSync } from "node:fs";
import type { Credentials } from "@mesos-ts/operator";
import { CliError } from "./errors.js";

export function loadCredentials(
  env: Readonly<Record<string, string | undefined>>,
  file: string | undefined,
): Credentials | undefined {
  const path = file ?? env.MESOS_CREDENTIALS_FILE;
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, "utf8").trim();
    } catch (e) {
      throw new CliError(
        `cannot read the credentials file ${path}: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    if (text.startsWith("{")) {
      try {
        const parsed = JSON.parse(text) as { principal?: unknown; secret?: unknown };
        if (typeof parsed.principal === "string" && typeof parsed.secret === "string")
          return { principal: parsed.principal, secret: parsed.secret };
      } catch {
        // reported below without echoing the content
      }
      throw new CliError(`the credentials file ${path} must hold {"principal": "...", "secret": "..."}`);
    }
    const [principal, secret, ...rest] = text.split(/\s+/);
    if (!principal || !secret || rest.length > 0)
      throw new CliError(`the credentials file ${path} must hold "principal secret" on one line`);
    return { principal, secret };
  }
  if (env.MESOS_PRINCIPAL && env.MESOS_SECRET)
    return { principal: env.MESOS_PRINCIPAL, secret: env.MESOS_SECRET };
  return undefined;
}
