import type { Argv } from "yargs";
import type { Context } from "./context.js";

/** Runs a subcommand's body with a Context; resolves with the exit code (0 unless it says). */
export type Runner = (
  argv: Record<string, unknown>,
  body: (ctx: Context) => Promise<number | undefined>,
) => Promise<void>;

/** One subcommand (or group) registering itself on the parser. */
export type Register = (yargs: Argv, run: Runner) => Argv;
