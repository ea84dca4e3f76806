import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isExecutable } from "../src/targets/native.js";
import {
  agentArgs,
  findMesosBinaries,
  masterArgs,
  type NativeLayout,
  parseVersion,
} from "../src/targets/native-spec.js";
import { chooseTarget, TargetSelectionError } from "../src/targets/select.js";

const root = mkdtempSync(join(tmpdir(), "mesos-ts-native-spec-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function install(dir: string, names: string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const n of names) {
    writeFileSync(join(dir, n), "#!/bin/sh\necho mesos 1.12.0\n");
    chmodSync(join(dir, n), 0o755);
  }
  return dir;
}

describe("finding mesos-master and mesos-agent", () => {
  it("prefers MESOS_HOME's install (sbin) to PATH, and takes both from one folder", () => {
    const home = join(root, "home");
    install(join(home, "sbin"), ["mesos-master", "mesos-agent"]);
    const onPath = install(join(root, "path-bin"), ["mesos-master", "mesos-agent"]);
    const found = findMesosBinaries({ MESOS_HOME: home, PATH: onPath }, isExecutable);
    expect(found).toEqual({
      master: join(home, "sbin", "mesos-master"),
      agent: join(home, "sbin", "mesos-agent"),
    });
  });

  it("finds a source build (build/bin) and falls back to PATH", () => {
    const home = join(root, "src-build");
    install(join(home, "build", "bin"), ["mesos-master", "mesos-agent"]);
    expect(findMesosBinaries({ MESOS_HOME: home, PATH: "" }, isExecutable)).toMatchObject({
      master: join(home, "build", "bin", "mesos-master"),
    });
    const a = install(join(root, "a"), ["mesos-master"]);
    const b = install(join(root, "b"), ["mesos-agent"]);
    expect(findMesosBinaries({ PATH: [a, b].join(delimiter) }, isExecutable)).toEqual({
      master: join(a, "mesos-master"),
      agent: join(b, "mesos-agent"),
    });
  });

  it("says what is missing, and a file that is not executable does not count", () => {
    const dir = join(root, "noexec");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "mesos-master"), "");
    expect(findMesosBinaries({ PATH: dir }, isExecutable)).toBe(
      "no mesos-master or mesos-agent on PATH (MESOS_HOME not set)",
    );
    const half = install(join(root, "half"), ["mesos-master"]);
    expect(findMesosBinaries({ PATH: half, MESOS_HOME: join(root, "none") }, isExecutable)).toBe(
      "no mesos-agent on PATH or under MESOS_HOME",
    );
  });
});

describe("command lines", () => {
  const layout = (masters: number): NativeLayout => ({
    zookeeper: "127.0.0.1:2181",
    zkPath: "/mesos-ts-1-1",
    masterPorts: [5050, 5051, 5052].slice(0, masters),
    agentPort: 5151,
    root: "/tmp/r",
  });

  it("three masters: replicated log with a quorum of 2, each its own work dir, on loopback", () => {
    expect(masterArgs(layout(3), 1)).toEqual([
      "--ip=127.0.0.1",
      "--hostname=127.0.0.1",
      "--port=5051",
      "--zk=zk://127.0.0.1:2181/mesos-ts-1-1",
      "--registry=replicated_log",
      "--quorum=2",
      "--work_dir=/tmp/r/master-1",
      "--cluster=mesos-ts-native",
    ]);
    expect(masterArgs(layout(1), 0)).toContain("--registry=in_memory");
    expect(() => masterArgs(layout(1), 1)).toThrow(RangeError);
  });

  it("the agent: posix launcher and isolation, Mesos containerizer, no systemd, own work and runtime dirs", () => {
    expect(agentArgs(layout(3))).toEqual([
      "--ip=127.0.0.1",
      "--hostname=127.0.0.1",
      "--port=5151",
      "--master=zk://127.0.0.1:2181/mesos-ts-1-1",
      "--work_dir=/tmp/r/agent",
      "--runtime_dir=/tmp/r/agent-runtime",
      "--launcher=posix",
      "--isolation=posix/cpu,posix/mem",
      "--containerizers=mesos",
      "--no-systemd_enable_support",
      "--no-switch_user",
    ]);
  });

  it("reads the version `mesos-master --version` prints", () => {
    expect(parseVersion("mesos 1.12.0\n")).toBe("1.12.0");
    expect(parseVersion("garbage")).toBeUndefined();
  });
});

describe("choosing the native target", () => {
  const NO_DOCKER = "no engine";
  it("is chosen when the binaries are found (after MESOS_MASTER, before containers)", () => {
    expect(chooseTarget({ env: {}, containerProblem: undefined, nativeProblem: undefined }).kind).toBe(
      "native",
    );
    expect(
      chooseTarget({
        env: { MESOS_MASTER: "zk://h:2181/mesos" },
        containerProblem: NO_DOCKER,
        nativeProblem: undefined,
      }).kind,
    ).toBe("external");
    expect(
      chooseTarget({ env: {}, containerProblem: NO_DOCKER, nativeProblem: "no mesos-master" }).kind,
    ).toBe("local");
  });

  it("forced without binaries: refused with the reason", () => {
    expect(() =>
      chooseTarget({
        env: { MESOS_TS_TARGET: "native" },
        containerProblem: NO_DOCKER,
        nativeProblem: "no mesos-master on PATH",
      }),
    ).toThrow(TargetSelectionError);
  });
});
