/** The containers target: ZooKeeper and Mesos from public images, started with testcontainers. */
import { freePort } from "@mesos-ts/zookeeper-server";
import type { StartedNetwork, StartedTestContainer } from "testcontainers";
import type { Cluster, ClusterRequest, TargetHandle } from "../cluster/cluster.js";
import { toGenericContainer } from "./container-apply.js";
import { type ClusterLayout, clusterSpecs, imageTag, NEWEST_IMAGE_VERSION, zkUrl } from "./container-spec.js";
import type { FeatureSupport } from "./features.js";
import { chooseNetworking } from "./networking.js";

export const NO_DOCKER_CONTAINERIZER =
  "the containers target runs an unprivileged agent (MESOS_CONTAINERIZERS=mesos), without the Docker containerizer";

export const NO_NODE_IN_AGENT =
  "the agent image has no Node.js to run the TypeScript custom executor (examples/executor)";

export async function containersTarget(
  env: Readonly<Record<string, string | undefined>>,
): Promise<TargetHandle> {
  const mesosVersion = imageTag(env.MESOS_VERSION ?? NEWEST_IMAGE_VERSION);
  const tc = await import("testcontainers");
  const client = await tc.getContainerRuntimeClient();
  const rt = client.info.containerRuntime;
  const runId = `mesos-ts-${process.pid}-${Date.now().toString(36)}`;
  const { networking, noHostNetworking } = chooseNetworking(rt, runId);
  const features: FeatureSupport = {
    launch: true,
    "docker-task": NO_DOCKER_CONTAINERIZER,
    "master-failover":
      noHostNetworking === undefined
        ? true
        : `not runnable here: no host networking (${noHostNetworking}); masters advertise their own address in ZooKeeper and in 307 redirects`,
    "custom-executor": NO_NODE_IN_AGENT,
  };
  let clusters = 0;
  return {
    kind: "containers",
    mesosVersion,
    features,
    notes: [
      `images: mesosphere/mesos-master:${mesosVersion}, mesosphere/mesos-slave:${mesosVersion}, jplock/zookeeper`,
      noHostNetworking === undefined
        ? "network: host (masters advertise 127.0.0.1 and their own ports)"
        : `network: bridge (${noHostNetworking})`,
      "agent: unprivileged, MESOS_LAUNCHER=posix, MESOS_CONTAINERIZERS=mesos, MESOS_ISOLATION=posix/cpu,posix/mem",
    ],
    async start(request: ClusterRequest): Promise<Cluster> {
      clusters++;
      const layout: ClusterLayout = {
        mesosVersion,
        masters: request.masters,
        agents: 1,
        networking,
        ports: {
          zookeeper: await freePort(),
          masters: await Promise.all(Array.from({ length: request.masters }, () => freePort())),
          agents: [await freePort()],
        },
      };
      let network: StartedNetwork | undefined;
      if (networking.mode === "bridge") network = await new tc.Network().start();
      const specs = clusterSpecs(
        networking.mode === "bridge" && network
          ? { ...layout, networking: { mode: "bridge", network: network.getName() } }
          : layout,
      );
      const started: { role: string; container: StartedTestContainer; httpUrl?: string }[] = [];
      const stopAll = async () => {
        await Promise.allSettled(started.reverse().map((s) => s.container.stop({ timeout: 0 })));
        await network?.stop().catch(() => {});
      };
      try {
        for (const spec of specs) {
          const container = await toGenericContainer(tc, spec, {
            dockerHost: rt.host,
            namePrefix: `${runId}-${clusters}`,
          }).start();
          let httpUrl: string | undefined;
          if (spec.role.startsWith("master-") && spec.wait.kind === "http-200") {
            httpUrl =
              networking.mode === "host"
                ? `http://${networking.ip}:${spec.wait.port}`
                : `http://${container.getHost()}:${container.getMappedPort(5050)}`;
          }
          started.push({ role: spec.role, container, ...(httpUrl ? { httpUrl } : {}) });
        }
      } catch (e) {
        await stopAll();
        throw e;
      }
      const masterHttpUrls = started.flatMap((s) => (s.httpUrl ? [s.httpUrl] : []));
      return {
        target: "containers",
        mesosVersion,
        masterUrl: networking.mode === "host" ? zkUrl(layout) : (masterHttpUrls[0] ?? ""),
        masterHttpUrls,
        zookeeper: networking.mode === "host" ? `${networking.ip}:${layout.ports.zookeeper}` : undefined,
        async killMaster(httpUrl: string) {
          const s = started.find((x) => x.httpUrl === httpUrl);
          if (!s) throw new Error(`no master container at ${httpUrl}`);
          await s.container.stop({ timeout: 0 });
        },
        stop: stopAll,
      };
    },
  };
}
