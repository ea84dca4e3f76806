import { describe, expect, it } from "vitest";
import { findZooKeeper, ZooKeeperNotFoundError, zookeeperForTests } from "../src/index.js";

describe("findZooKeeper", () => {
  it("honours ZK_CONNECT before anything else", async () => {
    const src = await findZooKeeper({ env: { ZK_CONNECT: "10.1.2.3:2181" } });
    expect(src).toEqual({
      kind: "external",
      detail: "using ZK_CONNECT=10.1.2.3:2181",
      connectString: "10.1.2.3:2181",
    });
  });

  it("says which local install it uses and why", async () => {
    const src = await findZooKeeper({ env: {} });
    expect(["container", "debian", "zookeeper-home"]).toContain(src.kind);
    if (src.kind !== "container") expect(src.detail).toMatch(/^no Docker engine \(.+\); using /);
  });

  it("fails with a one-line instruction when ZOOKEEPER_HOME and the Debian jar are both unusable", async () => {
    // Only meaningful where neither Docker nor the Debian jar exist: simulate with source "java".
    const { startZooKeeper } = await import("../src/index.js");
    const err = await startZooKeeper({ source: "java", zookeeperHome: "/nonexistent" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (err === undefined) return; // Debian's jar exists here: the fallback worked, nothing to check
    expect(err).toBeInstanceOf(ZooKeeperNotFoundError);
    expect((err as Error).message).not.toContain("\n");
  });
});

describe("zookeeperForTests", () => {
  it("returns the ZK_CONNECT server without starting one", async () => {
    const zk = await zookeeperForTests({ env: { ZK_CONNECT: "127.0.0.1:1" } });
    expect(zk).toMatchObject({ connectString: "127.0.0.1:1", external: true, server: undefined });
    await zk.stop();
  });

  it("starts a private server otherwise", async () => {
    const zk = await zookeeperForTests({ env: {} });
    expect(zk.external).toBe(false);
    expect(zk.server?.connectString).toBe(zk.connectString);
    await zk.stop();
  });
});
