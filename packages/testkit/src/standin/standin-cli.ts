// What the `mesos-master` / `mesos-agent` stand-ins do: read the flags a real binary takes (the
// ones that matter to a loopback cluster: --port, --ip/--hostname, --zk / --master,
// --zk_session_timeout; the others are accepted and ignored), join the stand-in host of that
// ZooKeeper URL (starting it when none runs), and live until killed — a SIGKILLed master is a
// crashed master.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { MESOS_VERSION } from "../version.js";
import { parseDurationMs, parseFlags, standinSocketPath } from "./socket-path.js";

export type StandinRole = "master" | "agent";

export async function runStandin(role: StandinRole, argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv);
  if (flags.has("version")) {
    process.stdout.write(`mesos ${MESOS_VERSION}\n`);
    return;
  }
  const zk = role === "master" ? flags.get("zk") : flags.get("master");
  if (!zk?.startsWith("zk://")) {
    process.stderr.write(
      `mesos-ts stand-in mesos-${role}: needs --${role === "master" ? "zk" : "master"}=zk://host:port/path\n`,
    );
    process.exit(2);
  }
  const port = Number(flags.get("port") ?? (role === "master" ? 5050 : 5051));
  const hostname = flags.get("hostname") ?? flags.get("ip") ?? "127.0.0.1";
  const sessionMs = parseDurationMs(flags.get("zk_session_timeout")) ?? 10_000;
  const path = standinSocketPath(zk);
  const socket = await joinHost(path, zk, sessionMs);
  socket.setEncoding("utf8");
  socket.write(`${JSON.stringify({ op: role, port, hostname })}\n`);
  const reply = await new Promise<string>((resolve, reject) => {
    let text = "";
    const onData = (chunk: string) => {
      text += chunk;
      if (text.includes("\n")) {
        socket.off("data", onData);
        resolve(text.slice(0, text.indexOf("\n")));
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error("the stand-in host closed the connection")));
  });
  const answer = JSON.parse(reply) as { ok: boolean; error?: string };
  if (!answer.ok) {
    process.stderr.write(`mesos-ts stand-in mesos-${role}: ${answer.error}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `mesos-ts stand-in mesos-${role} (simulated Mesos ${MESOS_VERSION}) on ${hostname}:${port}\n`,
  );
  const stop = () => {
    socket.end();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  socket.on("close", () => process.exit(1));
}

/** Connects to the host of `zk`, starting one (detached) when none answers. */
async function joinHost(path: string, zk: string, sessionMs: number): Promise<Socket> {
  const deadline = Date.now() + 30_000;
  let started = false;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = connect(path);
        s.once("connect", () => resolve(s));
        s.once("error", reject);
      });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (!started && (code === "ENOENT" || code === "ECONNREFUSED")) {
        if (code === "ECONNREFUSED") rmSync(path, { force: true }); // left by a host that died
        started = true;
        startHost(path, zk, sessionMs);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function startHost(path: string, zk: string, sessionMs: number): void {
  const here = fileURLToPath(import.meta.url);
  const host = here.replace(/standin-cli\.(ts|js)$/, "standin-host.$1");
  const child = spawn(process.execPath, [...process.execArgv, host, path, zk, String(sessionMs)], {
    detached: true,
    stdio: "ignore",
    env: process.env,
  });
  child.unref();
}
