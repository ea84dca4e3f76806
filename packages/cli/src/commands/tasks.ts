// tasks: the task list with filters by framework, state and agent.
import { v1 } from "@mesos-ts/proto";
import type { Register } from "../command.js";
import { UsageError } from "../errors.js";
import { stateKind } from "../output/style.js";
import { renderTable } from "../output/table.js";

/** `running`, `task_running` and `TASK_RUNNING` all name TASK_RUNNING. */
export function parseState(text: string): v1.TaskState {
  const name = text.toUpperCase().startsWith("TASK_") ? text.toUpperCase() : `TASK_${text.toUpperCase()}`;
  const value = (v1.TaskState as unknown as Record<string, number>)[name];
  if (typeof value !== "number" || value < 0) throw new UsageError(`unknown task state ${text}`);
  return value;
}

export const registerTasks: Register = (y, run) =>
  y.command(
    "tasks",
    "List tasks (GET_TASKS), filtered by framework, state or agent",
    (c) =>
      c
        .option("framework", { type: "string", describe: "framework id or name" })
        .option("state", { type: "string", describe: "task state, e.g. running or TASK_FAILED" })
        .option("agent", { type: "string", describe: "agent id or hostname" })
        .option("all", { type: "boolean", describe: "include completed tasks" })
        .example(
          "$0 tasks --state running --framework marathon",
          "running tasks of the framework named marathon",
        ),
    (argv) =>
      run(argv, async (ctx) => {
        const client = ctx.master();
        const [tasks, frameworks, agents] = await Promise.all([
          client.getTasks({ signal: ctx.io.signal }),
          client.getFrameworks({ signal: ctx.io.signal }),
          client.getAgents({ signal: ctx.io.signal }),
        ]);
        const fwName = new Map<string, string>();
        for (const f of [...(frameworks.frameworks ?? []), ...(frameworks.completed_frameworks ?? [])])
          fwName.set(f.framework_info?.id?.value ?? "", f.framework_info?.name ?? "");
        const host = new Map<string, string>();
        for (const a of agents.agents ?? [])
          host.set(a.agent_info?.id?.value ?? "", a.agent_info?.hostname ?? "");
        const state = typeof argv.state === "string" ? parseState(argv.state) : undefined;
        const fw = typeof argv.framework === "string" ? argv.framework : undefined;
        const agent = typeof argv.agent === "string" ? argv.agent : undefined;
        const list = [
          ...(tasks.pending_tasks ?? []),
          ...(tasks.tasks ?? []),
          ...(tasks.unreachable_tasks ?? []),
          ...(argv.all ? (tasks.completed_tasks ?? []) : []),
        ].filter((t) => {
          const f = t.framework_id?.value ?? "";
          const a = t.agent_id?.value ?? "";
          return (
            (state === undefined || t.state === state) &&
            (fw === undefined || f === fw || fwName.get(f) === fw) &&
            (agent === undefined || a === agent || host.get(a) === agent)
          );
        });
        if (ctx.jsonLines(v1.Task, list)) return 0;
        ctx.out(
          renderTable(
            list,
            [
              { header: "ID", value: (t) => t.task_id?.value ?? "" },
              { header: "NAME", value: (t) => t.name ?? "" },
              {
                header: "STATE",
                value: (t) => {
                  const s = v1.TaskState[t.state ?? 0] ?? "?";
                  return ctx.paint(stateKind(s), s);
                },
              },
              {
                header: "FRAMEWORK",
                value: (t) => fwName.get(t.framework_id?.value ?? "") || (t.framework_id?.value ?? ""),
              },
              {
                header: "AGENT",
                value: (t) => host.get(t.agent_id?.value ?? "") || (t.agent_id?.value ?? ""),
              },
              { header: "FRAMEWORK ID", value: (t) => t.framework_id?.value ?? "", wide: true },
              { header: "AGENT ID", value: (t) => t.agent_id?.value ?? "", wide: true },
              { header: "EXECUTOR", value: (t) => t.executor_id?.value ?? "", wide: true },
            ],
            ctx.wide,
          ),
        );
        return 0;
      }),
  );
