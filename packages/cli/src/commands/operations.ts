// maintenance (schedule, status, down, up), quota, teardown: the calls that change things.
import { readFileSync } from "node:fs";
import { MesosJson, maintenance, master, type v1 } from "@mesos-ts/proto";
import type { Argv } from "yargs";
import type { Runner } from "../command.js";
import { NotFoundError, UsageError } from "../errors.js";
import { renderTable } from "../output/table.js";

/** `host` or `host=ip` → MachineID. */
function machine(text: string): v1.MachineID {
  const [hostname, ip] = text.split("=");
  if (!hostname) throw new UsageError(`bad machine ${text}: use host or host=ip`);
  return { hostname, ...(ip ? { ip } : {}) };
}

export function registerOperations(y: Argv, run: Runner): Argv {
  return y
    .command("maintenance <command>", "Maintenance schedule and machine status", (m) =>
      m
        .command(
          "schedule",
          "Print the schedule, or replace it with --file (Mesos JSON maintenance.Schedule)",
          (c) =>
            c
              .option("file", { type: "string", describe: "a JSON file holding a maintenance.Schedule" })
              .example("$0 maintenance schedule --file windows.json", "UPDATE_MAINTENANCE_SCHEDULE"),
          (argv) =>
            run(argv, async (ctx) => {
              if (typeof argv.file === "string") {
                let schedule: maintenance.Schedule;
                try {
                  schedule = MesosJson.parse(maintenance.Schedule, readFileSync(argv.file, "utf8"));
                } catch (e) {
                  throw new UsageError(`${argv.file}: not a maintenance schedule: ${(e as Error).message}`);
                }
                await ctx
                  .master()
                  .call("UPDATE_MAINTENANCE_SCHEDULE", { schedule }, { signal: ctx.io.signal });
                if (!ctx.json) ctx.out("schedule updated");
                return 0;
              }
              const r = await ctx.master().getMaintenanceSchedule({ signal: ctx.io.signal });
              if (ctx.json) {
                ctx.outMessage(master.Response_GetMaintenanceSchedule, r);
                return 0;
              }
              const rows = (r.schedule?.windows ?? []).flatMap((w) =>
                (w.machine_ids ?? []).map((m) => ({ m, w })),
              );
              ctx.out(
                rows.length === 0
                  ? "no maintenance scheduled"
                  : renderTable(
                      rows,
                      [
                        { header: "HOSTNAME", value: ({ m }) => m.hostname ?? "" },
                        { header: "IP", value: ({ m }) => m.ip ?? "" },
                        {
                          header: "START",
                          value: ({ w }) =>
                            new Date(Number(w.unavailability?.start?.nanoseconds ?? 0n) / 1e6).toISOString(),
                        },
                        {
                          header: "DURATION",
                          value: ({ w }) =>
                            w.unavailability?.duration
                              ? `${Number(w.unavailability.duration.nanoseconds ?? 0n) / 1e9}s`
                              : "-",
                        },
                      ],
                      ctx.wide,
                    ),
              );
              return 0;
            }),
        )
        .command(
          "status",
          "Machines draining or down (GET_MAINTENANCE_STATUS)",
          (c) =>
            c.example("$0 maintenance status", "draining machines and their offer responses; down machines"),
          (argv) =>
            run(argv, async (ctx) => {
              const r = await ctx.master().getMaintenanceStatus({ signal: ctx.io.signal });
              if (ctx.json) {
                ctx.outMessage(master.Response_GetMaintenanceStatus, r);
                return 0;
              }
              const s = r.status ?? {};
              const rows = [
                ...(s.draining_machines ?? []).map((d) => ({ m: d.id ?? {}, mode: "DRAINING" })),
                ...(s.down_machines ?? []).map((m) => ({ m, mode: "DOWN" })),
              ];
              ctx.out(
                rows.length === 0
                  ? "no machine in maintenance"
                  : renderTable(
                      rows,
                      [
                        { header: "HOSTNAME", value: (x) => x.m.hostname ?? "" },
                        { header: "IP", value: (x) => x.m.ip ?? "" },
                        { header: "MODE", value: (x) => x.mode },
                      ],
                      ctx.wide,
                    ),
              );
              return 0;
            }),
        )
        .command(
          "down <machines..>",
          "Start maintenance: the machines go DOWN (START_MAINTENANCE)",
          (c) =>
            c
              .positional("machines", { type: "string", array: true, describe: "host or host=ip" })
              .example("$0 maintenance down agent7=10.0.0.7", "agents on it are removed"),
          (argv) =>
            run(argv, async (ctx) => {
              const machines = (argv.machines as string[]).map(machine);
              await ctx.master().call("START_MAINTENANCE", { machines }, { signal: ctx.io.signal });
              if (!ctx.json) ctx.out(`down: ${machines.map((m) => m.hostname).join(", ")}`);
              return 0;
            }),
        )
        .command(
          "up <machines..>",
          "Stop maintenance: the machines come back UP (STOP_MAINTENANCE)",
          (c) =>
            c
              .positional("machines", { type: "string", array: true, describe: "host or host=ip" })
              .example("$0 maintenance up agent7=10.0.0.7", ""),
          (argv) =>
            run(argv, async (ctx) => {
              const machines = (argv.machines as string[]).map(machine);
              await ctx.master().call("STOP_MAINTENANCE", { machines }, { signal: ctx.io.signal });
              if (!ctx.json) ctx.out(`up: ${machines.map((m) => m.hostname).join(", ")}`);
              return 0;
            }),
        )
        .demandCommand(1, "maintenance needs a subcommand: schedule, status, down or up")
        .example("$0 maintenance status", "who is draining or down"),
    )
    .command(
      "quota",
      "Quota per role (GET_QUOTA)",
      (c) => c.example("$0 quota --json", "the master's quota status as Mesos JSON"),
      (argv) =>
        run(argv, async (ctx) => {
          const r = await ctx.master().getQuota({ signal: ctx.io.signal });
          if (ctx.json) {
            ctx.outMessage(master.Response_GetQuota, r);
            return 0;
          }
          const configs = r.status?.configs ?? [];
          const fmt = (m: Record<string, { value?: number }> | undefined) =>
            Object.entries(m ?? {})
              .map(([k, v]) => `${k}:${v.value ?? 0}`)
              .join(" ");
          ctx.out(
            configs.length === 0
              ? "no quota set"
              : renderTable(
                  configs,
                  [
                    { header: "ROLE", value: (q) => q.role ?? "" },
                    { header: "GUARANTEES", value: (q) => fmt(q.guarantees) },
                    { header: "LIMITS", value: (q) => fmt(q.limits) },
                  ],
                  ctx.wide,
                ),
          );
          return 0;
        }),
    )
    .command(
      "teardown <framework>",
      "Remove a framework and kill all its tasks (TEARDOWN)",
      (c) =>
        c
          .positional("framework", { type: "string", describe: "framework id", demandOption: true })
          .example("$0 teardown 5f3c…-0001", "the master kills its tasks and forgets it"),
      (argv) =>
        run(argv, async (ctx) => {
          const id = String(argv.framework);
          const known = await ctx.master().getFrameworks({ signal: ctx.io.signal });
          if (!(known.frameworks ?? []).some((f) => f.framework_info?.id?.value === id)) {
            throw new NotFoundError(`no active framework ${id}`);
          }
          await ctx.master().teardown(id, { signal: ctx.io.signal });
          if (!ctx.json) ctx.out(`torn down: ${id}`);
          return 0;
        }),
    );
}
