/**
 * Child process that hosts one @mesos-ts/testkit cluster for the local target. Tasks the
 * simulated agents run are children of this process, not of the suite: they inherit this
 * process's file descriptors (ZooKeeper client sockets included), never the suite's.
 *
 * Protocol (IPC): parent sends {op:"start", options} | {op:"crash", index} | {op:"close"};
 * child answers {ok:true, ...} or {ok:false, error}.
 */
import { type Cluster as SimCluster, startCluster } from "@mesos-ts/testkit";

export interface HostStart {
  readonly op: "start";
  readonly masters: number;
  readonly zookeeper: string;
}
export type HostRequest =
  | HostStart
  | { readonly op: "crash"; readonly index: number }
  | { readonly op: "close" };
export type HostReply =
  | { readonly ok: true; readonly masterUrls?: readonly string[] }
  | { readonly ok: false; readonly error: string };

let cluster: SimCluster | undefined;

async function handle(req: HostRequest): Promise<HostReply> {
  switch (req.op) {
    case "start": {
      cluster = await startCluster({
        masters: req.masters,
        agents: 1,
        zookeeper: req.zookeeper,
        allocationIntervalMs: 250,
        zkSessionTimeoutMs: 4_000,
      });
      await cluster.waitForLeader({ timeout: 20_000 });
      return { ok: true, masterUrls: [...cluster.masterUrls] };
    }
    case "crash":
      if (!cluster) throw new Error("no cluster");
      await cluster.crashMaster(req.index);
      return { ok: true };
    case "close":
      await cluster?.close();
      cluster = undefined;
      return { ok: true };
  }
}

process.on("message", (req: HostRequest) => {
  handle(req).then(
    (reply) => {
      process.send?.(reply);
      if (req.op === "close") process.disconnect();
    },
    (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
// The suite went away: stop the cluster (and its task processes) with it.
process.on("disconnect", () => {
  void (cluster?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
