import { existsSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fourLetterWord, startZooKeeper, type ZooKeeperServer } from "../src/index.js";

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.on("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

describe("startZooKeeper", () => {
  let zk: ZooKeeperServer;
  beforeAll(async () => {
    zk = await startZooKeeper({ tickTime: 250 });
  });
  afterAll(() => zk.stop());

  it("answers ruok on a loopback port named by connectString", async () => {
    expect(zk.connectString).toBe(`127.0.0.1:${zk.port}`);
    expect(await fourLetterWord("127.0.0.1", zk.port, "ruok")).toBe("imok");
    expect(existsSync(zk.dataDir)).toBe(true);
  });

  it("applies tickTime and the session bounds derived from it", async () => {
    const conf = await fourLetterWord("127.0.0.1", zk.port, "conf");
    expect(conf).toMatch(/tickTime=250/);
    expect(conf).toMatch(/minSessionTimeout=500/);
    expect(conf).toMatch(/maxSessionTimeout=5000/);
  });

  it("kill stops answering; restart comes back on the same port with the same data dir", async () => {
    const { port, dataDir } = zk;
    await zk.kill();
    expect(await canConnect(port)).toBe(false);
    await zk.restart();
    expect(zk.port).toBe(port);
    expect(zk.dataDir).toBe(dataDir);
    expect(await fourLetterWord("127.0.0.1", port, "ruok")).toBe("imok");
    await zk.restart();
    expect(await fourLetterWord("127.0.0.1", port, "ruok")).toBe("imok");
  });
});

describe("two servers side by side", () => {
  it("get different ports; stop frees the port and removes the data dir", async () => {
    const [a, b] = await Promise.all([startZooKeeper(), startZooKeeper()]);
    expect(a.port).not.toBe(b.port);
    await a.stop();
    await a.stop();
    expect(existsSync(a.dataDir)).toBe(false);
    expect(await canConnect(a.port)).toBe(false);
    expect(await fourLetterWord("127.0.0.1", b.port, "ruok")).toBe("imok");
    await b.stop();
    expect(existsSync(b.dataDir)).toBe(false);
  });
});
