// The spec → GenericContainer step, without Docker: a GenericContainer is only configuration
// until start(). Reads the fields testcontainers 11 fills in (createOpts, hostConfig, …).
import { GenericContainer, Wait } from "testcontainers";
import { describe, expect, it } from "vitest";
import { toGenericContainer } from "../src/targets/container-apply.js";
import { agentSpec, type ClusterLayout, masterSpec, zookeeperSpec } from "../src/targets/container-spec.js";
import { PollingWaitStrategy } from "../src/targets/host-wait.js";

const layout: ClusterLayout = {
  mesosVersion: "1.7.1",
  masters: 1,
  agents: 1,
  networking: { mode: "host", ip: "127.0.0.1" },
  ports: { zookeeper: 32181, masters: [35050], agents: [35151] },
};
const opts = { dockerHost: "localhost", namePrefix: "t" };

interface Inspectable {
  createOpts: { Cmd?: string[]; name?: string };
  environment: Record<string, string>;
  networkMode?: string;
  waitStrategy: unknown;
  startupTimeoutMs?: number;
  imageName: { string: string };
  contentsToCopy: { target: string }[];
}

const inspect = (c: GenericContainer) => c as unknown as Inspectable;

describe("toGenericContainer", () => {
  it("master: image, flags as the command, host network, our /health poller, timeout", () => {
    const spec = masterSpec(layout, 0);
    const c = inspect(toGenericContainer({ GenericContainer, Wait }, spec, opts));
    expect(c.imageName.string).toBe("mesosphere/mesos-master:1.7.1");
    expect(c.createOpts.Cmd).toEqual([...spec.command]);
    expect(c.createOpts.name).toBe("t-master-1");
    expect(c.networkMode).toBe("host");
    expect(c.waitStrategy).toBeInstanceOf(PollingWaitStrategy);
    expect((c.waitStrategy as PollingWaitStrategy).description).toContain("/health");
    expect(c.startupTimeoutMs).toBe(spec.startupTimeoutMs);
  });

  it("agent: MESOS_* environment and a log wait", () => {
    const c = inspect(toGenericContainer({ GenericContainer, Wait }, agentSpec(layout, 0), opts));
    expect(c.environment.MESOS_LAUNCHER).toBe("posix");
    expect(c.environment.MESOS_SWITCH_USER).toBe("false");
    expect(c.waitStrategy).not.toBeInstanceOf(PollingWaitStrategy);
    expect(c.waitStrategy?.constructor.name).toBe("LogWaitStrategy");
  });

  it("zookeeper: zoo.cfg copied in, ruok poller", () => {
    const c = inspect(toGenericContainer({ GenericContainer, Wait }, zookeeperSpec(layout), opts));
    expect(c.contentsToCopy.map((f) => f.target)).toEqual(["/opt/zookeeper/conf/zoo.cfg"]);
    expect((c.waitStrategy as PollingWaitStrategy).description).toContain("ruok");
  });
});

describe("PollingWaitStrategy", () => {
  it("resolves once the probe says yes, and fails after its timeout", async () => {
    let n = 0;
    await new PollingWaitStrategy("third time", async () => ++n >= 3)
      .withStartupTimeout(5_000)
      .waitUntilReady();
    expect(n).toBe(3);
    const never = new PollingWaitStrategy("never", async () => false).withStartupTimeout(300);
    expect(never.isStartupTimeoutSet()).toBe(true);
    await expect(never.waitUntilReady()).rejects.toThrow(/not ready after 300 ms: never/);
  });
});
