import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contend, fakeMaster } from "./helpers/mesos-master.js";
import { server, uniquePath } from "./helpers/zookeeper.js";

const root = join(import.meta.dirname, "../../..");
const cli = join(root, "packages/discovery/src/cli.ts");

function run(
  args: string[],
  onSpawn?: (p: ChildProcess) => void,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json") },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    p.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    onSpawn?.(p);
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

let zk: ZooKeeperServer;
const path = uniquePath();
const leave: (() => Promise<void>)[] = [];
beforeAll(async () => {
  zk = await server();
  for (const n of [1, 2]) leave.push((await contend(zk.connectString, path, fakeMaster(n))).leave);
});
afterAll(async () => {
  for (const l of leave) await l();
  await zk?.stop();
});

describe("mesos-leader", () => {
  it("prints ip:port, hostname:port, JSON and every contender", async () => {
    const url = `zk://${zk.connectString}${path}`;
    const [plain, host, json, all] = await Promise.all([
      run([url]),
      run(["--hostname", url]),
      run(["--json", url]),
      run(["--all", url]),
    ]);
    expect(plain).toEqual({ code: 0, out: "10.0.0.1:5051\n", err: "" });
    expect(host.out).toBe("m1.example.org:5051\n");
    expect(JSON.parse(json.out)).toMatchObject({
      id: fakeMaster(1).id,
      address: { ip: "10.0.0.1", port: 5051 },
    });
    expect(all.out).toBe("10.0.0.1:5051\n10.0.0.2:5052\n");
  });

  it("exits 3 when there is no leader in time, 2 on a bad URL, 1 on unreachable ZooKeeper", async () => {
    const [none, bad, unreachable, help] = await Promise.all([
      run(["--timeout", "1.5", `zk://${zk.connectString}/nobody-here`]),
      run(["zk://alice:hunter2@h1:2181"]),
      run(["--timeout", "1.5", "zk://127.0.0.1:1/mesos"]),
      run(["--help"]),
    ]);
    expect(none.code).toBe(3);
    expect(none.err).toMatch(/^mesos-leader: no leading master within 1.5 s\n$/);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/chroot path is required/);
    expect(bad.err).toMatch(/^usage: mesos-leader /m);
    expect(bad.err).not.toContain("hunter2");
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/cannot reach ZooKeeper/);
    expect(help.code).toBe(0);
    for (const flag of [
      "--json",
      "--all",
      "--watch",
      "--hostname",
      "--timeout",
      "--version",
      "Example",
      "Exit codes",
    ])
      expect(help.out).toContain(flag);
  });

  it("usage: -h and --version on stdout exit 0; a bad flag, a missing URL or a bad value exit 2", async () => {
    const [help, version, bogus, none, timeout] = await Promise.all([
      run(["-h"]),
      run(["--version"]),
      run(["--bogus", "m:5050"]),
      run([]),
      run(["--timeout", "soon", "m:5050"]),
    ]);
    expect(help).toMatchObject({ code: 0, err: "" });
    expect(help.out).toMatch(/^usage: mesos-leader /);
    expect(version).toEqual({ code: 0, out: "0.1.0\n", err: "" });
    expect(bogus).toEqual({
      code: 2,
      out: "",
      err: `mesos-leader: unknown option --bogus\n${help.out.split("\n")[0]}\n`,
    });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^mesos-leader: missing master URL\nusage: /);
    expect(timeout.code).toBe(2);
    expect(timeout.err).toMatch(
      /^mesos-leader: --timeout must be a positive number of seconds, not "soon"\n/,
    );
  });

  it("every master refused: exit 1 at once, not after the timeout", async () => {
    const started = Date.now();
    const r = await run(["--timeout", "60", "127.0.0.1:1,127.0.0.1:2"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^mesos-leader: every master refused the connection: 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    // Far below the 60 s timeout it used to wait out (startup of node + tsx included).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a master without a leader yet (503) is asked again until it names one", async () => {
    let asked = 0;
    const master = createServer((req, res) => {
      const port = (master.address() as AddressInfo).port;
      if (req.url === "/master/redirect") {
        asked++;
        if (asked < 3) res.writeHead(503).end();
        else res.writeHead(307, { Location: `//127.0.0.1:${port}` }).end();
      } else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => master.listen(0, "127.0.0.1", ok));
    const port = (master.address() as AddressInfo).port;
    try {
      const r = await run(["--timeout", "20", `127.0.0.1:1,127.0.0.1:${port}`]);
      expect(r).toEqual({ code: 0, out: `127.0.0.1:${port}\n`, err: "" });
      expect(asked).toBe(3);
    } finally {
      await new Promise((ok) => master.close(ok));
    }
  });

  it("--watch prints JSON lines until SIGTERM, then exits 0", async () => {
    const p = uniquePath();
    const r = await run(["--watch", `zk://${zk.connectString}${p}`], (child) => {
      let seen = 0;
      child.stdout?.on("data", async (d: Buffer) => {
        seen += d.toString().split("\n").filter(Boolean).length;
        if (seen === 1) leave.push((await contend(zk.connectString, p, fakeMaster(3))).leave);
        if (seen === 2) child.kill("SIGTERM");
      });
    });
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ leader: null });
    expect(lines[1]).toMatchObject({ leader: { hostname: "m3.example.org" } });
    expect(Date.parse(lines[1].time)).toBeGreaterThan(0);
  });
});
