import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { DiscoveryError } from "./errors.js";

/**
 * The conventions every mesos-ts command follows (mesos-leader here, mesos-ts-sim in the testkit,
 * mesos-ts-demo): `-h`/`--help` prints the help to stdout and exits 0, `--version` prints the
 * package version and exits 0, bad usage prints `<name>: <message>` and the usage line to stderr
 * and exits 2. Parsing is node:util `parseArgs`; this only adds the conventions, once.
 */
export interface CommandSpec {
  /** The command's name, the prefix of its error lines. */
  readonly name: string;
  /** One line, `usage: <name> ...`, printed after a usage error and atop the help. */
  readonly usage: string;
  /** The rest of `--help` (what it does, options, an example, exit codes). */
  readonly help: string;
  /** A package.json URL (e.g. `new URL("../package.json", import.meta.url)`), read for `--version`. */
  readonly packageJson: URL;
  /** The command's own options; `help`, `h` and `version` are added. */
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  /** How many positional arguments it takes (default none). */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
}

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Exit code of bad usage, the same for every command. */
export const USAGE_EXIT = 2;

/** Bad usage found after parsing (a bad value, a missing argument): exit 2 with the usage line. */
export class UsageError extends DiscoveryError {
  override name = "UsageError";
  override readonly code = "MESOS_DISCOVERY_USAGE";
}

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/**
 * Parses `argv` with the conventions above and runs `run` with the result; resolves with the exit
 * code. A `UsageError` thrown by `run` (before it starts anything) is reported as bad usage.
 */
export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  run: (parsed: Parsed) => Promise<number>,
  io: CommandIO = processIO,
): Promise<number> {
  const usageError = (message: string) => {
    io.err(`${spec.name}: ${message}\n${spec.usage}\n`);
    return USAGE_EXIT;
  };
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: (spec.positionals?.max ?? 0) > 0,
      options: { ...spec.options, help: { type: "boolean", short: "h" }, version: { type: "boolean" } },
    }) as Parsed;
  } catch (error) {
    return usageError(parseArgsMessage(error as Error & { code?: string }));
  }
  if (parsed.values.help) {
    io.out(`${spec.usage}\n\n${spec.help.trim()}\n`);
    return 0;
  }
  if (parsed.values.version) {
    io.out(`${packageVersion(spec.packageJson)}\n`);
    return 0;
  }
  const wanted = spec.positionals;
  if (wanted && (parsed.positionals.length < wanted.min || parsed.positionals.length > wanted.max)) {
    return usageError(
      parsed.positionals.length < wanted.min
        ? `missing ${wanted.name}`
        : `unexpected argument ${JSON.stringify(parsed.positionals[wanted.max])}`,
    );
  }
  try {
    return await run(parsed);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
}

/** node:util's messages, said plainly (its unknown-option text ends in an unbalanced quote). */
function parseArgsMessage(error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  const option = quoted.replace(/ <value>$/, "");
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/argument missing/.test(error.message)) return `option ${option} needs a value`;
      if (/does not take an argument/.test(error.message)) return `option ${option} takes no value`;
      return error.message;
    default:
      return error.message;
  }
}

function packageVersion(url: URL): string {
  const { version } = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
  return typeof version === "string" ? version : "unknown";
}
