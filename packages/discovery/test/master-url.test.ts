import { describe, expect, it } from "vitest";
import { BadMasterUrlError, parseMasterUrl, redactMasterUrl } from "../src/index.js";

const files: Record<string, string> = { "/etc/mesos/zk": " zk://h1:2181/mesos\n", "/loop": "file:///loop" };
const readFile = (p: string) => {
  const c = files[p];
  if (c === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return c;
};

describe("parseMasterUrl", () => {
  it.each([
    [
      "zk://h1:2181,h2:2181/mesos",
      { kind: "zookeeper", servers: "h1:2181,h2:2181", path: "/mesos", digest: undefined },
    ],
    ["  zk://h1:2181/mesos/  ", { kind: "zookeeper", path: "/mesos" }],
    [
      "zk://u:p@ss@h1:2181/a/b",
      {
        kind: "zookeeper",
        servers: "h1:2181",
        path: "/a/b",
        digest: "u:p@ss",
        redacted: "zk://u:***@h1:2181/a/b",
      },
    ],
    ["file:///etc/mesos/zk", { kind: "zookeeper", servers: "h1:2181", path: "/mesos" }],
    ["10.0.0.1:5050", { kind: "static", masters: [{ scheme: undefined, host: "10.0.0.1", port: 5050 }] }],
    ["master@m1:5050", { kind: "static", masters: [{ scheme: undefined, host: "m1", port: 5050 }] }],
    ["https://m1:5443", { kind: "static", masters: [{ scheme: "https", host: "m1", port: 5443 }] }],
    ["http://m1", { kind: "static", masters: [{ scheme: "http", host: "m1", port: 80 }] }],
    [
      "m1:5050, [::1]:5051",
      {
        kind: "static",
        masters: [
          { host: "m1", port: 5050 },
          { host: "::1", port: 5051 },
        ],
      },
    ],
  ])("%s", (input, expected) => {
    expect(parseMasterUrl(input, { readFile })).toMatchObject(expected);
  });

  it.each([
    ["", /is empty/],
    ["zk://h1:2181", /chroot path is required/],
    ["zk://h1:2181/", /chroot path is required/],
    ["zk:///mesos", /no ZooKeeper servers/],
    ["zk://h1/mesos", /"h1" has no port/],
    ["zk://h1:99999/mesos", /invalid port "99999"/],
    ["zk://secretonly@h1:2181/mesos", /credentials must be user:password/],
    ["zk://h1:2181/a//b", /empty segment/],
    ["file://relative", /absolute path/],
    ["file:///missing", /cannot read \/missing: ENOENT/],
    ["file:///loop", /nested more than/],
    ["ftp://m1:21", /unsupported scheme "ftp:\/\/"/],
    ["m1", /"m1" has no port/],
    ["m1:5050,,m2:5050", /master #2 is empty/],
    ["http://m1:5050/path", /no path/],
  ])("rejects %j", (input, problem) => {
    const err = (() => {
      try {
        parseMasterUrl(input, { readFile });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BadMasterUrlError);
    expect((err as BadMasterUrlError).code).toBe("MESOS_DISCOVERY_BAD_URL");
    expect((err as Error).message).toMatch(problem);
  });

  it.each([
    "zk://alice:hunter2@h1/mesos",
    "zk://alice:hunter2@/mesos",
    "zk://alice:hunter2@h1:2181",
    "http://alice:hunter2@m1:5050",
    "alice:hunter2@m1:5050",
    "zk://alice:hunter2@h1:2181/a//b",
  ])("never echoes the password of %s", (input) => {
    expect(() => parseMasterUrl(input)).toThrow(BadMasterUrlError);
    try {
      parseMasterUrl(input);
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
      expect((e as BadMasterUrlError).url).not.toContain("hunter2");
    }
  });

  it("redacts credentials for display", () => {
    expect(redactMasterUrl("zk://a:b@h:1/p")).toBe("zk://a:***@h:1/p");
    expect(redactMasterUrl("zk://h:1/p")).toBe("zk://h:1/p");
  });
});
