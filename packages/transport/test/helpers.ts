import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  readonly body: string;
  readonly headers: IncomingMessage["headers"];
  readonly url: string;
}

/** A loopback HTTP server that records requests and lets a test answer each one. */
export class LoopbackServer {
  readonly server: Server;
  readonly requests: Recorded[] = [];
  connections = 0;
  url = "";

  constructor(readonly answer: (req: Recorded, res: ServerResponse) => void | Promise<void>) {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const recorded = {
        body: Buffer.concat(chunks).toString("utf8"),
        headers: req.headers,
        url: req.url ?? "",
      };
      this.requests.push(recorded);
      await this.answer(recorded, res);
    });
    this.server.on("connection", () => this.connections++);
  }

  static async start(
    answer: (req: Recorded, res: ServerResponse) => void | Promise<void>,
  ): Promise<LoopbackServer> {
    const s = new LoopbackServer(answer);
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const accepted = (_req: Recorded, res: ServerResponse): void => {
  res.writeHead(202).end();
};
