/**
 * Host networking or a bridge, decided from what the container runtime says about itself.
 * Host networking only shares *our* host's network when the engine runs on this machine's
 * kernel: Docker Desktop (a VM) and remote engines do not qualify.
 */
import type { Networking } from "./container-spec.js";

export interface RuntimeFacts {
  /** testcontainers' `info.containerRuntime.host`. */
  readonly host: string;
  readonly operatingSystem: string;
  readonly operatingSystemType: string;
}

export interface NetworkingChoice {
  readonly networking: Networking;
  /** `undefined` when host networking is available, else why not. */
  readonly noHostNetworking: string | undefined;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

export function chooseNetworking(facts: RuntimeFacts, bridgeName: string): NetworkingChoice {
  const why = hostNetworkingProblem(facts);
  if (why === undefined)
    return { networking: { mode: "host", ip: "127.0.0.1" }, noHostNetworking: undefined };
  return { networking: { mode: "bridge", network: bridgeName }, noHostNetworking: why };
}

export function hostNetworkingProblem(facts: RuntimeFacts): string | undefined {
  if (facts.operatingSystemType.toLowerCase() !== "linux") {
    return `the engine runs ${facts.operatingSystemType} containers`;
  }
  if (/docker desktop/i.test(facts.operatingSystem)) {
    return "Docker Desktop runs containers in a VM, so --network=host is the VM's network";
  }
  if (!LOCAL_HOSTS.has(facts.host)) return `the engine is remote (${facts.host})`;
  return undefined;
}
