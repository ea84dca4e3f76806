import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { respondText } from "../http/respond.js";
import { jsonText } from "../json/json-text.js";
import { versionDocument } from "../version.js";
import { type AgentView, agentPlainEndpoint } from "./agent-endpoints.js";
import { SandboxFiles } from "./sandbox-files.js";

/**
 * The agent's HTTP face, enough for what offers point at (`Offer.url`) and for reading sandboxes:
 * `/version`, `/health` (≡ `/slave(1)/health`) and `/files/{read,download,browse,debug}` over the
 * executors' sandboxes, by absolute or virtual path (see SandboxFiles).
 * `/api/v1/executor` goes to `executorApi` when the agent runs custom executors for real; the
 * agent operator API (`/api/v1`) is `operatorApi` (both set once the agent exists).
 */
export class AgentServer {
  /** `POST /api/v1` (≡ `/slave(1)/api/v1`): the agent operator API. */
  operatorApi: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  readonly #server: Server;
  readonly #files: SandboxFiles;
  #view: AgentView | undefined;
  #port = 0;
  /** The executor API (`/api/v1/executor`), set once the agent exists. */
  executorApi: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  constructor(workDir: string, agentId: string) {
    this.#files = new SandboxFiles(workDir, agentId);
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
      if (path === "/api/v1/executor" && this.executorApi) return this.executorApi(req, res);
      if (path === "/api/v1" && this.operatorApi) return this.operatorApi(req, res);
      if (this.#files.serve(path, url.searchParams, res)) return;
      const plain = this.#view ? agentPlainEndpoint(path, this.#view) : undefined;
      if (plain !== undefined) {
        const body = Buffer.from(jsonText(plain));
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
        res.end(body);
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
