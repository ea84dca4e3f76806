import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { respondText } from "../http/respond.js";
import { jsonText } from "../json/json-text.js";
import { versionDocument } from "../version.js";
import { type AgentView, agentPlainEndpoint } from "./agent-endpoints.js";

/**
 * The agent's HTTP face, enough for what offers point at (`Offer.url`) and for reading sandboxes:
 * `/version`, `/health` (≡ `/slave(1)/health`), `/files/download?path=` and
 * `/files/read?path=&offset=&length=` restricted to the agent's work directory.
 * Departure: no agent operator API (`/api/v1`) and no executor API (`/api/v1/executor`).
 */
export class AgentServer {
  readonly #server: Server;
  readonly #workDir: string;
  #view: AgentView | undefined;
  #port = 0;

  constructor(workDir: string) {
    this.#workDir = resolve(workDir);
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = url.pathname.replace(/^\/slave\(1\)/, "");
      if (path === "/version") {
        const body = Buffer.from(jsonText(versionDocument()));
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
        res.end(body);
        return;
      }
      if (path === "/health") return respondText(res, 200);
      const plain = this.#view ? agentPlainEndpoint(path, this.#view) : undefined;
      if (plain !== undefined) {
        const body = Buffer.from(jsonText(plain));
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
        res.end(body);
        return;
      }
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
      respondText(res, 404, "404 Not Found.");
    });
  }

  /** Serves `/state`, `/flags`, `/containers`, `/metrics/snapshot` of this agent. */
  attach(view: AgentView): void {
    this.#view = view;
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
