/** Turns a ContainerSpec into a testcontainers GenericContainer (not started). */
import type { GenericContainer, WaitStrategy } from "testcontainers";
import type { ContainerSpec } from "./container-spec.js";
import { http200Probe, PollingWaitStrategy, ruokProbe } from "./host-wait.js";

type Testcontainers = Pick<typeof import("testcontainers"), "GenericContainer" | "Wait">;

export interface ApplyOptions {
  /** The Docker host's address as the test process reaches it (host networking). */
  readonly dockerHost: string;
  /** Prefix of container names, unique per run. */
  readonly namePrefix: string;
}

export function toGenericContainer(
  tc: Testcontainers,
  spec: ContainerSpec,
  opts: ApplyOptions,
): GenericContainer {
  let c = new tc.GenericContainer(spec.image)
    .withName(`${opts.namePrefix}-${spec.role}`)
    .withCommand([...spec.command])
    .withEnvironment({ ...spec.env })
    .withNetworkMode(spec.networkMode)
    .withWaitStrategy(waitStrategy(tc, spec, opts))
    .withStartupTimeout(spec.startupTimeoutMs);
  if (spec.exposedPorts.length > 0) c = c.withExposedPorts(...spec.exposedPorts);
  if (spec.alias !== undefined) c = c.withNetworkAliases(spec.alias);
  if (spec.files.length > 0) c = c.withCopyContentToContainer(spec.files.map((f) => ({ ...f })));
  return c;
}

export function waitStrategy(tc: Testcontainers, spec: ContainerSpec, opts: ApplyOptions): WaitStrategy {
  const w = spec.wait;
  const host = spec.networkMode === "host";
  switch (w.kind) {
    case "log":
      return tc.Wait.forLogMessage(w.pattern);
    case "http-200":
      return host
        ? new PollingWaitStrategy(
            `${spec.role} GET ${w.path} = 200`,
            http200Probe(`http://${opts.dockerHost}:${w.port}${w.path}`),
          )
        : tc.Wait.forHttp(w.path, w.port).forStatusCode(200);
    case "zookeeper-ruok":
      return host
        ? new PollingWaitStrategy(`${spec.role} ruok = imok`, ruokProbe(opts.dockerHost, w.port))
        : tc.Wait.forSuccessfulCommand(`echo ruok | nc 127.0.0.1 ${w.port} | grep -q imok`);
  }
}
