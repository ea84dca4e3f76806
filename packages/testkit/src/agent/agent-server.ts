import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { respondText } from "../http/respond.js";
import { versionJson } from "../master/master.js";

/**
 * The agent's HTTP face, enough for what offers point at (`Offer.url`) and for reading sandboxes:
 * `/version`, `/health` (≡ `/slave(1)/health`), `/files/download?path=` and
 * `/files/read?path=&offset=&length=` restricted to the agent's work directory.
 * The agent operator API (`/api/v1`) is `operatorApi` (set once the agent exists).
 * Departure: no executor API (`/api/v1/executor`).
 */
export class AgentServer {
  /** `POST /api/v1` (≡ `/slave(1)/api/v1`): the agent operator API. */
  operatorApi: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  readonly #server: Server;
  readonly #workDir: string;
  #port = 0;

  constructor(workDir: string) {
    this.#workDir = resolve(workDir);
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = url.pathname.replace(/^\/slave\(1\)/, "");
      if (path === "/version") {
        const body = JSON.stringify(versionJson());
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(body);
        return;
      }
      if (path === "/health") return respondText(res, 200);
      if (path === "/api/v1" && this.operatorApi) return this.operatorApi(req, res);
      if (path === "/files/download" || path === "/files/read") {
        const file = resolve(url.searchParams.get("path") ?? "");
        if (!file.startsWith(`${this.#workDir}/`) || !existsSync(file) || !statSync(file).isFile()) {
          return respondText(res, 404, "File not found");
        }
        if (path === "/files/download") {
          res.writeHead(200, { "Content-Type": "application/octet-stream" });
          createReadStream(file).pipe(res);
          return;
        }
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const length = Number(url.searchParams.get("length") ?? -1);
        const chunks: Buffer[] = [];
        createReadStream(file)
          .on("data", (c) => chunks.push(c as Buffer))
          .on("end", () => {
            const all = Buffer.concat(chunks);
            const data = all.subarray(offset, length >= 0 ? offset + length : undefined).toString("utf8");
            const body = JSON.stringify({ data, offset });
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(body);
          });
        return;
      }
      respondText(res, 404);
    });
  }

  get port(): number {
    return this.#port;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((ok, fail) => {
      this.#server.once("error", fail);
      this.#server.listen(port, "127.0.0.1", () => ok());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.#port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }
}
