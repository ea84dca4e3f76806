// task inspect | logs | exec | attach | kill: one task, through the master and its agent.
import { randomUUID } from "node:crypto";
import { type AgentClient, exitCodeOf, isTerminal, type ProcessOutput } from "@mesos-ts/operator";
import { v1 } from "@mesos-ts/proto";
import type { Argv } from "yargs";
import type { Runner } from "../command.js";
import type { Context } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { containerOf, findTask, sandboxPath } from "../lookup.js";
import { withProgress } from "../output/progress.js";
import { formatTime, stateKind } from "../output/style.js";
import { renderTable } from "../output/table.js";

const stateName = (s: v1.TaskState | undefined) => v1.TaskState[s ?? 0] ?? "?";

const taskArg = (c: Argv) =>
  c.positional("task", { type: "string", describe: "task id", demandOption: true }).option("framework", {
    type: "string",
    describe: "framework id, when several frameworks use the task id",
  });

async function writeOutput(ctx: Context, stream: AsyncIterable<ProcessOutput>): Promise<void> {
  for await (const o of stream) {
    if (o.type === "stdout") ctx.io.stdout.write(o.data);
    else if (o.type === "stderr") ctx.io.stderr.write(o.data);
  }
}

export function registerTask(y: Argv, run: Runner): Argv {
  return y.command("task <command>", "One task: inspect, logs, exec, attach, kill", (t) =>
    t
      .command(
        "inspect <task>",
        "The task as the master knows it, with its status history",
        (c) => taskArg(c).example("$0 task inspect web-1", "state, agent, executor, container, statuses"),
        (argv) =>
          run(argv, async (ctx) => {
            const found = await findTask(ctx, String(argv.task), argv.framework as string | undefined);
            if (ctx.json) {
              ctx.outMessage(v1.Task, found.task);
              return 0;
            }
            const t = found.task;
            const state = stateName(t.state);
            ctx.out(
              [
                `id:         ${t.task_id?.value}`,
                `name:       ${t.name}`,
                `state:      ${ctx.paint(stateKind(state), state)}${found.completed ? " (completed)" : ""}`,
                `framework:  ${found.frameworkId}`,
                `agent:      ${found.agentId}`,
                `executor:   ${found.executorId}`,
                `container:  ${t.statuses?.at(-1)?.container_status?.container_id?.value ?? "-"}`,
                `resources:  ${(t.resources ?? []).map((r) => `${r.name}:${r.scalar?.value ?? (r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(",")}`).join(" ")}`,
              ].join("\n"),
            );
            ctx.out(
              renderTable(
                t.statuses ?? [],
                [
                  { header: "TIME", value: (s) => formatTime(s.timestamp) },
                  {
                    header: "STATE",
                    value: (s) => ctx.paint(stateKind(stateName(s.state)), stateName(s.state)),
                  },
                  {
                    header: "SOURCE",
                    value: (s) => (s.source !== undefined ? (v1.TaskStatus_Source[s.source] ?? "") : ""),
                  },
                  {
                    header: "REASON",
                    value: (s) => (s.reason !== undefined ? (v1.TaskStatus_Reason[s.reason] ?? "") : ""),
                  },
                  { header: "MESSAGE", value: (s) => s.message ?? "" },
                ],
                ctx.wide,
              ),
            );
            return 0;
          }),
      )
      .command(
        "logs <task>",
        "The task's stdout (or --stderr) from its sandbox (READ_FILE); --follow until it ends",
        (c) =>
          taskArg(c)
            .option("stderr", { type: "boolean", describe: "the stderr file instead of stdout" })
            .option("follow", {
              alias: "f",
              type: "boolean",
              describe: "keep printing as the task writes, until it ends",
            })
            .option("tail", { type: "number", describe: "start this many bytes before the end" })
            .example("$0 task logs web-1 --follow", "like tail -f of the sandbox's stdout"),
        (argv) =>
          run(argv, async (ctx) => {
            const found = await findTask(ctx, String(argv.task), argv.framework as string | undefined);
            const agent = await ctx.agent(found.agentId);
            const path = sandboxPath(found, argv.stderr ? "stderr" : "stdout");
            const offset = typeof argv.tail === "number" ? -argv.tail : 0;
            if (!argv.follow) {
              const { size } = await agent.readFile(path, { length: 0, signal: ctx.io.signal });
              const start = offset < 0 ? Math.max(0, size + offset) : 0;
              for await (const chunk of agent.followFile(path, {
                offset: start,
                signal: ctx.io.signal,
                done: () => true,
              }))
                ctx.io.stdout.write(chunk);
              return 0;
            }
            let ended = found.completed || isTerminal(found.task.state);
            let lastCheck = 0;
            const done = async () => {
              if (!ended && Date.now() - lastCheck > 500) {
                lastCheck = Date.now();
                const now = await findTask(ctx, found.task.task_id?.value ?? "", found.frameworkId);
                ended = now.completed || isTerminal(now.task.state);
              }
              return ended;
            };
            for await (const chunk of agent.followFile(path, {
              offset,
              pollMs: 250,
              signal: ctx.io.signal,
              done,
            }))
              ctx.io.stdout.write(chunk);
            return 0;
          }),
      )
      .command(
        "exec <task> [cmd..]",
        "Run a command in the task's container (LAUNCH_NESTED_CONTAINER_SESSION) with this stdin; exits with its status",
        (c) =>
          taskArg(c)
            .positional("cmd", { type: "string", array: true, describe: "command and arguments (after --)" })
            .option("stdin", {
              type: "boolean",
              default: true,
              describe: "send this command's stdin (--no-stdin: none)",
            })
            .option("tty", {
              alias: "t",
              type: "boolean",
              describe: "not supported: the command runs on pipes, without a terminal (no TTY_INFO)",
            })
            .example("$0 task exec web-1 -- ls -l", "list the task's sandbox; the exit status is ls's")
            .epilogue(
              "No TTY: -t/--tty is not supported. The command gets pipes for stdin, stdout and stderr, " +
                "not a terminal, so interactive programs (shells, editors, top) see no terminal and no window size.",
            ),
        (argv) =>
          run(argv, async (ctx) => {
            if (argv.tty === true)
              throw new UsageError(
                "task exec -t: no TTY support; the command runs on pipes (drop -t, or run e.g. `sh -c` without a terminal)",
              );
            const cmd = [
              ...((argv.cmd as unknown[] | undefined) ?? []),
              ...((argv["--"] as unknown[] | undefined) ?? []),
            ].map(String);
            if (cmd.length === 0) throw new UsageError("task exec needs a command after --");
            const found = await findTask(ctx, String(argv.task), argv.framework as string | undefined);
            if (found.completed || isTerminal(found.task.state))
              throw new CliError(
                `task ${found.task.task_id?.value} is ${stateName(found.task.state)}: nothing to exec in`,
              );
            const agent = await ctx.agent(found.agentId);
            const parent = await containerOf(ctx, agent, found);
            const id = { value: randomUUID(), parent };
            const input = new AbortController();
            const stop = () => input.abort();
            ctx.io.signal.addEventListener("abort", stop, { once: true });
            let inputDone: Promise<void> = Promise.resolve();
            try {
              const session = agent.launchNestedContainerSession(
                {
                  containerId: id.value,
                  parentId: parent.value ?? "",
                  command: { shell: false, value: cmd[0], arguments: cmd },
                },
                {
                  signal: ctx.io.signal,
                  onOpen: () => {
                    const source =
                      argv.stdin === false ? emptyInput() : untilAborted(ctx.io.stdin, input.signal);
                    inputDone = agent
                      .attachContainerInput(id, source, { signal: input.signal })
                      .catch(() => {});
                  },
                },
              );
              await writeOutput(ctx, session);
            } finally {
              input.abort();
              ctx.io.signal.removeEventListener("abort", stop);
              await inputDone;
            }
            const wait = await agent.waitNestedContainer(id, { signal: ctx.io.signal });
            return exitCodeOf(wait.exit_status ?? 0);
          }),
      )
      .command(
        "attach <task>",
        "Stream the output of a container session (ATTACH_CONTAINER_OUTPUT)",
        (c) =>
          taskArg(c)
            .option("container", {
              type: "string",
              describe: "a nested session's container id (default: the task's own container)",
            })
            .epilogue(
              "A real agent has an I/O switchboard only for sessions and TTY containers: attaching to a plain task's container answers 500 'I/O switchboard server was disabled for this container'.",
            )
            .example(
              "$0 task attach web-1 --container 6f1c…",
              "the output of a session started by task exec",
            ),
        (argv) =>
          run(argv, async (ctx) => {
            const found = await findTask(ctx, String(argv.task), argv.framework as string | undefined);
            const agent = await ctx.agent(found.agentId);
            const own = await containerOf(ctx, agent, found);
            const id = typeof argv.container === "string" ? { value: argv.container, parent: own } : own;
            await writeOutput(ctx, agent.attachContainerOutput(id, { signal: ctx.io.signal }));
            return 0;
          }),
      )
      .command(
        "kill <task>",
        "Kill one task through the operator API: KILL_CONTAINER on its container via its agent",
        (c) =>
          taskArg(c)
            .option("wait", {
              type: "boolean",
              default: true,
              describe: "wait until the master reports it terminal",
            })
            .epilogue(
              "For a command task this destroys its executor's container, so a real agent reports TASK_FAILED with REASON_EXECUTOR_TERMINATED (source SOURCE_AGENT), not TASK_KILLED: TASK_KILLED comes only from the framework's own KILL call.",
            )
            .example("$0 task kill web-1", "destroys the container; prints the terminal state"),
        (argv) =>
          run(argv, async (ctx) => {
            const found = await findTask(ctx, String(argv.task), argv.framework as string | undefined);
            if (found.completed || isTerminal(found.task.state))
              throw new CliError(
                `task ${found.task.task_id?.value} is already ${stateName(found.task.state)}`,
              );
            const agent: AgentClient = await ctx.agent(found.agentId);
            await agent.killContainer(await containerOf(ctx, agent, found), { signal: ctx.io.signal });
            if (argv.wait === false) return 0;
            const final = await withProgress(
              ctx.io,
              `waiting for task ${found.task.task_id?.value} to end`,
              waitTerminal(ctx, found.task.task_id?.value ?? "", found.frameworkId),
            );
            const state = stateName(final.state);
            const reason = final.statuses?.at(-1)?.reason;
            if (ctx.json) ctx.outMessage(v1.Task, final);
            else
              ctx.out(
                `${final.task_id?.value}: ${ctx.paint(stateKind(state), state)}${reason !== undefined ? ` (${v1.TaskStatus_Reason[reason]})` : ""}`,
              );
            return 0;
          }),
      )
      .demandCommand(1, "task needs a subcommand: inspect, logs, exec, attach or kill")
      .example("$0 task logs web-1 --follow", "follow a task's stdout"),
  );
}

async function waitTerminal(ctx: Context, taskId: string, frameworkId: string): Promise<v1.Task> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = await findTask(ctx, taskId, frameworkId);
    if (now.completed || isTerminal(now.task.state)) return now.task;
    if (Date.now() > deadline)
      throw new CliError(`task ${taskId} still ${stateName(now.task.state)} after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function* emptyInput(): AsyncGenerator<Uint8Array> {}

/** The caller's stdin, chunk by chunk, until it ends or the session is over. */
async function* untilAborted(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<Uint8Array>>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined });
    signal.addEventListener("abort", () => resolve({ done: true, value: undefined }), { once: true });
  });
  for (;;) {
    const r = await Promise.race([iterator.next(), aborted]);
    if (r.done) return;
    yield r.value;
  }
}
