// state, agents, frameworks, health, version: the cluster at a glance.
import { master, v1 } from "@mesos-ts/proto";
import type { Register } from "../command.js";
import { CliError } from "../errors.js";
import { formatTime } from "../output/style.js";
import { renderTable } from "../output/table.js";

const scalar = (resources: readonly v1.Resource[] | undefined, name: string) =>
  (resources ?? []).filter((r) => r.name === name).reduce((sum, r) => sum + (r.scalar?.value ?? 0), 0);
const round = (n: number) => String(Math.round(n * 100) / 100);

export const registerCluster: Register = (y, run) =>
  y
    .command(
      "state",
      "Summary of the cluster (GET_STATE); --json prints it whole",
      (c) =>
        c.example("$0 state --master zk://zk1:2181/mesos", "leader, agents, frameworks and tasks by state"),
      (argv) =>
        run(argv, async (ctx) => {
          const client = ctx.master();
          const state = await client.getState({ signal: ctx.io.signal });
          if (ctx.json) {
            ctx.outMessage(master.Response_GetState, state);
            return 0;
          }
          const leader = await client.leaderUrl();
          const byState = new Map<string, number>();
          for (const t of state.get_tasks?.tasks ?? []) {
            const name = v1.TaskState[t.state ?? 0] ?? "?";
            byState.set(name, (byState.get(name) ?? 0) + 1);
          }
          const agents = state.get_agents?.agents ?? [];
          const frameworks = state.get_frameworks?.frameworks ?? [];
          ctx.out(
            [
              `leader:      ${leader}`,
              `agents:      ${agents.length} (${agents.filter((a) => a.active).length} active)`,
              `frameworks:  ${frameworks.length} (${frameworks.filter((f) => f.active).length} active), ${state.get_frameworks?.completed_frameworks?.length ?? 0} completed`,
              `tasks:       ${[...byState].map(([s, n]) => `${n} ${ctx.paint("bold", s)}`).join(", ") || "none"}; ${state.get_tasks?.completed_tasks?.length ?? 0} completed`,
            ].join("\n"),
          );
          return 0;
        }),
    )
    .command(
      "agents",
      "List agents (GET_AGENTS)",
      (c) => c.example("$0 agents --wide", "with versions, registration time and attributes"),
      (argv) =>
        run(argv, async (ctx) => {
          const { agents = [] } = await ctx.master().getAgents({ signal: ctx.io.signal });
          if (ctx.jsonLines(master.Response_GetAgents_Agent, agents)) return 0;
          ctx.out(
            renderTable(
              agents,
              [
                { header: "ID", value: (a) => a.agent_info?.id?.value ?? "" },
                {
                  header: "HOSTNAME",
                  value: (a) => `${a.agent_info?.hostname ?? ""}:${a.agent_info?.port ?? 5051}`,
                },
                {
                  header: "ACTIVE",
                  value: (a) => (a.active ? ctx.paint("ok", "yes") : ctx.paint("bad", "no")),
                },
                {
                  header: "CPUS",
                  value: (a) =>
                    `${round(scalar(a.allocated_resources, "cpus"))}/${round(scalar(a.total_resources, "cpus"))}`,
                },
                {
                  header: "MEM",
                  value: (a) =>
                    `${round(scalar(a.allocated_resources, "mem"))}/${round(scalar(a.total_resources, "mem"))}`,
                },
                { header: "VERSION", value: (a) => a.version ?? "", wide: true },
                {
                  header: "REGISTERED",
                  value: (a) => formatTime(Number(a.registered_time?.nanoseconds ?? 0n) / 1e9),
                  wide: true,
                },
                {
                  header: "ATTRIBUTES",
                  value: (a) =>
                    (a.agent_info?.attributes ?? [])
                      .map((x) => `${x.name}=${x.text?.value ?? x.scalar?.value ?? ""}`)
                      .join(","),
                  wide: true,
                },
              ],
              ctx.wide,
            ),
          );
          return 0;
        }),
    )
    .command(
      "frameworks",
      "List frameworks (GET_FRAMEWORKS)",
      (c) =>
        c
          .option("completed", { type: "boolean", describe: "include completed (removed) frameworks" })
          .example("$0 frameworks --completed", "also the frameworks that were torn down"),
      (argv) =>
        run(argv, async (ctx) => {
          const r = await ctx.master().getFrameworks({ signal: ctx.io.signal });
          const list = [...(r.frameworks ?? []), ...(argv.completed ? (r.completed_frameworks ?? []) : [])];
          if (ctx.jsonLines(master.Response_GetFrameworks_Framework, list)) return 0;
          ctx.out(
            renderTable(
              list,
              [
                { header: "ID", value: (f) => f.framework_info?.id?.value ?? "" },
                { header: "NAME", value: (f) => f.framework_info?.name ?? "" },
                {
                  header: "ACTIVE",
                  value: (f) => (f.active ? ctx.paint("ok", "yes") : ctx.paint("dim", "no")),
                },
                { header: "CPUS", value: (f) => round(scalar(f.allocated_resources, "cpus")) },
                { header: "MEM", value: (f) => round(scalar(f.allocated_resources, "mem")) },
                { header: "USER", value: (f) => f.framework_info?.user ?? "", wide: true },
                {
                  header: "ROLES",
                  value: (f) => (f.framework_info?.roles ?? []).join(",") || (f.framework_info?.role ?? "*"),
                  wide: true,
                },
                {
                  header: "REGISTERED",
                  value: (f) =>
                    formatTime(
                      f.registered_time?.nanoseconds
                        ? Number(f.registered_time.nanoseconds) / 1e9
                        : undefined,
                    ),
                  wide: true,
                },
              ],
              ctx.wide,
            ),
          );
          return 0;
        }),
    )
    .command(
      "health",
      "Is the leading master (or --agent) healthy? Exit 0 if so",
      (c) =>
        c
          .option("agent", { type: "string", describe: "ask this agent (id) instead of the master" })
          .example("$0 health", "prints 'healthy' and exits 0 when the leader answers GET_HEALTH"),
      (argv) =>
        run(argv, async (ctx) => {
          const answer =
            typeof argv.agent === "string"
              ? await (await ctx.agent(argv.agent)).getHealth({ signal: ctx.io.signal })
              : await ctx.master().getHealth({ signal: ctx.io.signal });
          if (ctx.json) ctx.out(JSON.stringify({ healthy: answer.healthy === true }));
          else ctx.out(answer.healthy ? ctx.paint("ok", "healthy") : ctx.paint("bad", "unhealthy"));
          if (!answer.healthy) throw new CliError("unhealthy");
          return 0;
        }),
    )
    .command(
      "version",
      "Versions of the leading master and of this command",
      (c) => c.example("$0 version --json", "both as JSON"),
      (argv) =>
        run(argv, async (ctx) => {
          const { version_info } = await ctx.master().getVersion({ signal: ctx.io.signal });
          const cli = await cliVersion();
          if (ctx.json) ctx.out(JSON.stringify({ master: version_info ?? {}, cli }));
          else
            ctx.out(
              `master:   ${version_info?.version ?? "?"}${version_info?.git_sha ? ` (${version_info.git_sha.slice(0, 10)})` : ""}\nmesos-ts: ${cli}`,
            );
          return 0;
        }),
    );

export async function cliVersion(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
