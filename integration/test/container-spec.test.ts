import { describe, expect, it } from "vitest";
import {
  AGENT_IMAGE,
  agentSpec,
  BadMesosVersionError,
  type ClusterLayout,
  clusterSpecs,
  imageTag,
  MASTER_IMAGE,
  masterSpec,
  UNPRIVILEGED_AGENT_ENV,
  ZOOKEEPER_IMAGE,
  zkUrl,
  zookeeperSpec,
} from "../src/targets/container-spec.js";

const hostLayout = (masters: number): ClusterLayout => ({
  mesosVersion: "1.7.1",
  masters,
  agents: 1,
  networking: { mode: "host", ip: "127.0.0.1" },
  ports: { zookeeper: 32181, masters: [35050, 35051, 35052], agents: [35151] },
});

const bridgeLayout: ClusterLayout = {
  ...hostLayout(1),
  networking: { mode: "bridge", network: "mesos-ts-net" },
};

describe("image tags", () => {
  it("takes MESOS_VERSION up to 1.7.1 and full tags", () => {
    expect(imageTag("1.7.1")).toBe("1.7.1");
    expect(imageTag(" 1.4.1 ")).toBe("1.4.1");
    expect(imageTag("1.0.1-2.0.93.ubuntu1404")).toBe("1.0.1-2.0.93.ubuntu1404");
  });

  it("refuses versions without public images and junk", () => {
    expect(() => imageTag("1.11.0")).toThrow(BadMesosVersionError);
    expect(() => imageTag("1.8.0")).toThrow(/stop at 1\.7\.1/);
    expect(() => imageTag("latest")).toThrow(BadMesosVersionError);
  });
});

describe("ZooKeeper container", () => {
  it("host networking: our port in zoo.cfg, ruok probe on it, no image health check", () => {
    const s = zookeeperSpec(hostLayout(1));
    expect(s.image).toBe(ZOOKEEPER_IMAGE);
    expect(s.image.startsWith("jplock/zookeeper:")).toBe(true);
    expect(s.networkMode).toBe("host");
    expect(s.exposedPorts).toEqual([]);
    expect(s.wait).toEqual({ kind: "zookeeper-ruok", port: 32181 });
    const cfg = s.files.find((f) => f.target === "/opt/zookeeper/conf/zoo.cfg")?.content ?? "";
    expect(cfg).toContain("clientPort=32181\n");
    expect(cfg).toContain("admin.enableServer=false");
    expect(cfg).toMatch(/4lw\.commands\.whitelist=.*ruok/);
  });

  it("bridge: standard port published, alias for the others", () => {
    const s = zookeeperSpec(bridgeLayout);
    expect(s.networkMode).toBe("mesos-ts-net");
    expect(s.exposedPorts).toEqual([2181]);
    expect(s.alias).toBe("zookeeper");
    expect(zkUrl(bridgeLayout)).toBe("zk://zookeeper:2181/mesos");
  });
});

describe("master containers", () => {
  it("one master: in-memory registry on the command line (it wins over MESOS_* env)", () => {
    const s = masterSpec(hostLayout(1), 0);
    expect(s.image).toBe(`${MASTER_IMAGE}:1.7.1`);
    expect(s.command).toContain("--registry=in_memory");
    expect(s.command).toContain("--zk=zk://127.0.0.1:32181/mesos");
    expect(s.command).toContain("--port=35050");
    expect(s.command).toContain("--ip=127.0.0.1");
    expect(s.command).toContain("--hostname=127.0.0.1");
    expect(s.command.some((f) => f.startsWith("--quorum"))).toBe(false);
    expect(Object.keys(s.env).filter((k) => k.startsWith("MESOS_REGISTRY"))).toEqual([]);
    expect(s.wait).toEqual({ kind: "http-200", port: 35050, path: "/health" });
    expect(s.networkMode).toBe("host");
  });

  it("three masters: replicated log, quorum 2, a work dir each, distinct ports", () => {
    const layout = hostLayout(3);
    const specs = [0, 1, 2].map((i) => masterSpec(layout, i));
    for (const s of specs) {
      expect(s.command).toContain("--registry=replicated_log");
      expect(s.command).toContain("--quorum=2");
      expect(s.command.filter((f) => f.startsWith("--registry="))).toHaveLength(1);
    }
    const workDirs = specs.map((s) => s.command.find((f) => f.startsWith("--work_dir=")));
    expect(new Set(workDirs).size).toBe(3);
    expect(specs.map((s) => s.command.find((f) => f.startsWith("--port=")))).toEqual([
      "--port=35050",
      "--port=35051",
      "--port=35052",
    ]);
  });

  it("several masters on a bridge are refused (they would advertise unreachable addresses)", () => {
    expect(() => masterSpec({ ...bridgeLayout, masters: 3 }, 0)).toThrow(/host networking/);
  });

  it("bridge master: port 5050 published, name as its advertised host", () => {
    const s = masterSpec(bridgeLayout, 0);
    expect(s.exposedPorts).toEqual([5050]);
    expect(s.command).toContain("--hostname=master-1");
    expect(s.alias).toBe("master-1");
  });
});

describe("agent container", () => {
  it("unprivileged command-task settings and a registered-with-master wait", () => {
    const s = agentSpec(hostLayout(1), 0);
    expect(s.image).toBe(`${AGENT_IMAGE}:1.7.1`);
    expect(s.env).toEqual({
      MESOS_LAUNCHER: "posix",
      MESOS_CONTAINERIZERS: "mesos",
      MESOS_ISOLATION: "posix/cpu,posix/mem",
      MESOS_SYSTEMD_ENABLE_SUPPORT: "false",
      MESOS_SWITCH_USER: "false",
    });
    expect(s.env).toEqual(UNPRIVILEGED_AGENT_ENV);
    expect(s.command).toContain("--master=zk://127.0.0.1:32181/mesos");
    expect(s.command).toContain("--port=35151");
    expect(s.wait.kind).toBe("log");
    expect(
      s.wait.kind === "log" &&
        s.wait.pattern.test("Registered with master master@127.0.0.1:35050; given agent ID x"),
    ).toBe(true);
  });
});

describe("cluster", () => {
  it("starts ZooKeeper, then masters, then agents", () => {
    expect(clusterSpecs(hostLayout(3)).map((s) => s.role)).toEqual([
      "zookeeper",
      "master-1",
      "master-2",
      "master-3",
      "agent-1",
    ]);
  });

  it("needs a host port per master in host networking", () => {
    expect(() =>
      masterSpec({ ...hostLayout(3), ports: { zookeeper: 1, masters: [1], agents: [2] } }, 2),
    ).toThrow(/no host port/);
  });
});
