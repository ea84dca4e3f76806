/**
 * The external target: a cluster the user already runs, named by MESOS_MASTER (any URL
 * @mesos-ts/discovery accepts). Read-only unless MESOS_TS_ALLOW_LAUNCH=1; never kills masters.
 */
import { createDetector, masterBaseUrl, parseMasterUrl, redactMasterUrl } from "@mesos-ts/discovery";
import type { Cluster, TargetHandle } from "../cluster/cluster.js";
import { OperatorClient } from "../operator/operator-client.js";
import type { FeatureSupport } from "./features.js";
import { launchAllowed } from "./select.js";

export async function externalTarget(
  env: Readonly<Record<string, string | undefined>>,
): Promise<TargetHandle> {
  const url = env.MESOS_MASTER?.trim();
  if (!url) throw new Error("the external target needs MESOS_MASTER");
  const parsed = parseMasterUrl(url);
  const detector = createDetector(parsed);
  let leaderUrl: string;
  try {
    const leader = await detector.leader({ timeout: 15_000 });
    leaderUrl = masterBaseUrl(leader);
  } finally {
    await detector.close();
  }
  const version = (await new OperatorClient(leaderUrl, "json").masterInfo(AbortSignal.timeout(15_000)))
    .version;
  const launch = launchAllowed(env);
  const features: FeatureSupport = {
    launch: launch ? true : "read-only on an external cluster: set MESOS_TS_ALLOW_LAUNCH=1 to launch tasks",
    "docker-task":
      launch && env.MESOS_TS_EXTERNAL_DOCKER === "1"
        ? true
        : "the suite cannot know whether the external agents run the Docker containerizer: set MESOS_TS_EXTERNAL_DOCKER=1 (and MESOS_TS_ALLOW_LAUNCH=1)",
    "master-failover": "an external cluster's masters are not the suite's to kill",
    "custom-executor":
      launch && env.MESOS_TS_EXTERNAL_NODE === "1"
        ? true
        : "the suite cannot know whether the agents have Node.js and this repository at the same paths: set MESOS_TS_EXTERNAL_NODE=1 (and MESOS_TS_ALLOW_LAUNCH=1)",
  };
  const masterHttpUrls =
    parsed.kind === "static"
      ? parsed.masters.map(
          (m) => `${m.scheme ?? "http"}://${m.host.includes(":") ? `[${m.host}]` : m.host}:${m.port}`,
        )
      : [leaderUrl];
  const cluster: Cluster = {
    target: "external",
    mesosVersion: version ?? "unknown",
    masterUrl: url,
    masterHttpUrls,
    zookeeper: parsed.kind === "zookeeper" ? parsed.servers : undefined,
    async stop() {},
  };
  return {
    kind: "external",
    mesosVersion: cluster.mesosVersion,
    features,
    notes: [
      `cluster: ${redactMasterUrl(url)}, leader ${leaderUrl}, Mesos ${cluster.mesosVersion}`,
      launch
        ? "launching allowed (MESOS_TS_ALLOW_LAUNCH=1)"
        : "read-only: launching scenarios are not runnable",
    ],
    async start() {
      return cluster;
    },
  };
}
