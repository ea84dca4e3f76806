// A loopback server answering operator calls with recorded Mesos answers (test/fixtures).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface Recorded {
  readonly status: number;
  readonly contentType: string | null;
  readonly encoding: "text" | "hex";
  readonly body: string;
}

export function fixture(kind: "master" | "agent", name: string): Recorded {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "fixtures", kind, `${name}.json`), "utf8"),
  ) as Recorded;
}

export interface FixtureServer {
  readonly url: string;
  /** Requests seen: headers and body as received. */
  readonly requests: Array<{ headers: IncomingMessage["headers"]; body: Buffer }>;
  close(): Promise<void>;
}

/** `answer` maps a request to a reply (or handles `res` itself and returns undefined). */
export async function startFixtureServer(
  answer: (body: Buffer, req: IncomingMessage, res: ServerResponse) => Recorded | undefined,
): Promise<FixtureServer> {
  const requests: FixtureServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ headers: req.headers, body });
      const reply = answer(body, req, res);
      if (!reply) return;
      const bytes = reply.encoding === "hex" ? Buffer.from(reply.body, "hex") : Buffer.from(reply.body);
      res.writeHead(reply.status, {
        ...(reply.contentType ? { "Content-Type": reply.contentType } : {}),
        "Content-Length": bytes.byteLength,
      });
      res.end(bytes);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** The call type name of a JSON or protobuf request body. */
export function callTypeName(body: Buffer): string {
  try {
    return (JSON.parse(body.toString()) as { type: string }).type;
  } catch {
    return "?";
  }
}
