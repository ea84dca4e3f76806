/**
 * Child process that hosts one @mesos-ts/testkit cluster for the local target. Tasks the
 * simulated agents run are children of this process, not of the suite: they inherit this
 * process's file descriptors (ZooKeeper client sockets included), never the suite's.
 *
 * Protocol (IPC): parent sends {op:"start", options} | {op:"crash", index} | {op:"close"};
 * child answers {ok:true, ...} or {ok:false, error}.
 */
import { type Cluster as SimCluster, startCluster } from "@mesos-ts/testkit";
import type { WireLog } from "../cluster/wire.js";

export interface HostStart {
  readonly op: "start";
  readonly masters: number;
  readonly zookeeper: string;
}
export type HostRequest =
  | HostStart
  | { readonly op: "crash"; readonly index: number }
  | { readonly op: "wire"; readonly since: number }
  | { readonly op: "close" };
export type HostReply =
  | {
      readonly ok: true;
      readonly masterUrls?: readonly string[];
      readonly mark?: number;
      readonly wire?: WireLog;
    }
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
    case "wire":
      if (!cluster) throw new Error("no cluster");
      return { ok: true, mark: cluster.recorder.mark, wire: wireSince(cluster, req.since) };
    case "close":
      await cluster?.close();
      cluster = undefined;
      return { ok: true };
  }
}

/** The recorder's view after `since`, without bodies (the decoded calls say what they held). */
function wireSince(c: SimCluster, since: number): WireLog {
  const r = c.recorder;
  return {
    requests: r.requests
      .filter((x) => x.seq > since)
      .map((x) => ({
        seq: x.seq,
        at: x.at,
        master: x.master,
        method: x.method,
        url: x.url,
        contentType: x.headers["content-type"],
        accept: x.headers.accept,
        streamId: x.headers["mesos-stream-id"],
        status: x.status,
        call: x.call,
        operatorCall: x.operatorCall,
      })),
    events: r.events
      .filter((x) => x.seq > since)
      .map((x) => ({
        seq: x.seq,
        at: x.at,
        master: x.master,
        frameworkId: x.frameworkId,
        streamId: x.streamId,
        event: x.event,
        firstByte: x.payload[0],
      })),
  };
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
