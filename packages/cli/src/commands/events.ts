// events [--follow]: the operator event stream, one line per event (NDJSON with --json).
import type { OperatorEvent } from "@mesos-ts/operator";
import { MesosJson, master, v1 } from "@mesos-ts/proto";
import type { Register } from "../command.js";

const E = master.Event_Type;

/** The union back to the wire message, to print it as Mesos JSON. */
export function toWire(e: OperatorEvent): master.Event {
  switch (e.type) {
    case "SUBSCRIBED":
      return {
        type: E.SUBSCRIBED,
        subscribed: { get_state: e.state, heartbeat_interval_seconds: e.heartbeatIntervalSeconds },
      };
    case "TASK_ADDED":
      return { type: E.TASK_ADDED, task_added: { task: e.task } };
    case "TASK_UPDATED":
      return {
        type: E.TASK_UPDATED,
        task_updated: { framework_id: { value: e.frameworkId }, status: e.status, state: e.state },
      };
    case "AGENT_ADDED":
      return { type: E.AGENT_ADDED, agent_added: { agent: e.agent } };
    case "AGENT_REMOVED":
      return { type: E.AGENT_REMOVED, agent_removed: { agent_id: { value: e.agentId } } };
    case "FRAMEWORK_ADDED":
      return { type: E.FRAMEWORK_ADDED, framework_added: { framework: e.framework } };
    case "FRAMEWORK_UPDATED":
      return { type: E.FRAMEWORK_UPDATED, framework_updated: { framework: e.framework } };
    case "FRAMEWORK_REMOVED":
      return { type: E.FRAMEWORK_REMOVED, framework_removed: { framework_info: e.frameworkInfo } };
    case "HEARTBEAT":
      return { type: E.HEARTBEAT };
    case "unknown":
      return e.event;
  }
}

function summary(e: OperatorEvent): string {
  switch (e.type) {
    case "SUBSCRIBED":
      return `${e.state.get_agents?.agents?.length ?? 0} agents, ${e.state.get_frameworks?.frameworks?.length ?? 0} frameworks, ${e.state.get_tasks?.tasks?.length ?? 0} tasks`;
    case "TASK_ADDED":
      return `${e.task.task_id?.value} of ${e.task.framework_id?.value} on ${e.task.agent_id?.value}`;
    case "TASK_UPDATED":
      return `${e.status.task_id?.value} ${v1.TaskState[e.state] ?? e.state}${e.status.message ? `: ${e.status.message}` : ""}`;
    case "AGENT_ADDED":
      return `${e.agent.agent_info?.id?.value} ${e.agent.agent_info?.hostname}`;
    case "AGENT_REMOVED":
      return e.agentId;
    case "FRAMEWORK_ADDED":
    case "FRAMEWORK_UPDATED":
      return `${e.framework.framework_info?.id?.value} ${e.framework.framework_info?.name}`;
    case "FRAMEWORK_REMOVED":
      return `${e.frameworkInfo.id?.value} ${e.frameworkInfo.name}`;
    case "HEARTBEAT":
      return "";
    case "unknown":
      return `type ${e.event.type}`;
  }
}

export const registerEvents: Register = (y, run) =>
  y.command(
    "events",
    "The operator event stream (SUBSCRIBE); without --follow only the snapshot",
    (c) =>
      c
        .option("follow", {
          alias: "f",
          type: "boolean",
          describe: "keep streaming (resubscribing on leader changes) until interrupted",
        })
        .option("heartbeats", { type: "boolean", describe: "also print HEARTBEAT events" })
        .option("limit", { type: "number", describe: "stop after this many events" })
        .example("$0 events --follow --json | jq .type", "one Mesos JSON event per line"),
    (argv) =>
      run(argv, async (ctx) => {
        let count = 0;
        const limit = typeof argv.limit === "number" ? argv.limit : Number.POSITIVE_INFINITY;
        for await (const e of ctx.master().subscribe({
          signal: ctx.io.signal,
          resubscribe: argv.follow === true,
          onDisconnect: (why) => {
            if (!ctx.json)
              ctx.io.stderr.write(`${ctx.paint("warn", "stream lost")}: ${why.message}; subscribing again\n`);
          },
        })) {
          if (e.type === "HEARTBEAT" && !argv.heartbeats) continue;
          if (ctx.json) ctx.out(MesosJson.stringify(master.Event, toWire(e)));
          else
            ctx.out(
              `${new Date().toISOString()}  ${ctx.paint("bold", e.type.padEnd(17))}  ${summary(e)}`.trimEnd(),
            );
          if (++count >= limit || (!argv.follow && e.type === "SUBSCRIBED")) break;
        }
        return 0;
      }),
  );
