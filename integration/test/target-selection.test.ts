import { describe, expect, it } from "vitest";
import { missingFeature } from "../src/targets/features.js";
import { chooseTarget, launchAllowed, redact, TargetSelectionError } from "../src/targets/select.js";

const NO_DOCKER = "Could not find a working container runtime strategy";

describe("chooseTarget", () => {
  it("picks local when nothing else exists, and says why", () => {
    const c = chooseTarget({ env: {}, containerProblem: NO_DOCKER });
    expect(c.kind).toBe("local");
    expect(c.reason).toContain(NO_DOCKER);
  });

  it("picks containers when an engine answers", () => {
    expect(chooseTarget({ env: {}, containerProblem: undefined }).kind).toBe("containers");
  });

  it("picks external when MESOS_MASTER is set, even with Docker, and hides its password", () => {
    const c = chooseTarget({
      env: { MESOS_MASTER: "zk://u:secret@zk1:2181/mesos" },
      containerProblem: undefined,
    });
    expect(c.kind).toBe("external");
    expect(c.reason).not.toContain("secret");
  });

  it("obeys MESOS_TS_TARGET over everything", () => {
    const env = { MESOS_TS_TARGET: "local", MESOS_MASTER: "zk://zk1:2181/mesos" };
    expect(chooseTarget({ env, containerProblem: undefined })).toEqual({
      kind: "local",
      reason: "MESOS_TS_TARGET=local",
    });
  });

  it("refuses a forced target that cannot work", () => {
    expect(() =>
      chooseTarget({ env: { MESOS_TS_TARGET: "containers" }, containerProblem: NO_DOCKER }),
    ).toThrow(TargetSelectionError);
    expect(() => chooseTarget({ env: { MESOS_TS_TARGET: "external" }, containerProblem: NO_DOCKER })).toThrow(
      /MESOS_MASTER/,
    );
    expect(() => chooseTarget({ env: { MESOS_TS_TARGET: "vm" }, containerProblem: NO_DOCKER })).toThrow(
      /containers, local, external/,
    );
  });
});

describe("helpers", () => {
  it("redacts passwords in zk:// and http:// URLs only", () => {
    expect(redact("zk://user:pw@h:2181/mesos")).toBe("zk://user:***@h:2181/mesos");
    expect(redact("http://a:b@h:5050")).toBe("http://a:***@h:5050");
    expect(redact("zk://h1:2181,h2:2181/mesos")).toBe("zk://h1:2181,h2:2181/mesos");
  });

  it("launching on external needs an explicit yes", () => {
    expect(launchAllowed({})).toBe(false);
    expect(launchAllowed({ MESOS_TS_ALLOW_LAUNCH: "0" })).toBe(false);
    expect(launchAllowed({ MESOS_TS_ALLOW_LAUNCH: "1" })).toBe(true);
    expect(launchAllowed({ MESOS_TS_ALLOW_LAUNCH: "yes" })).toBe(true);
  });

  it("names the first missing feature with the target's reason", () => {
    const support = {
      launch: true,
      "docker-task": "no docker here",
      "master-failover": "no",
      "custom-executor": true,
    } as const;
    expect(missingFeature(support, ["launch"])).toBeUndefined();
    expect(missingFeature(support, ["launch", "docker-task"])).toBe("docker-task: no docker here");
  });
});
