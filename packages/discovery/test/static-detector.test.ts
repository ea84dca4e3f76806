import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { StaticDetector } from "../src/index.js";
import { fakeMaster, masterInfoJson } from "./helpers/mesos-master.js";
import { next } from "./helpers/zookeeper.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A master: answers /master/redirect with 307 to `leader()` or 503, /master/state when leading. */
async function master(leader: () => number | undefined, info?: string): Promise<number> {
  const server = createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    const l = leader();
    if (req.url === "/master/redirect") {
      if (l === undefined) res.writeHead(503).end();
      else res.writeHead(307, { Location: `//127.0.0.1:${l}` }).end();
    } else if (req.url === "/master/state" && l === port && info) {
      res.writeHead(200, { "Content-Type": "application/json" }).end(`{"leader_info":${info}}`);
    } else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

describe("StaticDetector", () => {
  it("follows the 307 to the leader and reads its MasterInfo; rotates past dead and 503 masters", async () => {
    let leader: number | undefined;
    const a = await master(() => undefined);
    const b = await master(() => leader, masterInfoJson(fakeMaster(2)));
    leader = b;
    const d = new StaticDetector(
      [
        { scheme: undefined, host: "127.0.0.1", port: 1 },
        { scheme: undefined, host: "127.0.0.1", port: a },
        { scheme: undefined, host: "127.0.0.1", port: b },
      ],
      { interval: 0 },
    );
    const it = d.changes();
    expect((await next(it)).leader?.hostname).toBe("m2.example.org");
    leader = undefined;
    d.refresh();
    expect((await next(it)).leader).toBeNull();
    await d.close();
  });

  it("synthesizes MasterInfo from the Location when /master/state is unavailable", async () => {
    const p = await master(() => 5999);
    const d = new StaticDetector([{ scheme: "http", host: "127.0.0.1", port: p }], { interval: 0 });
    expect(await d.leader({ timeout: 5000 })).toMatchObject({
      port: 5999,
      address: { ip: "127.0.0.1", port: 5999 },
    });
    await d.close();
  });

  it("reports why when no master answers", async () => {
    const d = new StaticDetector([{ scheme: undefined, host: "127.0.0.1", port: 1 }], { interval: 0 });
    const c = await next(d.changes());
    expect(c.leader).toBeNull();
    expect(c.reason?.code).toBe("MESOS_DISCOVERY_PROBE_FAILED");
    expect(c.reason).toMatchObject({ allRefused: true }); // nothing listens on port 1
    await expect(d.leader({ timeout: 200 })).rejects.toMatchObject({ code: "MESOS_DISCOVERY_NO_LEADER" });
    await d.close();
  });

  it("does not call it 'all refused' when one master answers something else", async () => {
    const odd = createServer((_req, res) => res.writeHead(500).end());
    servers.push(odd);
    await new Promise<void>((r) => odd.listen(0, "127.0.0.1", r));
    const port = (odd.address() as AddressInfo).port;
    const d = new StaticDetector(
      [
        { scheme: undefined, host: "127.0.0.1", port: 1 },
        { scheme: undefined, host: "127.0.0.1", port },
      ],
      { interval: 0 },
    );
    const c = await next(d.changes());
    expect(c.reason).toMatchObject({ code: "MESOS_DISCOVERY_PROBE_FAILED", allRefused: false });
    await d.close();
  });
});
