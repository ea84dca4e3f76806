// leader: the leading master of --master, through discovery's detector (the same code as
// `mesos-leader`, which stays as the old name).
import { createDetector, masterAddress, masterInfoToJson, NoLeaderError } from "@mesos-ts/discovery";
import type { Register } from "../command.js";
import { CliError, EXIT } from "../errors.js";
import { withProgress } from "../output/progress.js";

export const registerLeader: Register = (y, run) =>
  y.command(
    "leader",
    "Print the leading master (ZooKeeper, a list of masters, or one master's redirect)",
    (c) =>
      c
        .option("hostname", { type: "boolean", describe: "print hostname:port instead of ip:port" })
        .example("$0 leader --master zk://zk1:2181,zk2:2181/mesos", "e.g. 10.0.0.5:5050"),
    (argv) =>
      run(argv, async (ctx) => {
        const timeout = typeof argv.timeout === "number" ? argv.timeout * 1000 : 10_000;
        const detector = createDetector(ctx.masterUrl, { sessionTimeout: Math.min(10_000, timeout) });
        try {
          const info = await withProgress(
            ctx.io,
            "waiting for a leader",
            detector.leader({ timeout, signal: ctx.io.signal }),
          );
          ctx.out(
            ctx.json
              ? JSON.stringify(masterInfoToJson(info))
              : masterAddress(info, { hostname: argv.hostname === true }),
          );
          return 0;
        } catch (e) {
          if (e instanceof NoLeaderError) throw new CliError(e.message, EXIT.notFound);
          throw e;
        } finally {
          await detector.close();
        }
      }),
  );
