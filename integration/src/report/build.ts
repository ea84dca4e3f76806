/**
 * The Mesos build the suite ran on, as the target's leading master names it (GET_VERSION), for
 * the report's header: a version number alone does not say which build (a source build, a
 * package, the testkit) answered.
 */
import { master, type v1 } from "@mesos-ts/proto";
import type { Cluster } from "../cluster/cluster.js";
import { OperatorClient } from "../operator/operator-client.js";

/** `Mesos 1.12.0 (build 2020-11-16 00:00:00 by someone, git c1b42f79d)`. */
export function buildNote(info: v1.VersionInfo | undefined): string {
  if (!info?.version) return "Mesos build: GET_VERSION named none";
  const parts = [
    info.build_date ? `build ${info.build_date}` : undefined,
    info.build_user ? `by ${info.build_user}` : undefined,
    info.git_sha ? `git ${info.git_sha.slice(0, 9)}` : undefined,
    info.git_tag ? `tag ${info.git_tag}` : undefined,
  ].filter((p) => p !== undefined);
  return `Mesos under test (GET_VERSION): ${info.version}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

/** GET_VERSION on the cluster's first master (307s to the leader followed). */
export async function describeBuild(cluster: Cluster, signal?: AbortSignal): Promise<string> {
  const url = cluster.masterHttpUrls[0];
  if (!url) return "Mesos build: no master to ask";
  try {
    const answer = await new OperatorClient(url, "json").get(master.Call_Type.GET_VERSION, signal);
    return buildNote(answer.get_version?.version_info);
  } catch (e) {
    return `Mesos build: GET_VERSION failed: ${(e as Error).message}`;
  }
}
