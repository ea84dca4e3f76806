// leader: the leading master of --master. One implementation with the `mesos-leader` command
// of @mesos-ts/discovery: this forwards to its main() (same options, output and exit codes), so
// `mesos-leader <url>` and `mesos-ts leader -m <url>` cannot drift apart.
import { mesosLeader } from "@mesos-ts/discovery";
import type { Register } from "../command.js";
import { withProgress } from "../output/progress.js";

export const registerLeader: Register = (y, run) =>
  y.command(
    "leader",
    "Print the leading master (ZooKeeper, a list of masters, or one master's redirect); the same command as mesos-leader",
    (c) =>
      c
        .option("hostname", { type: "boolean", describe: "print hostname:port instead of ip:port" })
        .option("all", { type: "boolean", describe: "print every contender, leader first (one per line)" })
        .option("watch", {
          type: "boolean",
          describe: "print one JSON line per leader change until interrupted (--timeout: stop after it)",
        })
        .example("$0 leader --master zk://zk1:2181,zk2:2181/mesos", "e.g. 10.0.0.5:5050")
        .example("mesos-leader zk://zk1:2181,zk2:2181/mesos", "the same command under its old name"),
    (argv) =>
      run(argv, async (ctx) => {
        const args = [
          ...(ctx.json ? ["--json"] : []),
          ...(argv.hostname === true ? ["--hostname"] : []),
          ...(argv.all === true ? ["--all"] : []),
          ...(argv.watch === true ? ["--watch"] : []),
          ...(typeof argv.timeout === "number" ? ["--timeout", String(argv.timeout)] : []),
          ctx.masterUrl,
        ];
        const io = { out: (t: string) => ctx.io.stdout.write(t), err: (t: string) => ctx.io.stderr.write(t) };
        const done = mesosLeader(args, (line: string) => ctx.out(line), io);
        return argv.watch === true ? done : withProgress(ctx.io, "waiting for a leader", done);
      }),
  );
