// The stand-in host process: holds the StandinCluster of one ZooKeeper URL and serves the
// stand-in executables over a unix socket, one newline-terminated JSON request per connection:
// `{"op":"master","port":5050,"hostname":"127.0.0.1"}` or `{"op":"agent",…}`, answered
// `{"ok":true}` or `{"ok":false,"error":"…"}`. The connection then stays open for the life of the
// stand-in: when a master's closes, that master crashed. When no stand-in is left, the host ends.
import { rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { StandinCluster } from "./standin-cluster.js";

const [socketPath, zk, sessionTimeout] = process.argv.slice(2);
if (!socketPath || !zk) {
  process.stderr.write("usage: standin-host SOCKET ZK_URL SESSION_TIMEOUT_MS\n");
  process.exit(2);
}
// Made once this process owns the socket (a host that loses the race must leave nothing behind).
let cluster: StandinCluster | undefined;
let clients = 0;
let idle: NodeJS.Timeout | undefined;

const server = createServer((socket) => {
  clients++;
  if (idle) clearTimeout(idle);
  let role: { op: "master"; index: number } | { op: "agent" } | undefined;
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    const nl = buffered.indexOf("\n");
    if (nl < 0 || role) return;
    const line = buffered.slice(0, nl);
    handle(socket, line).then((r) => {
      role = r;
    });
  });
  socket.on("error", () => {});
  socket.on("close", () => {
    clients--;
    if (role?.op === "master") void cluster?.crashMaster(role.index);
    if (clients === 0) idle = setTimeout(shutdown, 2000);
  });
});

async function handle(
  socket: Socket,
  line: string,
): Promise<{ op: "master"; index: number } | { op: "agent" } | undefined> {
  try {
    if (!cluster) throw new Error("the stand-in host is not ready");
    const req = JSON.parse(line) as { op: string; port: number; hostname?: string };
    const hostname = req.hostname ?? "127.0.0.1";
    if (req.op === "master") {
      const index = await cluster.addMaster(req.port, hostname);
      socket.write(`${JSON.stringify({ ok: true })}\n`);
      return { op: "master", index };
    }
    if (req.op === "agent") {
      const id = await cluster.addAgent(req.port, hostname);
      socket.write(`${JSON.stringify({ ok: true, id })}\n`);
      return { op: "agent" };
    }
    throw new Error(`unknown request ${req.op}`);
  } catch (e) {
    socket.end(`${JSON.stringify({ ok: false, error: (e as Error).message })}\n`);
    return undefined;
  }
}

async function shutdown(): Promise<void> {
  if (clients > 0) return;
  server.close();
  await cluster?.close().catch(() => {});
  rmSync(socketPath as string, { force: true });
  process.exit(0);
}

server.on("error", (e: NodeJS.ErrnoException) => {
  // Another host took the socket first: it serves this cluster.
  process.exit(e.code === "EADDRINUSE" ? 0 : 1);
});
server.listen(socketPath, () => {
  cluster = new StandinCluster(zk, Number(sessionTimeout) || 10_000);
});
