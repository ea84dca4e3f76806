// The `zookeeper` option is read by discovery's master-URL parser: a bad URL is refused before
// anything starts, and the refusal never carries the digest password.
import { describe, expect, it } from "vitest";
import { startCluster } from "../src/index.js";

describe("startCluster({ zookeeper })", () => {
  it.each([
    ["no chroot path", "zk://mesos:s3cret@127.0.0.1:2181"],
    ["not a zk:// URL", "http://mesos:s3cret@127.0.0.1:2181/mesos"],
  ])("refuses a URL with %s without echoing its password", async (_, url) => {
    const error = await startCluster({ zookeeper: url }).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe("MESOS_TESTKIT_INVALID_OPTIONS");
    expect(error?.message).toMatch(/zookeeper/);
    expect(error?.message).not.toContain("s3cret");
  });
});
