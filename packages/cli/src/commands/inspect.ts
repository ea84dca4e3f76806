// framework inspect | agent inspect: one framework or agent as the master knows it.
import { master, v1 } from "@mesos-ts/proto";
import type { Argv } from "yargs";
import type { Runner } from "../command.js";
import type { Context } from "../context.js";
import { NotFoundError } from "../errors.js";
import { formatTime } from "../output/style.js";

const resources = (list: readonly v1.Resource[] | undefined) =>
  (list ?? [])
    .map(
      (r) =>
        `${r.name}:${r.scalar?.value ?? (r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(",")}`,
    )
    .join(" ") || "-";

async function inspectFramework(ctx: Context, id: string): Promise<number> {
  const r = await ctx.master().getFrameworks({ signal: ctx.io.signal });
  const completed = (r.completed_frameworks ?? []).find((f) => f.framework_info?.id?.value === id);
  const f = (r.frameworks ?? []).find((x) => x.framework_info?.id?.value === id) ?? completed;
  if (!f) throw new NotFoundError(`no framework ${id}`);
  if (ctx.json) {
    ctx.outMessage(master.Response_GetFrameworks_Framework, f);
    return 0;
  }
  const tasks = await ctx.master().getTasks({ signal: ctx.io.signal });
  const mine = (tasks.tasks ?? []).filter((t) => t.framework_id?.value === id);
  const info = f.framework_info;
  ctx.out(
    [
      `id:          ${id}`,
      `name:        ${info?.name ?? ""}`,
      `state:       ${completed ? "completed" : f.active ? ctx.paint("ok", "active") : ctx.paint("warn", "inactive")}${f.connected === false ? " (disconnected)" : ""}`,
      `user:        ${info?.user ?? ""}`,
      `roles:       ${(info?.roles ?? []).join(",") || (info?.role ?? "*")}`,
      `hostname:    ${info?.hostname ?? "-"}`,
      `principal:   ${info?.principal ?? "-"}`,
      `failover:    ${info?.failover_timeout ?? 0} s`,
      `registered:  ${formatTime(f.registered_time?.nanoseconds ? Number(f.registered_time.nanoseconds) / 1e9 : undefined)}`,
      `allocated:   ${resources(f.allocated_resources)}`,
      `offered:     ${resources(f.offered_resources)}`,
      `tasks:       ${mine.length} live (${[...new Set(mine.map((t) => v1.TaskState[t.state ?? 0]))].join(", ") || "none"})`,
    ].join("\n"),
  );
  return 0;
}

async function inspectAgent(ctx: Context, id: string): Promise<number> {
  const { agents = [] } = await ctx.master().getAgents({ signal: ctx.io.signal });
  const a = agents.find((x) => x.agent_info?.id?.value === id || x.agent_info?.hostname === id);
  if (!a) throw new NotFoundError(`no agent ${id}`);
  if (ctx.json) {
    ctx.outMessage(master.Response_GetAgents_Agent, a);
    return 0;
  }
  const info = a.agent_info;
  ctx.out(
    [
      `id:          ${info?.id?.value ?? ""}`,
      `hostname:    ${info?.hostname ?? ""}:${info?.port ?? 5051}`,
      `pid:         ${a.pid ?? "-"}`,
      `active:      ${a.active ? ctx.paint("ok", "yes") : ctx.paint("bad", "no")}${a.deactivated ? " (deactivated)" : ""}`,
      `version:     ${a.version ?? "-"}`,
      `registered:  ${formatTime(Number(a.registered_time?.nanoseconds ?? 0n) / 1e9)}`,
      `total:       ${resources(a.total_resources)}`,
      `allocated:   ${resources(a.allocated_resources)}`,
      `attributes:  ${(info?.attributes ?? []).map((x) => `${x.name}=${x.text?.value ?? x.scalar?.value ?? ""}`).join(",") || "-"}`,
    ].join("\n"),
  );
  return 0;
}

export function registerInspect(y: Argv, run: Runner): Argv {
  return y
    .command("framework <command>", "One framework: inspect", (c) =>
      c
        .command(
          "inspect <framework>",
          "A framework as the master knows it (active or completed)",
          (i) =>
            i
              .positional("framework", { type: "string", describe: "framework id", demandOption: true })
              .example("$0 framework inspect 5f3c…-0001", "name, roles, resources, live tasks"),
          (argv) => run(argv, (ctx) => inspectFramework(ctx, String(argv.framework))),
        )
        .demandCommand(1, "framework needs a subcommand: inspect")
        .example("$0 framework inspect 5f3c…-0001", ""),
    )
    .command("agent <command>", "One agent: inspect", (c) =>
      c
        .command(
          "inspect <agent>",
          "An agent as the master knows it (by id or hostname)",
          (i) =>
            i
              .positional("agent", { type: "string", describe: "agent id or hostname", demandOption: true })
              .example("$0 agent inspect host-7.example", "resources, attributes, version"),
          (argv) => run(argv, (ctx) => inspectAgent(ctx, String(argv.agent))),
        )
        .demandCommand(1, "agent needs a subcommand: inspect")
        .example("$0 agent inspect 5f3c…-S0", ""),
    );
}
