// A hand-written stand-in for an agent's /api/v1/executor that can misbehave on purpose
// (malformed records, stalled streams, 503 storms). The client is tested against it raw.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { executor, MesosJson } from "@mesos-ts/proto";
import { encode } from "@mesos-ts/recordio";
import type { ExecutorEnvironment } from "../../src/index.js";

export interface SeenCall {
  readonly call: executor.Call;
  readonly headers: IncomingMessage["headers"];
}

export type Handler = (call: executor.Call, res: ServerResponse, fake: FakeAgent) => void;

export class FakeAgent {
  readonly calls: SeenCall[] = [];
  readonly #server: Server;
  readonly #open = new Set<ServerResponse>();
  handler: Handler;
  port = 0;

  constructor(handler: Handler) {
    this.handler = handler;
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const call =
          req.headers["content-type"] === "application/json"
            ? MesosJson.parse(executor.Call, body)
            : executor.Call.decode(body);
        this.calls.push({ call, headers: req.headers });
        this.#open.add(res);
        res.on("close", () => this.#open.delete(res));
        this.handler(call, res, this);
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.#server.listen(0, "127.0.0.1", r));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  environment(overrides: Partial<ExecutorEnvironment> = {}): ExecutorEnvironment {
    return {
      agentUrl: new URL(`http://127.0.0.1:${this.port}`),
      frameworkId: "fw-1",
      executorId: "ex-1",
      agentId: "agent-1",
      directory: "/tmp",
      sandbox: "/tmp",
      checkpoint: false,
      recoveryTimeoutMs: undefined,
      subscriptionBackoffMaxMs: undefined,
      shutdownGracePeriodMs: 5000,
      authToken: undefined,
      ...overrides,
    };
  }

  subscribes(): SeenCall[] {
    return this.calls.filter((c) => c.call.type === executor.Call_Type.SUBSCRIBE);
  }

  /** Cuts every open connection (the agent "dies"). */
  dropAll(): void {
    for (const res of this.#open) res.socket?.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}

/** 200 with a RecordIO body in `media`; returns a writer of events. */
export function openStream(res: ServerResponse, media = "application/x-protobuf") {
  res.writeHead(200, { "Content-Type": media });
  res.flushHeaders();
  return {
    event(event: executor.Event) {
      const payload =
        media === "application/json"
          ? Buffer.from(MesosJson.stringify(executor.Event, event))
          : executor.Event.encode(event).finish();
      res.write(encode(payload));
    },
    raw(bytes: string | Uint8Array) {
      res.write(bytes);
    },
    end() {
      res.end();
    },
  };
}

export function answer(res: ServerResponse, status: number, text = ""): void {
  res.writeHead(status, text ? { "Content-Type": "text/plain; charset=utf-8" } : { "Content-Length": "0" });
  res.end(text);
}

export const subscribed = (): executor.Event => ({
  type: executor.Event_Type.SUBSCRIBED,
  subscribed: {
    executor_info: { executor_id: { value: "ex-1" } },
    framework_info: { user: "u", name: "n", id: { value: "fw-1" } },
    agent_info: { hostname: "h", id: { value: "agent-1" } },
    container_id: { value: "c-1" },
  },
});

export const launch = (taskId: string): executor.Event => ({
  type: executor.Event_Type.LAUNCH,
  launch: {
    task: { name: taskId, task_id: { value: taskId }, agent_id: { value: "agent-1" }, resources: [] },
  },
});

export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
