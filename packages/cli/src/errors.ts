/** Exit codes of `mesos-ts`: 0 ok, 1 failure, 2 usage, 3 not found. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3 } as const;

/** A failure the command reports in one line on stderr, with its exit code. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class NotFoundError extends CliError {
  override name = "NotFoundError";
  constructor(message: string) {
    super(message, EXIT.notFound);
  }
}
