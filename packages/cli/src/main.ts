// mesos-ts: the command line. Parsing, help, completion and usage errors by yargs; each
// subcommand in commands/. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found.
import yargs, { type Argv } from "yargs";
import type { Runner } from "./command.js";
import { registerCluster } from "./commands/cluster.js";
import { registerEvents } from "./commands/events.js";
import { registerInspect } from "./commands/inspect.js";
import { registerLeader } from "./commands/leader.js";
import { registerOperations } from "./commands/operations.js";
import { registerTask } from "./commands/task.js";
import { registerTasks } from "./commands/tasks.js";
import { Context, describeError, type GlobalOptions } from "./context.js";
import { EXIT } from "./errors.js";
import { type CliIO, processIO } from "./io.js";

const EPILOGUE = `Master URLs: http://host:5050, host:5050, m1:5050,m2:5050, zk://[user:pass@]zk1:2181/mesos, file:///path.
Credentials: MESOS_PRINCIPAL and MESOS_SECRET, or --credentials <file> ("principal secret" or JSON); never printed.
Exit codes: 0 ok, 1 failure, 2 usage, 3 not found.`;

/** Runs `mesos-ts` with `argv` (without node and script); resolves with the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIO = processIO(new AbortController().signal),
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: Runner = async (args, body) => {
    const ctx = new Context(io, args as GlobalOptions);
    try {
      exitCode = (await body(ctx)) ?? EXIT.ok;
    } catch (error) {
      if (io.signal.aborted) {
        exitCode = EXIT.ok; // interrupted by the user: not a failure
        return;
      }
      const { message, exitCode: code } = describeError(error);
      io.stderr.write(`mesos-ts: ${message}\n`);
      exitCode = code;
    } finally {
      await ctx.close();
    }
  };
  let parser: Argv = yargs([...argv])
    .scriptName("mesos-ts")
    .usage("$0 <command> [options]\n\nOperate a Mesos cluster through its v1 operator API.")
    .option("master", {
      alias: "m",
      type: "string",
      describe: "master URL (default: $MESOS_MASTER)",
      global: true,
    })
    .option("json", {
      type: "boolean",
      describe: "JSON output (one Mesos JSON object per line for lists and streams)",
      global: true,
    })
    .option("wide", { alias: "w", type: "boolean", describe: "more columns", global: true })
    .option("credentials", { type: "string", describe: "file with the principal and secret", global: true })
    .option("protobuf", {
      type: "boolean",
      describe: "talk protobuf instead of JSON to the master and agents",
      global: true,
    })
    .option("timeout", {
      type: "number",
      describe: "seconds to wait for a leader (default 10)",
      global: true,
    })
    .parserConfiguration({ "populate--": true })
    .strict()
    .recommendCommands()
    .demandCommand(1, "give a command (see --help)")
    .help("help")
    .alias("help", "h")
    .version()
    .completion("completion", "Print a bash or zsh completion script (source it from your shell's rc file)")
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false);
  parser = registerLeader(parser, run);
  parser = registerCluster(parser, run);
  parser = registerInspect(parser, run);
  parser = registerTasks(parser, run);
  parser = registerTask(parser, run);
  parser = registerEvents(parser, run);
  parser = registerOperations(parser, run);
  parser = parser
    .example("$0 tasks --state running", "running tasks of every framework")
    .example("$0 task exec web-1 -- cat /etc/hostname", "run a command inside a task's container");
  let usage: string | undefined;
  parser = parser.fail((message, error) => {
    usage = message ?? error?.message ?? "bad usage";
  });
  let printed = "";
  try {
    await parser.parseAsync(argv as string[], {}, (_err, _args, output) => {
      printed = output;
    });
  } catch (error) {
    usage ??= (error as Error).message;
  }
  if (usage !== undefined) {
    io.stderr.write(`mesos-ts: ${usage}\n(see mesos-ts --help)\n`);
    return EXIT.usage;
  }
  if (printed) io.stdout.write(printed.endsWith("\n") ? printed : `${printed}\n`);
  return exitCode;
}
