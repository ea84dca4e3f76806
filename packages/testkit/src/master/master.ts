import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { scheduler, v1 } from "@mesos-ts/proto";
import { channels } from "../diagnostics.js";
import { respondText } from "../http/respond.js";
import { jsonText } from "../json/json-text.js";
import type { RecordedRequest, Recorder } from "../recorder.js";
import { versionDocument } from "../version.js";
import type { MasterCore } from "./core.js";
import { FILES_ROUTES, filesEndpoint } from "./files-endpoint.js";
import { makeMasterInfo } from "./master-info.js";
import { operatorEndpoint } from "./operator-endpoint.js";
import { PLAIN_ROUTES, plainEndpoint } from "./plain-endpoints.js";
import { schedulerEndpoint } from "./scheduler-endpoint.js";

/** Per-master faults (see `cluster.faults`). */
export interface MasterFaults {
  /** Remaining requests answered `503` (a 503 storm). */
  unavailable: number;
  unavailableText: string;
  /** Remaining requests answered `307` to `redirectLocation` (or to this master: a loop). */
  redirects: number;
  redirectLocation: string | undefined;
  /** Remaining SUBSCRIBEs answered without `Mesos-Stream-Id`. */
  omitStreamId: number;
}

export type MasterStatus = "follower" | "leader" | "stopped";

export interface SimMasterOptions {
  readonly index: number;
  readonly core: MasterCore;
  readonly recorder: Recorder;
  readonly hostname: string;
  readonly port: number;
  /** ms after an election during which the leader answers 503 "not finished recovery". */
  readonly recoveryMs: number;
  /** The same for the cluster's first election (the cluster starting). */
  readonly initialRecoveryMs: number;
}

/** Libprocess process ids the master process hosts besides the delegate `master`. */
const OTHER_PROCESSES = new Set(["version", "metrics", "files", "logging", "profiler", "__processes__"]);

/** The master's routes (after aliasing); the longest matching prefix wins (`3rdparty/libprocess/src/process.cpp`). */
const ROUTES = [
  "/master/api/v1/scheduler",
  "/master/api/v1",
  "/master/redirect",
  "/master/health",
  "/version",
  ...PLAIN_ROUTES,
  ...FILES_ROUTES,
];

/** libprocess' answer to a path no route takes. */
export const NOT_FOUND_TEXT = "404 Not Found.";

/** One simulated master: an HTTP server on 127.0.0.1 that leads or redirects. */
export class SimMaster {
  readonly index: number;
  info: v1.MasterInfo;
  readonly faults: MasterFaults = {
    unavailable: 0,
    unavailableText: "Master has not finished recovery",
    redirects: 0,
    redirectLocation: undefined,
    omitStreamId: 0,
  };
  status: MasterStatus = "follower";
  /** The leader this master knows of (itself when leading). */
  knownLeader: v1.MasterInfo | undefined;
  readonly startTime = Date.now() / 1000;
  electedTime: number | undefined;
  readonly #options: SimMasterOptions;
  readonly #server: Server;
  #recoveredAt = 0;
  #port = 0;

  constructor(options: SimMasterOptions) {
    this.#options = options;
    this.index = options.index;
    this.info = makeMasterInfo("", "127.0.0.1", options.port, options.hostname);
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    this.#server.keepAliveTimeout = 60_000;
  }

  get url(): string {
    return `http://${this.#options.hostname}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get core(): MasterCore {
    return this.#options.core;
  }

  get isLeader(): boolean {
    return this.status === "leader";
  }

  /** Leads and has finished recovering (no longer answers 503 "not finished recovery"). */
  get isRecovered(): boolean {
    return this.isLeader && Date.now() >= this.#recoveredAt;
  }

  /** Listens (port 0 ⇒ a free one); `id` is this master process' random UUID. */
  async listen(id: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(this.#options.port, "127.0.0.1", () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.info = makeMasterInfo(id, "127.0.0.1", this.#port, this.#options.hostname);
    this.status = "follower";
  }

  /** Became the elected leader (its own MasterInfo detected as leader). */
  elect(): void {
    if (this.status === "stopped") return;
    this.status = "leader";
    this.knownLeader = this.info;
    this.electedTime = Date.now() / 1000;
    const recoveryMs = this.core.everLed ? this.#options.recoveryMs : this.#options.initialRecoveryMs;
    this.#recoveredAt = Date.now() + recoveryMs;
    this.core.setLeader({ index: this.index, info: this.info });
    if (channels.leadership.hasSubscribers)
      channels.leadership.publish({ master: this.index, leading: true });
  }

  /** Lost leadership: drops its streams (a real master exits; followers re-contend). */
  demote(): void {
    if (this.status !== "leader") return;
    this.status = "follower";
    this.#dropStreams();
    if (this.core.leader?.index === this.index) this.core.setLeader(undefined);
    if (channels.leadership.hasSubscribers)
      channels.leadership.publish({ master: this.index, leading: false });
  }

  /** Stops serving: every connection is cut (a crash) or closed. */
  async stop(): Promise<void> {
    const wasLeader = this.status === "leader";
    this.status = "stopped";
    if (wasLeader) {
      this.#dropStreams();
      if (this.core.leader?.index === this.index) this.core.setLeader(undefined);
    }
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #dropStreams(): void {
    for (const fw of this.core.registry.frameworks.values()) {
      if (fw.subscription?.master === this.index) fw.subscription.drop();
    }
    for (const sub of this.core.operatorSubscribers) sub.drop();
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", () => this.#handle(req, res, Buffer.concat(chunks)));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const recorder = this.#options.recorder;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    const record = recorder.addRequest({
      at: Date.now(),
      master: this.index,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers,
      body,
    });
    const answer = (status: number, text = "", extra: Record<string, string> = {}) => {
      respondText(res, status, text, extra);
      recorder.answered(record, status, text);
    };
    const parsed = new URL(req.url ?? "/", "http://localhost");
    const first = parsed.pathname.split("/")[1] ?? "";
    const path =
      first === "master" || OTHER_PROCESSES.has(first) ? parsed.pathname : `/master${parsed.pathname}`;
    const route = ROUTES.find((r) => path === r || path.startsWith(`${r}/`));
    const query = parsed.search;
    if (!route) {
      answer(404, NOT_FOUND_TEXT);
      return;
    }
    if (route === "/version") {
      this.#json(res, record, versionDocument());
      return;
    }
    if (route === "/master/health") {
      answer(200);
      return;
    }
    const leader = this.knownLeader;
    const redirectTo = (p: string) => {
      if (!leader) {
        answer(503, "No leader elected");
        return;
      }
      answer(307, "", { Location: `//${leader.hostname}:${leader.port}${p}` });
    };
    if (route === "/master/redirect") {
      if (path !== route && path !== `${route}/`) {
        answer(404, NOT_FOUND_TEXT);
        return;
      }
      redirectTo("");
      return;
    }
    if (this.faults.redirects > 0) {
      this.faults.redirects--;
      const location =
        this.faults.redirectLocation ?? `//${this.info.hostname}:${this.info.port}${path}${query}`;
      answer(307, "", { Location: location });
      return;
    }
    if (!this.isLeader) {
      redirectTo(`${path}${query}`);
      return;
    }
    if (this.faults.unavailable > 0) {
      this.faults.unavailable--;
      answer(503, this.faults.unavailableText);
      return;
    }
    if (Date.now() < this.#recoveredAt) {
      answer(503, "Master has not finished recovery");
      return;
    }
    if (FILES_ROUTES.includes(route)) {
      filesEndpoint(parsed.searchParams, answer);
      return;
    }
    const plain = plainEndpoint(route, this);
    if (plain !== undefined) {
      this.#json(res, record, plain);
      return;
    }
    const base = {
      core: this.core,
      masterIndex: this.index,
      method: req.method ?? "GET",
      headers,
      body,
      answer,
      res,
      markStream: (status: number) => recorder.answered(record, status),
    };
    if (route === "/master/api/v1/scheduler") {
      schedulerEndpoint({
        ...base,
        recordCall: (call: scheduler.Call) => {
          (record as { call?: scheduler.Call }).call = call;
          return record;
        },
        omitStreamId: () => {
          if (this.faults.omitStreamId <= 0) return false;
          this.faults.omitStreamId--;
          return true;
        },
      });
      return;
    }
    operatorEndpoint({ ...base, master: this, record });
  }

  #json(res: ServerResponse, record: RecordedRequest, doc: unknown): void {
    const body = Buffer.from(jsonText(doc));
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
    res.end(body);
    this.#options.recorder.answered(record, 200);
  }
}
